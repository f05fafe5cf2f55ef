package fileimport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"penny/store/storetest"
	"testing"
	"time"

	"penny/alerts"
	"penny/formats/detect"
	"penny/ingest"
	"penny/store"
)

// charge is a one-row OFX statement: a debit of amount on day.
func charge(fitid, amount string, day time.Time) []byte {
	return fmt.Appendf(nil, `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>%[1]s<LANGUAGE>ENG<FI><ORG>First Example Bank<FID>1001</FI></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>121000248<ACCTID>checking-1<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>%[1]s<DTEND>%[1]s
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>%[1]s<TRNAMT>-%[3]s<FITID>%[2]s<NAME>BEST BUY 00012345 BERKELEY CA</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
`, day.Format("20060102"), fitid, amount)
}

func count(t *testing.T, st *store.Store) int {
	t.Helper()
	txs, err := st.Transactions(context.Background(), store.TxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return len(txs)
}

func TestFilesFromDiskAndFromBytesApplyTogether(t *testing.T) {
	st := storetest.Memory(t)
	day := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "a.ofx")
	if err := os.WriteFile(path, charge("A-1", "12.00", day), 0o600); err != nil {
		t.Fatal(err)
	}
	var read []string
	res, err := Run(context.Background(), st, []File{{Path: path}, {Path: "b.ofx", Raw: charge("B-1", "5000.00", day)}},
		Options{Ingest: ingestAt(day), Reading: func(p string, i, n int) { read = append(read, fmt.Sprintf("%s %d/%d", p, i, n)) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Parsed) != 2 || res.Parsed[0].Format != "ofx" || res.Parsed[1].Path != "b.ofx" {
		t.Fatalf("parsed %+v", res.Parsed)
	}
	if want := []string{path + " 0/2", "b.ofx 1/2"}; fmt.Sprint(read) != fmt.Sprint(want) {
		t.Errorf("Reading saw %q, want %q", read, want)
	}
	if res.NewTransactions() != 2 || count(t, st) != 2 {
		t.Errorf("%d new, %d stored; want 2 and 2", res.NewTransactions(), count(t, st))
	}
	// The same pipeline raises the alerts, in the same transaction.
	large := 0
	for _, a := range res.Alerts {
		if a.Rule == alerts.RuleLarge {
			large++
		}
	}
	if large != 1 {
		t.Errorf("%d large-charge alerts, want 1: %+v", large, res.Alerts)
	}
}

func TestAnUnreadableFileWritesNothing(t *testing.T) {
	st := storetest.Memory(t)
	day := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	_, err := Run(context.Background(), st, []File{
		{Path: "good.ofx", Raw: charge("A-1", "12.00", day)},
		{Path: "photo.jpg", Raw: []byte("\xff\xd8\xff\xe0 not a bank file")},
	}, Options{Ingest: ingestAt(day)})
	if !errors.Is(err, detect.ErrUnknownFormat) {
		t.Fatalf("err = %v, want ErrUnknownFormat", err)
	}
	if n := count(t, st); n != 0 {
		t.Errorf("%d transactions stored after a refused import", n)
	}
}

func TestCheckRefusesBeforeAnythingIsWritten(t *testing.T) {
	st := storetest.Memory(t)
	day := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	tooBig := errors.New("too big")
	var seen int
	_, err := Run(context.Background(), st, []File{{Path: "a.ofx", Raw: charge("A-1", "12.00", day)}}, Options{
		Ingest: ingestAt(day),
		Check: func(parsed []*detect.Parsed) error {
			seen = len(parsed)
			return tooBig
		},
	})
	if err != tooBig || seen != 1 {
		t.Fatalf("err = %v after Check saw %d files; want Check's own error after 1", err, seen)
	}
	if n := count(t, st); n != 0 {
		t.Errorf("%d transactions stored after Check refused", n)
	}
}

// ingestAt evaluates alert rules at now, so what counts as recent does not
// depend on the day the test runs.
func ingestAt(now time.Time) ingest.Options { return ingest.Options{Now: now} }

func TestAnImportPastTheLimitIsRefusedWithTheSizes(t *testing.T) {
	t.Parallel()
	st := storetest.Memory(t)
	day := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	used, limit, err := st.Size(context.Background())
	if err != nil || used <= 0 || limit < 1<<30 {
		t.Fatalf("an in-memory store: %d bytes of at most %d (%v)", used, limit, err)
	}
	raw := charge("A-1", "12.00", day)
	// Room for the file's bytes but not for its row as well.
	_, err = Run(context.Background(), st, []File{{Path: "a.ofx", Raw: raw}}, Options{Ingest: ingestAt(day), Limit: used + int64(len(raw)) + RowBytes/2})
	var full *FullError
	if !errors.As(err, &full) || !errors.Is(err, store.ErrFull) || full.Used != used || full.Add != int64(len(raw))+RowBytes {
		t.Fatalf("err = %v (%+v)", err, full)
	}
	if n := count(t, st); n != 0 {
		t.Errorf("%d transactions stored after a refused import", n)
	}
	if _, err := Run(context.Background(), st, []File{{Path: "a.ofx", Raw: raw}}, Options{Ingest: ingestAt(day), Limit: used + int64(len(raw)) + 2*RowBytes}); err != nil {
		t.Fatalf("with room for it: %v", err)
	}
	if n := count(t, st); n != 1 {
		t.Errorf("%d transactions stored, want 1", n)
	}
}

// Files read before the vault is open (Read) are refused in their Run with
// what the vault holds: whether they would fit only once it is known, or
// are larger than the limit on their own, which stops the read.
func TestFilesReadBeforeTheVaultOpensAreRefusedWithItsSizes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.Memory(t)
	day := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	used, _, err := st.Size(ctx)
	if err != nil || used <= 0 {
		t.Fatalf("size %d: %v", used, err)
	}
	raw := charge("A-1", "12.00", day)
	add := int64(len(raw)) + RowBytes
	// Alone the file fits; with what the vault holds, it does not.
	opt := Options{Ingest: ingestAt(day), Limit: used + add - 1}
	read, err := Read(ctx, []File{{Path: "a.ofx", Raw: raw}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	_, err = read.Run(ctx, st, opt)
	var full *FullError
	if !errors.As(err, &full) || full.Used != used || full.Add != add || full.Partial {
		t.Fatalf("err = %v (%+v), want the vault's %d bytes used", err, full, used)
	}
	// Larger than the limit on its own: the read stops, and Run says so
	// with the vault's figures, not the read's.
	opt.Limit = add - 1
	read, err = Read(ctx, []File{{Path: "a.ofx", Raw: raw}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	_, err = read.Run(ctx, st, opt)
	if !errors.As(err, &full) || full.Used != used || !full.Partial {
		t.Fatalf("err = %v (%+v), want a partial refusal with %d bytes used", err, full, used)
	}
	if n := count(t, st); n != 0 {
		t.Errorf("%d transactions stored after refused imports", n)
	}
	// With room, what was read is applied.
	opt.Limit = used + add
	if read, err = Read(ctx, []File{{Path: "a.ofx", Raw: raw}}, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := read.Run(ctx, st, opt); err != nil {
		t.Fatalf("with room for it: %v", err)
	}
	if n := count(t, st); n != 1 {
		t.Errorf("%d transactions stored, want 1", n)
	}
	// A file that cannot be parsed is Read's error.
	if _, err := Read(ctx, []File{{Path: "b.ofx", Raw: []byte("OFXHEADER:100\n<OFX>broken")}}, opt); err == nil {
		t.Fatal("a broken file read without an error")
	}
}
