package daemon

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"penny/alerts"
	"penny/fileimport"
	"penny/ingest"
	"penny/notify"
	"penny/store"
	"penny/store/vault"
)

// memSession is an open store that a round may close: closing it does
// nothing, so the test reads the store after the round.
type memSession struct{ st *store.Store }

func (m memSession) Store() *store.Store { return m.st }
func (memSession) Close() error          { return nil }

// recorder is a notification sender that keeps what it is sent, or fails
// with err.
type recorder struct {
	got []notify.Notification
	err error
}

func (r *recorder) Send(_ context.Context, n notify.Notification) error {
	if r.err != nil {
		return r.err
	}
	r.got = append(r.got, n)
	return nil
}

// fixture is a drop folder, a store in memory, a clock the test moves, and
// what the daemon opened, sent and logged.
type fixture struct {
	t       *testing.T
	st      *store.Store
	dir     string
	now     time.Time
	opens   int
	openErr error
	sent    recorder
	logs    []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, closeDB, err := store.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	return &fixture{t: t, st: st, dir: t.TempDir(), now: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)}
}

func (f *fixture) open(context.Context) (Session, error) {
	f.opens++
	if f.openErr != nil {
		return nil, f.openErr
	}
	return memSession{f.st}, nil
}

// daemon is a Daemon on the fixture, as penny daemon makes one after a
// restart: no memory of earlier rounds but what the vault holds.
func (f *fixture) daemon() *Daemon {
	return &Daemon{
		Watch:   []string{f.dir},
		Open:    f.open,
		Senders: []notify.Sender{&f.sent},
		Now:     func() time.Time { return f.now },
		Logf:    func(format string, args ...any) { f.logs = append(f.logs, fmt.Sprintf(format, args...)) },
	}
}

// put writes a file into the drop folder with the given modification time.
func (f *fixture) put(name string, b []byte, mtime time.Time) string {
	f.t.Helper()
	path := filepath.Join(f.dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		f.t.Fatal(err)
	}
	return path
}

// drop writes a finished download: untouched for a minute by the clock.
func (f *fixture) drop(name string, b []byte) string {
	f.t.Helper()
	return f.put(name, b, f.now.Add(-time.Minute))
}

func (f *fixture) alerts() []store.Alert {
	f.t.Helper()
	as, err := f.st.Alerts(context.Background(), store.AlertQuery{})
	if err != nil {
		f.t.Fatal(err)
	}
	return as
}

func (f *fixture) logged(part string) int {
	n := 0
	for _, l := range f.logs {
		if strings.Contains(l, part) {
			n++
		}
	}
	return n
}

// largeCharge is a one-row OFX statement: a 5,000.00 charge at Best Buy,
// posted on day, on an account of its own whose balance stays high after it,
// so the file raises one alert: the large charge.
func largeCharge(fitid string, day time.Time) []byte {
	return fmt.Appendf(nil, `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>%[1]s<LANGUAGE>ENG<FI><ORG>First Example Bank<FID>1001</FI></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>121000248<ACCTID>checking-%[2]s<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>%[1]s<DTEND>%[1]s
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>%[1]s<TRNAMT>-5000.00<FITID>%[2]s<NAME>BEST BUY 00012345 BERKELEY CA</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>25000.00<DTASOF>%[1]s</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
`, day.Format("20060102"), fitid)
}

var broken = []byte("OFXHEADER:100\n<OFX><STMTTRN><TRNAMT>abc")

func outcomes(r Report) string {
	var parts []string
	for _, f := range r.Files {
		parts = append(parts, filepath.Base(f.Path)+": "+f.Outcome.String())
	}
	return strings.Join(parts, ", ")
}

