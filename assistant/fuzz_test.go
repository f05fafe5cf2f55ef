package assistant

import (
	"testing"
	"unicode/utf8"
)

// Fuzz targets: whatever is typed or whatever a bank sends, the parser and
// the name cleaner return something sensible and never panic.

func FuzzParse(f *testing.F) {
	for _, c := range corpus {
		f.Add(c.q)
	}
	for _, p := range hostilePayees {
		f.Add(p)
	}
	lex := corpusLexicon()
	f.Fuzz(func(t *testing.T, q string) {
		p := Parse(q, corpusNow, lex)
		if p.Intent == "" {
			t.Fatalf("Parse(%q): no intent", q)
		}
		for _, per := range []*Period{p.Slots.Period, p.Slots.Compare} {
			if per == nil || per.AllTime || per.From.IsZero() {
				continue
			}
			if per.To.Before(per.From) {
				t.Fatalf("Parse(%q): period %s ends before it starts", q, per.Describe())
			}
			if today := civil(corpusNow); !per.From.After(today) && per.To.After(today) {
				t.Fatalf("Parse(%q): period %s runs past today", q, per.Describe())
			}
		}
		if s := p.Slots; s.Min != nil && s.Max != nil && *s.Min > *s.Max {
			t.Fatalf("Parse(%q): amount range %d..%d", q, *s.Min, *s.Max)
		}
		_ = p.Slots.Map()
	})
}

func FuzzMerchantName(f *testing.F) {
	for _, p := range hostilePayees {
		f.Add(p)
	}
	for _, p := range []string{"SQ *BLUE BOTTLE COFFEE OAKLAND CA", "AMZN Mktp US*2K4LT0PF3", "TRADER JOE S #495 ALBANY CA",
		"NETFLIX.COM 866-579-7172 CA", "UBER * EATS HELP.UBER.COM CA", "*", "#", "  ", "a*b*c", "76 - 52668015 SAN FRANCISCO CA"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		name := MerchantName(p)
		if utf8.ValidString(p) && !utf8.ValidString(name) {
			t.Fatalf("MerchantName(%q) = %q is not valid UTF-8", p, name)
		}
	})
}
