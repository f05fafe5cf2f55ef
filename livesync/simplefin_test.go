package livesync

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/category"
	"penny/netguard"
	"penny/sources/fakebank"
	"penny/store"
)

func TestFirstSyncFilesEveryScenario(t *testing.T) {
	h := newHarness(t)
	con, err := h.env.ConnectSimpleFIN(t.Context(), "bank", h.sf.NewToken())
	if err != nil {
		t.Fatal(err)
	}
	if len(con.Accounts) != 5 || con.Source.Kind != KindSimpleFIN || con.Source.Name != "bank" {
		t.Fatalf("connected %+v", con)
	}
	rep := h.mustSync()
	if rep.Requests != 2 || !rep.Start.Equal(today.AddDate(0, 0, 1-DefaultHistoryDays)) {
		t.Errorf("first sync: %d requests from %s, want 2 windows from %d days back", rep.Requests, rep.Start, DefaultHistoryDays)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "custom currency") }) {
		t.Errorf("notes %q: the custom-currency account must be mentioned", rep.Notes)
	}
	h.reopen()
	ctx := t.Context()
	accts, _ := h.st.Accounts(ctx)
	if len(accts) != 4 {
		t.Fatalf("%d accounts, want checking, savings, visa and the EUR one", len(accts))
	}
	// The EUR account.
	if eur := h.account("Girokonto"); eur.Currency != "EUR" || eur.Institution != "Europa Bank" || eur.BankBalance == nil || eur.Balance != *eur.BankBalance {
		t.Errorf("EUR account %+v", eur)
	}
	// Pending, and hostile descriptions stored as received.
	chk := h.rows("Everyday Checking")
	var pending int
	hostile := map[string]bool{}
	for _, r := range chk {
		if r.Pending {
			pending++
			if r.ExternalID != "CHK-PEND-COFFEE" || r.Amount.Minor != -525 {
				t.Errorf("pending row %+v", r)
			}
		}
		hostile[r.Payee] = true
	}
	if pending != 1 {
		t.Errorf("%d pending rows", pending)
	}
	for _, s := range []string{fakebank.HostileCSI, fakebank.HostileOSC8, fakebank.HostileOSC52, fakebank.HostileBidi} {
		if !hostile[s] {
			t.Errorf("hostile description %q not stored as received", s)
		}
	}
	// The raw payload keeps the server's answers as they came: its
	// descriptions decode to the very bytes the bank sent.
	var bodies []json.RawMessage
	if err := json.Unmarshal(h.rawData(1), &bodies); err != nil || len(bodies) != 2 {
		t.Fatalf("raw payload: %d bodies, %v", len(bodies), err)
	}
	sent := map[string]string{}
	for _, b := range bodies {
		var set struct {
			Accounts []struct {
				Transactions []struct{ ID, Description string }
			}
		}
		if err := json.Unmarshal(b, &set); err != nil {
			t.Fatal(err)
		}
		for _, a := range set.Accounts {
			for _, tx := range a.Transactions {
				sent[tx.ID] = tx.Description
			}
		}
	}
	for id, want := range map[string]string{"CHK-HOST-CSI": fakebank.HostileCSI, "CHK-HOST-OSC8": fakebank.HostileOSC8,
		"CHK-HOST-OSC52": fakebank.HostileOSC52, "CHK-HOST-BIDI": fakebank.HostileBidi} {
		if sent[id] != want {
			t.Errorf("raw payload: %s reads %q, the bank sent %q", id, sent[id], want)
		}
	}
	// The transfer between checking and savings.
	var out, in store.Transaction
	for _, r := range chk {
		if r.ExternalID == "CHK-XFER-10" {
			out = r
		}
	}
	for _, r := range h.rows("High Yield Savings") {
		if r.ExternalID == "SAV-XFER-9" {
			in = r
		}
	}
	if out.TransferID != in.ID || in.TransferID != out.ID || out.Category != category.BetweenAccounts {
		t.Errorf("transfer not linked: %+v / %+v", out, in)
	}
	// The duplicate charge and the price increase raise alerts.
	al, _ := h.st.Alerts(ctx, store.AlertQuery{Limit: 100})
	rules := map[string]int{}
	for _, a := range al {
		rules[a.Rule]++
	}
	if rules["duplicate-charge"] != 1 || rules["price-increase"] != 1 {
		t.Errorf("alerts by rule %v: want one duplicate and one price increase", rules)
	}
	// Balances agree with the bank.
	for _, a := range accts {
		if a.BankBalance == nil || a.Balance != *a.BankBalance {
			t.Errorf("%s: balance %v, bank %v", a.Name, a.Balance, a.BankBalance)
		}
	}
	// The network log: the claim without its token, every request.
	log, _ := h.st.NetLog(ctx, 100)
	if len(log) != 4 {
		t.Fatalf("netlog has %d entries, want claim, balances, 2 windows: %+v", len(log), log)
	}
	claim := log[3]
	if claim.Method != "POST" || claim.Path != "/simplefin/claim/…" || claim.Status != 200 || claim.Source != "bank" {
		t.Errorf("claim entry %+v", claim)
	}
	for _, e := range log[:3] {
		if e.Path != "/simplefin/accounts" || e.Status != 200 || e.Received == 0 || e.Host != h.sf.Addr() {
			t.Errorf("entry %+v", e)
		}
	}
	// A second sync changes nothing but the log.
	before := h.snapshot()
	rep = h.mustSync()
	if rep.Requests != 1 || !rep.Start.Equal(today.AddDate(0, 0, 1).Add(-Overlap)) {
		t.Errorf("second sync: %d requests from %s, want one window from the overlap", rep.Requests, rep.Start)
	}
	if after := h.snapshot(); after != before {
		t.Errorf("a second sync changed data:\n%s\n%s", before, after)
	}
}

