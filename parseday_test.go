package main

import (
	"testing"
	"time"
)

// The date flags speak the chat's date grammar, plus "30d".
func TestDateFlagsReadTheChatsPeriods(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		in   string
		end  bool
		want time.Time
	}{
		{"2025-03-14", false, day(2025, 3, 14)},
		{"2025-03-14", true, day(2025, 3, 14)},
		{"today", false, day(2026, 11, 20)},
		{"yesterday", true, day(2026, 11, 19)},
		{"30d", false, day(2026, 10, 21)},
		{"March 2025", false, day(2025, 3, 1)},
		{"March 2025", true, day(2025, 3, 31)},
		{"last month", true, day(2026, 10, 31)},
		{"", false, time.Time{}},
	} {
		got, err := parseDay(c.in, now, c.end)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("parseDay(%q, end=%v) = %v, %v; want %v", c.in, c.end, got, err, c.want)
		}
	}
	for _, bad := range []string{"blorp", "2025-13-40", "-3d", "starbucks"} {
		if _, err := parseDay(bad, now, false); err == nil {
			t.Errorf("parseDay(%q) took it", bad)
		}
	}
}
