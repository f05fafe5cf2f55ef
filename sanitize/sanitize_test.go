package sanitize

import "testing"

func TestLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII passes unchanged", "SQ *BLUE BOTTLE COFFEE", "SQ *BLUE BOTTLE COFFEE"},
		{"accents and CJK pass unchanged", "Café Zürich 東京", "Café Zürich 東京"},
		{"a CSI sequence becomes visible", "PAY\x1b[2JEE", "PAY␛[2JEE"},
		{"an OSC 52 clipboard write becomes visible", "\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"},
		{"C1 CSI is replaced", "A\u009b31mB", "A\uFFFD31mB"},
		{"a right-to-left override is replaced", "Refund \u202e00.005", "Refund \uFFFD00.005"},
		{"isolates are replaced", "\u2066x\u2069", "\uFFFDx\uFFFD"},
		{"line breaks and tabs become spaces", "a\r\nb\tc", "a  b c"},
		{"invalid UTF-8 is replaced", "a\xffb", "a\uFFFDb"},
		{"NUL and DEL become visible", "a\x00b\x7f", "a␀b␡"},
		{"an escape after non-ASCII text is still caught", "CAFÉ\x1b[2J", "CAFÉ␛[2J"},
		{"DEL after non-ASCII text is still caught", "Zürich\x7f", "Zürich␡"},
		{"zero-width characters become visible", "AMA\u200bZON\u200c\u200d\u2060\ufeff", "AMA\uFFFDZON\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"line and paragraph separators become visible", "a\u2028b\u2029c", "a\uFFFDb\uFFFDc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred", "\u202e", "a\xffb", "\u009b", "\u200b", "x\u2028y", "\ufeffBOM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || isHidden(r) {
				t.Fatalf("Line(%q) = %q still holds %U", s, out, r)
			}
		}
		if Line(out) != out {
			t.Fatalf("Line is not idempotent on %q", s)
		}
	})
}
