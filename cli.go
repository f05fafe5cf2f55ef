package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"syscall"

	"golang.org/x/term"

	"penny/store"
	"penny/store/vault"
)

// Exit codes of the command-line contract (docs/cli.md).
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitLocked  = 3
	exitDamaged = 4
	exitInUse   = 5
	// exitCancelled is a command stopped by a signal other than one main
	// names (or by its context alone); a signal gives 128 plus its number,
	// as a shell reports a process it killed: 130 for Ctrl-C (SIGINT), 143
	// for SIGTERM.
	exitCancelled = 130
)

// signalled is why a command's context ends when a signal arrives: main
// cancels with it, and the exit code is 128 plus the signal's number. It
// counts as context.Canceled.
type signalled struct{ sig syscall.Signal }

func (s signalled) Error() string        { return s.sig.String() + " received" }
func (s signalled) Is(target error) bool { return target == context.Canceled }

// cancelledError is a command that stopped because its context ended,
// saying in its own words what that left behind; cause is why the context
// ended (a signalled, or context.Canceled).
type cancelledError struct {
	msg   string
	cause error
}

func (e cancelledError) Error() string { return e.msg }
func (e cancelledError) Unwrap() error { return e.cause }

// cli holds what every command needs: its streams, its environment and the
// global flags.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal is stdout as given, for what asks the terminal itself;
	// stdout holds a command's first output back until the vaults it
	// opened lazily are verified (verifiedOutput).
	terminal io.Writer
	getenv   func(string) string
	// stdinIsTerminal reports whether a person can type at stdin (prompts,
	// the chat, the setup flow); newCLI derives it from stdin.
	stdinIsTerminal func() bool
	// stdoutWidth is the width tables are fitted to: the terminal's when
	// stdout is one, else 0 (whole rows, for pipes).
	stdoutWidth func() int
	// confState is the config file, read once a run (readConfig).
	confState

	dataDir    string
	configFile string
	passFile   string
	// sizeLimitMiB, when set, lowers the vault size limit below
	// vaultLimitMiB (tests use it to reach the limit cheaply).
	sizeLimitMiB int64
	// cancelled is the command's context's Done: the terminal prompts,
	// which block in a read no context reaches, give up when it closes.
	cancelled <-chan struct{}
	// net is for tests: the egress guard's dialer and roots (cmd_live.go).
	net netHooks
	// opened are the vaults this run opened: a read-only one reads its
	// database as queries need it, and a chunk that fails to authenticate
	// then is what a command's I/O error means (finish).
	opened []*vault.Vault
}

