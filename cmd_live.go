package main

import (
	"bufio"
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"penny/internal/configfile"
	"penny/livesync"
	"penny/store"
)

// netHooks replace the egress guard's dialer and the system's roots: a
// test records every connection, and trusts the fake bank's CA, in this
// process alone. Zero in a real run: the system's dialer and roots.
type netHooks struct {
	dial    func(ctx context.Context, network, addr string) (net.Conn, error)
	rootCAs *x509.CertPool
}

// liveEnv is what livesync needs from this run: the store, offline from the
// flag or the config, and progress on a terminal.
func (c *cli) liveEnv(st *store.Store, offline bool, prog *progressLine) (*livesync.Env, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	env := &livesync.Env{Store: st, Offline: offline || cfg.Offline, Dial: c.net.dial, RootCAs: c.net.rootCAs}
	if prog != nil {
		env.Progress = func(s string) { prog.status(sanitizeLine(s)) }
	}
	return env, nil
}

// readSecret reads a secret from a hidden prompt on a terminal, or from the
// first line of stdin otherwise (a pipe or a file): never from argv, where
// it would stay in the shell history and the process list.
func (c *cli) readSecret(label, what string) (string, error) {
	if c.stdinIsTerminal() {
		fmt.Fprint(c.stderr, label)
		b, err := readPassword(int(os.Stdin.Fd()), c.cancelled)
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", what, err)
		}
		if s := strings.TrimSpace(string(b)); s != "" {
			return s, nil
		}
		return "", fmt.Errorf("no %s given", what)
	}
	line, err := bufio.NewReader(io.LimitReader(c.stdin, 64<<10)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read %s from stdin: %w", what, err)
	}
	if s := strings.TrimSpace(line); s != "" {
		return s, nil
	}
	return "", fmt.Errorf("no %s on stdin: pipe it in (for example `penny connect simplefin < token.txt`) or run in a terminal to be asked", what)
}

func cmdConnect() *command {
	var (
		name, url, org, fid, user, appID, appVer, ofxVersion string
		offline                                              bool
	)
	return &command{
		name:    "connect",
		args:    "simplefin|ofx",
		summary: "connect a live source (SimpleFIN, OFX Direct Connect)",
		help: `penny connect simplefin reads a SimpleFIN setup token from stdin, or asks for
it (hidden) in a terminal; never from the command line. It claims the token
once and keeps the access URL it gets inside the encrypted vault. Make a
token at your SimpleFIN server (for the Bridge: bridge.simplefin.org).

penny connect ofx signs on to your bank's OFX Direct Connect server with
--url, --org, --fid and --user; the password is read from stdin or asked for
(hidden) and kept inside the vault. It lists the accounts there. APPID and
APPVER default to QWIN 2700, which banks accept; the CLIENTUID is made once
per vault and kept, so a bank that asks you to approve it remembers it.

Connecting makes requests only to the server you name; every one is in
the network log (penny privacy).`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "the source's name (default simplefin or ofx)")
			fs.StringVar(&url, "url", "", "ofx: the bank's OFX server URL (https://...)")
			fs.StringVar(&org, "org", "", "ofx: the bank's ORG")
			fs.StringVar(&fid, "fid", "", "ofx: the bank's FID")
			fs.StringVar(&user, "user", "", "ofx: your user id at the bank")
			fs.StringVar(&appID, "app-id", "", "ofx: APPID to send (default QWIN)")
			fs.StringVar(&appVer, "app-ver", "", "ofx: APPVER to send (default 2700)")
			fs.StringVar(&ofxVersion, "ofx-version", "", "ofx: OFX version (default 103)")
			fs.BoolVar(&offline, "offline", false, "refuse every network connection")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) == 0 {
				return usagef("say which kind: penny connect simplefin, or penny connect ofx")
			}
			kind := strings.ToLower(args[0])
			if len(args) > 1 {
				return usagef("too many arguments: secrets are read from stdin or a prompt, never from the command line")
			}
			var secret string
			var err error
			switch kind {
			case livesync.KindSimpleFIN:
				secret, err = c.readSecret("SimpleFIN setup token (hidden): ", "setup token")
			case livesync.KindOFX:
				if url == "" || org == "" || fid == "" || user == "" {
					return usagef("penny connect ofx needs --url, --org, --fid and --user")
				}
				secret, err = c.readSecret("Password at the bank (hidden): ", "password")
			default:
				return usagef("unknown source kind %q: simplefin or ofx", args[0])
			}
			if err != nil {
				return err
			}
			v, err := c.openVault(ctx, false)
			if err != nil {
				return err
			}
			defer v.Close()
			prog := c.progress()
			env, err := c.liveEnv(v.Store(), offline, prog)
			if err != nil {
				return err
			}
			var con *livesync.Connected
			if kind == livesync.KindSimpleFIN {
				con, err = env.ConnectSimpleFIN(ctx, name, secret)
			} else {
				con, err = env.ConnectOFX(ctx, livesync.OFXParams{Name: name, URL: url, Org: org, FID: fid, UserID: user,
					Password: secret, AppID: appID, AppVer: appVer, Version: ofxVersion})
			}
			prog.done()
			if err != nil {
				return fmt.Errorf("connect %s: %w", kind, err)
			}
			c.printConnected(con, "the vault")
			fmt.Fprintln(c.stdout, "Run `penny sync` to fetch the history.")
			return nil
		},
	}
}

