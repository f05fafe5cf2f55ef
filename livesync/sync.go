package livesync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"penny/alerts"
	"penny/ingest"
	"penny/netguard"
	"penny/statement"
	"penny/store"
)

// Options change what Sync does.
type Options struct {
	// Source syncs only the source of that name.
	Source string
	// BalancesOnly asks for balances alone (SimpleFIN balances-only=1): one
	// cheap request that updates known accounts' bank balances.
	BalancesOnly bool
}

// Report is what one source's sync did.
type Report struct {
	Source string
	Kind   string
	// Requests is how many requests this sync made; Budget is the budget
	// after it.
	Requests int
	Budget   Budget
	// Start and End are the window asked for.
	Start, End time.Time
	Result     *ingest.Result
	// Notes are the server's messages in plain words and what Penny did
	// about them. They may quote server text: sanitize before printing.
	Notes []string
	// Err is why the sync failed; nothing of it was applied.
	Err error
}

// ErrNoSource is a --source that names no source.
var ErrNoSource = errors.New("no such source")

// Sync syncs every source (or the one named in opt), each all or nothing.
// A source that fails does not stop the others; the reports say what
// happened to each.
func (e *Env) Sync(ctx context.Context, opt Options) ([]*Report, error) {
	srcs, err := e.Store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var reps []*Report
	for _, src := range srcs {
		if opt.Source != "" && !strings.EqualFold(src.Name, opt.Source) {
			continue
		}
		reps = append(reps, e.syncSource(ctx, src, opt))
	}
	if opt.Source != "" && len(reps) == 0 {
		return nil, fmt.Errorf("%w %q: see `penny sync --status`", ErrNoSource, opt.Source)
	}
	return reps, nil
}

// fetched is what a source's fetch brought: statements ready to apply.
type fetched struct {
	name   string // the input's name, for messages
	format string
	raw    []byte
	stmts  []statement.Statement
	notes  []string
	// complete is false when the server said some data is missing: the
	// window is asked for again next time.
	complete     bool
	throttle     bool
	balancesOnly bool
	relinks      map[string]relink
}

func (e *Env) syncSource(ctx context.Context, src store.Source, opt Options) *Report {
	rep := &Report{Source: src.Name, Kind: src.Kind}
	fail := func(err error, log *netlog) *Report {
		rep.Err = err
		if log != nil {
			if rerr := e.recordFailure(ctx, src, log, err); rerr != nil {
				rep.Err = errors.Join(err, rerr)
			}
		}
		if b, berr := e.currentBudget(ctx, src); berr == nil {
			rep.Budget = b
		}
		return rep
	}
	set, err := parseSettings(src)
	if err != nil {
		return fail(err, nil)
	}
	stt, err := loadState(ctx, e.Store, src.ID)
	if err != nil {
		return fail(err, nil)
	}
	sec, err := loadSecret(ctx, e.Store, src)
	if err != nil {
		return fail(err, nil)
	}
	if e.Offline {
		return fail(netguard.ErrOffline, nil)
	}
	bud, err := e.budget(ctx, src, set, stt)
	if err != nil {
		return fail(err, nil)
	}
	now := e.now()
	rep.End = tomorrow(now)
	rep.Start = rep.End.AddDate(0, 0, -set.HistoryDays)
	if !stt.SyncedThrough.IsZero() {
		rep.Start = stt.SyncedThrough.Add(-Overlap)
	}
	if rep.Start.After(rep.End.Add(-24 * time.Hour)) {
		rep.Start = rep.End.Add(-24 * time.Hour)
	}
	log := e.newLog(src.Name, bud.Limit)
	g := e.guard(log)
	defer g.CloseIdle()
	var f *fetched
	var budget *netguard.Budget
	switch src.Kind {
	case KindSimpleFIN:
		f, budget, err = e.fetchSimpleFIN(ctx, src, sec, g, log, bud, rep, opt)
	case KindOFX:
		f, budget, err = e.fetchOFX(ctx, src, set, sec, g, log, bud, rep, opt)
	default:
		err = fmt.Errorf("source %s: unknown kind %q", src.Name, src.Kind)
	}
	if budget != nil {
		rep.Requests = budget.Used()
	}
	if errors.Is(err, errNoRequest) {
		// Refused before any request: nothing to log, nothing failed at
		// the bank.
		return fail(errors.Unwrap(err), nil)
	}
	if err != nil {
		return fail(err, log)
	}
	if err := e.resolve(ctx, src, f, stt); err != nil {
		return fail(err, log)
	}
	rep.Notes = f.notes
	var settled func()
	err = e.Store.WithTx(ctx, func(tx *store.Store) error {
		var inputs []ingest.Input
		if len(f.stmts) > 0 {
			inputs = append(inputs, ingest.Input{Name: f.name, Format: f.format, Source: src.Name, Raw: f.raw, Statements: f.stmts})
		}
		res, err := ingest.Apply(ctx, tx, inputs, ingest.Options{Now: now})
		if err != nil {
			return err
		}
		rep.Result = res
		if settled, err = log.flush(ctx, tx); err != nil {
			return err
		}
		next := stt
		if f.complete && !opt.BalancesOnly {
			next.SyncedThrough = rep.End
		}
		if f.throttle {
			next.ThrottledUntil = now.Add(24 * time.Hour)
		}
		for k, v := range f.relinks {
			if next.Relinks == nil {
				next.Relinks = map[string]relink{}
			}
			next.Relinks[k] = v
		}
		if err := saveJSON(ctx, tx, stateKey(src.ID), next); err != nil {
			return err
		}
		lastErr := ""
		if !f.complete {
			lastErr = strings.Join(f.notes, "; ")
		}
		if err := tx.RecordSync(ctx, src.ID, now, lastErr); err != nil {
			return err
		}
		if lastErr != "" {
			raised, err := alerts.Evaluate(ctx, tx, alerts.Event{Now: now})
			if err != nil {
				return err
			}
			res.Alerts = append(res.Alerts, raised...)
		}
		return nil
	})
	if err != nil {
		rep.Result = nil
		return fail(fmt.Errorf("nothing was written: %w", err), log)
	}
	settled()
	if b, err := e.currentBudget(ctx, src); err == nil {
		rep.Budget = b
	}
	return rep
}

