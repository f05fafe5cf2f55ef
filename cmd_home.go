package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"

	"penny/assistant"
	"penny/daemon"
	"penny/internal/configfile"
	"penny/notify"
	"penny/sanitize"
	"penny/store/vault"
	"penny/themes"
	"penny/ui"
)

// openHome is bare `penny`: the chat on the user's vault. On first run it
// walks through creating one (outside a terminal it says how); outside a
// terminal it prints the balances.
func (c *cli) openHome(ctx context.Context) error {
	path, err := c.vaultPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if c.interactive() {
			return c.firstRun(ctx, path)
		}
		fmt.Fprintf(c.stdout, `Welcome to Penny. There is no vault at %s yet.

  penny init           create your encrypted vault (key in the OS keyring)
  penny demo           look around with generated data; writes nothing
  penny --help         every command
`, path)
		return nil
	}
	if !c.interactive() {
		v, err := c.openVault(ctx, true)
		if err != nil {
			return err
		}
		defer v.Close()
		return c.printBalances(ctx, v.Store(), false)
	}
	// The chat writes (history, settings, categorize) one transaction at a
	// time, like every other Penny, so a daemon and imports in other
	// terminals write beside it. Where the data folder cannot be written it
	// opens read-only.
	readOnly := canWrite(path) != nil
	// Inside tmux the terminal's color profile comes from running `tmux
	// info`: it runs while the vault unlocks.
	profile := make(chan colorprofile.Profile, 1)
	go func() { profile <- colorprofile.Detect(c.terminal, os.Environ()) }()
	v, err := c.openVault(ctx, readOnly)
	if err != nil {
		return err
	}
	defer v.Close()
	// The chat draws on the terminal itself, not through stdout: a vault
	// opened lazily is verified before the first screen.
	if err := v.Damage(); err != nil {
		return err
	}
	if readOnly {
		fmt.Fprintf(c.stderr, "penny: cannot write in %s; the chat opens read-only.\n", filepath.Dir(path))
	}
	return c.chat(ctx, v, readOnly, <-profile)
}

// slowReload is how long a reload runs before the status line says that
// it is loading.
const slowReload = 300 * time.Millisecond

// say puts a line in the chat's status line without waiting.
func say(notes chan<- string, s string) {
	select {
	case notes <- s:
	default:
	}
}

// chatRefreshEvery is how often the open chat looks at the vault file when
// no watch reported a save: the fallback where inotify is missing, and a
// check that costs one stat when nothing moved.
const chatRefreshEvery = time.Second

// chat opens the messenger on an unlocked vault. What other processes save
// arrives in it: a watch on the vault file wakes it when a save lands, and
// its refresh loads the new generation before it looks for what is new.
func (c *cli) chat(ctx context.Context, v *sealedStore, readOnly bool, profile colorprofile.Profile) error {
	cfg, cfgErr := c.loadConfig()
	asker := assistant.New(v.Store(), assistant.Options{})
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	notes := make(chan string, 8)
	// What is wrong with the config file was said on stderr, which the
	// chat's screen covers: the status line says it again.
	if cfgErr != nil {
		say(notes, "!"+cfgErr.Error())
	} else if f, err := c.readConfig(); err == nil && len(f.Unknown) > 0 {
		say(notes, "!"+f.Unknown[0].Warning(f.Path))
	}
	var lastStamp vault.Stamp
	if !readOnly {
		rounds := make(chan struct{})
		go func() {
			defer close(rounds)
			c.chatRounds(wctx, v, notes)
		}()
		// The rounds end before the vault closes.
		defer func() { stop(); <-rounds }()
	}
	return ui.Run(ctx, ui.Options{Store: v.Store(), Asker: asker, Notes: notes, ColorProfile: profile,
		Title: "Penny", Theme: cfg.Theme, ReadOnly: readOnly,
		Refresh: func(ctx context.Context) error {
			// The vault file as the last call saw it: when it is the same
			// (no save by anyone, this chat included), nothing moved.
			id := vault.StampOf(v.Path())
			if id == lastStamp && id != (vault.Stamp{}) {
				return ui.ErrUnchanged
			}
			// A reload of a large vault takes a moment (seconds at a
			// million rows): past slowReload the status line says so.
			done := make(chan struct{})
			slow := make(chan bool, 1)
			go func() {
				t := time.NewTimer(slowReload)
				defer t.Stop()
				select {
				case <-done:
					slow <- false
				case <-t.C:
					say(notes, "Loading what another Penny saved…")
					<-done
					slow <- true
				}
			}()
			reloaded, err := v.Refresh(ctx)
			close(done)
			if <-slow {
				say(notes, "Loaded.")
			}
			if reloaded {
				asker.Refresh()
			}
			if err == nil {
				lastStamp = id
			}
			return err
		},
		Sync:         c.chatSync(v, readOnly),
		RefreshEvery: chatRefreshEvery,
		Wake:         vault.Watch(wctx, v.Path(), chatRefreshEvery),
	})
}