func TestANewFileIsImportedOnceAndNotifiedPrivately(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	r := d.Round(context.Background())
	if len(r.Files) != 1 || r.Files[0].Outcome != Imported || r.Files[0].New != 1 || r.Files[0].Alerts != 1 || r.Alerts != 1 {
		t.Fatalf("first round: %+v", r)
	}
	if r.Sent != 1 || r.Delivered != 1 || len(f.sent.got) != 1 {
		t.Fatalf("first round sent %d notification(s) for %d alert(s); the sender got %+v", r.Sent, r.Delivered, f.sent.got)
	}
	if got := countRule(f.alerts(), alerts.RuleLarge); got != 1 {
		t.Fatalf("%d large-charge alerts, want 1", got)
	}
	// Private mode: no amount, no merchant.
	n := f.sent.got[0]
	if text := n.Title + " " + n.Body; strings.Contains(text, "5,000") || strings.Contains(text, "5000") || strings.Contains(strings.ToUpper(text), "BEST BUY") {
		t.Fatalf("a private notification shows details: %+v", n)
	}
	if f.logged("imported "+filepath.Join(f.dir, "statement.ofx")+": 1 new transaction(s), 1 alert(s)") != 1 ||
		f.logged("sent 1 notification(s) for 1 alert(s)") != 1 {
		t.Errorf("log:\n%s", strings.Join(f.logs, "\n"))
	}

	// The next round has nothing to do.
	if r := d.Round(context.Background()); len(r.Files) != 0 || r.Sent != 0 {
		t.Fatalf("second round: %+v", r)
	}
	// The same file again, under another name: nothing new.
	before := len(f.alerts())
	f.drop("statement (1).ofx", largeCharge("BIG-1", f.now))
	if r := d.Round(context.Background()); len(r.Files) != 0 || r.Sent != 0 || len(f.sent.got) != 1 {
		t.Fatalf("the same file again: %s; %d sent", outcomes(r), len(f.sent.got))
	}
	if after := len(f.alerts()); after != before {
		t.Fatalf("the same file again raised %d alerts", after-before)
	}
}

func countRule(as []store.Alert, rule string) int {
	n := 0
	for _, a := range as {
		if a.Rule == rule {
			n++
		}
	}
	return n
}

func TestABrokenFileIsRefusedOnceUntilItChanges(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	f.drop("broken.ofx", broken)
	r := d.Round(context.Background())
	if len(r.Files) != 1 || r.Files[0].Outcome != Refused || r.Files[0].Err == nil {
		t.Fatalf("first round: %s", outcomes(r))
	}
	if r := d.Round(context.Background()); len(r.Files) != 0 {
		t.Fatalf("second round: %s", outcomes(r))
	}
	if n := f.logged("refused "); n != 1 {
		t.Fatalf("a broken file was reported %d times:\n%s", n, strings.Join(f.logs, "\n"))
	}
	// The refusal is remembered in the vault: a restarted daemon says
	// nothing either.
	if r := f.daemon().Round(context.Background()); len(r.Files) != 0 {
		t.Fatalf("after a restart: %s", outcomes(r))
	}
	// Changed, it is tried again.
	f.drop("broken.ofx", append(broken, " still broken"...))
	if r := d.Round(context.Background()); len(r.Files) != 1 || r.Files[0].Outcome != Refused {
		t.Fatalf("changed: %s", outcomes(r))
	}
}

func TestAFileIsTakenOnceItHoldsStill(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	full := largeCharge("BIG-1", f.now)
	// Half a download, just written.
	f.put("statement.ofx", full[:len(full)/2], f.now)
	if r := d.Round(context.Background()); r.Count(Waiting) != 1 || len(r.Files) != 1 {
		t.Fatalf("just written: %s", outcomes(r))
	}
	// It grew, its time stayed: the size tells.
	f.put("statement.ofx", full, f.now)
	if r := d.Round(context.Background()); r.Count(Waiting) != 1 || len(r.Files) != 1 {
		t.Fatalf("grown: %s", outcomes(r))
	}
	// Rewritten with as many bytes: the time tells.
	f.now = f.now.Add(time.Second)
	f.put("statement.ofx", full, f.now)
	if r := d.Round(context.Background()); r.Count(Waiting) != 1 || len(r.Files) != 1 {
		t.Fatalf("rewritten: %s", outcomes(r))
	}
	// Unchanged since the last round, however young: taken.
	if r := d.Round(context.Background()); r.Count(Imported) != 1 || len(r.Files) != 1 {
		t.Fatalf("held still: %s", outcomes(r))
	}
	// A file untouched for the settle time is taken in the first round
	// that sees it.
	f.put("other.ofx", largeCharge("BIG-2", f.now), f.now.Add(-DefaultSettle))
	if r := d.Round(context.Background()); r.Count(Imported) != 1 || len(r.Files) != 1 {
		t.Fatalf("settled before the first look: %s", outcomes(r))
	}
}

