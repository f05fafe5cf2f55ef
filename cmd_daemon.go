package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"penny/formats/detect"
	"penny/ingest"
	"penny/notify"
	"penny/notify/desktop"
	"penny/store"
	"penny/store/vault"
)

// daemonConfig is the [daemon] table of the config file.
type daemonConfig struct {
	Watch      []string `toml:"watch"`
	Interval   string   `toml:"interval"`
	QuietHours string   `toml:"quiet_hours"`
	Details    bool     `toml:"details"`
	Notify     string   `toml:"notify"`
}

// seenKey is where the daemon remembers, inside the vault, which files it has
// taken (or refused), so each file is imported once and a bad one is not
// retried in a loop.
const seenKey = "daemon.seen"

type seenFile struct {
	Path  string `json:"path"`
	Error string `json:"error,omitempty"`
	At    string `json:"at"`
}

func cmdDaemon() *command {
	var (
		watch      multiFlag
		interval   time.Duration
		once       bool
		notifyTo   string
		details    bool
		quietHours string
	)
	return &command{
		name:    "daemon",
		summary: "watch drop folders, import new bank files, raise alerts, send desktop notifications",
		help: `Runs until SIGTERM or ctrl+c. Every --interval it looks in the drop folders
(--watch, or watch = [...] under [daemon] in the config file) for bank files it
has not seen, imports each one once (a file that fails is reported once, not
retried until it changes), and delivers new alerts as notifications: on the
desktop through the freedesktop Notifications service, else in the terminal.
Notifications are private by default ("Large charge on Visa", no amount or
merchant); --details shows them. During --quiet-hours they are held, not lost.

The daemon never asks for a passphrase: unlock comes from the OS keyring,
PENNY_PASSPHRASE or --passphrase-file. It holds the vault only while it works,
so the chat and other commands run between its rounds; when another Penny
holds the vault it skips the round and says so.

Running it as a service: see the README (systemd user unit, launchd agent).`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.Var(&watch, "watch", "a drop folder to watch (repeatable)")
			fs.DurationVar(&interval, "interval", 0, "time between rounds (default 30s, or interval in the config)")
			fs.BoolVar(&once, "once", false, "do one round and exit")
			fs.StringVar(&notifyTo, "notify", "", "where notifications go: auto, desktop, terminal, none (default auto)")
			fs.BoolVar(&details, "details", false, "show amounts and merchants in notifications")
			fs.StringVar(&quietHours, "quiet-hours", "", `hold notifications in these hours, e.g. "22:00-07:00"`)
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("daemon takes no arguments")
			}
			cfg, err := c.loadDaemonConfig()
			if err != nil {
				return err
			}
			d := &daemon{cli: c, log: log.New(sanitizingWriter{c.stderr}, "penny daemon: ", log.LstdFlags)}
			d.watch = append(d.watch, cfg.Watch...)
			d.watch = append(d.watch, watch...)
			for i, w := range d.watch {
				d.watch[i] = expandHome(w, c.home())
			}
			d.interval = 30 * time.Second
			if cfg.Interval != "" {
				if d.interval, err = time.ParseDuration(cfg.Interval); err != nil {
					return fmt.Errorf("config: [daemon] interval: %w", err)
				}
			}
			if interval > 0 {
				d.interval = interval
			}
			if quietHours == "" {
				quietHours = cfg.QuietHours
			}
			if quietHours != "" {
				q, err := notify.ParseQuiet(quietHours)
				if err != nil {
					return usagef("--quiet-hours: %v", err)
				}
				d.quiet = &q
			}
			d.policy = notify.Policy{Details: details || cfg.Details}
			d.detailsSet = details || cfg.Details
			if notifyTo == "" {
				notifyTo = cfg.Notify
			}
			if err := d.setupSenders(notifyTo); err != nil {
				return err
			}
			defer d.close()
			// Unlock once up front, so a daemon that can never open the
			// vault says so at start instead of failing every round.
			if err := d.checkUnlock(ctx, once); err != nil {
				return err
			}
			d.log.Printf("started: watching %s every %s; notifications to %s", listOr(d.watch, "no folders"), d.interval, d.sendersName)
			for {
				d.round(ctx)
				if once {
					return nil
				}
				select {
				case <-ctx.Done():
					d.log.Printf("stopping")
					return nil
				case <-time.After(d.interval):
				}
			}
		},
	}
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (c *cli) loadDaemonConfig() (daemonConfig, error) {
	cfg, err := c.loadConfig()
	return cfg.Daemon, err
}