// printConnected says what penny connect added; kept says where its
// credentials are.
func (c *cli) printConnected(con *livesync.Connected, kept string) {
	fmt.Fprintf(c.stdout, "Connected %s (%s at %s); its credentials are kept inside %s.\n",
		sanitizeLine(con.Source.Name), con.Source.Kind, sanitizeLine(hostOf(livesync.Endpoint(con.Source))), kept)
	for _, a := range con.Accounts {
		line := "  • " + sanitizeLine(a.Name)
		if a.Balance != "" {
			line += "  " + sanitizeLine(a.Balance) + " " + sanitizeLine(a.Currency)
		}
		fmt.Fprintln(c.stdout, line)
	}
	for _, n := range con.Notes {
		fmt.Fprintf(c.stdout, "  note: %s\n", sanitizeLine(n))
	}
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}

func cmdSync() *command {
	var (
		source                    string
		status, balances, offline bool
	)
	return &command{
		name:    "sync",
		summary: "fetch from every connected source",
		help: `Fetches new transactions and balances from every source (or --source NAME),
from shortly before the last successful sync. Each source is applied all or
nothing: when the network fails midway, nothing of that source is written and
the next sync starts from the same place. Requests are retried on server and
network errors, and each source has a budget of requests a day (SimpleFIN
asks for about 24); --status shows it. --balances asks for balances only.

Every request is in the network log: see penny privacy.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&source, "source", "", "sync only the source of this name")
			fs.BoolVar(&status, "status", false, "show the sources, their last sync and request budget; fetch nothing")
			fs.BoolVar(&balances, "balances", false, "fetch balances only (one cheap request)")
			fs.BoolVar(&offline, "offline", false, "refuse every network connection")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("sync takes no arguments")
			}
			v, err := c.openVault(ctx, status)
			if err != nil {
				return err
			}
			defer v.Close()
			prog := c.progress()
			env, err := c.liveEnv(v.Store(), offline, prog)
			if err != nil {
				return err
			}
			if status {
				return c.printSyncStatus(ctx, env)
			}
			reps, err := env.Sync(ctx, livesync.Options{Source: source, BalancesOnly: balances})
			prog.done()
			if err != nil {
				return err
			}
			if len(reps) == 0 {
				fmt.Fprintln(c.stdout, "No source is connected: add one with `penny connect simplefin` or `penny connect ofx`.")
				return nil
			}
			failed := 0
			for _, r := range reps {
				c.printSyncReport(r)
				if r.Err != nil {
					failed++
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d source(s) did not sync", failed, len(reps))
			}
			return nil
		},
	}
}

func (c *cli) printSyncReport(r *livesync.Report) {
	name := sanitizeLine(r.Source)
	budget := fmt.Sprintf("%d request(s); %d of %d left for today", r.Requests, r.Budget.Left(), r.Budget.Limit)
	if r.Err != nil {
		fmt.Fprintf(c.stdout, "%s: not synced: %s\n  (%s)\n", name, sanitizeLine(r.Err.Error()), budget)
		return
	}
	fmt.Fprintf(c.stdout, "%s: synced (%s)\n", name, budget)
	for _, n := range r.Notes {
		fmt.Fprintf(c.stdout, "  note: %s\n", sanitizeLine(n))
	}
	if r.Result == nil {
		return
	}
	for _, a := range r.Result.Accounts {
		acct := sanitizeLine(a.Account)
		if a.Created {
			acct += " (new account)"
		}
		line := fmt.Sprintf("  %s: %s", acct, a.Counts())
		if b := a.Balance; b != nil {
			if b.OK() {
				line += fmt.Sprintf("; balance %s matches the bank", b.Bank.Format())
			} else {
				line += fmt.Sprintf("; balance MISMATCH: the bank says %s, Penny computes %s", b.Bank.Format(), b.Computed.Format())
			}
		}
		fmt.Fprintln(c.stdout, line)
	}
	for i, a := range r.Result.Alerts {
		if i == 8 {
			fmt.Fprintf(c.stdout, "  … and %d more alert(s): see `penny alerts`\n", len(r.Result.Alerts)-i)
			break
		}
		fmt.Fprintf(c.stdout, "  alert: %s\n", sanitizeLine(a.Title))
	}
}

func (c *cli) printSyncStatus(ctx context.Context, env *livesync.Env) error {
	sts, err := env.Statuses(ctx)
	if err != nil {
		return err
	}
	if len(sts) == 0 {
		fmt.Fprintln(c.stdout, "No source is connected: add one with `penny connect simplefin` or `penny connect ofx`.")
		return nil
	}
	t := &table{header: []string{"SOURCE", "KIND", "ENDPOINT", "LAST SYNC", "SYNCED THROUGH", "REQUESTS (24 H)", "STATUS"}}
	for _, s := range sts {
		last, through := "never", "-"
		if !s.Source.LastSync.IsZero() {
			last = s.Source.LastSync.Local().Format("2006-01-02 15:04")
		}
		if !s.SyncedThrough.IsZero() {
			through = s.SyncedThrough.AddDate(0, 0, -1).Format(store.DateLayout)
		}
		budget := fmt.Sprintf("%d of %d used", s.Budget.Used, s.Budget.Limit)
		if s.Budget.Throttled {
			budget += " (halved after a warning)"
		}
		state := "ok"
		switch {
		case s.Budget.Left() == 0 && !s.Budget.Next.IsZero():
			state = "budget spent until " + s.Budget.Next.Local().Format("2006-01-02 15:04")
		case s.Source.LastError != "":
			state = s.Source.LastError
		}
		t.add(s.Source.Name, s.Source.Kind, hostOf(s.Endpoint), last, through, budget, state)
	}
	if env.Offline {
		fmt.Fprintln(c.stdout, "Offline: no connection will be made.")
	}
	return c.writeTable(t)
}

// offlineConfig is the offline key: no network connection at all.
func offlineConfig() configfile.Key {
	return configfile.Key{Name: "offline", Kind: configfile.Bool, Flag: "penny sync --offline, penny daemon --offline",
		Doc: "Refuse every network connection, as --offline does."}
}
