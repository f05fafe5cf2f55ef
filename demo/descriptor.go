package demo

import (
	"strconv"
	"strings"
)

// variant is one descriptor of a merchant with its per-household parts
// (store numbers, cities) already filled in. Most variants are a fixed
// string, shared by every row that uses them, so the hot loop does not
// allocate for them; the rest carry per-row parts such as an Amazon order
// reference.
type variant struct {
	s   string   // the whole descriptor when dyn is empty
	lit []string // literal text around the per-row parts: len(dyn)+1 pieces
	dyn []dynPart
}

type dynPart struct {
	kind byte // 'r' letters and digits, 'd' digits, 'c' cheque number
	n    int
}

var (
	// localCities are weighted by repetition: the household lives in Oakland.
	localCities = []string{
		"OAKLAND CA", "OAKLAND CA", "OAKLAND CA", "OAKLAND CA", "BERKELEY CA", "BERKELEY CA",
		"SAN FRANCISCO CA", "SAN FRANCISCO CA", "EMERYVILLE CA", "ALAMEDA CA", "PIEDMONT CA",
		"WALNUT CREEK CA", "SAN LEANDRO CA", "ALBANY CA", "EL CERRITO CA",
	}
	travelCities = []string{
		"NEW YORK NY", "CHICAGO IL", "SEATTLE WA", "LOS ANGELES CA", "AUSTIN TX", "BOSTON MA",
		"DENVER CO", "PORTLAND OR", "SAN DIEGO CA", "HONOLULU HI", "LAS VEGAS NV", "WASHINGTON DC",
	}
)

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// resolve turns a template into this household's variants. A chain gets one
// or two locations, so its rows show a home store and an occasional other.
func (g *gen) resolve(tmpl string) []variant {
	var out []variant
	var seen []string
	for _, alt := range strings.Split(tmpl, "|") {
		copies := 1
		if strings.Contains(alt, "{#") || strings.Contains(alt, "city}") {
			copies = 1 + g.r.IntN(2)
		}
		for range copies {
			s := g.expandStatic(alt)
			dup := false
			for _, x := range seen {
				dup = dup || x == s
			}
			if dup {
				continue
			}
			seen = append(seen, s)
			out = append(out, parseDynamic(s))
		}
	}
	return out
}

// expandStatic fills {#N}, {city} and {tcity}, and leaves per-row tokens.
func (g *gen) expandStatic(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}') + i
		b.WriteString(s[:i])
		tok := s[i+1 : j]
		switch {
		case tok == "city":
			b.WriteString(localCities[g.r.IntN(len(localCities))])
		case tok == "tcity":
			b.WriteString(travelCities[g.r.IntN(len(travelCities))])
		case tok[0] == '#':
			n, _ := strconv.Atoi(tok[1:])
			for range n {
				b.WriteByte(byte('0' + g.r.IntN(10)))
			}
		default:
			b.WriteString(s[i : j+1])
		}
		s = s[j+1:]
	}
}

func parseDynamic(s string) variant {
	if !strings.Contains(s, "{") {
		return variant{s: s}
	}
	var v variant
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			v.lit = append(v.lit, s)
			return v
		}
		j := strings.IndexByte(s[i:], '}') + i
		v.lit = append(v.lit, s[:i])
		tok := s[i+1 : j]
		if tok == "chk" {
			v.dyn = append(v.dyn, dynPart{kind: 'c'})
		} else {
			n, _ := strconv.Atoi(tok[1:])
			v.dyn = append(v.dyn, dynPart{kind: tok[0], n: n})
		}
		s = s[j+1:]
	}
}

// payee returns a descriptor of merchant mi: usually its first (home)
// variant, sometimes another.
func (g *gen) payee(mi int) string {
	vs := g.vars[mi]
	v := &vs[0]
	if len(vs) > 1 && g.r.IntN(10) >= 6 {
		v = &vs[g.r.IntN(len(vs))]
	}
	return g.fill(v)
}

// billPayee returns the descriptor of a bill or subscription: always the
// first variant, because a biller prints the same line every month.
func (g *gen) billPayee(mi int) string { return g.fill(&g.vars[mi][0]) }