// prereserve writes the network log rows of the requests a sync plans
// before the first goes out (see netlog). A refusal means no request was
// made: the budget was spent meanwhile by another Penny, or the vault
// could not be written, and a request that could not be counted is not
// made.
func prereserve(ctx context.Context, src store.Source, log *netlog, ev netguard.Event, need int, b Budget) error {
	ev.Source = src.Name
	err := log.prereserve(ctx, ev, need)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, netguard.ErrBudget):
		b.Used, b.Next = b.Limit, time.Time{}
		return budgetError(src, b, need)
	}
	return &noRequest{fmt.Errorf("source %s: the requests could not be recorded before they were made, so none was made: %w", src.Name, err)}
}

func budgetError(src store.Source, b Budget, need int) error {
	msg := fmt.Sprintf("source %s: %d request(s) of its %d a day are left and this sync needs %d", src.Name, b.Left(), b.Limit, need)
	if b.Throttled {
		msg += " (halved for a day after the server warned about the request rate)"
	}
	if !b.Next.IsZero() {
		msg += fmt.Sprintf("; the next request is possible after %s", b.Next.Local().Format("2006-01-02 15:04"))
	}
	return &noRequest{fmt.Errorf("%w: %s; nothing was fetched, so the token is not put at risk", netguard.ErrBudget, msg)}
}

// errNoRequest marks errors that stopped a sync before any request.
var errNoRequest = errors.New("no request made")

type noRequest struct{ err error }

func (n *noRequest) Error() string        { return n.err.Error() }
func (n *noRequest) Unwrap() error        { return n.err }
func (n *noRequest) Is(target error) bool { return target == errNoRequest }

func (e *Env) currentBudget(ctx context.Context, src store.Source) (Budget, error) {
	set, err := parseSettings(src)
	if err != nil {
		return Budget{}, err
	}
	stt, err := loadState(ctx, e.Store, src.ID)
	if err != nil {
		return Budget{}, err
	}
	return e.budget(ctx, src, set, stt)
}

// Status is a source as `penny sync --status` shows it.
type Status struct {
	Source        store.Source
	Endpoint      string
	Budget        Budget
	SyncedThrough time.Time
}

// Statuses lists every source with its budget.
func (e *Env) Statuses(ctx context.Context) ([]Status, error) {
	srcs, err := e.Store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var out []Status
	for _, src := range srcs {
		b, err := e.currentBudget(ctx, src)
		if err != nil {
			return nil, err
		}
		stt, err := loadState(ctx, e.Store, src.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Status{Source: src, Endpoint: Endpoint(src), Budget: b, SyncedThrough: stt.SyncedThrough})
	}
	return out, nil
}