func TestPendingPostsUnderANewIDAndAmount(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	bal := h.account("Everyday Checking").Balance.Minor
	h.sf.Settle()
	rep := h.mustSync()
	h.reopen()
	var coffee []store.Transaction
	for _, r := range h.rows("Everyday Checking") {
		if strings.Contains(r.Payee, "BLUE BOTTLE") {
			coffee = append(coffee, r)
		}
	}
	if len(coffee) != 1 || coffee[0].Pending || coffee[0].Amount.Minor != -650 || coffee[0].ExternalID != "CHK-POST-COFFEE" ||
		coffee[0].ReplacesExternalID != "CHK-PEND-COFFEE" {
		t.Fatalf("coffee rows %+v", coffee)
	}
	if got := h.account("Everyday Checking").Balance.Minor; got != bal-650 {
		t.Errorf("balance %d, want %d", got, bal-650)
	}
	replaced := 0
	for _, a := range rep.Result.Accounts {
		replaced += a.PendingReplaced
	}
	if replaced != 1 {
		t.Errorf("%d pending replaced", replaced)
	}
	// The pending row never comes back.
	before := h.snapshot()
	h.mustSync()
	if h.snapshot() != before {
		t.Error("a later sync changed the data")
	}
}

func TestRelinkedAccountStaysOneAccount(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	before := h.rows("High Yield Savings")
	if h.sf.Relink("ACT-SAV-1") != "ACT-SAV-2" {
		t.Fatal("relink")
	}
	rep := h.mustSync()
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "re-linked") }) {
		t.Errorf("notes %q", rep.Notes)
	}
	h.reopen()
	accts, _ := h.st.Accounts(t.Context())
	if len(accts) != 4 {
		t.Fatalf("%d accounts after the re-link, want 4", len(accts))
	}
	if after := h.rows("High Yield Savings"); len(after) != len(before) {
		t.Fatalf("savings had %d rows, has %d after the re-link", len(before), len(after))
	}
	// New rows under the new id still arrive, and later syncs stay put.
	h.sf.Update(func(b *fakebank.Bank) {
		for _, a := range b.Accounts {
			if a.ID == "ACT-SAV-2" {
				a.Txns = append(a.Txns, fakebank.Txn{ID: "R-NEW-1", Posted: today, Transacted: today, Amount: 25_00, Description: "MOBILE DEPOSIT"})
			}
		}
	})
	h.mustSync()
	h.mustSync()
	if after := h.rows("High Yield Savings"); len(after) != len(before)+1 {
		t.Fatalf("savings has %d rows, want %d", len(after), len(before)+1)
	}
	if a := h.account("High Yield Savings"); a.BankBalance == nil || a.Balance != *a.BankBalance {
		t.Errorf("savings balance %v, bank %v", a.Balance, a.BankBalance)
	}
}