func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(home, p[2:])
	}
	return p
}

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return strings.Join(xs, ", ")
}

type daemon struct {
	cli         *cli
	log         *log.Logger
	watch       []string
	interval    time.Duration
	quiet       *notify.Quiet
	policy      notify.Policy
	detailsSet  bool
	senders     []notify.Sender
	sendersName string
	closers     []io.Closer
	// sizes remembers each candidate file's size from the previous round: a
	// file is taken only once its size stopped changing, so a download still
	// being written is not imported half.
	sizes map[string]int64
	// irregular remembers the paths already reported as not regular files,
	// so the log says it once, not every round.
	irregular map[string]bool
}

func (d *daemon) setupSenders(to string) error {
	switch to {
	case "", "auto", "desktop":
		db, err := desktop.NewDBus()
		if err == nil {
			d.senders = append(d.senders, db)
			d.closers = append(d.closers, db)
			d.sendersName = "the desktop"
			return nil
		}
		if to == "desktop" {
			return fmt.Errorf("desktop notifications: %w", err)
		}
		d.log.Printf("no desktop notifications (%v); using the terminal", err)
		fallthrough
	case "terminal":
		d.senders = append(d.senders, notify.TerminalSender{W: d.cli.stderr, Kind: notify.DetectTerm(d.cli.getenv)})
		d.sendersName = "the terminal"
	case "none":
		d.sendersName = "nowhere (--notify none)"
	default:
		return usagef("--notify must be auto, desktop, terminal or none")
	}
	return nil
}

func (d *daemon) close() {
	for _, c := range d.closers {
		_ = c.Close()
	}
}

// open unlocks the vault without ever prompting.
func (d *daemon) open(ctx context.Context) (*sealedStore, error) {
	path, err := d.cli.vaultPath()
	if err != nil {
		return nil, err
	}
	var pass func() ([]byte, error)
	if src := d.cli.explicitPassphrase(); src != nil {
		pass = src
	}
	return openSealed(ctx, path, vault.OpenOptions{Keyring: d.cli.systemKeyring(), Passphrase: pass})
}

func (d *daemon) checkUnlock(ctx context.Context, once bool) error {
	v, err := d.open(ctx)
	switch {
	case errors.Is(err, vault.ErrInUse) && once:
		// One round that cannot write is a round not done: exit 5.
		return err
	case errors.Is(err, vault.ErrLocked):
		return fmt.Errorf("%w\nThe daemon cannot ask for a passphrase: keep the key in the OS keyring, or set PENNY_PASSPHRASE or --passphrase-file for it", err)
	case errors.Is(err, vault.ErrInUse):
		// Unlocking works; the other Penny will let go.
		d.log.Printf("%v; will try again each round", err)
		return nil
	case err != nil:
		return err
	}
	return v.Close()
}

// round imports new files and delivers new alerts. Errors are logged: the
// daemon keeps running.
func (d *daemon) round(ctx context.Context) {
	v, err := d.open(ctx)
	if errors.Is(err, vault.ErrInUse) {
		d.log.Printf("skipped this round: %v", err)
		return
	}
	if err != nil {
		d.log.Printf("cannot open the vault: %v", err)
		return
	}
	defer v.Close()
	st := v.Store()
	if err := d.importNew(ctx, st); err != nil {
		d.log.Printf("import: %v", err)
	}
	if len(d.senders) == 0 {
		return
	}
	quiet, policy := d.quiet, d.policy
	// Without a flag or a config value, what the user set in the chat
	// ("quiet hours 22:00-07:00", "show details in notifications") applies,
	// read each round so a change needs no restart.
	if quiet == nil {
		if v, _ := st.SettingOr(ctx, notify.QuietHoursKey, ""); v != "" {
			if q, err := notify.ParseQuiet(v); err == nil {
				quiet = &q
			}
		}
	}
	if !d.detailsSet {
		if v, _ := st.SettingOr(ctx, notify.DetailsKey, ""); v == "true" {
			policy.Details = true
		}
	}
	dl := &notify.Deliverer{Store: st, Senders: d.senders, Policy: policy, Quiet: quiet}
	rep, err := dl.Deliver(ctx)
	switch {
	case err != nil:
		d.log.Printf("notifications: %v", err)
	case rep.Held && rep.Alerts > 0:
		d.log.Printf("quiet hours: holding notifications until %s", rep.Until.Format("15:04"))
	case rep.Notifications > 0:
		d.log.Printf("sent %d notification(s) for %d alert(s)", rep.Notifications, rep.Alerts)
	}
	for _, e := range rep.Failed {
		d.log.Printf("a notification sender failed: %v", e)
	}
}