// fill returns v with its per-row parts drawn.
func (g *gen) fill(v *variant) string {
	if v.dyn == nil {
		return v.s
	}
	b := g.payBuf[:0]
	for k, p := range v.dyn {
		b = append(b, v.lit[k]...)
		switch p.kind {
		case 'r':
			for range p.n {
				b = append(b, alnum[g.r.IntN(len(alnum))])
			}
		case 'd':
			for range p.n {
				b = append(b, byte('0'+g.r.IntN(10)))
			}
		case 'c':
			b = strconv.AppendInt(b, g.cheque, 10)
			g.cheque++
		}
	}
	b = append(b, v.lit[len(v.dyn)]...)
	g.payBuf = b
	return g.text.add(b)
}

// Channels. The same purchase reads differently depending on how it was
// paid: a debit card on checking carries the bank's prefix and often the
// swipe date ("POS DEBIT", "CHECKCARD 0312", "PURCHASE AUTHORIZED ON
// 03/12"), a phone wallet prints its own short name ("APLPAY STARBUCKS"),
// and a European terminal speaks its country's language ("Kartenzahlung",
// "PAIEMENT CB 1203", "Betaalautomaat"). Cleaning code must see through all
// of them to the one merchant.

// channelPayee returns the descriptor of a purchase at mi on account a and
// day d; present says whether the card was in the shop.
func (g *gen) channelPayee(a, d, mi int, present bool) string {
	m := &g.cat[mi]
	if m.bank || m.cat == catToPeople {
		return g.payee(mi) // cash, cheques and payment apps are their own channel
	}
	r := g.r
	var prefix string
	date := byte(0) // 'm' MMDD, 's' MM/DD, 'e' DD/MM, 'f' DDMM, each and a space
	switch a {
	case acctChecking:
		switch x := r.IntN(100); {
		case x < 28 && present:
			prefix = "POS DEBIT "
		case x < 52:
			prefix = "DEBIT CARD PURCHASE "
		case x < 76:
			prefix, date = "CHECKCARD ", 'm'
		default:
			prefix, date = "PURCHASE AUTHORIZED ON ", 's'
		}
	case acctVisa, acctAmex:
		if present && r.IntN(100) < 12 {
			return m.wallet
		}
		return g.payee(mi)
	case acctEUR:
		x := r.IntN(100)
		switch {
		case x < 55 && m.country == 'D':
			prefix = "Kartenzahlung "
		case x < 55 && m.country == 'F':
			prefix, date = "PAIEMENT CB ", 'f'
		case x < 55 && m.country == 'N':
			prefix = "Betaalautomaat "
		case x < 85:
			prefix, date = "CARD ", 'e'
		}
	}
	base := g.payee(mi)
	if prefix == "" {
		return base
	}
	b := append(g.payBuf[:0], prefix...)
	if date != 0 {
		// The swipe date: the posting day or up to two days before.
		day := g.day[max(0, d-r.IntN(3))]
		mm, dd := int(day.month), day.dom
		switch date {
		case 'm':
			b = appendTwo(appendTwo(b, mm), dd)
		case 's':
			b = appendTwo(append(appendTwo(b, mm), '/'), dd)
		case 'e':
			b = appendTwo(append(appendTwo(b, dd), '/'), mm)
		case 'f':
			b = appendTwo(appendTwo(b, dd), mm)
		}
		b = append(b, ' ')
	}
	b = append(b, base...)
	g.payBuf = b
	return g.text.add(b)
}

func appendTwo(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// shortName is a merchant's name as a phone wallet prints it: upper case,
// letters, digits and spaces only ("Trader Joe's" is "TRADER JOES").
func shortName(name string) string {
	var b strings.Builder
	for _, c := range strings.ToUpper(name) {
		switch {
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ':
			b.WriteRune(c)
		case c == '&':
			b.WriteString("AND")
		case c == '-' || c == '.':
			b.WriteByte(' ')
		case c > 127: // É, Ü...: keep the letter, as terminals mostly do
			b.WriteRune(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// countryOf guesses where a euro merchant's terminal is from its descriptor.
func countryOf(tmpl string) byte {
	for _, c := range []struct {
		country byte
		words   []string
	}{
		{'D', []string{"BERLIN", "MUENCHEN", "HAMBURG", "FRANKFURT", "DEUTSCHLAND"}},
		{'F', []string{"PARIS"}},
		{'N', []string{"AMSTERDAM", "UTRECHT"}},
	} {
		for _, w := range c.words {
			if strings.Contains(tmpl, w) {
				return c.country
			}
		}
	}
	return 0
}
