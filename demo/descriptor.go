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
