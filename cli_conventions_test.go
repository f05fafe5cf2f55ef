package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/category"
	"penny/internal/jsonout"
	"penny/store"
	"penny/store/vault"
)

func TestMistakesSuggestAndExit2(t *testing.T) {
	env := testEnv(t)
	tests := []struct {
		name string
		args []string
		want string // in stderr
		not  string // never in stderr
	}{
		{"a dropped letter in a command", []string{"blance"}, `unknown command "blance"; did you mean "balance"?`, ""},
		{"swapped letters in a command", []string{"exprot", "--format", "csv"}, `did you mean "export"?`, ""},
		{"a command nothing is near", []string{"frobnicate"}, `unknown command "frobnicate"`, "did you mean"},
		{"help for a mistyped command", []string{"help", "balanse"}, `did you mean "balance"?`, ""},
		{"a mistyped command flag", []string{"export", "--formt", "csv"}, "unknown flag --formt; did you mean --format?", ""},
		{"a mistyped flag after positionals", []string{"ask", "balance", "--jsno"}, "unknown flag --jsno; did you mean --json?", ""},
		{"a mistyped global flag before the command", []string{"--dta-dir", "x", "balance"}, "unknown flag --dta-dir; did you mean --data-dir?", ""},
		{"a global flag mistyped after the command", []string{"tx", "--pasphrase-file", "x"}, "did you mean --passphrase-file?", ""},
		{"a flag nothing is near", []string{"balance", "--zzzzzz"}, "unknown flag --zzzzzz", "did you mean"},
		{"a flag without its value", []string{"tx", "--limit"}, "--limit needs a value", ""},
		{"a bad flag value", []string{"tx", "--limit", "many"}, `invalid value "many" for --limit`, ""},
		{"a mistyped export format", []string{"export", "--format", "ledgr"}, `did you mean "ledger"?`, ""},
		{"MT940 is no export format", []string{"export", "--format", "mt940"}, `unknown export format "mt940"`, ""},
		{"a missing argument", []string{"backup"}, "penny backup: backup takes one FILE", ""},
		{"an unknown shell", []string{"completion", "tcsh"}, `no completion for "tcsh"`, ""},
		{"a live demo faster than the chat refreshes", []string{"demo", "--live-every", "10ms"}, "--live-every must be between 1s and 1h", ""},
		{"a mistyped config command", []string{"confg"}, `did you mean "config"?`, ""},
		{"a mistyped config flag", []string{"config", "--int"}, "unknown flag --int; did you mean --init?", ""},
		{"--force alone", []string{"config", "--force"}, "--force goes with --init", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, env, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) || (tt.not != "" && strings.Contains(stderr, tt.not)) {
				t.Errorf("stderr %q, want %q in it", stderr, tt.want)
			}
			// One line saying what, one saying where to read more: never
			// a usage dump.
			if lines := strings.Count(stderr, "\n"); lines > 2 || strings.Contains(stderr, "Usage:") {
				t.Errorf("%d lines of stderr, want at most 2:\n%s", lines, stderr)
			}
		})
	}
}

func TestUnknownAccountNamesTheAccounts(t *testing.T) {
	env, _ := demoVault(t, 300)
	for _, cmd := range [][]string{{"tx", "--account", "chekcing"}, {"export", "--format", "csv", "--account", "chekcing"}} {
		_, stderr, code := runBin(t, env, cmd...)
		want := `penny: no account named "chekcing" (did you mean "Everyday Checking"?); accounts: `
		if code != exitError || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "High-Yield Savings") ||
			strings.Contains(stderr, "store:") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", strings.Join(cmd, " "), code, stderr, want)
		}
	}
	_, stderr, code := runBin(t, env, "tx", "--account", "s")
	if code != exitError || !strings.Contains(stderr, `"s" could be `) || strings.Contains(stderr, "store:") {
		t.Errorf("an ambiguous account: exit %d, stderr %q", code, stderr)
	}
}

