package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"penny/internal/osproc"
	"penny/store"
)

// DefaultMaxSeparate is how many alerts at once still get a notification
// each; more become one summary.
const DefaultMaxSeparate = 3

// WatermarkKey is the store setting holding the id of the newest alert
// delivered (or skipped because it was read already).
const WatermarkKey = "notify.delivered_upto"

// Store settings the notifications read, set from the chat or penny daemon's
// flags: quiet hours as "22:00-07:00" ("" for none), and "true" to show
// amounts and merchants in notifications. They are declared here, beside
// the code that reads them, and nowhere else.
const (
	QuietHoursKey = "notify.quiet_hours"
	DetailsKey    = "notify.details"
)

// Policy says how alerts become notifications.
type Policy struct {
	// Details shows amounts and merchants. The default, false, is private
	// mode: "Large charge on Visa Signature" and nothing more.
	Details bool
	// MaxSeparate: more alerts than this at once make one notification;
	// zero means DefaultMaxSeparate.
	MaxSeparate int
	// AppName names Penny to the notification server; "" means
	// DefaultAppName.
	AppName string
}

// Group turns alerts into notifications with the default policy (private,
// DefaultMaxSeparate).
func Group(as []store.Alert) []Notification { return Policy{}.Group(as) }

// Group turns alerts, oldest first, into notifications: one each, or one
// summary for a burst ("5 new alerts") so that the first import of a bank
// does not bury the desktop. The summary names the first few alerts by
// title, which private mode shows anyway, and is as urgent as the most
// urgent of them.
func (p Policy) Group(as []store.Alert) []Notification {
	app := p.AppName
	if app == "" {
		app = DefaultAppName
	}
	limit := p.MaxSeparate
	if limit <= 0 {
		limit = DefaultMaxSeparate
	}
	if len(as) <= limit {
		out := make([]Notification, 0, len(as))
		for _, a := range as {
			n := FromAlert(a, !p.Details)
			n.AppName = app
			out = append(out, n)
		}
		return out
	}
	urgency := Low
	var titles []string
	for i, a := range as {
		n := FromAlert(a, true)
		urgency = max(urgency, n.Urgency)
		if i < 3 {
			titles = append(titles, n.Title)
		}
	}
	body := strings.Join(titles, "; ")
	if more := len(as) - len(titles); more > 0 {
		body += fmt.Sprintf("; and %d more.", more)
	} else {
		body += "."
	}
	return []Notification{{Title: fmt.Sprintf("%d new alerts", len(as)), Body: body, Urgency: urgency, AppName: app}}
}

