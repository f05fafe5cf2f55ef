package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"penny/category"
	"penny/money"
	"penny/store"
)

// These tests run the real tools on exported files: ledger, hledger and
// bean-check (Debian packages ledger, hledger, beancount; .ci/run installs
// them). Without a tool its test is skipped with a message, except in CI,
// where a skip would hide the test.

func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed in CI (apt-get install %s)", name, pkg)
		}
		t.Skipf("%s is not installed: apt-get install %s to run this test", name, pkg)
	}
	return path
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "LEDGER_FILE=", "HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, errb.String(), out.String())
	}
	return out.String()
}

// toMinor reads a tool's decimal ("-1234.5", "1500") as minor units.
func toMinor(t *testing.T, num string, currency string) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		t.Fatalf("not a number: %q", num)
	}
	c, err := money.Lookup(currency)
	if err != nil {
		t.Fatal(err)
	}
	r.Mul(r, new(big.Rat).SetInt64(pow10(c.Exponent)))
	if !r.IsInt() {
		t.Fatalf("%s %s has more decimals than the currency", num, currency)
	}
	return r.Num().Int64()
}

var amountRE = regexp.MustCompile(`^(-?[0-9.]+)\s+([A-Z]{3})$`)

// parseBalances reads "account<sep>amount" lines into minor units per
// account (accounts with one currency; the test's own accounts have one).
func parseBalances(t *testing.T, rows [][2]string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, r := range rows {
		acct, amt := strings.TrimSpace(r[0]), strings.Join(strings.Fields(r[1]), " ")
		if amt == "0" || amt == "" {
			out[acct] = 0
			continue
		}
		m := amountRE.FindStringSubmatch(amt)
		if m == nil {
			continue // several commodities: not one of the own accounts
		}
		out[acct] = toMinor(t, m[1], m[2])
	}
	return out
}

func ledgerBalances(t *testing.T, file string) map[string]int64 {
	out := runTool(t, "ledger", "-f", file, "--flat", "--no-total", "--empty",
		"-F", "%(account)\t%(scrub(display_total))\n", "balance")
	var rows [][2]string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if a, b, ok := strings.Cut(l, "\t"); ok {
			rows = append(rows, [2]string{a, b})
		}
	}
	return parseBalances(t, rows)
}

func hledgerBalances(t *testing.T, file string) map[string]int64 {
	out := runTool(t, "hledger", "-f", file, "balance", "--flat", "-N", "-E", "-O", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][2]string
	for _, r := range recs[1:] {
		rows = append(rows, [2]string{r[0], r[1]})
	}
	return parseBalances(t, rows)
}

func beancountBalances(t *testing.T, file string) map[string]int64 {
	out := runTool(t, "bean-query", "-f", "csv", file, "SELECT account, units(sum(position)) AS b GROUP BY account")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][2]string
	for _, r := range recs[1:] {
		rows = append(rows, [2]string{r[0], r[1]})
	}
	return parseBalances(t, rows)
}