func (d *daemon) importNew(ctx context.Context, st *store.Store) error {
	seen := map[string]seenFile{}
	if raw, err := st.SettingOr(ctx, seenKey, "{}"); err != nil {
		return err
	} else if err := json.Unmarshal([]byte(raw), &seen); err != nil {
		seen = map[string]seenFile{}
	}
	if d.sizes == nil {
		d.sizes = map[string]int64{}
	}
	if d.irregular == nil {
		d.irregular = map[string]bool{}
	}
	var candidates []string
	for _, dir := range d.watch {
		entries, err := os.ReadDir(dir)
		if err != nil {
			d.log.Printf("watch %s: %v", dir, err)
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || partial(name) {
				continue
			}
			candidates = append(candidates, filepath.Join(dir, name))
		}
	}
	sort.Strings(candidates)
	changed := false
	for _, path := range candidates {
		info, err := os.Stat(path)
		if err != nil {
			continue
		}
		if !info.Mode().IsRegular() {
			// A FIFO, a device or a socket is never opened: reading one
			// could block the round forever while it holds the vault.
			if !d.irregular[path] {
				d.log.Printf("skipped %s: not a regular file", sanitizeLine(path))
				d.irregular[path] = true
			}
			continue
		}
		if info.Size() == 0 || info.Size() > detect.MaxSize {
			continue
		}
		// A file still being written is left for a later round: it is taken
		// when its size held since the last round, or when it has not been
		// touched for two seconds.
		prev, ok := d.sizes[path]
		d.sizes[path] = info.Size()
		if !(ok && prev == info.Size()) && time.Since(info.ModTime()) < 2*time.Second {
			continue
		}
		// Only the first bytes of a file are read to tell whether it is a
		// bank file: a photo in Downloads is none of Penny's business.
		raw, err := detect.ReadHeadFirst(path, func(head []byte) bool { return detect.Detect(filepath.Base(path), head) != "" })
		if err != nil || raw == nil {
			continue
		}
		sum := sha256.Sum256(raw)
		key := hex.EncodeToString(sum[:])
		if _, ok := seen[key]; ok {
			continue
		}
		rec := seenFile{Path: path, At: time.Now().UTC().Format(time.RFC3339)}
		p, err := detect.Parse(path, raw, detect.Options{})
		if err == nil {
			var res *ingest.Result
			res, err = ingest.Apply(ctx, st, []ingest.Input{{Name: path, Format: p.Format, Source: "file", Raw: raw, Statements: p.Statements}}, ingest.Options{})
			if err == nil {
				n := 0
				for _, a := range res.Accounts {
					n += a.New
				}
				d.log.Printf("imported %s: %d new transaction(s), %d alert(s)", sanitizeLine(path), n, len(res.Alerts))
			}
		}
		if err != nil {
			rec.Error = err.Error()
			d.log.Printf("refused %s (not retried until it changes): %s", sanitizeLine(path), sanitizeLine(err.Error()))
		}
		seen[key] = rec
		changed = true
	}
	if !changed {
		return nil
	}
	b, err := json.Marshal(seen)
	if err != nil {
		return err
	}
	return st.SetSetting(ctx, seenKey, string(b))
}

// partial reports names browsers and tools give files still being written.
func partial(name string) bool {
	for _, suf := range []string{".crdownload", ".part", ".partial", ".download", ".tmp", "~"} {
		if strings.HasSuffix(strings.ToLower(name), suf) {
			return true
		}
	}
	return false
}
