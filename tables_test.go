package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"penny/store"
	"penny/store/vault"
)

// longPayee is a payee no terminal row holds.
var longPayee = strings.Repeat("VERY LONG PAYEE ", 20)

// longPayeeVault is a demo vault with one transaction whose payee is
// longPayee and an account whose name is long too.
func longPayeeVault(t *testing.T) map[string]string {
	t.Helper()
	env, _ := demoVault(t, 300)
	sv, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	st := sv.Store()
	accts, err := st.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: accts[0].ID,
		Posted: time.Now().UTC().Truncate(24 * time.Hour), Amount: -100, Currency: accts[0].Currency, Payee: longPayee}}); err != nil {
		t.Fatal(err)
	}
	if err := st.RenameAccount(t.Context(), accts[1].ID, "A Savings Account With A Name Far Longer Than Any Column"); err != nil {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	return env
}

// runWidth runs the CLI in process as if stdout were a terminal width
// cells wide.
func runWidth(t *testing.T, env map[string]string, width int, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	c.stdoutWidth = func() int { return width }
	code := c.run(t.Context(), args)
	if code != 0 {
		t.Fatalf("penny %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String(), code
}

// On a terminal every table fits its width, one row a line, its long text
// cut with "…"; piped (width 0) nothing is cut.
func TestTablesFitTheTerminal(t *testing.T) {
	t.Parallel()
	env := longPayeeVault(t)
	for _, args := range [][]string{{"tx"}, {"tx", "--limit", "0"}, {"balance"}, {"account", "list"}, {"alerts"}} {
		piped, _ := runWidth(t, env, 0, args...)
		rows := strings.Count(piped, "\n")
		wide := 0
		for _, l := range strings.Split(piped, "\n") {
			wide = max(wide, ansi.StringWidth(l))
		}
		for _, width := range []int{80, 100} {
			out, _ := runWidth(t, env, width, args...)
			if n := strings.Count(out, "\n"); n != rows {
				t.Errorf("%s at %d cells: %d lines, piped %d", strings.Join(args, " "), width, n, rows)
			}
			for _, l := range strings.Split(out, "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%s at %d cells: a line is %d wide: %q", strings.Join(args, " "), width, w, l)
				}
			}
			if cut := strings.Contains(out, "…") && !strings.Contains(piped, "…"); cut != (wide > width) {
				t.Errorf("%s at %d cells (whole it is %d wide): cut %v\n%s", strings.Join(args, " "), width, wide, cut, out)
			}
		}
		if args[0] == "tx" && !strings.Contains(piped, strings.TrimSpace(longPayee)) {
			t.Errorf("%s piped: the long payee was cut:\n%s", strings.Join(args, " "), piped)
		}
	}
}

// The same through the real binary in a terminal 64 cells wide, and piped
// through cat in it.
func TestTablesInANarrowTerminal(t *testing.T) {
	t.Parallel()
	env := longPayeeVault(t)
	const width = 64
	s := newTmux(t, width, 50, shellEnv(env)+" sh -c '"+pennyBin+" tx --limit 12; "+pennyBin+" account list; echo PIPED; "+
		pennyBin+" tx --limit 3 | cat; echo DONE'; sleep 30")
	s.waitFor("DONE")
	// -J joins the lines the terminal wrapped: a row wider than the pane
	// shows as one line wider than it.
	scr := s.run("capture-pane", "-p", "-J", "-t", s.name)
	terminal, piped, ok := strings.Cut(scr, "PIPED")
	if !ok {
		t.Fatalf("the screen:\n%s", scr)
	}
	for _, l := range strings.Split(terminal, "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("in the terminal a line is %d wide: %q", w, l)
		}
	}
	if !strings.Contains(terminal, "VERY LONG…") || !regexp.MustCompile(`A Savings[ A-Za-z]*…`).MatchString(terminal) {
		t.Errorf("the long payee and name are not cut with …:\n%s", terminal)
	}
	if !strings.Contains(piped, strings.TrimSpace(longPayee)) {
		t.Errorf("piped, the payee was cut:\n%s", piped)
	}
}