func TestVaultErrorsWithoutInternalPrefixes(t *testing.T) {
	env := testEnv(t)
	_, stderr, _ := run(t, env, "balance")
	if !strings.HasPrefix(stderr, "penny: no vault at "+vaultFile(env)+"\n") {
		t.Errorf("stderr %q", stderr)
	}
	env, _ = demoVault(t, 10)
	_, stderr, code := runBin(t, with(env, "PENNY_PASSPHRASE", "wrong"), "balance")
	if code != exitLocked || !strings.HasPrefix(stderr, "penny: wrong passphrase for the vault at "+vaultFile(env)+"\n") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runBin(t, nil, "--version")
	again, _, _ := runBin(t, nil, "version")
	if code != 0 || out != again || !strings.HasPrefix(out, "penny version ") || !strings.Contains(out, runtime.Version()) {
		t.Fatalf("--version: exit %d, %q; version: %q", code, out, again)
	}
	// Where Go stamped the commit into the binary, --version names it.
	info, err := exec.Command("go", "version", "-m", pennyBin).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(info), "\n") {
		if _, rev, ok := strings.Cut(l, "vcs.revision="); ok {
			if !strings.Contains(out, "commit "+rev[:12]) {
				t.Errorf("--version %q lacks the commit %s", out, rev[:12])
			}
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	needShell(t, "bash")
	cmd := exec.Command("bash", "-c", "source <("+pennyBin+" completion bash)")
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("bash: %v: %s", err, out)
	}
	complete := []struct {
		line, want string
	}{
		{"penny bal", "balance"},
		{"penny ex", "export"},
		{"penny export --for", "--format"},
		{"penny export --format le", "ledger"},
		{"penny --data-dir /tmp export --format be", "beancount"},
		{"penny import --format c", "csv camt053"},
		{"penny completion z", "zsh"},
		{"penny help rest", "restore"},
		{"penny tx --sea", "--search"},
		{"penny --vers", "--version"},
		{"penny conf", "config"},
		{"penny config --in", "--init"},
		{"penny undo --js", "--json"},
	}
	for _, c := range complete {
		words := strings.Fields(c.line)
		script := "source <(" + pennyBin + " completion bash); COMP_WORDS=(" + c.line + "); COMP_CWORD=" +
			strconv.Itoa(len(words)-1) + `; _penny; echo "${COMPREPLY[*]}"`
		out, err := exec.Command("bash", "-c", script).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != c.want {
			t.Errorf("bash completes %q to %q (%v), want %q", c.line, strings.TrimSpace(string(out)), err, c.want)
		}
	}

	t.Run("zsh", func(t *testing.T) {
		needShell(t, "zsh")
		cmd := exec.Command("zsh", "-c", "autoload -U compinit && compinit -u -D && source <("+pennyBin+
			" completion zsh) && print -r -- ${_comps[penny]}")
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "_penny" {
			t.Fatalf("zsh: %v: %s", err, out)
		}
	})
	t.Run("fish", func(t *testing.T) {
		if _, err := exec.LookPath("fish"); err != nil {
			t.Skip("fish is not installed")
		}
		out, err := exec.Command("fish", "-c", pennyBin+" completion fish | source; complete -C 'penny exp'").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "export") {
			t.Fatalf("fish: %v: %s", err, out)
		}
	})
}

// needShell skips a test when the shell is missing, except in CI (CI set),
// where .ci/run installs it and a skip would hide the test.
func needShell(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed in CI (apt-get install %s)", name, name)
		}
		t.Skipf("%s is not installed: apt-get install %s to run this test", name, name)
	}
}

func TestTxSearchAndCategory(t *testing.T) {
	env, data := demoVault(t, 2000)
	var doc jsonout.TxList
	get := func(args ...string) []jsonout.Tx {
		t.Helper()
		out, stderr, code := runBin(t, env, append([]string{"tx", "--json", "--limit", "0"}, args...)...)
		if code != 0 {
			t.Fatalf("tx %v: exit %d: %s", args, code, stderr)
		}
		doc = jsonout.TxList{}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Transactions
	}
	leaves := map[string]bool{}
	for _, c := range category.Expand("food & drink") {
		leaves[c] = true
	}
	want := 0
	for _, x := range data.Transactions {
		if leaves[x.Category] {
			want++
		}
	}
	got := get("--category", "food & drink")
	if want == 0 || len(got) != want {
		t.Errorf("--category 'food & drink': %d rows, the demo has %d", len(got), want)
	}
	for _, x := range got {
		if category.Parent(x.Category) != category.FoodDrink {
			t.Errorf("--category 'food & drink' listed %q", x.Category)
		}
	}
	want = 0
	for _, x := range data.Transactions {
		if strings.Contains(strings.ToLower(x.Payee+"\x00"+x.Memo), "coffee") {
			want++
		}
	}
	got = get("--search", "COFFEE")
	if want == 0 || len(got) != want {
		t.Errorf("--search COFFEE: %d rows, the demo has %d", len(got), want)
	}
	got = get("--search", "coffee", "--category", "coffee", "--limit", "3")
	if len(got) != 3 {
		t.Errorf("--search with --category and --limit 3: %d rows", len(got))
	}
}

func TestTableRowsStayOneLineWhenPiped(t *testing.T) {
	env, _ := demoVault(t, 50)
	sv, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	v := sv.Store()
	accts, err := v.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("VERY LONG PAYEE ", 20) + "\nSECOND LINE\tTAB"
	if _, err := v.InsertTransactions(t.Context(), []store.NewTransaction{{AccountID: accts[0].ID,
		Posted: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Amount: -100, Currency: accts[0].Currency, Payee: long}}); err != nil {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	out, _, code := runBin(t, env, "tx", "--limit", "0")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 51+1 {
		t.Errorf("%d lines for 51 rows and a header", len(lines))
	}
	found := false
	for _, l := range lines {
		// The line break and the tab became spaces; nothing was cut.
		if strings.Contains(l, strings.Repeat("VERY LONG PAYEE ", 20)+" SECOND LINE TAB") {
			found = true
		}
	}
	if !found {
		t.Errorf("the long payee was cut or wrapped:\n%s", out)
	}
}

func TestImportHelpListsOnlyFormatsItReads(t *testing.T) {
	out, _, _ := run(t, nil, "import", "--help")
	if strings.Contains(strings.ToLower(out), "mt940") || !strings.Contains(out, "camt053") {
		t.Errorf("import --help:\n%s", out)
	}
}
