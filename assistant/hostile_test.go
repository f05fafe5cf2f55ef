package assistant

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"penny/store"
)

// Bank text is hostile: escape sequences, bidi overrides, invalid UTF-8.
// The assistant passes it through unchanged — the UI sanitizes what it
// prints — and must neither panic nor cut it anywhere: a byte-wise cut could
// split a character or an escape sequence into something new.

var hostilePayees = []string{
	"\x1b]52;c;ZXZpbA==\x07EVIL CORP \x1b[31mRED\x1b[0m OAKLAND CA",
	"\u202eEXE.GNP\u202c BIDI SHOP #123 BERKELEY CA",
	"CAF\xc3\xa9 \xff\xfe BROKEN UTF8",
	"\x00NUL\x7fDEL\u0085NEL CONTROL",
	"😀😀 EMOJI MART 🧾 SAN FRANCISCO CA",
	"SQ *\x1b[2J\x1b[HCLEAR SCREEN",
	strings.Repeat("LONG ", 200) + "PAYEE",
}

func hostileStore(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	acc, err := st.CreateAccount(ctx, store.AccountParams{Name: "Checking \x1b[1mBOLD\x1b[0m", Type: "checking", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.NewTransaction
	for i, p := range hostilePayees {
		rows = append(rows, store.NewTransaction{AccountID: acc.ID, ExternalID: "h" + string(rune('a'+i)),
			Posted: day(2026, 11, 10+i), Amount: -int64(1000 * (i + 1)), Currency: "USD", Payee: p,
			Category: "Shopping\u202e", Memo: "\x1b]0;title\x07"})
	}
	if _, err := st.InsertTransactions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, a: New(st, Options{Now: func() time.Time { return testNow }})}
}

func TestHostilePayeesPassThroughUnchanged(t *testing.T) {
	f := hostileStore(t)
	// A search with few results puts the bank's text in the sentence.
	for i, p := range hostilePayees[:5] {
		word := []string{"evil", "bidi", "broken", "control", "emoji"}[i]
		r := f.ask(t, `find "`+word+`"`)
		if !strings.Contains(r.Text, p) {
			t.Errorf("%q: the payee does not come back unchanged in %q", word, r.Text)
		}
		if r.Table == nil || len(r.Table.Rows) != 1 || r.Table.Rows[0][1].Text != p {
			t.Errorf("%q: table %+v", word, r.Table)
		}
	}
	// The long payee is not cut either.
	r := f.ask(t, `find "payee"`)
	if !strings.Contains(r.Text, hostilePayees[6]) {
		t.Errorf("the long payee was shortened")
	}
}

func TestHostileTextNeverPanics(t *testing.T) {
	f := hostileStore(t)
	for _, q := range []string{"transactions this month", "top merchants this month", "top categories this month",
		"largest purchases this month", "spending this month", "spending by merchant this month", "balance",
		"subscriptions", "any duplicate charges ever", "cash flow", "evil corp", "spending at emoji mart",
		"categorize emoji mart as Fun", "\x1b[31m\u202ebalance", "\xff\xfe", strings.Repeat("spending ", 500)} {
		r := f.ask(t, q)
		if r.Text == "" {
			t.Errorf("%q: no text", q)
		}
		if r.Chart != nil {
			for _, l := range r.Chart.Labels {
				if l == "" {
					t.Errorf("%q: empty chart label", q)
				}
			}
		}
	}
	if _, err := f.a.Completions(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestMerchantNamesOfHostileTextStayWholeCharacters(t *testing.T) {
	for _, p := range hostilePayees {
		name := MerchantName(p)
		if utf8.ValidString(p) && !utf8.ValidString(name) {
			t.Errorf("MerchantName(%q) = %q split a character", p, name)
		}
		if strings.TrimSpace(name) == "" {
			t.Errorf("MerchantName(%q) is empty", p)
		}
	}
}