func newCLI(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *cli {
	c := &cli{stdin: stdin, terminal: stdout, stderr: stderr, getenv: getenv, stdinIsTerminal: isTerminal(stdin),
		stdoutWidth: terminalWidth(stdout)}
	c.stdout = &verifiedOutput{c: c, w: stdout}
	return c
}

// verifiedOutput is a command's stdout: before anything is written, every
// vault the command opened since the last write is verified (Vault.Damage).
// A read-only command reads the few chunks of the vault it needs, each
// authenticated as it is decrypted, while the body's plain checksum runs
// beside it; a flipped bit elsewhere fails the write, and finish reports the
// damage (exit 4) instead of an answer.
type verifiedOutput struct {
	c        *cli
	w        io.Writer
	verified int // how many of c.opened are verified
}

func (o *verifiedOutput) Write(p []byte) (int, error) {
	for ; o.verified < len(o.c.opened); o.verified++ {
		if err := o.c.opened[o.verified].Damage(); err != nil {
			return 0, err
		}
	}
	return o.w.Write(p)
}

// isTerminal reports, when asked, whether r is a terminal: only an *os.File
// can be one.
func isTerminal(r io.Reader) func() bool {
	return func() bool {
		f, ok := r.(*os.File)
		return ok && term.IsTerminal(int(f.Fd()))
	}
}

type command struct {
	name    string
	args    string // the positional arguments, for the usage line
	summary string
	help    string                         // more text for --help
	flags   func(c *cli, fs *flag.FlagSet) // command flags, besides the global ones
	run     func(c *cli, ctx context.Context, args []string) error
	// built is false for commands of the contract that this version does
	// not have yet: they say so and exit 2.
	built bool
}

// usageError is a mistake in how the command was called (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func commands() []*command {
	return []*command{
		cmdInit(), cmdDemo(), cmdImport(), cmdConnect(), cmdSync(), cmdAsk(), cmdBalance(), cmdTx(),
		cmdAlerts(), cmdAccount(), cmdUndo(), cmdExport(), cmdBackup(), cmdRestore(), cmdDaemon(), cmdPasswd(), cmdRekey(),
		cmdUnlock(), cmdLock(), cmdPrivacy(), cmdConfig(), cmdVersion(), cmdCompletion(),
	}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *cli) run(ctx context.Context, args []string) int {
	c.cancelled = ctx.Done()
	// Global flags may come before the command name too.
	global := flag.NewFlagSet("penny", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	c.globalFlags(global)
	help := global.Bool("help", false, "")
	global.BoolVar(help, "h", false, "")
	showVersion := global.Bool("version", false, "")
	if err := global.Parse(args); err != nil {
		return c.flagMistake("penny", global, err)
	}
	rest := global.Args()
	if *showVersion {
		fmt.Fprintln(c.stdout, versionString())
		return exitOK
	}
	if *help || len(rest) == 0 {
		// Bare `penny` opens the messenger on the user's vault; until the
		// TUI exists it explains what is there instead.
		if len(rest) == 0 && !*help {
			return c.finish(c.openHome(ctx))
		}
		c.usage(c.stdout)
		return exitOK
	}
	if rest[0] == "help" {
		if len(rest) > 1 {
			if cmd := findCommand(rest[1]); cmd != nil {
				c.commandUsage(c.stdout, cmd, nil)
				return exitOK
			}
			return c.unknownCommand(rest[1])
		}
		c.usage(c.stdout)
		return exitOK
	}
	cmd := findCommand(rest[0])
	if cmd == nil {
		return c.unknownCommand(rest[0])
	}
	fs := flag.NewFlagSet("penny "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.globalFlags(fs)
	if cmd.flags != nil {
		cmd.flags(c, fs)
	}
	pos, err := parseInterspersed(fs, rest[1:])
	if errors.Is(err, flag.ErrHelp) {
		c.commandUsage(c.stdout, cmd, fs)
		return exitOK
	}
	if err != nil {
		return c.flagMistake("penny "+cmd.name, fs, err)
	}
	if !cmd.built {
		fmt.Fprintf(c.stderr, "penny %s: not built yet in this version of Penny (%s)\n", cmd.name, cmd.summary)
		return exitUsage
	}
	err = cmd.run(c, ctx, pos)
	var ue usageError
	if errors.As(err, &ue) {
		return c.usageMistake(c.stderr, cmd, ue.msg)
	}
	var ce cancelledError
	if err != nil && ctx.Err() != nil && !errors.As(err, &ce) {
		// A command that failed once its context ended stopped for that
		// reason, whatever error the step under way made of it.
		err = cancelledError{msg: "cancelled.", cause: context.Cause(ctx)}
	}
	return c.finish(err)
}

// finish prints err for a person and maps it to the exit code. Damage a
// vault found after it opened is the outcome, whatever the command made of
// it: a query's I/O error, a refused write, or nothing (a command that
// wrote no output learns of a failed checksum only here).
func (c *cli) finish(err error) int {
	for _, v := range c.opened {
		if d := v.Damage(); d != nil {
			err = d
		}
	}
	if err == nil {
		return exitOK
	}
	// Error messages quote file names, paths and what a file held: each line
	// goes through the sanitizer on its way to the terminal.
	fmt.Fprintf(sanitizingWriter{c.stderr}, "penny: %s\n", explain(c.humanize(err)))
	return exitCode(err)
}

func exitCode(err error) int {
	var (
		ue  usageError
		sig signalled
		ce  cancelledError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &sig):
		return 128 + int(sig.sig)
	case errors.As(err, &ce):
		return exitCancelled
	case errors.Is(err, vault.ErrInUse):
		return exitInUse
	case errors.Is(err, vault.ErrDamaged):
		return exitDamaged
	case errors.Is(err, vault.ErrLocked):
		return exitLocked
	}
	return exitError
}

// explain adds what to do next to the errors a person can act on.
func explain(err error) string {
	msg := err.Error()
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		return msg + "\n" + h.Hint()
	}
	switch {
	case errors.Is(err, vault.ErrNoVault):
		return msg + "\nCreate one with `penny init`, or try `penny demo` first."
	case errors.Is(err, vault.ErrWrongPassphrase):
		return msg + "\nCheck the passphrase (PENNY_PASSPHRASE, --passphrase-file or the prompt) and try again; the vault was not changed."
	case errors.Is(err, vault.ErrLocked):
		return msg + "\nUnlock it with its passphrase: set PENNY_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal to be asked." +
			"\nIf the vault has only a keyring slot, make sure your desktop keyring (Secret Service) is running and unlocked."
	case errors.Is(err, vault.ErrDamaged):
		return msg + "\nThe file was not changed. An earlier state may still open: the vault as it was before its last full save is kept beside it as vault.penny.prev."
	case errors.Is(err, vault.ErrInUse):
		return msg + "\nIts write did not end within PENNY_LOCK_WAIT (default 30s); if that Penny is stuck, stop it and try again. Read-only commands still work."
	case errors.Is(err, store.ErrAmbiguous):
		return msg + "\nUse more of the name."
	case cannotWrite(err):
		return msg + "\nPenny cannot write in the vault's data folder (is it read-only?); nothing was changed. " +
			"Read-only commands (balance, tx, ask, export, backup) still work."
	}
	return msg
}

