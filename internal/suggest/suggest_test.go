package suggest

import "testing"

var commands = []string{"init", "demo", "import", "connect", "sync", "ask", "balance", "tx", "alerts",
	"export", "backup", "restore", "daemon", "passwd", "version", "completion", "config"}

func TestClosest(t *testing.T) {
	tests := []struct {
		name, word, want string
		ok               bool
	}{
		{"a dropped letter", "blance", "balance", true},
		{"two letters swapped", "exoprt", "export", true},
		{"a wrong letter", "imgort", "import", true},
		{"a doubled letter", "asks", "ask", true},
		{"a prefix", "compl", "completion", true},
		{"any case", "BALANCE", "balance", true},
		{"a short word allows one edit", "tz", "tx", true},
		{"too far from everything", "frobnicate", "", false},
		{"a short word does not match a long one", "xq", "", false},
		{"nothing typed", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Closest(tt.word, commands)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "abc", 3}, {"abc", "abc", 0}, {"ab", "ba", 1}, {"kitten", "sitting", 3}, {"café", "cafe", 1}} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