func TestUnfinishedDownloadsHiddenFilesAndOtherFilesAreLeftAlone(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	part := f.drop("a.ofx.part", largeCharge("A-1", f.now))
	f.drop("b.OFX.crdownload", largeCharge("B-1", f.now))
	f.drop(".hidden.ofx", largeCharge("C-1", f.now))
	f.drop("notes.txt", []byte("call the bank on monday\n"))
	f.drop("empty.ofx", nil)
	if err := os.Mkdir(filepath.Join(f.dir, "folder.ofx"), 0o700); err != nil {
		t.Fatal(err)
	}
	if r := d.Round(context.Background()); len(r.Files) != 0 || len(r.Errors) != 0 {
		t.Fatalf("round: %s %v", outcomes(r), r.Errors)
	}
	if seen, _ := f.st.SettingOr(context.Background(), SeenKey, ""); seen != "" {
		t.Fatalf("files that are none of Penny's business were recorded: %s", seen)
	}
	// The download finished: its final name is taken.
	if err := os.Rename(part, filepath.Join(f.dir, "a.ofx")); err != nil {
		t.Fatal(err)
	}
	if r := d.Round(context.Background()); r.Count(Imported) != 1 || len(r.Files) != 1 {
		t.Fatalf("finished download: %s", outcomes(r))
	}
}

func TestAnUndeliveredAlertIsDeliveredOnceAfterARestart(t *testing.T) {
	f := newFixture(t)
	// `penny import` raises the alert and notifies nobody, like a daemon
	// killed right after the commit.
	_, err := fileimport.Run(context.Background(), f.st, []fileimport.File{{Path: "later.ofx", Raw: largeCharge("BIG-2", f.now)}},
		fileimport.Options{Ingest: ingest.Options{Now: f.now}})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.daemon().Round(context.Background()); r.Delivered < 1 || len(f.sent.got) < 1 {
		t.Fatalf("the undelivered alert was not delivered on the next start: %+v", r)
	}
	sent := len(f.sent.got)
	if r := f.daemon().Round(context.Background()); r.Sent != 0 || len(f.sent.got) != sent {
		t.Fatalf("a restart delivered %d notifications again", len(f.sent.got)-sent)
	}
}

func TestQuietHoursHoldNotificationsThenDeliverThem(t *testing.T) {
	f := newFixture(t)
	f.now = time.Date(2026, 5, 4, 23, 0, 0, 0, time.UTC)
	d := f.daemon()
	d.Quiet = &notify.Quiet{From: 22 * time.Hour, To: 7 * time.Hour}
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	r := d.Round(context.Background())
	if r.Count(Imported) != 1 || r.Held != 1 || r.Sent != 0 || len(f.sent.got) != 0 ||
		!r.HeldUntil.Equal(time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("at 23:00: %+v", r)
	}
	// The night goes on: still held, and said once.
	f.now = f.now.Add(time.Hour)
	if r := d.Round(context.Background()); r.Held != 1 || r.Sent != 0 {
		t.Fatalf("at midnight: %+v", r)
	}
	if n := f.logged("quiet hours: holding notifications until 07:00"); n != 1 {
		t.Fatalf("said %d times:\n%s", n, strings.Join(f.logs, "\n"))
	}
	f.now = time.Date(2026, 5, 5, 7, 30, 0, 0, time.UTC)
	if r := d.Round(context.Background()); r.Held != 0 || r.Sent != 1 || len(f.sent.got) != 1 {
		t.Fatalf("at 07:30: %+v", r)
	}
}

