package merchant

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

var scratchPool = sync.Pool{New: func() any {
	return &scratch{buf: make([]byte, 0, 128), toks: make([]token, 0, 24), sel: make([]int32, 0, 16)}
}}

// match is what one scan of the trie found.
type match struct {
	brand, bStart, bLen int32 // leftmost-longest brand at or after the name start
	early, eStart, eLen int32 // the same inside the prefixes, used when nothing else names anyone
	kind, kStart, kEnd  int32 // highest-priority kind rule
	kindMask            uint64
}

func (t *table) identify(s string) Merchant {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.tokenize(s, &t.words)
	toks := sc.toks
	n := int32(len(toks))
	if n == 0 {
		return Merchant{}
	}

	// Strip channel and processor prefixes: "POS DEBIT", "CHECKCARD 1203",
	// "SQ *", in any number and order. Numbers between them (dates, card
	// digits) go with them.
	p := int32(0)
	for p < n {
		q := p
		for q < n && sc.noise(toks[q]) {
			q++
		}
		e := t.prefixAt(toks, q)
		if e <= q {
			break
		}
		p = e
	}
	pa := p // where the name proper starts, past numbers
	for pa < n && sc.noise(toks[pa]) {
		pa++
	}

	m := match{brand: -1, early: -1, kind: -1}
	for i := int32(0); i < n; i++ {
		nd := int32(0)
		for j := i; j < n; j++ {
			nd = t.child(nd, toks[j].id)
			if nd == 0 {
				break
			}
			x := &t.nodes[nd]
			l := j - i + 1
			atStart := i == p || i == pa
			if k := x.kind; k >= 0 || (atStart && x.kindStart >= 0) {
				if k < 0 || (atStart && x.kindStart >= 0 && x.kindStart < k) {
					k = x.kindStart
				}
				if m.kind < 0 || k < m.kind {
					m.kind, m.kStart, m.kEnd = k, i, j+1
				}
				if i < 64 {
					m.kindMask |= (uint64(1)<<uint(min(l, 63)) - 1) << uint(i)
				}
			}
			b := x.brand
			if b < 0 && atStart {
				b = x.brandStart
			}
			if b < 0 {
				continue
			}
			if i+l > p {
				if m.brand < 0 || i < m.bStart || (i == m.bStart && l > m.bLen) {
					m.brand, m.bStart, m.bLen = b, i, l
				}
			} else if m.early < 0 || i < m.eStart || (i == m.eStart && l > m.eLen) {
				m.early, m.eStart, m.eLen = b, i, l
			}
		}
	}

	if m.kind >= 0 && t.kinds[m.kind].strong {
		return t.kindResult(sc, m, p)
	}
	if m.brand >= 0 {
		return t.brandResult(m.brand)
	}
	if m.kind >= 0 {
		return t.kindResult(sc, m, p)
	}
	if name, key := t.clean(sc, p, 0); name != "" {
		return Merchant{Key: key, Name: name}
	}
	if m.early >= 0 {
		return t.brandResult(m.early)
	}
	// Nothing but prefixes and numbers ("GUTSCHRIFT DAUERAUFTRAG"): the
	// words say how money moved, not to whom.
	if name, _ := t.clean(sc, 0, 0); name != "" && p > 0 {
		return Merchant{Name: name}
	}
	return Merchant{}
}

// prefixAt returns the end of the longest prefix pattern starting at token
// q, or q when none does.
func (t *table) prefixAt(toks []token, q int32) int32 {
	n := int32(len(toks))
	best := q
	nd := int32(0)
	for j := q; j < n; j++ {
		nd = t.child(nd, toks[j].id)
		if nd == 0 {
			break
		}
		switch t.nodes[nd].prefix {
		case 1:
			best = j + 1
		case 2:
			if j+1 < n && toks[j+1].flags&fStar != 0 {
				best = j + 1
			}
		}
	}
	return best
}

func (t *table) brandResult(b int32) Merchant {
	br := &t.brands[b]
	return Merchant{Key: br.Key, Name: br.Name, Category: br.Category, Known: true}
}

func (t *table) kindResult(sc *scratch, m match, p int32) Merchant {
	k := &t.kinds[m.kind]
	r := Merchant{Name: k.name, Category: k.category, Known: true}
	if k.rest {
		if name, key := t.clean(sc, p, m.kindMask); name != "" {
			r.Name, r.Key = name, key
		}
	}
	return r
}

