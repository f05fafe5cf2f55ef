package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"penny/daemon"
	"penny/livesync"
	"penny/store"
	"penny/store/vault"
)

func cmdPrivacy() *command {
	var limit int
	return &command{
		name:    "privacy",
		summary: "show what Penny stores and where, and every request it made",
		help: `Prints the files Penny keeps (paths, sizes, how they are encrypted, the key
slots), the config file, the endpoints of the connected sources, and the
newest entries of the network log: every request Penny made, with its time,
host, path, status and size. Nothing else leaves this machine: no telemetry,
no update checks. The vault is opened read-only; when it cannot be unlocked,
the file facts are shown alone.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.IntVar(&limit, "limit", 20, "how many network log entries to show")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("privacy takes no arguments")
			}
			return c.privacy(ctx, limit)
		},
	}
}

func fileSize(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return "absent"
	}
	return fmt.Sprintf("%s, mode %04o", humanBytes(info.Size()), info.Mode().Perm())
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func (c *cli) privacy(ctx context.Context, limit int) error {
	w := c.stdout
	path, err := c.vaultPath()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "What Penny stores")
	fmt.Fprintf(w, "  vault        %s (%s)\n", path, fileSize(path))
	in, derr := vault.Describe(path)
	switch {
	case errors.Is(derr, vault.ErrNoVault):
		fmt.Fprintln(w, "               no vault yet: `penny init` creates one")
	case derr != nil:
		fmt.Fprintf(w, "               %s\n", sanitizeLine(derr.Error()))
	default:
		fmt.Fprintln(w, "               SQLite database sealed with AES-256-GCM in 64 KiB chunks; a fresh key per save")
		fmt.Fprintln(w, "               holds your accounts, transactions, chat, alerts, raw bank answers, the network log")
		fmt.Fprintln(w, "               and the credentials of connected sources (SimpleFIN access URL, OFX password)")
		if in.Keyring {
			fmt.Fprintf(w, "  key slot     OS keyring (Secret Service / Keychain): service \"penny\", user %q; holds a wrapped key only\n", in.ID)
		}
		if in.Passphrase {
			fmt.Fprintf(w, "  key slot     passphrase: Argon2id, %d MiB, %d passes, %d lanes\n",
				in.PassphraseKDF.MemoryKiB>>10, in.PassphraseKDF.Time, in.PassphraseKDF.Threads)
		}
	}
	fmt.Fprintf(w, "  previous     %s (%s): the vault before its last full save, encrypted the same way\n", path+".prev", fileSize(path+".prev"))
	fmt.Fprintf(w, "  lock         %s (%s): the pid of the Penny writing, nothing else\n", path+".lock", fileSize(path+".lock"))
	if dl := filepath.Join(filepath.Dir(path), daemon.LockFile); fileSize(dl) != "absent" {
		fmt.Fprintf(w, "  daemon lock  %s (%s): the pid of the running penny daemon, nothing else\n", dl, fileSize(dl))
	}
	cfgPath := c.configPath()
	cfg, cerr := c.loadConfig()
	fmt.Fprintf(w, "  config       %s (%s): preferences only, never data or credentials\n", cfgPath, fileSize(cfgPath))
	if cerr == nil && cfg.Offline {
		fmt.Fprintln(w, "               offline = true: Penny makes no network connection")
	}
	if entries, err := os.ReadDir(filepath.Dir(path)); err == nil {
		for _, e := range entries {
			n := e.Name()
			if n == vault.FileName || n == vault.FileName+".prev" || n == vault.FileName+".lock" || n == daemon.LockFile {
				continue
			}
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
				fmt.Fprintf(w, "  other file   %s (%s)\n", sanitizeLine(filepath.Join(filepath.Dir(path), n)), humanBytes(info.Size()))
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(w, "  data folder  %s\n", sanitizeLine(err.Error()))
	}
	if derr != nil {
		return nil
	}
	v, err := c.openVault(ctx, true)
	if err != nil {
		fmt.Fprintf(w, "\nThe vault is locked (%s): unlock it to see the sources and the network log.\n", sanitizeLine(err.Error()))
		return nil
	}
	defer v.Close()
	env, err := c.liveEnv(v.Store(), false, nil)
	if err != nil {
		return err
	}
	return c.printNetwork(ctx, env, limit, "the vault")
}

// printNetwork prints the connected sources' endpoints and the newest
// limit entries of the network log; kept says where the credentials are.
func (c *cli) printNetwork(ctx context.Context, env *livesync.Env, limit int, kept string) error {
	w := c.stdout
	sts, err := env.Statuses(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhere Penny connects (the only outbound connections; verified TLS)")
	if len(sts) == 0 {
		fmt.Fprintln(w, "  nowhere: no source is connected")
	}
	for _, s := range sts {
		fmt.Fprintf(w, "  %s (%s): %s, %d of %d requests used in the last 24 h; credentials inside %s\n",
			sanitizeLine(s.Source.Name), s.Source.Kind, sanitizeLine(livesync.Endpoint(s.Source)), s.Budget.Used, s.Budget.Limit, kept)
	}
	log, err := env.Store.NetLog(ctx, limit)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nNetwork log (newest %d of every request Penny made)\n", limit)
	if len(log) == 0 {
		fmt.Fprintln(w, "  empty: Penny has made no request")
		return nil
	}
	t := &table{header: []string{"WHEN", "SOURCE", "REQUEST", "STATUS", "SENT", "RECEIVED"}, right: map[int]bool{4: true, 5: true}}
	now := time.Now()
	for _, e := range log {
		status := fmt.Sprint(e.Status)
		switch {
		case e.Error == store.RequestUnsettled:
			// Recorded before it went out; the Penny that made it stopped
			// before its outcome was written. It counts toward the budget.
			status = "no outcome recorded (Penny stopped mid-request)"
		case e.Error != "":
			status = "failed: " + e.Error
			if len(status) > 60 {
				status = status[:60] + "…"
			}
		}
		t.add(e.At.Local().Format("2006-01-02 15:04:05")+" ("+durationWords(now.Sub(e.At))+")", e.Source,
			e.Method+" "+e.Host+e.Path, status, humanBytes(e.Sent), humanBytes(e.Received))
	}
	return c.writeTable(t)
}

// durationWords says how long ago something was, for the network log.
func durationWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
