package ingest

import (
	"path/filepath"
	"penny/store/storetest"
	"testing"

	"penny/statement"
	"penny/store"
)

// A statement can hold a pending row and, later in it, the same row posted
// under the same bank id (an export taken as the charge settled). The
// posted version is what the account keeps.
func TestPendingAndPostedUnderOneIDInOneStatement(t *testing.T) {
	st := storetest.Memory(t)
	pend := tx("P1", "2026-03-01", -1200, "LYFT *RIDE")
	pend.Pending = true
	posted := tx("P1", "2026-03-02", -1450, "LYFT *RIDE")
	res := apply(t, st, Options{}, checking(pend, posted))
	r := res.Accounts[0]
	rows, err := st.Transactions(t.Context(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Pending || rows[0].Amount.Minor != -1450 {
		t.Fatalf("rows %+v (result %+v); want the posted row alone", rows, r)
	}
	// And again: nothing changes.
	again := apply(t, st, Options{}, checking(pend, posted))
	if n := count(t, st); n != 1 || again.Accounts[0].New != 0 {
		t.Fatalf("a second import: %d rows, %+v", n, again.Accounts[0])
	}
}

// A pending row settled by a posted row under a new id is gone; its old id
// seen again in the same apply is that settled row, not a pending row to
// post (that failed with "post pending: not found").
func TestASettledPendingIDSeenAgain(t *testing.T) {
	st := storetest.Memory(t)
	pend := tx("P1", "2026-03-01", -1200, "LYFT *RIDE")
	pend.Pending = true
	apply(t, st, Options{}, checking(pend))
	settled := tx("S1", "2026-03-02", -1450, "LYFT *RIDE")
	again := tx("P1", "2026-03-02", -1450, "LYFT *RIDE")
	res, err := Apply(t.Context(), st, []Input{{Name: "test.ofx", Format: "ofx", Source: "file", Raw: []byte("raw"),
		Statements: []statement.Statement{checking(settled, again)}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.Transactions(t.Context(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Pending || rows[0].ExternalID != "S1" || rows[0].Amount.Minor != -1450 {
		t.Fatalf("rows %+v (result %+v); want the settled row alone", rows, res.Accounts[0])
	}
}

// A file without account details names its account after the file: its
// base name as the platform splits paths, so a backslash in a unix file
// name stays in the name.
func TestAnAccountNamedAfterItsFile(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		filepath.Join("downloads", "kroner.csv"): "Imported kroner",
		"":                                       "Imported ",
	} {
		if got := accountName(statement.AccountInfo{}, file); got != want {
			t.Errorf("accountName(%q) = %q, want %q", file, got, want)
		}
	}
	if filepath.Separator == '/' {
		if got := accountName(statement.AccountInfo{}, `/tmp/a\b.csv`); got != `Imported a\b` {
			t.Errorf(`a backslash in a unix file name: %q, want "Imported a\b"`, got)
		}
	}
}