// checkTools exports st in both journal formats, has each tool load and
// check the file, and compares every own account's balance with Penny's.
// It returns the two files.
func checkTools(t *testing.T, st *store.Store) (ledgerFile, beanFile string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ledgerFile = filepath.Join(dir, "out.journal")
	beanFile = filepath.Join(dir, "out.beancount")
	if err := os.WriteFile(ledgerFile, []byte(export(t, st, Options{Format: Ledger})), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(beanFile, []byte(export(t, st, Options{Format: Beancount})), 0o600); err != nil {
		t.Fatal(err)
	}
	accounts, err := st.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	compare := func(t *testing.T, syn syntax, got map[string]int64) {
		t.Helper()
		names := newNamer(syn, accounts)
		for _, a := range accounts {
			name := names.own[a.ID]
			if got[name] != a.Balance.Minor {
				t.Errorf("%s (%s): the tool says %d, Penny %d", a.Name, name, got[name], a.Balance.Minor)
			}
		}
	}
	t.Run("ledger", func(t *testing.T) {
		needTool(t, "ledger", "ledger")
		compare(t, ledgerSyntax{}, ledgerBalances(t, ledgerFile))
	})
	t.Run("hledger", func(t *testing.T) {
		needTool(t, "hledger", "hledger")
		runTool(t, "hledger", "-f", ledgerFile, "check")
		compare(t, ledgerSyntax{}, hledgerBalances(t, ledgerFile))
	})
	t.Run("beancount", func(t *testing.T) {
		needTool(t, "bean-check", "beancount")
		runTool(t, "bean-check", beanFile)
		compare(t, beancountSyntax{}, beancountBalances(t, beanFile))
	})
	return ledgerFile, beanFile
}

func TestToolsLoadA10kExportWithPennysBalances(t *testing.T) {
	st := demoStore(t, 10000)
	ledgerFile, beanFile := checkTools(t, st)
	// The bank balances must have become assertions, or the tools checked
	// nothing but the arithmetic.
	for _, f := range []string{ledgerFile, beanFile} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), " = ") + strings.Count(string(b), " balance "); n == 0 {
			t.Errorf("%s holds no balance assertion", filepath.Base(f))
		}
		if strings.Contains(string(b), "not asserted") {
			t.Errorf("%s left a consistent bank balance unasserted", filepath.Base(f))
		}
	}
}

// hostile are payees and memos that try to end a line, open a comment,
// start a directive, evaluate an expression, or move the terminal.
var hostile = []string{
	"\x1b[31mRED\x1b[0m \x1b]52;c;ZXZpbA==\x07",
	"semi; colon ; comment",
	"line one\n2024-01-01 open Assets:Injected\n2024-01-01 * \"x\"",
	"quote \" and \\ backslash \\\"",
	"(CODE) payee with a code",
	"ref:: ((((",
	"[2020/01/01] date:2020-01-01 date2:2020-01-01",
	"payee | note",
	"\r\n  Assets:Injected  1000.00 USD\r\n",
	"=HYPERLINK(\"http://example.com\")",
	"\u202eReversed\u202c",
	"\ninclude /etc/passwd",
	"\t\tExpenses:Injected  5 USD",
	"",
	"  ",
	"* ! (",
}