// parseInterspersed lets flags and positional arguments mix in any order,
// so `penny ask "balance" --json` works; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
		if len(args) > 0 && args[0] == "--" {
			// fs.Parse consumed a "--" that came right after a positional;
			// keep the rest as positionals.
			return append(pos, args[1:]...), nil
		}
	}
}

func (c *cli) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.dataDir, "data-dir", c.dataDir, "folder of the vault (default $PENNY_DATA_DIR or $XDG_DATA_HOME/penny)")
	fs.StringVar(&c.configFile, "config", c.configFile, "config file (default $XDG_CONFIG_HOME/penny/config.toml)")
	fs.StringVar(&c.passFile, "passphrase-file", c.passFile, "read the vault passphrase from this file (or set PENNY_PASSPHRASE)")
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprint(w, `Penny: a local-first messenger for your own money. Your bank data stays on
this machine, in an encrypted vault.

Usage:
  penny [flags]                 open Penny on your vault
  penny COMMAND [flags] [args]

Commands:
`)
	cmds := commands()
	width := 0
	for _, cmd := range cmds {
		width = max(width, len(cmd.name))
	}
	for _, cmd := range cmds {
		note := ""
		if !cmd.built {
			note = " (not built yet)"
		}
		fmt.Fprintf(w, "  %-*s  %s%s\n", width, cmd.name, cmd.summary, note)
	}
	fmt.Fprint(w, `
Global flags:
  --data-dir DIR          folder of the vault (default $PENNY_DATA_DIR, else $XDG_DATA_HOME/penny)
  --config FILE           config file (default $XDG_CONFIG_HOME/penny/config.toml)
  --passphrase-file FILE  read the vault passphrase from FILE (or set PENNY_PASSPHRASE)
  --version               print Penny's version and commit

Exit codes: 0 ok, 1 error, 2 usage, 3 locked or wrong key, 4 vault damaged or
tampered, 5 vault in use, 130 cancelled by Ctrl-C (143 by SIGTERM).

Run 'penny help COMMAND' or 'penny COMMAND --help' for a command's flags.
`)
}

func (c *cli) commandUsage(w io.Writer, cmd *command, fs *flag.FlagSet) {
	line := "penny " + cmd.name + " [flags]"
	if cmd.args != "" {
		line += " " + cmd.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", line, cmd.summary)
	if cmd.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(cmd.help))
	}
	if !cmd.built {
		fmt.Fprintln(w, "\nThis command is not built yet in this version of Penny.")
	}
	if fs == nil {
		fs = flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		c.globalFlags(fs)
		if cmd.flags != nil {
			cmd.flags(c, fs)
		}
	}
	fmt.Fprintln(w, "\nFlags:")
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		l := "  --" + f.Name
		if name != "" {
			l += " " + name
		}
		lines = append(lines, fmt.Sprintf("%-28s %s", l, use))
	})
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func cmdVersion() *command {
	return &command{name: "version", summary: "print Penny's version", built: true,
		run: func(c *cli, _ context.Context, _ []string) error {
			fmt.Fprintln(c.stdout, versionString())
			return nil
		}}
}

var version = "0.1.0-dev"
