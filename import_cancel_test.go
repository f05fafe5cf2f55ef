package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"penny/demo"
	"penny/formats/detect"
	"penny/ingest"
	"penny/internal/progress"
	"penny/store/vault"
)

// Cancelling an import: every long loop (reading, each parser, matching
// rows, inserting, the alert rules, the save) stops at its next look at the
// context, and whatever the transaction did rolls back, leaving the vault
// file and the in-memory database as they were.

// bankPayees are the descriptors the generated files cycle through.
var bankPayees = []string{"BLUE BOTTLE COFFEE", "SAFEWAY #%d", "SHELL OIL %d", "AMAZON MKTPLACE PMTS", "CHIPOTLE %d",
	"CVS PHARMACY #%d", "NETFLIX.COM", "PAYROLL ACME INC", "TRADER JOE S #%d", "UBER *TRIP"}

// genRow is the i-th of n generated rows: a day over the two years up to
// today (so the alert rules have a window to look at), a payee and an
// amount in cents, a deposit now and then.
func genRow(i, n int) (day time.Time, payee string, cents int64) {
	day = time.Now().UTC().AddDate(0, 0, -(n-1-i)*730/n)
	payee = bankPayees[i%len(bankPayees)]
	if strings.Contains(payee, "%d") {
		payee = fmt.Sprintf(payee, 100+i%37)
	}
	cents = -int64(199 + (i*7919)%25000)
	if strings.HasPrefix(payee, "PAYROLL") {
		cents = 250000 + int64(i%5)*100
	}
	return day, payee, cents
}