// Deliverer sends the alerts raised since its last delivery.
type Deliverer struct {
	Store   *store.Store
	Senders []Sender
	Policy  Policy
	// Quiet, when set, holds notifications during its hours.
	Quiet *Quiet
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Report says what a Deliver did.
type Report struct {
	// Alerts delivered and the notifications they made.
	Alerts, Notifications int
	// Held is true during quiet hours; Until is when they end, and Waiting
	// counts the alerts whose notifications wait until then.
	Held    bool
	Until   time.Time
	Waiting int
	// Failed lists the senders' errors when at least one sender delivered.
	Failed []error
}

// ErrNotDelivered: no sender could deliver; the alerts stay pending and the
// next Deliver tries again.
var ErrNotDelivered = errors.New("notify: no sender could deliver")

// Deliver sends every unread alert newer than the watermark, exactly once
// across processes: in one write transaction it moves the watermark past
// them and records a claim naming them (ClaimKey), so a chat and a daemon
// delivering together never both send an alert; then it sends; then it
// clears the claim. A crash between the claim and the end of sending
// leaves the claim behind, and the next start reports it (Recover) rather
// than losing it silently. Alerts read in the meantime (the user saw them
// in the chat) are skipped. When no sender succeeds the claim is undone,
// so the alerts go out on the next call.
func (d *Deliverer) Deliver(ctx context.Context) (Report, error) {
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	// A look first, outside any write, at what others saved: a round with
	// nothing new neither takes the write lock nor saves.
	if _, err := d.Store.Refresh(ctx); err != nil {
		return Report{}, fmt.Errorf("notify: %w", err)
	}
	look, err := d.pending(ctx, d.Store)
	if err != nil {
		return Report{}, err
	}
	// The pending alerts are counted before quiet hours hold them, so the
	// caller can say how many wait instead of guessing.
	if d.Quiet != nil && d.Quiet.Holds(now) {
		return Report{Held: true, Until: d.Quiet.Ends(now), Waiting: len(look.alerts)}, nil
	}
	if len(d.Senders) == 0 {
		// Nothing is claimed that nobody could send.
		if len(look.alerts) > 0 {
			return Report{}, fmt.Errorf("%w: no senders configured", ErrNotDelivered)
		}
		return Report{}, nil
	}
	if look.upto <= look.mark {
		return Report{}, nil
	}
	var claim pendingSet
	err = d.Store.WithTx(ctx, func(tx *store.Store) error {
		var err error
		if claim, err = d.pending(ctx, tx); err != nil {
			return err
		}
		if claim.upto <= claim.mark {
			return nil
		}
		if err := tx.SetSetting(ctx, WatermarkKey, strconv.FormatInt(claim.upto, 10)); err != nil {
			return err
		}
		if len(claim.alerts) == 0 {
			return nil
		}
		c := Claim{From: claim.mark, Upto: claim.upto, Alerts: len(claim.alerts), PID: os.Getpid(), At: now.UTC()}
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		return tx.SetSetting(ctx, ClaimKey, string(b))
	})
	if err != nil {
		return Report{}, fmt.Errorf("notify: claim alerts: %w", err)
	}
	if len(claim.alerts) == 0 {
		return Report{}, nil
	}
	ns := d.Policy.Group(claim.alerts)
	var errs []error
	ok := 0
	for _, s := range d.Senders {
		failed := false
		for _, n := range ns {
			if err := s.Send(ctx, n); err != nil {
				errs = append(errs, err)
				failed = true
				break
			}
		}
		if !failed {
			ok++
		}
	}
	if ok == 0 {
		// Give the alerts back: the watermark returns to where it was,
		// unless another process moved it on meanwhile.
		uerr := d.Store.WithTx(ctx, func(tx *store.Store) error {
			mark, err := Watermark(ctx, tx)
			if err != nil {
				return err
			}
			if mark == claim.upto {
				if err := tx.SetSetting(ctx, WatermarkKey, strconv.FormatInt(claim.mark, 10)); err != nil {
					return err
				}
			}
			return tx.SetSetting(ctx, ClaimKey, "")
		})
		return Report{}, errors.Join(fmt.Errorf("%w: %w", ErrNotDelivered, errors.Join(errs...)), uerr)
	}
	rep := Report{Alerts: len(claim.alerts), Notifications: len(ns), Failed: errs}
	if err := d.Store.SetSetting(ctx, ClaimKey, ""); err != nil {
		return rep, fmt.Errorf("notify: record delivery: %w", err)
	}
	return rep, nil
}

// pendingSet is what a delivery would send: the unread alerts above the
// watermark, and the highest alert id there is.
type pendingSet struct {
	mark, upto int64
	alerts     []store.Alert
}

func (d *Deliverer) pending(ctx context.Context, st *store.Store) (pendingSet, error) {
	mark, err := Watermark(ctx, st)
	if err != nil {
		return pendingSet{}, err
	}
	all, err := st.Alerts(ctx, store.AlertQuery{})
	if err != nil {
		return pendingSet{}, fmt.Errorf("notify: %w", err)
	}
	p := pendingSet{mark: mark, upto: mark}
	for _, a := range all {
		if a.ID <= mark {
			continue
		}
		p.upto = max(p.upto, a.ID)
		if !a.Read {
			p.alerts = append(p.alerts, a)
		}
	}
	slices.SortFunc(p.alerts, func(a, b store.Alert) int { return int(a.ID - b.ID) })
	return p, nil
}

// ClaimKey is the store setting holding the delivery under way: which
// alerts a process took to send, and when. It is empty between deliveries.
const ClaimKey = "notify.claim"

// Claim is a delivery under way.
type Claim struct {
	From   int64     `json:"from"` // alerts above From, up to Upto
	Upto   int64     `json:"upto"`
	Alerts int       `json:"alerts"`
	PID    int       `json:"pid"`
	At     time.Time `json:"at"`
}

// Recover finds a delivery that stopped between its claim and its end (the
// process died), clears it and returns it, so the caller can say that
// those notifications may not have been shown. A claim of a live process
// is left alone: it is still sending.
func Recover(ctx context.Context, st *store.Store) (Claim, bool, error) {
	var c Claim
	found := false
	err := st.WithTx(ctx, func(tx *store.Store) error {
		raw, err := tx.SettingOr(ctx, ClaimKey, "")
		if err != nil || raw == "" {
			return err
		}
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			// Not a claim Penny wrote: drop it.
			return tx.SetSetting(ctx, ClaimKey, "")
		}
		if c.PID != os.Getpid() && osproc.Alive(c.PID) {
			return nil
		}
		found = true
		return tx.SetSetting(ctx, ClaimKey, "")
	})
	if err != nil {
		return Claim{}, false, fmt.Errorf("notify: %w", err)
	}
	return c, found, nil
}

// Describe says what a recovered claim means, for a log or a status line.
func (c Claim) Describe() string {
	return fmt.Sprintf("Penny stopped while sending %d notification(s) at %s; they may not have been shown. The alerts are in the Alerts conversation.",
		c.Alerts, c.At.Local().Format("Jan 2 15:04"))
}

// Watermark returns the id of the newest alert already delivered, 0 when
// nothing was ever delivered.
func Watermark(ctx context.Context, st *store.Store) (int64, error) {
	v, err := st.SettingOr(ctx, WatermarkKey, "0")
	if err != nil {
		return 0, fmt.Errorf("notify: %w", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("notify: setting %s is %q: %w", WatermarkKey, v, err)
	}
	return n, nil
}