func TestSettingsFromTheChatApplyWithoutARestart(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.now = time.Date(2026, 5, 4, 23, 0, 0, 0, time.UTC)
	d := f.daemon()
	if err := f.st.SetSetting(ctx, notify.QuietHoursKey, "22:00-07:00"); err != nil {
		t.Fatal(err)
	}
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	if r := d.Round(ctx); r.Held != 1 || r.Sent != 0 {
		t.Fatalf("stored quiet hours: %+v", r)
	}
	// Quiet hours given to the daemon (a flag, the config) win.
	d.Quiet = &notify.Quiet{From: 1 * time.Hour, To: 2 * time.Hour}
	if err := f.st.SetSetting(ctx, notify.DetailsKey, "true"); err != nil {
		t.Fatal(err)
	}
	if r := d.Round(ctx); r.Held != 0 || r.Sent != 1 {
		t.Fatalf("own quiet hours: %+v", r)
	}
	if n := f.sent.got[0]; n.Body == alerts.PrivateBody || !strings.Contains(strings.ToUpper(n.Body), "BEST BUY") {
		t.Fatalf("details were asked for in the chat, the notification hides them: %+v", n)
	}
}

func TestAVaultInUseSkipsTheRound(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	f.openErr = &vault.InUseError{Path: "vault.penny", PID: 4242}
	r := d.Round(context.Background())
	if !r.InUse() || len(r.Files) != 0 || f.logged("skipped this round: vault vault.penny is in use by pid 4242") != 1 {
		t.Fatalf("in use: %+v\n%s", r, strings.Join(f.logs, "\n"))
	}
	f.openErr = vault.ErrLocked
	if r := d.Round(context.Background()); r.InUse() || !errors.Is(r.NotOpened, vault.ErrLocked) || f.logged("cannot open the vault: ") != 1 {
		t.Fatalf("locked: %+v\n%s", r, strings.Join(f.logs, "\n"))
	}
	f.openErr = nil
	if r := d.Round(context.Background()); r.Count(Imported) != 1 {
		t.Fatalf("free again: %s", outcomes(r))
	}
}

// fakeShared stands for the vault's write bracket: begin decides what
// BeginWrite says.
type fakeShared struct {
	begin func(ctx context.Context) error
}

func (f *fakeShared) BeginWrite(ctx context.Context) (bool, error) { return false, f.begin(ctx) }
func (f *fakeShared) Save(context.Context) error                   { return nil }
func (f *fakeShared) EndWrite()                                    {}
func (f *fakeShared) Refresh(context.Context) (bool, error)        { return false, nil }

