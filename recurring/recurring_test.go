package recurring

import (
	"fmt"
	"testing"
	"time"

	"penny/store"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMonthApart(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"2026-01-31", "2026-02-28", true}, // 28 days
		{"2026-01-01", "2026-01-26", true}, // 25
		{"2026-01-01", "2026-02-05", true}, // 35
		{"2026-01-01", "2026-01-25", false},
		{"2026-01-01", "2026-02-06", false},
		{"2026-02-01", "2026-01-01", false}, // the wrong way round
	} {
		if got := MonthApart(day(c.a), day(c.b)); got != c.want {
			t.Errorf("MonthApart(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

// monthly is n charges of amount, a month apart, newest first, the newest
// on last.
func monthly(amount int64, n int, last string) []Charge {
	out := make([]Charge, n)
	for k := range out {
		out[k] = Charge{Amount: amount, Day: day(last).AddDate(0, -k, 0)}
	}
	return out
}

func TestIncrease(t *testing.T) {
	t.Parallel()
	before := append(monthly(1549, 3, "2026-03-05"), Charge{Amount: 1399, Day: day("2025-12-05")})
	if n := Run(before); n != 3 {
		t.Fatalf("Run = %d, want 3 (the older price ends the run)", n)
	}
	now := Charge{Amount: 1799, Day: day("2026-04-05")}
	r, ok := Increase(now, before, 2, 1)
	if want := (Rise{From: 1549, To: 1799, Months: 3, Percent: 16}); !ok || r != want {
		t.Errorf("Increase = %+v %v, want %+v", r, ok, want)
	}
	if _, ok := Increase(now, before, 4, 1); ok {
		t.Error("a price that held 3 months passed a rule that wants 4")
	}
	if _, ok := Increase(now, before, 2, 20); ok {
		t.Error("a 16% rise passed a rule that fires from 20%")
	}
	if _, ok := Increase(Charge{Amount: 1499, Day: now.Day}, before, 2, 0); ok {
		t.Error("a lower price is a rise")
	}
	if _, ok := Increase(Charge{Amount: 1799, Day: day("2026-03-20")}, before, 2, 1); ok {
		t.Error("a second charge in a month is a rise")
	}
	if _, ok := Increase(now, nil, 1, 1); ok {
		t.Error("a first charge is a rise")
	}
}

// months makes one payee's PayeeMonth rows from an amount a month (0 for
// none), from January 2025.
func months(payee string, amounts ...int64) []store.PayeeMonth {
	var out []store.PayeeMonth
	for k, a := range amounts {
		if a == 0 {
			continue
		}
		m := time.Date(2025, time.Month(1+k), 3, 0, 0, 0, 0, time.UTC)
		out = append(out, store.PayeeMonth{Payee: payee, Currency: "USD", Category: "Subscriptions",
			Month: fmt.Sprintf("%04d-%02d", m.Year(), m.Month()), Count: 1, Sum: a, Min: a, Max: a, Last: m})
	}
	return out
}

func TestDetect(t *testing.T) {
	t.Parallel()
	today := day("2025-08-10")
	var rows []store.PayeeMonth
	rows = append(rows, months("cafe", -500, -2500, -700, -400, -3000, -600, -900)...)
	rows = append(rows, months("netflix", -1549, -1549, -1549, -1799, -1799, -1799, -1799, -1799)...)
	rows = append(rows, months("power", -8000, -9500, -7000, -6000, -6500, -8800, -9100, -8300)...)
	rows = append(rows, months("gym", -3000, -3000, -3000, -3000)...) // stopped in April
	got := Detect(rows, today)
	if len(got) != 3 {
		t.Fatalf("found %d series, want netflix, power and gym: %+v", len(got), got)
	}
	byPayee := map[string]Series{}
	for _, s := range got {
		byPayee[s.Payee] = s
	}
	n := byPayee["netflix"]
	if n.Kind != "fixed" || !n.Active || n.Amount != -1799 || n.Day != 3 || len(n.Changes) != 1 {
		t.Fatalf("netflix: %+v", n)
	}
	c := n.Changes[0]
	if pct, ok := c.Percent(); c.From != -1549 || c.To != -1799 || !c.Month.Equal(day("2025-04-01")) || !ok || pct != 16 {
		t.Errorf("netflix's change: %+v %d%%", c, pct)
	}
	if p := byPayee["power"]; p.Kind != "variable" || len(p.Changes) != 0 {
		t.Errorf("power: %+v", p)
	}
	if g := byPayee["gym"]; g.Active || got[len(got)-1].Payee != "gym" {
		t.Errorf("gym stopped in April and comes last: %+v", got)
	}
	if got[0].Payee != "power" {
		t.Errorf("the largest running charge comes first: %+v", got)
	}
}

func TestEvery(t *testing.T) {
	t.Parallel()
	days := func(ss ...string) []time.Time {
		out := make([]time.Time, len(ss))
		for i, s := range ss {
			out[i] = day(s)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		days  []time.Time
		every string // "" when no cadence
		next  string
	}{
		{"monthly: the next a calendar month after the latest", days("2026-01-31", "2026-02-28", "2026-03-31"), "monthly", "2026-05-01"},
		{"monthly twice is enough", days("2026-01-15", "2026-02-15"), "monthly", "2026-03-15"},
		{"a gap of 25 days is a month (MonthApart)", days("2026-01-01", "2026-01-26"), "monthly", "2026-02-26"},
		{"a gap of 24 days is not", days("2026-01-01", "2026-01-25"), "", ""},
		{"fortnightly: the mean gap", days("2026-01-02", "2026-01-16", "2026-01-30"), "twice a month", "2026-02-13"},
		{"twice a month needs three", days("2026-01-02", "2026-01-16"), "", ""},
		{"weekly", days("2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"), "weekly", "2026-03-30"},
		{"weekly needs four", days("2026-03-02", "2026-03-09", "2026-03-16"), "", ""},
		{"irregular", days("2026-01-01", "2026-01-09", "2026-02-20", "2026-02-23"), "", ""},
		{"one day is no flow", days("2026-01-01"), "", ""},
	} {
		got, ok := Every(c.days)
		if c.every == "" {
			if ok {
				t.Errorf("%s: Every = %+v, want none", c.name, got)
			}
			continue
		}
		if !ok || got.Every != c.every || !got.Next.Equal(day(c.next)) {
			t.Errorf("%s: Every = %+v %v, want %s next %s", c.name, got, ok, c.every, c.next)
		}
	}
}