func money2(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// writeBigCSV writes a plain bank CSV of n rows (Date,Description,Amount).
func writeBigCSV(t testing.TB, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("Date,Description,Amount\n")
	for i := range n {
		day, payee, cents := genRow(i, n)
		fmt.Fprintf(&b, "%s,%s ref %d,%s\n", day.Format("2006-01-02"), payee, i, money2(cents))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeCSVRules writes an hledger rules file for writeBigCSV's files, with
// a block per payee so that every row goes through the matcher.
func writeCSVRules(t testing.TB, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("skip 1\nfields date, description, amount\ndate-format %Y-%m-%d\ncurrency USD\naccount1 assets:checking\n")
	for i, p := range bankPayees {
		p = strings.Fields(strings.ReplaceAll(p, "%d", ""))[0]
		fmt.Fprintf(&b, "\nif %s\n  account2 expenses:thing%d\n", p, i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeBigQIF(t testing.TB, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("!Type:Bank\n")
	for i := range n {
		day, payee, cents := genRow(i, n)
		fmt.Fprintf(&b, "D%s\nT%s\nP%s\nMref %d\n^\n", day.Format("01/02/2006"), money2(cents), payee, i)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeBigCAMT(t testing.TB, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>BIG</Id>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
`)
	for i := range n {
		day, payee, cents := genRow(i, n)
		ind := "DBIT"
		if cents > 0 {
			ind = "CRDT"
		}
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt>`+
			`<AcctSvcrRef>REF-%d</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>%s</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>`+"\n",
			strings.TrimPrefix(money2(cents), "-"), ind, day.Format("2006-01-02"), i, payee)
	}
	b.WriteString("</Stmt></BkToCstmrStmt></Document>\n")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// canceller cancels its context from the progress reporter, the moment
// phase gets past frac of its total (frac 0: at the phase's first report),
// and records every report heard after that. A loop reports at each look at
// its context, so one that stops at its next look reports once more at
// most, and one that goes on, or a phase after it that starts, shows.
type canceller struct {
	phase  string
	frac   float64
	cancel context.CancelFunc

	mu    sync.Mutex
	fired bool
	seen  []string // phases heard, in order, once each
	after []string
}

func cancelAt(t *testing.T, phase string, frac float64) (context.Context, *canceller) {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	c := &canceller{phase: phase, frac: frac, cancel: cancel}
	return progress.With(ctx, c.report), c
}

func (c *canceller) report(phase string, done, total int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.seen); n == 0 || c.seen[n-1] != phase {
		c.seen = append(c.seen, phase)
	}
	if c.fired {
		c.after = append(c.after, fmt.Sprintf("%s %d/%d", phase, done, total))
		return
	}
	if phase != c.phase {
		return
	}
	if c.frac == 0 || (total > 0 && float64(done) >= c.frac*float64(total)) {
		c.fired = true
		c.cancel()
	}
}

// check fails unless the cancel fired and err is its, with nothing reported
// after it.
func (c *canceller) check(t *testing.T, err error) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fired {
		t.Fatalf("the work never reached %s past %.0f%% (phases: %v); err %v", c.phase, 100*c.frac, c.seen, err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled during %s: err %v, want context.Canceled", c.phase, err)
	}
	if len(c.after) > 1 || len(c.after) == 1 && !strings.HasPrefix(c.after[0], c.phase+" ") {
		t.Fatalf("cancelled during %s, the work went on: %v", c.phase, c.after)
	}
}

func TestCancelMidParse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n = 20_000
	csvPath := filepath.Join(dir, "big.csv")
	writeBigCSV(t, csvPath, n)
	ruled := filepath.Join(dir, "ruled.csv")
	writeBigCSV(t, ruled, n)
	writeCSVRules(t, ruled+".rules")
	qifPath := filepath.Join(dir, "big.qif")
	writeBigQIF(t, qifPath, n)
	camtPath := filepath.Join(dir, "big.xml")
	writeBigCAMT(t, camtPath, n)
	d, key := oneAccount(n)
	ofxPath := writeFile(t, dir, "big.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	readPath := filepath.Join(dir, "read.csv")
	writeBigCSV(t, readPath, 200_000) // several of the reader's chunks

	for _, tc := range []struct {
		name, path, phase string
		frac              float64
	}{
		{"reading", readPath, "read", 0.3},
		{"csv splitting rows", csvPath, "parse", 0.2},
		{"csv converting rows", csvPath, "parse", 0.75},
		{"csv rules matching", ruled, "parse", 0.5},
		{"ofx", ofxPath, "parse", 0.5},
		{"qif scanning", qifPath, "parse", 0.25},
		{"qif converting", qifPath, "parse", 0.75},
		{"camt", camtPath, "parse", 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Uncancelled, the file reads whole: the cancellation below is
			// what stops it.
			if p, err := detect.Read(tc.path, detect.Options{}); err != nil || len(p.Statements) == 0 {
				t.Fatalf("the file does not read: %v", err)
			}
			ctx, c := cancelAt(t, tc.phase, tc.frac)
			p, err := detect.ReadContext(ctx, tc.path, detect.Options{})
			c.check(t, err)
			if p != nil {
				t.Fatalf("a cancelled read returned %d statement(s)", len(p.Statements))
			}
		})
	}
}

// sealedFixture is a vault on disk holding some demo history, open in
// process, and the CSV file of n new rows to import into it.
type sealedFixture struct {
	v      *sealedStore
	path   string // the vault file
	inputs []ingest.Input
}

func newSealedFixture(t *testing.T, n int) *sealedFixture {
	t.Helper()
	dir := t.TempDir()
	vpath := filepath.Join(dir, "data", vault.FileName)
	v, err := createSealed(t.Context(), vpath, vault.CreateOptions{Keyring: vault.NewSystemKeyring()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if _, err := demo.Load(t.Context(), v.Store(), demo.Generate(demo.Options{Seed: 9, Transactions: 400})); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "big.csv")
	writeBigCSV(t, csvPath, n)
	p, err := detect.Read(csvPath, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &sealedFixture{v: v, path: vpath,
		inputs: []ingest.Input{{Name: csvPath, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements}}}
}

// fileSum is the SHA-256 of the vault file.
func (f *sealedFixture) fileSum(t *testing.T) [32]byte {
	t.Helper()
	b, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// dbSum is the SHA-256 of the in-memory database's pages: the store, byte
// for byte.
func (f *sealedFixture) dbSum(t *testing.T) [32]byte {
	t.Helper()
	rows, err := f.v.DB().QueryContext(t.Context(), "SELECT data FROM sqlite_dbpage ORDER BY pgno")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var page []byte
		if err := rows.Scan(&page); err != nil {
			t.Fatal(err)
		}
		h.Write(page)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// tempFiles lists what else than the vault and its lock is in its folder: a
// save that started leaves a temp file or a new .prev.
func (f *sealedFixture) otherFiles(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(f.path))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if name := e.Name(); name != vault.FileName && name != vault.FileName+".lock" {
			out = append(out, name)
		}
	}
	return out
}

func TestCancelMidApply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		phase string
		frac  float64
	}{
		{"apply", 0.5},
		{"insert", 0},
		{"alerts", 0},
		{"save", 0},
	} {
		t.Run(tc.phase, func(t *testing.T) {
			t.Parallel()
			f := newSealedFixture(t, 20_000)
			file, db, others := f.fileSum(t), f.dbSum(t), f.otherFiles(t)
			ctx, c := cancelAt(t, tc.phase, tc.frac)
			res, err := ingest.Apply(ctx, f.v.Store(), f.inputs, ingest.Options{})
			c.check(t, err)
			if res != nil {
				t.Fatalf("a cancelled apply returned a result: %+v", res.Accounts)
			}
			if f.fileSum(t) != file {
				t.Fatal("a cancelled import changed the vault file")
			}
			if got := f.otherFiles(t); !slicesEqual(got, others) {
				t.Fatalf("a cancelled import left files beside the vault: %v (before: %v)", got, others)
			}
			if f.dbSum(t) != db {
				t.Fatal("a cancelled import changed the database in memory: the transaction did not roll back")
			}
			// The store is whole: the same import, not cancelled, goes
			// through and saves.
			res, err = ingest.Apply(t.Context(), f.v.Store(), f.inputs, ingest.Options{})
			if err != nil || len(res.Accounts) != 1 || res.Accounts[0].New != 20_000 {
				t.Fatalf("the import after a cancelled one: %v %+v", err, res)
			}
			if f.fileSum(t) == file {
				t.Fatal("the import after a cancelled one did not save")
			}
		})
	}
}

// TestCancelledSaveDoesNotStart: cancelled between the commit and the save
// (the commit hook), the vault does not write a byte. The data stays
// committed in memory; a command exits there, so nothing is lost that was
// ever on disk.
func TestCancelledSaveDoesNotStart(t *testing.T) {
	t.Parallel()
	f := newSealedFixture(t, 2000)
	file, others := f.fileSum(t), f.otherFiles(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st := f.v.Store()
	st.SetOnCommit(func(ctx context.Context) error {
		cancel()
		return f.v.Save(ctx)
	})
	_, err := ingest.Apply(ctx, st, f.inputs, ingest.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if f.fileSum(t) != file {
		t.Fatal("a save cancelled before it started changed the vault file")
	}
	if got := f.otherFiles(t); !slicesEqual(got, others) {
		t.Fatalf("a save cancelled before it started left files: %v (before: %v)", got, others)
	}
}

func slicesEqual(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// TestCancelledImportCommand runs the import command's own path (progress,
// the import on its goroutine, the message) cancelled in each phase, with a
// signal as the cause, as main would.
func TestCancelledImportCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		phase string
		frac  float64
	}{
		{"read", 0},
		{"parse", 0.5},
		{ingest.PhaseApply, 0.5},
		{ingest.PhaseInsert, 0},
		{ingest.PhaseAlerts, 0},
		{ingest.PhaseSave, 0},
	} {
		t.Run(tc.phase, func(t *testing.T) {
			t.Parallel()
			f := newSealedFixture(t, 20_000)
			file, others := f.fileSum(t), f.otherFiles(t)
			ctx, cancel := context.WithCancelCause(t.Context())
			t.Cleanup(func() { cancel(nil) })
			c := &canceller{phase: tc.phase, frac: tc.frac, cancel: func() { cancel(signalled{syscall.SIGINT}) }}
			var out, errb bytes.Buffer
			cl := newCLI(strings.NewReader(""), &out, &errb, func(string) string { return "" })
			err := cl.runImport(progress.With(ctx, c.report), f.v, []string{f.inputs[0].Name}, importOptions{})
			if !c.fired {
				t.Fatalf("the import never reached %s (phases: %v); err %v", tc.phase, c.seen, err)
			}
			if err == nil || err.Error() != "import cancelled; nothing was written." || exitCode(err) != 130 {
				t.Fatalf("err %v (exit %d), want the cancelled message and exit 130", err, exitCode(err))
			}
			if out.Len() != 0 || errb.Len() != 0 {
				t.Fatalf("a cancelled import printed %q, %q", out.String(), errb.String())
			}
			if f.fileSum(t) != file {
				t.Fatal("a cancelled import changed the vault file")
			}
			if got := f.otherFiles(t); !slicesEqual(got, others) {
				t.Fatalf("a cancelled import left files beside the vault: %v (before: %v)", got, others)
			}
		})
	}
}