// hostileStore holds accounts, categories, payees and memos made of hostile
// strings, transfers between them, and bank balances.
func hostileStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	mk := func(name, typ, cur string, opening int64) store.Account {
		a, err := st.CreateAccount(ctx, store.AccountParams{Name: name, Type: typ, Currency: cur, Opening: opening})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	chk := mk("Checking; 2024-01-01 open Assets:Evil\n2024-01-01 * x", "checking", "USD", 100000)
	card := mk("Visa \"gold\" \\ [x]", "credit", "USD", -5000)
	eur := mk("Épargne:: ((", "savings", "EUR", 0)
	jpy := mk("(Yen)", "savings", "JPY", 0)
	var rows []store.NewTransaction
	start := day("2025-01-01")
	cats := []string{category.Groceries, "", category.Salary, "Evil\n; x:: (", category.ToPeople, "=cmd|' /C calc'!A0"}
	for i, h := range hostile {
		for j, acct := range []store.Account{chk, card} {
			amount := int64(-(i*100 + j*7 + 123))
			if i%5 == 0 {
				amount = -amount
			}
			rows = append(rows, store.NewTransaction{AccountID: acct.ID, Posted: start.AddDate(0, 0, i), Amount: amount,
				Currency: "USD", Payee: h, Memo: hostile[len(hostile)-1-i], Category: cats[(i+j)%len(cats)]})
		}
	}
	// Transfers: checking to the card, checking to euros, checking to yen,
	// each side a separate row linked to the other.
	pairs := [][2]store.NewTransaction{
		{{AccountID: chk.ID, Posted: day("2025-02-01"), Amount: -2500, Currency: "USD", Payee: hostile[2], Category: category.CardPayment},
			{AccountID: card.ID, Posted: day("2025-02-03"), Amount: 2500, Currency: "USD", Payee: hostile[3], Category: category.CardPayment}},
		{{AccountID: chk.ID, Posted: day("2025-02-05"), Amount: -10000, Currency: "USD", Payee: hostile[5], Category: category.CurrencyExchange},
			{AccountID: eur.ID, Posted: day("2025-02-05"), Amount: 9213, Currency: "EUR", Payee: hostile[6], Category: category.CurrencyExchange}},
		{{AccountID: chk.ID, Posted: day("2025-02-07"), Amount: -1000, Currency: "USD", Payee: hostile[0], Category: category.CurrencyExchange},
			{AccountID: jpy.ID, Posted: day("2025-02-08"), Amount: 1500, Currency: "JPY", Payee: hostile[9], Category: category.CurrencyExchange}},
	}
	for _, p := range pairs {
		rows = append(rows, p[0], p[1])
	}
	// A pending row: not in the journals, not in Penny's balance.
	rows = append(rows, store.NewTransaction{AccountID: chk.ID, Posted: day("2025-02-10"), Amount: -999, Currency: "USD",
		Payee: hostile[1], Pending: true})
	store.AssignOrdinals(rows)
	ids, err := st.InsertTransactions(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	first := len(rows) - 1 - 2*len(pairs)
	for k := range pairs {
		if err := st.LinkTransfer(ctx, ids[first+2*k], ids[first+2*k+1]); err != nil {
			t.Fatal(err)
		}
	}
	// The bank agrees on checking and the euros, and disagrees on the
	// card: that one must not become an assertion.
	for _, a := range []store.Account{chk, card, eur} {
		a, err := st.Account(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		bank := a.Balance.Minor
		if a.ID == card.ID {
			bank += 4200
		}
		if err := st.SetBankBalance(ctx, a.ID, bank, nil, day("2025-02-10")); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestToolsLoadHostileTextWithPennysBalances(t *testing.T) {
	st := hostileStore(t)
	ledgerFile, beanFile := checkTools(t, st)
	for _, f := range []string{ledgerFile, beanFile} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.Contains(text, "Injected") && regexp.MustCompile(`(?m)^\s*(Assets|Expenses):Injected`).MatchString(text) {
			t.Errorf("%s: a payee became a posting:\n%s", filepath.Base(f), text)
		}
		if strings.ContainsAny(text, "\x1b\x07\r\u202e") {
			t.Errorf("%s holds a control character from a payee", filepath.Base(f))
		}
		for i, line := range strings.Split(text, "\n") {
			if regexp.MustCompile(`^\d{4}-\d\d-\d\d`).MatchString(line) &&
				!regexp.MustCompile(`^\d{4}-\d\d-\d\d (\* |open |commodity |balance )`).MatchString(line) {
				t.Errorf("%s line %d starts with a date but is not one of ours: %q", filepath.Base(f), i+1, line)
			}
		}
		if n := strings.Count(text, "not asserted"); n != 1 {
			t.Errorf("%s: %d unasserted bank balances, want 1 (the card's)", filepath.Base(f), n)
		}
	}
	// Each tool reads every payee whole, as written: nothing of it was
	// taken for a code, a comment, a note or a new line.
	want := map[string]string{}
	txs, err := st.Transactions(context.Background(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs {
		want[strconv.FormatInt(tx.ID, 10)] = journalText(tx.Payee)
	}
	checkPayees := func(t *testing.T, got map[string]string) {
		t.Helper()
		if len(got) < 2*len(hostile) {
			t.Fatalf("the tool read %d coded entries, want at least %d", len(got), 2*len(hostile))
		}
		for code, payee := range got {
			first, _, _ := strings.Cut(code, ",")
			if w, ok := want[first]; !ok || strings.TrimSpace(payee) != w {
				t.Errorf("entry (%s): the tool reads payee %q, want %q", code, payee, w)
			}
		}
	}
	t.Run("ledger payees", func(t *testing.T) {
		needTool(t, "ledger", "ledger")
		out := runTool(t, "ledger", "-f", ledgerFile, "-F", "%(code)\t%(payee)\n", "register")
		got := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if code, payee, ok := strings.Cut(l, "\t"); ok && code != "" {
				got[code] = strings.TrimPrefix(payee, "<Unspecified payee>")
			}
		}
		checkPayees(t, got)
	})
	t.Run("hledger payees", func(t *testing.T) {
		needTool(t, "hledger", "hledger")
		out := runTool(t, "hledger", "-f", ledgerFile, "register", "-O", "csv")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range recs[1:] {
			if r[2] != "" {
				got[r[2]] = r[3]
			}
		}
		checkPayees(t, got)
	})
	t.Run("beancount payees", func(t *testing.T) {
		needTool(t, "bean-query", "beancount")
		out := runTool(t, "bean-query", "-f", "csv", beanFile, "SELECT DISTINCT entry_meta('penny-id') AS id, payee")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range recs[1:] {
			if id := strings.TrimSpace(r[0]); id != "" {
				got[id] = r[1]
			}
		}
		for code, payee := range got {
			first, _, _ := strings.Cut(code, ",")
			if w := oneLine(txPayee(txs, first)); strings.TrimSpace(payee) != w {
				t.Errorf("entry (%s): beancount reads payee %q, want %q", code, payee, w)
			}
		}
		if len(got) < 2*len(hostile) {
			t.Fatalf("beancount read %d coded entries, want at least %d", len(got), 2*len(hostile))
		}
	})
	// The entries are the ones written: 32 rows, 3 transfers of two rows
	// each, and the opening balances of checking and the card.
	if _, err := exec.LookPath("hledger"); err == nil {
		out := runTool(t, "hledger", "-f", ledgerFile, "print", "-O", "csv")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		entries := map[string]bool{}
		for _, r := range recs[1:] {
			entries[r[0]] = true
		}
		want := 2*len(hostile) + 3 + 2 + 2 // rows, transfers, openings, assertions
		if len(entries) != want {
			t.Errorf("hledger reads %d transactions, want %d", len(entries), want)
		}
	}
}

func TestSinceUntilKeepBalancesAndAssertions(t *testing.T) {
	needTool(t, "hledger", "hledger")
	st := demoStore(t, 3000)
	ctx := context.Background()
	since, until := day("2026-04-01"), day("2026-06-30")
	file := filepath.Join(t.TempDir(), "q2.journal")
	if err := os.WriteFile(file, []byte(export(t, st, Options{Format: Ledger, Since: since, Until: until})), 0o600); err != nil {
		t.Fatal(err)
	}
	runTool(t, "hledger", "-f", file, "check")
	got := hledgerBalances(t, file)
	accounts, _ := st.Accounts(ctx)
	names := newNamer(ledgerSyntax{}, accounts)
	for _, a := range accounts {
		want, err := st.BalanceAsOf(ctx, a.ID, until)
		if err != nil {
			t.Fatal(err)
		}
		if got[names.own[a.ID]] != want {
			t.Errorf("%s on %s: hledger %d, Penny %d", a.Name, until.Format(time.DateOnly), got[names.own[a.ID]], want)
		}
	}
	out := runTool(t, "hledger", "-f", file, "register", "-O", "csv")
	for _, l := range strings.Split(out, "\n")[1:] {
		if f := strings.Split(l, ","); len(f) > 1 {
			d := strings.Trim(f[1], `"`)
			if d < "2026-04-01" || d > "2026-06-30" {
				t.Fatalf("a posting dated %s is outside the exported quarter", d)
			}
		}
	}
}

func txPayee(txs []store.Transaction, id string) string {
	for _, t := range txs {
		if strconv.FormatInt(t.ID, 10) == id {
			return t.Payee
		}
	}
	return "\x00missing"
}
