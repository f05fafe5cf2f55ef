package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"penny/daemon"
	"penny/internal/configfile"
	"penny/livesync"
	"penny/notify"
	"penny/notify/desktop"
	"penny/store"
	"penny/store/vault"
)

// daemonConfig is the [daemon] table of the config file (daemonConfigKeys).
type daemonConfig struct {
	Watch      []string
	Interval   string
	QuietHours string
	Details    bool
	Notify     string
	// SyncEvery is how often the live sources are fetched: a duration,
	// "off" for never; empty means daemon.DefaultSyncEvery.
	SyncEvery string
}

// defaultInterval is how often the daemon looks in its drop folders unless
// the config or --interval says otherwise.
const defaultInterval = 30 * time.Second

// daemonConfigKeys are the keys of the [daemon] table, which the daemon
// and the chat's rounds read.
func daemonConfigKeys() []configfile.Key {
	return []configfile.Key{
		{Name: "daemon.watch", Kind: configfile.List, Flag: "penny daemon --watch (adds to these)",
			Example: configfile.Value{List: []string{"~/Downloads"}},
			Doc:     "Drop folders: bank files saved here are imported once each (~ is expanded)."},
		{Name: "daemon.interval", Default: configfile.Value{Str: defaultInterval.String()}, Flag: "penny daemon --interval",
			Doc: "How often the daemon looks in the drop folders.",
			Check: func(v configfile.Value) error {
				if d, err := time.ParseDuration(v.Str); err != nil || d <= 0 {
					return fmt.Errorf("%q is not a duration such as 30s or 1m", v.Str)
				}
				return nil
			}},
		{Name: "daemon.quiet_hours", Flag: "penny daemon --quiet-hours", Example: configfile.Value{Str: "22:00-07:00"},
			Doc: "Notifications are held in these hours, not lost.",
			Check: func(v configfile.Value) error {
				if v.Str == "" {
					return nil
				}
				if _, err := notify.ParseQuiet(v.Str); err != nil {
					return fmt.Errorf("%q is not hours such as 22:00-07:00", v.Str)
				}
				return nil
			}},
		{Name: "daemon.details", Kind: configfile.Bool, Flag: "penny daemon --details",
			Doc: "Show amounts and merchants in notifications (private by default)."},
		{Name: "daemon.notify", Default: configfile.Value{Str: "auto"}, Flag: "penny daemon --notify",
			Doc: "Where notifications go: auto, desktop, terminal or none.",
			Check: func(v configfile.Value) error {
				switch v.Str {
				case "", "auto", "desktop", "terminal", "none":
					return nil
				}
				return fmt.Errorf("%q is not auto, desktop, terminal or none", v.Str)
			}},
		{Name: "daemon.sync_every", Default: configfile.Value{Str: "4h"}, Flag: "penny daemon --sync-every",
			Doc: `How often live sources (penny connect) are fetched; "off" never fetches on a schedule.`,
			Check: func(v configfile.Value) error {
				_, _, err := syncEvery("", v.Str)
				return err
			}},
	}
}

// daemonConfigOf is the [daemon] table in effect.
func daemonConfigOf(get func(string) configfile.Value) daemonConfig {
	return daemonConfig{Watch: get("daemon.watch").List, Interval: get("daemon.interval").Str,
		QuietHours: get("daemon.quiet_hours").Str, Details: get("daemon.details").Bool,
		Notify: get("daemon.notify").Str, SyncEvery: get("daemon.sync_every").Str}
}