// clean makes a name and key out of tokens from..n that are not in skip:
// the words from the first one that is not a number up to the first
// store number, reference code, field label or fixed-width gap, less a
// trailing state, country, city or company form.
func (t *table) clean(sc *scratch, from int32, skip uint64) (name, key string) {
	toks := sc.toks
	n := int32(len(toks))
	sel := sc.sel[:0]
	for i := from; i < n && len(sel) < 8; i++ {
		if i < 64 && skip&(1<<uint(i)) != 0 {
			continue
		}
		tk := toks[i]
		role := t.roles[tk.id]
		if len(sel) == 0 {
			if sc.noise(tk) || role&(rLead|rCurrency|rField|rFiller) != 0 || (role&rTLD != 0 && tk.flags&fDot != 0) {
				continue
			}
			sel = append(sel, i)
			continue
		}
		if sc.noise(tk) {
			// Lone letters before a number are a code ("S 123456 ACME"):
			// the name comes after them.
			if allShort(toks, sel) {
				sel = sel[:0]
				continue
			}
			// "T-1234", "STORE 0123": the word before a glued number is
			// part of the number.
			if tk.flags&fGlued != 0 && len(sel) > 1 {
				if last := toks[sel[len(sel)-1]]; last.end-last.start == 1 {
					sel = sel[:len(sel)-1]
				}
			}
			break
		}
		if tk.flags&(fStar|fHash|fGap) != 0 || role&rField != 0 {
			break
		}
		if role&rTLD != 0 && tk.flags&fDot != 0 {
			// What follows a domain is its processor's noise
			// ("BRIDGEBASE.COM US HTTPSBRIDGEB").
			break
		}
		sel = append(sel, i)
	}
	// Trim the end until nothing more goes: "OAKLAND CA", "PARIS FR",
	// "GMBH & CO KG", "PMT".
	for len(sel) > 1 {
		last := toks[sel[len(sel)-1]]
		role := t.roles[last.id]
		if role&(rRegion|rLegal|rFiller|rCurrency) != 0 || last.flags&fAmp != 0 {
			sel = sel[:len(sel)-1]
			continue
		}
		if c := t.trailingCity(toks, sel); c > 0 {
			sel = sel[:c]
			continue
		}
		break
	}
	sc.sel = sel
	if len(sel) == 0 {
		return "", ""
	}
	// One allocation holds both: the key, then the name.
	size := 0
	for _, i := range sel {
		size += 2 * int(toks[i].end-toks[i].start+1)
	}
	b := make([]byte, 0, size)
	for k, i := range sel {
		if k > 0 {
			b = append(b, '-')
		}
		b = append(b, sc.buf[toks[i].start:toks[i].end]...)
	}
	kl := len(b)
	for k, i := range sel {
		if k > 0 {
			b = append(b, ' ')
		}
		if toks[i].flags&fAmp != 0 {
			b = append(b, '&')
			continue
		}
		b = appendTitle(b, sc.buf[toks[i].start:toks[i].end])
	}
	all := string(b)
	return all[kl:], all[:kl]
}

// trailingCity returns the length sel keeps when its last words are a
// known city and at least one word stays, or 0.
func (t *table) trailingCity(toks []token, sel []int32) int {
	for s := 1; s < len(sel); s++ {
		nd := int32(0)
		k := s
		for ; k < len(sel); k++ {
			nd = t.child(nd, toks[sel[k]].id)
			if nd == 0 {
				break
			}
		}
		if k == len(sel) && nd != 0 && t.nodes[nd].city {
			return s
		}
	}
	return 0
}

// appendTitle appends w with its first letter in upper case.
func appendTitle(b, w []byte) []byte {
	if len(w) == 0 {
		return b
	}
	if w[0] < utf8.RuneSelf {
		c := w[0]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		return append(append(b, c), w[1:]...)
	}
	r, size := utf8.DecodeRune(w)
	return append(utf8.AppendRune(b, unicode.ToTitle(r)), w[size:]...)
}

// slug is the key of a word list: the words joined by '-'.
func slug(ws []string) string {
	n := 0
	for _, w := range ws {
		n += len(w) + 1
	}
	b := make([]byte, 0, n)
	for i, w := range ws {
		if i > 0 {
			b = append(b, '-')
		}
		b = append(b, w...)
	}
	return string(b)
}

func allShort(toks []token, sel []int32) bool {
	for _, i := range sel {
		if toks[i].end-toks[i].start > 1 {
			return false
		}
	}
	return true
}