func sharedStore(t *testing.T, sh store.Shared) *store.Store {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	st, err := store.Open(context.Background(), db, store.WithShared(sh))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestAVaultBusyAtTheWriteLeavesTheFileForTheNextRound: the vault's write
// lock is taken per write, so another Penny can hold it past the wait when
// a file is applied; nothing is wrong with the file, so it is not refused.
func TestAVaultBusyAtTheWriteLeavesTheFileForTheNextRound(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	busy := false
	f.st = sharedStore(t, &fakeShared{begin: func(context.Context) error {
		if busy {
			return &vault.InUseError{Path: "vault.penny", PID: 4242}
		}
		return nil
	}})
	d := f.daemon()
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	busy = true
	r := d.Round(ctx)
	if r.Count(Postponed) != 1 || len(r.Files) != 1 || !errors.Is(r.Files[0].Err, vault.ErrInUse) {
		t.Fatalf("busy: %s", outcomes(r))
	}
	if seen, _ := f.st.SettingOr(ctx, SeenKey, ""); seen != "" {
		t.Fatalf("a postponed file was recorded as seen: %s", seen)
	}
	busy = false
	if r := d.Round(ctx); r.Count(Imported) != 1 || len(r.Files) != 1 {
		t.Fatalf("free: %s", outcomes(r))
	}
}

// TestStoppingMidFileIsNoRefusal: a daemon stopped while it applies a file
// leaves the file for its next start; nothing is wrong with the file.
func TestStoppingMidFileIsNoRefusal(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	f := newFixture(t)
	f.st = sharedStore(t, &fakeShared{begin: func(context.Context) error {
		stop() // SIGTERM arrives as the file's write begins
		return nil
	}})
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	r := f.daemon().Round(ctx)
	if r.Count(Postponed) != 1 || len(r.Files) != 1 {
		t.Fatalf("stopped: %s", outcomes(r))
	}
	if seen, _ := f.st.SettingOr(context.Background(), SeenKey, ""); seen != "" {
		t.Fatalf("a file cut short was recorded as seen: %s", seen)
	}
	if n, _ := f.st.CountTransactions(context.Background(), store.TxQuery{}); n != 0 {
		t.Fatalf("a file cut short left %d transactions", n)
	}
}

func TestWithoutSendersNothingIsDelivered(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	d := f.daemon()
	d.Senders = nil
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	if r := d.Round(ctx); r.Count(Imported) != 1 || r.Alerts != 1 || r.Sent != 0 || len(r.Errors) != 0 {
		t.Fatalf("round: %+v", r)
	}
	// The alerts stay for whoever delivers next.
	if mark, err := notify.Watermark(ctx, f.st); err != nil || mark != 0 {
		t.Fatalf("watermark %d, %v; want 0", mark, err)
	}
}

func TestFailuresOutsideAFileAreReportedAndTheRoundGoesOn(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	missing := filepath.Join(t.TempDir(), "gone")
	d.Watch = []string{missing, f.dir}
	f.sent.err = errors.New("the notification server hung up")
	f.drop("statement.ofx", largeCharge("BIG-1", f.now))
	r := d.Round(context.Background())
	if r.Count(Imported) != 1 || len(r.Errors) != 2 || !strings.HasPrefix(r.Errors[0].Error(), "watch "+missing+": ") ||
		!errors.Is(r.Errors[1], notify.ErrNotDelivered) {
		t.Fatalf("round: %s %q", outcomes(r), r.Errors)
	}
	// Undelivered alerts go out once a sender works.
	f.sent.err = nil
	if r := d.Round(context.Background()); r.Sent != 1 {
		t.Fatalf("sender back: %+v", r)
	}
}

// A file too large for the vault is refused as it is read, once, and a
// bank file that fits still goes in.
func TestAFileTooLargeForTheVaultIsRefusedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	used, _, err := f.st.Size(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The vault's page budget: 64 KiB more than it holds.
	if _, err := f.st.DB().Exec(fmt.Sprintf("PRAGMA max_page_count = %d", (used+64<<10)/4096)); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	rows.WriteString("Date,Amount,Description\n")
	for range 2000 {
		rows.WriteString("2026-05-01,-12.34,COFFEE SHOP 123\n")
	}
	f.drop("many.csv", []byte(rows.String()))
	d := f.daemon()
	r := d.Round(context.Background())
	var full *fileimport.FullError
	if len(r.Files) != 1 || r.Files[0].Outcome != Refused || !errors.As(r.Files[0].Err, &full) || !full.Partial {
		t.Fatalf("round: %s (%v)", outcomes(r), r.Files)
	}
	if f.logged("the vault would exceed") != 1 {
		t.Fatalf("log: %q", f.logs)
	}
	if r := d.Round(context.Background()); len(r.Files) != 0 || f.logged("the vault would exceed") != 1 {
		t.Fatalf("second round: %s; log %q", outcomes(r), f.logs)
	}
	f.drop("small.ofx", largeCharge("S-1", f.now))
	if r := d.Round(context.Background()); outcomes(r) != "small.ofx: imported" {
		t.Fatalf("a file that fits: %s", outcomes(r))
	}
}