func TestConnectionErrorsAreExplainedAndTheWindowKept(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	h.sf.SetNeedsAuth("CON-FCB", true)
	h.sf.SetMissingData("ACT-VISA-1", true)
	stt, _ := loadState(t.Context(), h.st, h.source().ID)
	rep := h.mustSync()
	joined := strings.Join(rep.Notes, "\n")
	if !strings.Contains(joined, "reconnect your bank at SimpleFIN") || !strings.Contains(joined, "First Community Bank") ||
		!strings.Contains(joined, "Visa Signature may be incomplete") {
		t.Errorf("notes:\n%s", joined)
	}
	h.reopen()
	src := h.source()
	if !strings.Contains(src.LastError, "reconnect your bank") {
		t.Errorf("last error %q", src.LastError)
	}
	if st2, _ := loadState(t.Context(), h.st, src.ID); !st2.SyncedThrough.Equal(stt.SyncedThrough) {
		t.Errorf("the window moved on despite missing data: %s -> %s", stt.SyncedThrough, st2.SyncedThrough)
	}
	al, _ := h.st.Alerts(t.Context(), store.AlertQuery{Limit: 100})
	if !slices.ContainsFunc(al, func(a store.Alert) bool { return a.Rule == "source-error" }) {
		t.Error("no source-error alert")
	}
	h.sf.SetNeedsAuth("CON-FCB", false)
	h.sf.SetMissingData("ACT-VISA-1", false)
	h.mustSync()
	if src := h.source(); src.LastError != "" {
		t.Errorf("last error after recovery %q", src.LastError)
	}
}

func TestNetworkDyingMidSyncWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		fault fakebank.Fault
		want  string
	}{
		{"connection closed", fakebank.FaultClose, "SimpleFIN accounts"},
		{"server error", fakebank.Fault500, "500"},
		{"truncated JSON", fakebank.FaultTruncated, "not complete JSON"},
		{"no answer", fakebank.FaultHang, "no answer within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.env.Timeout = 300 * time.Millisecond
			h.connectSimpleFIN()
			// The first window arrives; the second dies on every try.
			h.sf.Fail(0, 1)
			h.sf.Fail(tt.fault, attempts)
			before := h.snapshot()
			rep := h.sync(Options{})
			if rep.Err == nil || !strings.Contains(rep.Err.Error(), tt.want) || !strings.Contains(rep.Err.Error(), "nothing was written") {
				t.Fatalf("err %v, want one saying %q and that nothing was written", rep.Err, tt.want)
			}
			if rep.Requests != 1+attempts {
				t.Errorf("%d requests, want 1 + %d tries", rep.Requests, attempts)
			}
			h.reopen()
			if after := h.snapshot(); after != before {
				t.Fatalf("a failed sync changed data:\n%s\n%s", before, after)
			}
			log, _ := h.st.NetLog(t.Context(), 100)
			if len(log) != 2+1+attempts {
				t.Errorf("netlog has %d entries, want every attempt", len(log))
			}
			if src := h.source(); src.LastError == "" {
				t.Error("the failure is not recorded on the source")
			}
			h.mustSync()
			if n, _ := h.st.CountTransactions(t.Context(), store.TxQuery{}); n == 0 {
				t.Error("the next sync brought nothing")
			}
			if src := h.source(); src.LastError != "" {
				t.Errorf("last error after success %q", src.LastError)
			}
		})
	}
}

func TestOneServerErrorIsRetried(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.sf.Fail(fakebank.Fault500, 1)
	rep := h.mustSync()
	if rep.Requests != 3 {
		t.Errorf("%d requests, want 2 windows + 1 retry", rep.Requests)
	}
	if !strings.Contains(h.progress.String(), "trying again") {
		t.Errorf("progress:\n%s", h.progress.String())
	}
}

