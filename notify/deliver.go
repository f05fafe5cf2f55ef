package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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

// Deliver sends every unread alert newer than the watermark, then moves the
// watermark past them. Sending comes first and recording second, so a crash
// in between shows an alert twice rather than never. Alerts read in the
// meantime (the user saw them in the chat) are skipped. When no sender
// succeeds the watermark stays, so the alerts go out on the next call.
func (d *Deliverer) Deliver(ctx context.Context) (Report, error) {
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	mark, err := Watermark(ctx, d.Store)
	if err != nil {
		return Report{}, err
	}
	all, err := d.Store.Alerts(ctx, store.AlertQuery{})
	if err != nil {
		return Report{}, fmt.Errorf("notify: %w", err)
	}
	var pending []store.Alert
	upto := mark
	for _, a := range all {
		if a.ID <= mark {
			continue
		}
		upto = max(upto, a.ID)
		if !a.Read {
			pending = append(pending, a)
		}
	}
	// The pending alerts are counted before quiet hours hold them, so the
	// caller can say how many wait instead of guessing.
	if d.Quiet != nil && d.Quiet.Holds(now) {
		return Report{Held: true, Until: d.Quiet.Ends(now), Waiting: len(pending)}, nil
	}
	slices.SortFunc(pending, func(a, b store.Alert) int { return int(a.ID - b.ID) })
	var rep Report
	if len(pending) > 0 {
		ns := d.Policy.Group(pending)
		if len(d.Senders) == 0 {
			return rep, fmt.Errorf("%w: no senders configured", ErrNotDelivered)
		}
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
			return rep, fmt.Errorf("%w: %w", ErrNotDelivered, errors.Join(errs...))
		}
		rep = Report{Alerts: len(pending), Notifications: len(ns), Failed: errs}
	}
	if upto > mark {
		if err := d.Store.SetSetting(ctx, WatermarkKey, strconv.FormatInt(upto, 10)); err != nil {
			return rep, fmt.Errorf("notify: record delivery: %w", err)
		}
	}
	return rep, nil
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
