package notify

import (
	"testing"
	"time"
)

func at(hhmm string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", "2026-04-20 "+hhmm)
	if err != nil {
		panic(err)
	}
	return t
}

func TestQuietHolds(t *testing.T) {
	night := Quiet{From: 22 * time.Hour, To: 7 * time.Hour}
	lunch := Quiet{From: 12 * time.Hour, To: 13*time.Hour + 30*time.Minute}
	never := Quiet{From: 9 * time.Hour, To: 9 * time.Hour}
	for _, c := range []struct {
		q    Quiet
		at   string
		want bool
	}{
		{night, "21:59:59", false},
		{night, "22:00:00", true},
		{night, "23:59:59", true},
		{night, "00:00:00", true},
		{night, "06:59:59", true},
		{night, "07:00:00", false},
		{night, "12:00:00", false},
		{lunch, "11:59:59", false},
		{lunch, "12:00:00", true},
		{lunch, "13:29:59", true},
		{lunch, "13:30:00", false},
		{never, "09:00:00", false},
		{never, "03:00:00", false},
	} {
		if got := c.q.Holds(at(c.at)); got != c.want {
			t.Errorf("%v-%v at %s: %v, want %v", c.q.From, c.q.To, c.at, got, c.want)
		}
	}
}

func TestQuietEnds(t *testing.T) {
	night := Quiet{From: 22 * time.Hour, To: 7 * time.Hour}
	for _, c := range []struct{ at, want string }{
		{"23:00:00", "2026-04-21 07:00"},
		{"03:00:00", "2026-04-20 07:00"},
		{"12:00:00", "2026-04-20 12:00"},
	} {
		if got := night.Ends(at(c.at)).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("ends after %s: %s, want %s", c.at, got, c.want)
		}
	}
}

func TestQuietUsesTheLocalClock(t *testing.T) {
	night := Quiet{From: 22 * time.Hour, To: 7 * time.Hour}
	berlin := time.FixedZone("CEST", 2*3600)
	// 21:30 UTC is 23:30 in Berlin.
	instant := time.Date(2026, 4, 20, 21, 30, 0, 0, time.UTC)
	if night.Holds(instant) {
		t.Error("21:30 UTC is not quiet in UTC")
	}
	if !night.Holds(instant.In(berlin)) {
		t.Error("23:30 in Berlin is quiet")
	}
	// On the night clocks go forward, 03:30 is still quiet and the period
	// still ends at 07:00 on the wall clock.
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		spring := time.Date(2026, 3, 8, 3, 30, 0, 0, ny)
		if !night.Holds(spring) || night.Ends(spring).Format("15:04") != "07:00" {
			t.Errorf("DST night: holds %v ends %v", night.Holds(spring), night.Ends(spring))
		}
	}
}

func TestParseQuiet(t *testing.T) {
	q, err := ParseQuiet("22:30-07:00")
	if err != nil || q.From != 22*time.Hour+30*time.Minute || q.To != 7*time.Hour {
		t.Fatalf("%+v %v", q, err)
	}
	for _, bad := range []string{"", "22-07", "25:00-07:00", "22:00-07:60", "22:00-24:00", "-1:00-07:00"} {
		if _, err := ParseQuiet(bad); err == nil {
			t.Errorf("ParseQuiet(%q) accepted", bad)
		}
	}
}