func TestRefusalsAreFinal(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.sf.SetPaymentRequired(true)
	rep := h.sync(Options{})
	if rep.Err == nil || !strings.Contains(rep.Err.Error(), "payment is required") || rep.Requests != 1 {
		t.Errorf("402: %v after %d requests", rep.Err, rep.Requests)
	}
	h.sf.SetPaymentRequired(false)
	h.sf.Revoke()
	rep = h.sync(Options{})
	if rep.Err == nil || !strings.Contains(rep.Err.Error(), "403") || rep.Requests != 1 {
		t.Errorf("403: %v after %d requests", rep.Err, rep.Requests)
	}
	if _, err := h.env.ConnectSimpleFIN(t.Context(), "again", "aGVsbG8="); err == nil {
		t.Error("a bad token connected")
	}
}

func TestClaimedTokenIsRefusedWithAWarning(t *testing.T) {
	h := newHarness(t)
	tok := h.sf.NewToken()
	if _, err := h.env.ConnectSimpleFIN(t.Context(), "one", tok); err != nil {
		t.Fatal(err)
	}
	_, err := h.env.ConnectSimpleFIN(t.Context(), "two", tok)
	if err == nil || !strings.Contains(err.Error(), "compromised") {
		t.Fatalf("second claim: %v", err)
	}
	srcs, _ := h.st.Sources(t.Context())
	if len(srcs) != 1 {
		t.Errorf("%d sources", len(srcs))
	}
	if _, err := h.env.ConnectSimpleFIN(t.Context(), "ONE", h.sf.NewToken()); !errors.Is(err, ErrNameTaken) {
		t.Errorf("a taken name: %v", err)
	}
}

func TestBudgetHoldsOver200Syncs(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	refused := 0
	for range 200 {
		rep := h.sync(Options{})
		if rep.Err != nil {
			if !errors.Is(rep.Err, netguard.ErrBudget) || !strings.Contains(rep.Err.Error(), "the next request is possible after") {
				t.Fatalf("refusal: %v", rep.Err)
			}
			refused++
		}
	}
	n, _ := h.st.CountRequests(t.Context(), "bank", today.AddDate(0, 0, -1))
	if n != DefaultBudget {
		t.Errorf("%d requests logged, want the budget, %d", n, DefaultBudget)
	}
	// The claim is no /accounts request: the server saw one fewer.
	if got := h.sf.AccountRequests(); got != DefaultBudget-1 {
		t.Errorf("the server saw %d requests, want %d", got, DefaultBudget-1)
	}
	if refused < 170 {
		t.Errorf("only %d of 200 syncs refused", refused)
	}
	st, _ := h.env.Statuses(t.Context())
	if st[0].Budget.Left() != 0 || st[0].Budget.Next.IsZero() {
		t.Errorf("status %+v", st[0].Budget)
	}
	// A day later the budget is back.
	h.env.Now = func() time.Time { return today.Add(40 * time.Hour) }
	h.sf.Update(func(b *fakebank.Bank) { b.Today = today.AddDate(0, 0, 1) })
	h.mustSync()
}

func TestRateWarningHalvesTheBudget(t *testing.T) {
	h := newHarness(t)
	h.sf.WarnAt = 2
	h.connectSimpleFIN()
	rep := h.mustSync() // balances at connect, then 2 windows: the second warns
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "slows down") }) {
		t.Errorf("notes %q", rep.Notes)
	}
	st, _ := h.env.Statuses(t.Context())
	if !st[0].Budget.Throttled || st[0].Budget.Limit != DefaultBudget/2 {
		t.Errorf("budget %+v", st[0].Budget)
	}
}

