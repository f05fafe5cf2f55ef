package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"penny/internal/jsonout"
	"strconv"
	"strings"
	"testing"

	"penny/internal/sharedtest"
)

// newVault is a passphrase vault in a private home, made through the CLI.
func newVault(t *testing.T) map[string]string {
	t.Helper()
	env := with(testEnv(t), "PENNY_PASSPHRASE", "corrections test")
	if _, stderr, code := runBin(t, env, "init", "--no-keyring"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return env
}

// mustRun runs penny and fails the test unless it exits with code.
func mustRun(t *testing.T, env map[string]string, code int, args ...string) string {
	t.Helper()
	out, stderr, got := runBin(t, env, args...)
	if got != code {
		t.Fatalf("penny %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, code, out, stderr)
	}
	return out + stderr
}

// txList is `penny tx --json --limit 0`.
func txList(t *testing.T, env map[string]string) []jsonout.Tx {
	t.Helper()
	var doc jsonout.TxList
	if err := json.Unmarshal([]byte(mustRun(t, env, 0, "tx", "--json", "--limit", "0")), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Transactions
}

func TestACSVWithoutACurrencyIsNotedAndItsAccountCanBeSet(t *testing.T) {
	t.Parallel()
	env := newVault(t)
	csv := filepath.Join(env["HOME"], "kroner.csv")
	if err := os.WriteFile(csv, []byte("Date,Description,Amount\n2012-11-16,Dankort-nota DSB,\"-48.00\"\n2012-10-22,H&M,497.90\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, env, 0, "import", csv)
	for _, want := range []string{"does not say which currency", "takes USD", "--currency CODE",
		"currency USD assumed", "penny account currency 'Imported kroner' CODE"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, env, 0, "account", "currency", "kroner", "DKK")
	if !strings.Contains(out, `"Imported kroner" is in DKK now`) {
		t.Errorf("account currency: %s", out)
	}
	for _, x := range txList(t, env) {
		if x.Currency != "DKK" {
			t.Errorf("row %d in %s", x.ID, x.Currency)
		}
	}
	// The file again, now saying DKK: nothing new. Without --currency: the
	// account's currency, nothing new either.
	for _, args := range [][]string{{"import", csv, "--currency", "DKK"}, {"import", csv}} {
		if out := mustRun(t, env, 0, args...); !strings.Contains(out, "0 new, 2 already there") {
			t.Errorf("penny %s:\n%s", strings.Join(args, " "), out)
		}
	}
	if out := mustRun(t, env, 1, "account", "currency", "kroner", "JPY"); !strings.Contains(out, "decimals") {
		t.Errorf("to JPY: %s", out)
	}
	mustRun(t, env, 2, "account", "currency", "kroner", "KRONER")
	out = mustRun(t, env, 0, "undo")
	if !strings.Contains(out, "from USD to DKK") {
		t.Errorf("undo: %s", out)
	}
	if out := mustRun(t, env, 0, "account", "list"); !strings.Contains(out, "Imported kroner  USD") {
		t.Errorf("after undo:\n%s", out)
	}
	if out := mustRun(t, env, 1, "undo"); !strings.Contains(out, "nothing to undo") {
		t.Errorf("second undo: %s", out)
	}
}

func TestTheDanishKronerCSVImportsInKroner(t *testing.T) {
	t.Parallel()
	file := filepath.Join(sharedtest.Dir(t, "csv"), "csv", "reckon", "danish_kroner_nordea_example.csv")
	env := newVault(t)
	out := mustRun(t, env, 0, "import", "--currency", "DKK", "--json", file)
	var doc jsonout.Import
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Accounts) != 1 || doc.Accounts[0].Currency != "DKK" || doc.Accounts[0].New != 6 ||
		doc.Accounts[0].BalanceCheck == nil || doc.Accounts[0].BalanceCheck.Bank != "26550.33" {
		t.Fatalf("import: %s", out)
	}
	for _, n := range doc.Files[0].Notes {
		if strings.Contains(n, "currency") {
			t.Errorf("a currency note with --currency: %q", n)
		}
	}
}

func TestAnOFXWithAnEmptyCURDEFTakesCurrency(t *testing.T) {
	t.Parallel()
	env := newVault(t)
	ofx := filepath.Join(env["HOME"], "empty-curdef.ofx")
	body := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>" +
		"<STMTRS><CURDEF><BANKACCTFROM><BANKID>1<ACCTID>DK123<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-125.50<FITID>f1<NAME>Netto</STMTTRN>" +
		"</BANKTRANLIST><LEDGERBAL><BALAMT>874.50<DTASOF>20240105</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
	if err := os.WriteFile(ofx, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, env, 0, "import", "--dry-run", ofx)
	if !strings.Contains(out, "does not say which currency") {
		t.Errorf("without --currency: %s", out)
	}
	mustRun(t, env, 0, "import", "--currency", "DKK", ofx)
	rows := txList(t, env)
	if len(rows) != 1 || rows[0].Currency != "DKK" || rows[0].AmountMinor != -12550 {
		t.Fatalf("rows %+v", rows)
	}
}

func TestRenameDeleteAndUndoFromTheCommandLine(t *testing.T) {
	t.Parallel()
	env := newVault(t)
	csv := filepath.Join(env["HOME"], "statement.csv")
	if err := os.WriteFile(csv, []byte("Date,Description,Amount\n2026-03-01,Blue Bottle,-4.50\n2026-03-02,Whole Foods,-120.00\n2026-03-03,Payroll,2500.00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, 0, "import", csv)

	out := mustRun(t, env, 0, "account", "rename", "statement", "Everyday")
	if !strings.Contains(out, `Renamed account "Imported statement" to "Everyday"`) {
		t.Errorf("rename: %s", out)
	}
	// The file again goes to the renamed account, not a new one.
	if out := mustRun(t, env, 0, "import", csv); !strings.Contains(out, "Everyday: 0 new, 3 already there") {
		t.Errorf("import after rename:\n%s", out)
	}
	if out := mustRun(t, env, 0, "account", "list"); strings.Count(out, "\n") != 2 || !strings.Contains(out, "Everyday") {
		t.Errorf("accounts:\n%s", out)
	}
	mustRun(t, env, 2, "account", "rename", "Everyday")
	mustRun(t, env, 1, "account", "rename", "nosuch", "x")

	rows := txList(t, env)
	var coffee jsonout.Tx
	for _, r := range rows {
		if r.Payee == "Blue Bottle" {
			coffee = r
		}
	}
	id := strconv.FormatInt(coffee.ID, 10)
	// The human list shows the id that delete takes.
	if out := mustRun(t, env, 0, "tx"); !strings.Contains(out, "ID") || !strings.Contains(out, id+"  2026-03-01") {
		t.Errorf("tx:\n%s", out)
	}
	mustRun(t, env, 2, "tx", "delete")
	mustRun(t, env, 2, "tx", "delete", "abc")
	mustRun(t, env, 2, "tx", "delete", id, "--account", "Everyday")
	if out := mustRun(t, env, 1, "tx", "delete", id, "999999"); !strings.Contains(out, "nothing was deleted") {
		t.Errorf("an unknown id: %s", out)
	}
	if n := len(txList(t, env)); n != 3 {
		t.Fatalf("a refused delete deleted: %d rows", n)
	}
	out = mustRun(t, env, 0, "tx", "delete", id)
	if !strings.Contains(out, "Deleted 1 transaction(s)") || !strings.Contains(out, "Blue Bottle") || !strings.Contains(out, "penny undo") {
		t.Errorf("delete: %s", out)
	}
	// Never back on a later import.
	if out := mustRun(t, env, 0, "import", csv); !strings.Contains(out, "0 new, 2 already there, 1 you deleted before, skipped") {
		t.Errorf("import after delete:\n%s", out)
	}
	if n := len(txList(t, env)); n != 2 {
		t.Fatalf("%d rows after the delete", n)
	}
	// The last change is the delete: undo puts the row back, as it was.
	if out := mustRun(t, env, 0, "undo", "--dry-run"); !strings.Contains(out, "Blue Bottle") {
		t.Errorf("undo --dry-run: %s", out)
	}
	mustRun(t, env, 0, "undo")
	after := txList(t, env)
	if len(after) != 3 {
		t.Fatalf("%d rows after undo", len(after))
	}
	for i := range after {
		if after[i] != rows[i] {
			t.Errorf("row %d after undo %+v, before %+v", i, after[i], rows[i])
		}
	}
	if out := mustRun(t, env, 0, "import", csv); !strings.Contains(out, "0 new, 3 already there") {
		t.Errorf("import after undo:\n%s", out)
	}
	mustRun(t, env, 1, "undo")
}