// chatRoundEvery is how often the open chat does the daemon's round while
// no `penny daemon` runs: drop folders are listed and new alerts looked for
// (a stat and two small queries when nothing is new), so a notification
// follows an alert within a couple of seconds.
const chatRoundEvery = 2 * time.Second

// chatRounds gives a user who only runs the chat what the daemon does:
// drop-folder imports (the [daemon] watch folders of the config file),
// alerts and desktop notifications, for as long as no daemon runs for the
// data folder. The rounds write through the chat's own vault, a write at a
// time like any other Penny. What they did goes to the status line.
func (c *cli) chatRounds(ctx context.Context, v *sealedStore, notes chan<- string) {
	dir, err := c.resolveDataDir()
	if err != nil {
		return
	}
	cfg, _ := c.loadDaemonConfig()
	d := &daemon.Daemon{Open: func(context.Context) (daemon.Session, error) { return keptSession{v}, nil }}
	for _, w := range cfg.Watch {
		d.Watch = append(d.Watch, expandHome(w, c.home()))
	}
	if cfg.QuietHours != "" {
		if q, err := notify.ParseQuiet(cfg.QuietHours); err == nil {
			d.Quiet = &q
		}
	}
	d.Details = cfg.Details
	// Live sources on the daemon's schedule, which the vault keeps: the
	// chat taking over from a stopped daemon does not fetch early.
	if every, on, err := syncEvery("", cfg.SyncEvery); err == nil && on {
		d.Sync, d.SyncEvery = c.liveSync(false), every
	}
	switch cfg.Notify {
	case "", "auto", "desktop":
		// Desktop notifications only: terminal ones would tear the
		// chat's screen, which shows every alert anyway.
		if ds, closer, err := desktopSender(); err == nil {
			if closer != nil {
				defer closer.Close()
			}
			d.Senders = []notify.Sender{ds}
		}
	}
	last := ""
	say := func(s string) {
		if s == "" || s == last {
			return
		}
		last = s
		select {
		case notes <- sanitize.Line(s):
		default:
		}
	}
	if claim, ok, err := notify.Recover(ctx, v.Store()); err == nil && ok {
		say("!" + claim.Describe())
	}
	daemon.RunWhileNoDaemon(ctx, dir, d, chatRoundEvery, func(r daemon.Report) { say(roundNote(r)) })
}

// roundNote is a drop-folder round in one status line, or "" when it did
// nothing worth saying.
func roundNote(r daemon.Report) string {
	var parts []string
	for _, s := range r.Synced {
		if s.Err != nil {
			return fmt.Sprintf("!Could not sync %s: %v", s.Source, s.Err)
		}
		parts = append(parts, fmt.Sprintf("Synced %s: %d new", s.Source, s.New))
	}
	for _, f := range r.Files {
		switch f.Outcome {
		case daemon.Imported:
			parts = append(parts, fmt.Sprintf("Imported %s from the drop folder: %d new", filepath.Base(f.Path), f.New))
		case daemon.Refused:
			return fmt.Sprintf("!Could not import %s: %v", filepath.Base(f.Path), f.Err)
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	if len(r.Errors) > 0 {
		return "!" + r.Errors[0].Error()
	}
	return ""
}

// chatSync is the chat's /sync: penny sync's fetch from every live source,
// told in one line. Nil on a read-only chat.
func (c *cli) chatSync(v *sealedStore, readOnly bool) func(context.Context) (string, error) {
	if readOnly {
		return nil
	}
	return func(ctx context.Context) (string, error) {
		return syncLine(c.liveSync(false)(ctx, v.Store()))
	}
}

// syncLine tells a /sync in one line for the status line; a source that
// failed makes it an error that says why in the source's own words (the
// plain explanation livesync gives, the source named once), which the
// chat shows sanitized. The source-error alert keeps the whole message.
func syncLine(synced []daemon.Synced, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if len(synced) == 0 {
		return "No bank is connected: add one with `penny connect simplefin` or `penny connect ofx`.", nil
	}
	var parts, failed []string
	for _, s := range synced {
		if s.Err != nil {
			failed = append(failed, s.Source+": "+strings.TrimPrefix(s.Err.Error(), "source "+s.Source+": "))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %d new", s.Source, s.New))
	}
	if len(failed) > 0 {
		return "", errors.New(strings.Join(append(failed, parts...), "; "))
	}
	return "Synced " + strings.Join(parts, "; "), nil
}

// themeConfig is the theme key: the chat's colours.
func themeConfig() configfile.Key {
	return configfile.Key{Name: "theme", Example: configfile.Value{Str: "dark"},
		DefaultNote: "the theme /theme saved, else dark or light as the terminal is",
		Doc:         "The chat's colours: " + strings.Join(themes.Names(), ", ") + ",\nor auto (dark or light as the terminal is). /theme in the chat saves one too.",
		Check: func(v configfile.Value) error {
			if _, ok := themes.ByName(v.Str); ok || v.Str == "" || v.Str == "auto" {
				return nil
			}
			return fmt.Errorf("no theme %q; themes: %s, auto", v.Str, strings.Join(themes.Names(), ", "))
		}}
}