func TestOnlyConfiguredHostsAreDialedAndNoneOffline(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	for _, a := range h.dials.list() {
		if a != h.sf.Addr() {
			t.Errorf("dialed %s, which is not the configured source %s", a, h.sf.Addr())
		}
	}
	if len(h.dials.list()) == 0 {
		t.Fatal("no dial recorded")
	}
	n := len(h.dials.list())
	h.env.Offline = true
	rep := h.sync(Options{})
	if !errors.Is(rep.Err, netguard.ErrOffline) {
		t.Errorf("offline sync: %v", rep.Err)
	}
	if _, err := h.env.ConnectSimpleFIN(t.Context(), "x", h.sf.NewToken()); !errors.Is(err, netguard.ErrOffline) {
		t.Errorf("offline connect: %v", err)
	}
	if len(h.dials.list()) != n {
		t.Errorf("offline, yet dialed %v", h.dials.list()[n:])
	}
}

func TestBalancesOnly(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	rep := h.sync(Options{BalancesOnly: true})
	if rep.Err != nil || rep.Requests != 1 {
		t.Fatalf("%v, %d requests", rep.Err, rep.Requests)
	}
	if accts, _ := h.st.Accounts(t.Context()); len(accts) != 0 {
		t.Errorf("balances alone created %d accounts; the first full sync should", len(accts))
	}
	h.mustSync()
	h.sf.Update(func(b *fakebank.Bank) { b.Accounts[0].Opening += 1000 })
	rep = h.sync(Options{BalancesOnly: true})
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if a := h.account("Everyday Checking"); a.BankBalance == nil || a.BankBalance.Minor != a.Balance.Minor+1000 {
		t.Errorf("bank balance %v, balance %v", a.BankBalance, a.Balance)
	}
	if n, _ := h.st.CountTransactions(t.Context(), store.TxQuery{}); n == 0 {
		t.Error("no rows")
	}
}