// syncEvery reads how often rounds sync the live sources: the flag, else
// the config; 0 with ok false means never.
func syncEvery(flagValue, cfg string) (time.Duration, bool, error) {
	v := flagValue
	if v == "" {
		v = cfg
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return daemon.DefaultSyncEvery, true, nil
	case "off", "never", "0", "no":
		return 0, false, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute {
		return 0, false, usagef("sync interval %q: give a duration of a minute or more, such as 4h, or off", v)
	}
	return d, true, nil
}

// liveSync is the rounds' sync of the live sources: livesync through the
// egress guard, as penny sync does, with nothing printed.
func (c *cli) liveSync(offline bool) daemon.SyncFunc {
	return func(ctx context.Context, st *store.Store) ([]daemon.Synced, error) {
		env, err := c.liveEnv(st, offline, nil)
		if err != nil {
			return nil, err
		}
		return syncedOf(env.Sync(ctx, livesync.Options{}))
	}
}

// syncedOf is what the rounds and the chat's /sync say of a sync.
func syncedOf(reps []*livesync.Report, err error) ([]daemon.Synced, error) {
	if err != nil {
		return nil, err
	}
	out := make([]daemon.Synced, 0, len(reps))
	for _, r := range reps {
		s := daemon.Synced{Source: r.Source, Err: r.Err}
		if r.Result != nil {
			s.Alerts = len(r.Result.Alerts)
			for _, a := range r.Result.Accounts {
				s.New += a.New
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func cmdDaemon() *command {
	var (
		watch      multiFlag
		interval   time.Duration
		once       bool
		notifyTo   string
		details    bool
		quietHours string
		syncFlag   string
		offline    bool
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
PENNY_PASSPHRASE or --passphrase-file. It keeps the vault open and takes the
write lock only for each write, so the chat and imports in other terminals
work beside it; a file it could not write (another Penny's write did not end
within PENNY_LOCK_WAIT) waits for the next round. While no daemon runs, the
open chat does the same rounds itself (without terminal notifications, which
would tear its screen). One daemon runs per data
folder: it holds daemon.lock there while it runs, and a second one (--once
too) refuses, naming the first one's pid.

Live sources (penny connect) are fetched every --sync-every (default 4h,
sync_every in the config; off turns it off), by their last sync as the vault
keeps it, so a restart does not fetch early; each source's request budget
still applies (penny sync --status).

Running it as a service: see the README (systemd user unit, launchd agent).`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.Var(&watch, "watch", "a drop folder to watch (repeatable)")
			fs.DurationVar(&interval, "interval", 0, "time between rounds (default 30s, or interval in the config)")
			fs.BoolVar(&once, "once", false, "do one round and exit")
			fs.StringVar(&notifyTo, "notify", "", "where notifications go: auto, desktop, terminal, none (default auto)")
			fs.BoolVar(&details, "details", false, "show amounts and merchants in notifications")
			fs.StringVar(&quietHours, "quiet-hours", "", `hold notifications in these hours, e.g. "22:00-07:00"`)
			fs.StringVar(&syncFlag, "sync-every", "", "how often to fetch from the live sources (penny connect): a duration such as 4h, or off (default 4h, or sync_every in the config)")
			fs.BoolVar(&offline, "offline", false, "never fetch from the live sources")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("daemon takes no arguments")
			}
			cfg, err := c.loadDaemonConfig()
			if err != nil {
				return err
			}
			d := &daemon.Daemon{}
			d.Watch = append(d.Watch, cfg.Watch...)
			d.Watch = append(d.Watch, watch...)
			for i, w := range d.Watch {
				d.Watch[i] = expandHome(w, c.home())
			}
			every := defaultInterval
			if cfg.Interval != "" {
				if every, err = time.ParseDuration(cfg.Interval); err != nil {
					return fmt.Errorf("config: [daemon] interval: %w", err)
				}
			}
			if interval > 0 {
				every = interval
			}
			if quietHours == "" {
				quietHours = cfg.QuietHours
			}
			if quietHours != "" {
				q, err := notify.ParseQuiet(quietHours)
				if err != nil {
					return usagef("--quiet-hours: %v", err)
				}
				d.Quiet = &q
			}
			d.Details = details || cfg.Details
			syncIv, syncOn, err := syncEvery(syncFlag, cfg.SyncEvery)
			if err != nil {
				return err
			}
			if syncOn {
				d.Sync, d.SyncEvery = c.liveSync(offline), syncIv
			}
			if notifyTo == "" {
				notifyTo = cfg.Notify
			}
			switch notifyTo {
			case "", "auto", "desktop", "terminal", "none":
			default:
				return usagef("--notify must be auto, desktop, terminal or none")
			}
			// One daemon per data folder, held from before the first look
			// at the vault to the end.
			dir, err := c.resolveDataDir()
			if err != nil {
				return err
			}
			lock, err := daemon.Acquire(dir)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				// No data folder: opening the vault below says what is
				// missing and what to do.
			case err != nil:
				return err
			default:
				defer lock.Release()
			}
			logger := log.New(sanitizingWriter{c.stderr}, "penny daemon: ", log.LstdFlags)
			senders, err := c.daemonSenders(notifyTo, logger)
			if err != nil {
				return err
			}
			defer senders.close()
			d.Senders = senders.senders
			d.Logf = logger.Printf
			// The vault is opened once and kept: each round's reads
			// refresh it from what others saved, and each write takes the
			// lock for its transaction alone, so the chat and imports in
			// other terminals work beside the daemon. A vault that cannot
			// be opened is tried again next round.
			var held *sealedStore
			defer func() {
				if held != nil {
					held.Close()
				}
			}()
			d.Open = func(ctx context.Context) (daemon.Session, error) {
				if held == nil {
					v, err := c.openForDaemon(ctx)
					if err != nil {
						return nil, err
					}
					held = v
				}
				return keptSession{held}, nil
			}
			if err := c.checkDaemonUnlock(ctx, once, logger); err != nil {
				return err
			}
			logger.Printf("started: watching %s every %s; notifications to %s", listOr(d.Watch, "no folders"), every, senders.name)
			if claim, ok, err := recoverClaim(ctx, d); err != nil {
				logger.Printf("notifications: %v", err)
			} else if ok {
				logger.Printf("%s", claim.Describe())
			}
			if once {
				// One round that could not write is a round not done.
				return d.Round(ctx).WriteErr()
			}
			d.Run(ctx, every)
			logger.Printf("stopping")
			return nil
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

// daemonSenders are where the daemon's notifications go, their name for the
// log, and what to close at the end.
type daemonSenders struct {
	senders []notify.Sender
	name    string
	closers []io.Closer
}

func (c *cli) daemonSenders(to string, logger *log.Logger) (*daemonSenders, error) {
	s := &daemonSenders{}
	switch to {
	case "", "auto", "desktop":
		ds, closer, err := desktopSender()
		if err == nil {
			s.senders = append(s.senders, ds)
			if closer != nil {
				s.closers = append(s.closers, closer)
			}
			s.name = "the desktop"
			return s, nil
		}
		if to == "desktop" {
			return nil, fmt.Errorf("desktop notifications: %w", err)
		}
		logger.Printf("no desktop notifications (%v); using the terminal", err)
		fallthrough
	case "terminal":
		s.senders = append(s.senders, notify.TerminalSender{W: c.stderr, Kind: notify.DetectTerm(c.getenv)})
		s.name = "the terminal"
	case "none":
		s.name = "nowhere (--notify none)"
	default:
		return nil, usagef("--notify must be auto, desktop, terminal or none")
	}
	return s, nil
}

// desktopSender is the platform's desktop notifications: Notification
// Center through osascript on macOS, the freedesktop service over D-Bus
// elsewhere (an error where there is no session bus, as on Windows). The
// closer, when not nil, ends the connection.
func desktopSender() (notify.Sender, io.Closer, error) {
	if runtime.GOOS == "darwin" {
		return notify.MacOS{}, nil, nil
	}
	db, err := desktop.NewDBus()
	if err != nil {
		return nil, nil, err
	}
	return db, db, nil
}

func (s *daemonSenders) close() {
	for _, c := range s.closers {
		_ = c.Close()
	}
}

// openForDaemon unlocks the vault without ever prompting.
func (c *cli) openForDaemon(ctx context.Context) (*sealedStore, error) {
	path, err := c.vaultPath()
	if err != nil {
		return nil, err
	}
	wait, err := c.lockWait()
	if err != nil {
		return nil, err
	}
	return openSealed(ctx, path, vault.OpenOptions{Keyring: c.systemKeyring(), Passphrase: c.explicitPassphrase(), LockWait: wait})
}

// keptSession hands a round the vault the daemon keeps open; the round's
// Close leaves it open.
type keptSession struct{ *sealedStore }

func (keptSession) Close() error { return nil }

// recoverClaim reports a delivery of notifications that a process which
// died left half done.
func recoverClaim(ctx context.Context, d *daemon.Daemon) (notify.Claim, bool, error) {
	s, err := d.Open(ctx)
	if err != nil {
		return notify.Claim{}, false, nil
	}
	defer s.Close()
	return notify.Recover(ctx, s.Store())
}

// checkDaemonUnlock opens the vault once and lets it go, so a daemon that
// can never open it says so at start instead of failing every round.
func (c *cli) checkDaemonUnlock(ctx context.Context, once bool, logger *log.Logger) error {
	v, err := c.openForDaemon(ctx)
	switch {
	case errors.Is(err, vault.ErrInUse) && once:
		// One round that cannot write is a round not done: exit 5.
		return err
	case errors.Is(err, vault.ErrLocked):
		return fmt.Errorf("%w\nThe daemon cannot ask for a passphrase: keep the key in the OS keyring, or set PENNY_PASSPHRASE or --passphrase-file for it", err)
	case errors.Is(err, vault.ErrInUse):
		// Unlocking works; the other Penny will let go.
		logger.Printf("%v; will try again each round", err)
		return nil
	case err != nil:
		return err
	}
	return v.Close()
}
