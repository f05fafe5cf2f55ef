package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"penny/internal/jsonout"
)

// decodeRun runs penny, which must exit 0 and print one JSON document, and
// decodes it into v.
func decodeRun(t *testing.T, env map[string]string, v any, args ...string) {
	t.Helper()
	out, stderr, code := runBin(t, env, args...)
	if code != 0 {
		t.Fatalf("penny %v: exit %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("penny %v: %v\n%s", args, err, out)
	}
}

func TestCorrectionsPrintJSON(t *testing.T) {
	t.Parallel()
	env := newVault(t)
	csv := filepath.Join(env["HOME"], "statement.csv")
	if err := os.WriteFile(csv, []byte("Date,Description,Amount\n2026-03-01,Blue Bottle,-4.50\n2026-03-02,Whole Foods,-120.00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, 0, "import", csv)

	var list jsonout.AccountList
	decodeRun(t, env, &list, "account", "list", "--json")
	if len(list.Accounts) != 1 || list.Accounts[0].Transactions != 2 || list.Accounts[0].Currency != "USD" {
		t.Fatalf("account list: %+v", list)
	}
	acct := list.Accounts[0]

	var ch jsonout.AccountChange
	decodeRun(t, env, &ch, "account", "rename", acct.Name, "Everyday", "--json")
	if ch.Change != "rename" || ch.From != acct.Name || ch.To != "Everyday" || !ch.Changed ||
		ch.Account.Name != "Everyday" || ch.Account.ID != acct.ID {
		t.Errorf("rename: %+v", ch)
	}
	ch = jsonout.AccountChange{}
	decodeRun(t, env, &ch, "account", "rename", "Everyday", "Everyday", "--json")
	if ch.Changed || ch.Account.Name != "Everyday" {
		t.Errorf("a rename to the same name: %+v", ch)
	}
	ch = jsonout.AccountChange{}
	decodeRun(t, env, &ch, "account", "currency", "Everyday", "DKK", "--json")
	if ch.Change != "currency" || ch.From != "USD" || ch.To != "DKK" || !ch.Changed || ch.Account.Currency != "DKK" {
		t.Errorf("currency: %+v", ch)
	}

	rows := txList(t, env)
	var gone jsonout.Deleted
	decodeRun(t, env, &gone, "tx", "delete", strconv.FormatInt(rows[1].ID, 10), "--json")
	if len(gone.Deleted) != 1 || gone.Deleted[0] != rows[1] {
		t.Errorf("tx delete: %+v, the row was %+v", gone, rows[1])
	}
	var undo jsonout.Undo
	decodeRun(t, env, &undo, "undo", "--dry-run", "--json")
	if !undo.DryRun || undo.Change == nil || undo.Change.Kind != "delete" || undo.Change.AccountID != acct.ID ||
		!slices.Equal(undo.Change.Transactions, []int64{rows[1].ID}) {
		t.Errorf("undo --dry-run: %+v", undo.Change)
	}
	if n := len(txList(t, env)); n != 1 {
		t.Fatalf("undo --dry-run changed the vault: %d rows", n)
	}
	undo = jsonout.Undo{}
	decodeRun(t, env, &undo, "undo", "--json")
	if undo.DryRun || undo.Change == nil || undo.Change.Kind != "delete" {
		t.Errorf("undo: %+v", undo)
	}
	if after := txList(t, env); !slices.Equal(after, rows) {
		t.Errorf("after undo %+v, before %+v", after, rows)
	}
	// Nothing left to undo: exit 1, and no document; --dry-run says null.
	if out, _, code := runBin(t, env, "undo", "--json"); code != exitError || out != "" {
		t.Errorf("a second undo: exit %d, stdout %q", code, out)
	}
	undo = jsonout.Undo{}
	decodeRun(t, env, &undo, "undo", "--dry-run", "--json")
	if !undo.DryRun || undo.Change != nil {
		t.Errorf("undo --dry-run with nothing to undo: %+v", undo)
	}
}
