package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"penny/internal/suggest"
	"penny/store"
	"penny/store/vault"
)

// How Penny answers mistakes, the way gh and git do: one line saying what
// was wrong, the nearest thing that would have worked, and where to read
// more; never a page of usage.

func commandNames() []string {
	var names []string
	for _, cmd := range commands() {
		names = append(names, cmd.name)
	}
	return names
}

// unknownCommand reports a command Penny does not have (exit 2).
func (c *cli) unknownCommand(name string) int {
	msg := fmt.Sprintf("unknown command %q", name)
	if s, ok := suggest.Closest(name, commandNames()); ok {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	fmt.Fprintf(c.stderr, "penny: %s\nRun 'penny --help' for the list of commands.\n", msg)
	return exitUsage
}

// flagMistake reports a flag error of the command line where ("penny" or
// "penny export") whose flags are fs (exit 2).
func (c *cli) flagMistake(where string, fs *flag.FlagSet, err error) int {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		msg = "unknown flag --" + name
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if f.Name != "h" {
				names = append(names, f.Name)
			}
		})
		if s, ok := suggest.Closest(name, names); ok {
			msg += "; did you mean --" + s + "?"
		}
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		msg = "--" + strings.TrimLeft(name, "-") + " needs a value"
	} else {
		msg = strings.Replace(msg, "for flag -", "for --", 1)
	}
	fmt.Fprintf(c.stderr, "%s: %s\nRun '%s --help' for usage.\n", where, msg, where)
	return exitUsage
}

// usageMistake reports a usage error a command found in its arguments.
func (c *cli) usageMistake(w io.Writer, cmd *command, msg string) int {
	fmt.Fprintf(w, "penny %s: %s\nRun 'penny %s --help' for usage.\n", cmd.name, msg, cmd.name)
	return exitUsage
}

// findAccount resolves an --account value. A name that matches nothing says
// which accounts there are (and the nearest one); a name that matches
// several names them.
func (c *cli) findAccount(ctx context.Context, st *store.Store, name string) (store.Account, error) {
	a, err := st.FindAccount(ctx, name)
	if err == nil || !(errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAmbiguous)) {
		return a, err
	}
	all, lerr := st.Accounts(ctx)
	if lerr != nil {
		return a, err
	}
	var names []string
	for _, x := range all {
		names = append(names, x.Name)
	}
	if errors.Is(err, store.ErrAmbiguous) {
		var matches []string
		for _, n := range names {
			if strings.Contains(strings.ToLower(n), strings.ToLower(strings.TrimSpace(name))) {
				matches = append(matches, n)
			}
		}
		return a, hintError{err: err, msg: fmt.Sprintf("%q could be %s", name, quoteList(matches, 6)),
			hint: "Use more of the name."}
	}
	if len(names) == 0 {
		return a, hintError{err: err, msg: fmt.Sprintf("no account named %q: there are no accounts yet", name),
			hint: "Import a bank file with `penny import FILE`."}
	}
	msg := fmt.Sprintf("no account named %q", name)
	if s, ok := closestName(name, names); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return a, hintError{err: err, msg: msg + "; accounts: " + quoteList(names, 6)}
}

// closestName matches a mistyped account name against whole names and
// against each of their words ("chekcing" is near "Everyday Checking").
func closestName(typed string, names []string) (string, bool) {
	if s, ok := suggest.Closest(typed, names); ok {
		return s, true
	}
	var words []string
	owner := map[string]string{}
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			if _, seen := owner[strings.ToLower(w)]; !seen {
				owner[strings.ToLower(w)] = n
				words = append(words, strings.ToLower(w))
			}
		}
	}
	if w, ok := suggest.Closest(typed, words); ok {
		return owner[w], true
	}
	return "", false
}

// quoteList lists up to n names, sanitized (an account name may come from a
// bank file), with "…" for the rest.
func quoteList(names []string, n int) string {
	var out []string
	for i, s := range names {
		if i == n {
			out = append(out, "…")
			break
		}
		out = append(out, sanitizeLine(s))
	}
	return strings.Join(out, ", ")
}

// humanize rewords the vault errors people meet most often without the
// prefixes of the packages they came through. The result still wraps err,
// so the exit code and explain's hints follow it.
func (c *cli) humanize(err error) error {
	var he hintError
	if errors.As(err, &he) && he.msg != "" {
		return err
	}
	path, perr := c.vaultPath()
	if perr != nil {
		return err
	}
	rest, ok := strings.CutPrefix(err.Error(), "vault: "+path+": ")
	if !ok {
		return err
	}
	var msg string
	switch {
	case errors.Is(err, vault.ErrNoVault):
		msg = "no vault at " + path
	case errors.Is(err, vault.ErrWrongPassphrase):
		msg = "wrong passphrase for the vault at " + path
	case errors.Is(err, vault.ErrLocked):
		msg = "the vault at " + path + " is locked" + strings.TrimPrefix(rest, vault.ErrLocked.Error())
	case errors.Is(err, vault.ErrDamaged):
		msg = "the vault at " + path + " is damaged or was tampered with" + strings.TrimPrefix(rest, vault.ErrDamaged.Error())
	default:
		return err
	}
	return hintError{err: err, msg: msg}
}