// A Penny killed while its request is in flight has counted that request:
// its network log row was written before the request went out. Kill after
// kill (each sync dying the moment the server receives its request, with
// nothing after that reaching the disk), the server never sees more
// requests than the budget allows, and every one is in the log read back
// from disk.
func TestKilledMidRequestTheRequestIsCounted(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	h.sf.Observe(func(r fakebank.Request) {
		if strings.HasSuffix(r.Path, "/accounts") {
			h.killed.Store(true)
		}
	})
	kills, refusals := 0, 0
	for range 200 {
		h.reopen() // the next process, from what the last left on disk
		rep := h.sync(Options{})
		switch {
		case h.killed.Load():
			kills++
		case errors.Is(rep.Err, netguard.ErrBudget):
			refusals++
		default:
			t.Fatalf("a sync neither killed nor refused: %v", rep.Err)
		}
	}
	h.reopen()
	logged, err := h.st.CountRequests(t.Context(), "bank", today.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	seen := h.sf.AccountRequests()
	// The claim is logged too, and is no /accounts request.
	if logged != seen+1 || logged != DefaultBudget {
		t.Errorf("%d requests logged, the server saw %d (+1 claim); want both at the budget, %d", logged, seen, DefaultBudget)
	}
	if kills != DefaultBudget-4 || refusals != 200-kills {
		t.Errorf("%d kills and %d refusals", kills, refusals)
	}
	log, err := h.st.NetLog(t.Context(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	unsettled := 0
	for _, ev := range log {
		if ev.Error == store.RequestUnsettled {
			unsettled++
		}
	}
	if unsettled != kills {
		t.Errorf("%d rows without an outcome, want one per kill (%d)", unsettled, kills)
	}
	// With the kills over, a sync a day later settles its rows and leaves
	// none reserved.
	h.sf.Observe(nil)
	h.env.Now = func() time.Time { return today.Add(40 * time.Hour) }
	h.sf.Update(func(b *fakebank.Bank) { b.Today = today.AddDate(0, 0, 1) })
	h.mustSync()
	log, _ = h.st.NetLog(t.Context(), 1)
	if log[0].Error != "" || log[0].Status != 200 || log[0].Received == 0 {
		t.Errorf("the newest request reads %+v", log[0])
	}
	if n, _ := h.st.CountRequests(t.Context(), "bank", today.Add(39*time.Hour)); n != 1 {
		t.Errorf("%d rows for one request", n)
	}
}

// The scenario bank moving on (what `penny demo --bank` shows): each step
// syncs into what the bank says, read back from disk. A pending ride posts
// under a new id for more, a delivery charged twice raises the duplicate
// alert, a transfer is linked across two accounts, and the balances agree
// with the bank after every step.
func TestTheBankMovesOnStepByStep(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN()
	h.mustSync()
	type want struct{ added, replaced, transfers int }
	for step, w := range []want{{3, 1, 0}, {3, 1, 0}, {3, 0, 2}, {1, 0, 0}, {1, 0, 0}} {
		did := h.sf.Advance()
		if len(did) == 0 {
			t.Fatalf("step %d did nothing", step+1)
		}
		rep := h.mustSync()
		var got want
		for _, a := range rep.Result.Accounts {
			got.added += a.New
			got.replaced += a.PendingReplaced
			got.transfers += a.Transfers
		}
		if got != w {
			t.Errorf("step %d (%q): %+v, want %+v", step+1, did, got, w)
		}
		h.reopen()
		for _, a := range []string{"Everyday Checking", "High Yield Savings", "Visa Signature", "Girokonto"} {
			acct := h.account(a)
			if acct.BankBalance == nil || acct.Balance != *acct.BankBalance {
				t.Errorf("step %d: %s balance %v, bank %v", step+1, a, acct.Balance, acct.BankBalance)
			}
		}
	}
	var lyft []store.Transaction
	for _, r := range h.rows("Visa Signature") {
		if strings.HasPrefix(r.Payee, "LYFT") {
			lyft = append(lyft, r)
		}
	}
	if len(lyft) != 1 || lyft[0].Pending || lyft[0].Amount.Minor != -2115 || lyft[0].ReplacesExternalID != "VISA-LYFT-PEND" {
		t.Errorf("the ride: %+v", lyft)
	}
	al, _ := h.st.Alerts(t.Context(), store.AlertQuery{Limit: 100})
	dup := 0
	for _, a := range al {
		if a.Rule == "duplicate-charge" && strings.Contains(a.Title+a.Body, "DOORDASH") {
			dup++
		}
	}
	if dup != 1 {
		t.Errorf("%d duplicate alerts for the delivery charged twice", dup)
	}
}

// Reservations count the source's requests again inside their own write,
// so a Penny whose budget was read before another spent it makes no request
// past the limit; a request takes a row reserved for it before reserving
// its own.
func TestReservationsCountTheBudgetInTheirWrite(t *testing.T) {
	h := newHarness(t)
	h.connectSimpleFIN() // 2 requests
	now := h.env.now()
	for range DefaultBudget - 3 {
		if err := h.st.LogRequest(t.Context(), store.NetEvent{At: now, Source: "bank", Host: h.sf.Addr(), Path: "/simplefin/accounts", Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	log := h.env.newLog("bank", DefaultBudget)
	ev := netguard.Event{Source: "bank", Method: "GET", Host: h.sf.Addr(), Path: "/simplefin/accounts"}
	if err := log.prereserve(t.Context(), ev, 2); !errors.Is(err, netguard.ErrBudget) {
		t.Fatalf("two reservations with one request left: %v", err)
	}
	if err := log.prereserve(t.Context(), ev, 1); err != nil {
		t.Fatal(err)
	}
	id, err := log.Reserve(t.Context(), ev)
	if err != nil || id == 0 {
		t.Fatalf("the reserved row: %d, %v", id, err)
	}
	if _, err := log.Reserve(t.Context(), ev); !errors.Is(err, netguard.ErrBudget) {
		t.Errorf("a request past the budget: %v", err)
	}
	if n, _ := h.st.CountRequests(t.Context(), "bank", now.Add(-time.Hour)); n != DefaultBudget {
		t.Errorf("%d requests counted, want the budget", n)
	}
	rep := h.sync(Options{})
	if !errors.Is(rep.Err, netguard.ErrBudget) || h.sf.AccountRequests() != 1 {
		t.Errorf("a sync with the budget spent: %v; the bank saw %d", rep.Err, h.sf.AccountRequests())
	}
}
