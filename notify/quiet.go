package notify

import (
	"fmt"
	"time"
)

// Quiet is a daily period without notifications, as durations since
// midnight in the local time of the instant asked about. From after To wraps
// midnight: {22h, 7h} is 22:00 to 07:00. From equal to To is never quiet.
// Quiet hours hold notifications only: alerts are raised and stored as
// always, and what was held is delivered when the period ends.
type Quiet struct {
	From, To time.Duration
}

// ParseQuiet reads "22:00-07:00".
func ParseQuiet(s string) (Quiet, error) {
	var fh, fm, th, tm int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &fh, &fm, &th, &tm); err != nil {
		return Quiet{}, fmt.Errorf("notify: quiet hours %q: want HH:MM-HH:MM", s)
	}
	q := Quiet{From: time.Duration(fh)*time.Hour + time.Duration(fm)*time.Minute,
		To: time.Duration(th)*time.Hour + time.Duration(tm)*time.Minute}
	if fm < 0 || fm > 59 || tm < 0 || tm > 59 || q.Validate() != nil {
		return Quiet{}, fmt.Errorf("notify: quiet hours %q: want HH:MM-HH:MM", s)
	}
	return q, nil
}

// Validate reports bounds outside a day.
func (q Quiet) Validate() error {
	if q.From < 0 || q.From >= 24*time.Hour || q.To < 0 || q.To >= 24*time.Hour {
		return fmt.Errorf("notify: quiet hours %v-%v: both ends must be within a day", q.From, q.To)
	}
	return nil
}

// sinceMidnight is the wall-clock time of t in its location. It is computed
// from the clock reading, not by subtracting midnight, so a daylight saving
// change does not shift the quiet hours by an hour.
func sinceMidnight(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second +
		time.Duration(t.Nanosecond())
}

// Holds reports whether t falls in the quiet period: From inclusive, To
// exclusive.
func (q Quiet) Holds(t time.Time) bool {
	d := sinceMidnight(t)
	switch {
	case q.From == q.To:
		return false
	case q.From < q.To:
		return d >= q.From && d < q.To
	default:
		return d >= q.From || d < q.To
	}
}

// Ends returns when the quiet period holding t ends, or t when it does not
// hold.
func (q Quiet) Ends(t time.Time) time.Time {
	if !q.Holds(t) {
		return t
	}
	// Built from wall-clock fields, so 07:00 stays 07:00 on the night the
	// clocks change.
	y, mo, d := t.Date()
	h, m, s := int(q.To/time.Hour), int(q.To%time.Hour/time.Minute), int(q.To%time.Minute/time.Second)
	end := time.Date(y, mo, d, h, m, s, int(q.To%time.Second), t.Location())
	if !end.After(t) {
		end = time.Date(y, mo, d+1, h, m, s, int(q.To%time.Second), t.Location())
	}
	return end
}
