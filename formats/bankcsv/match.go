package bankcsv

import (
	"math/bits"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The if blocks' patterns are matched in one pass over each text they
// look at (the whole record, or one field), rather than one regular
// expression after another. Most patterns in real rules files are plain
// words ("SAFEWAY", "AMAZON\.COM"): those become needles of one
// Aho-Corasick automaton per text, run over the text with every rune
// case-folded. A true regular expression runs only when one of its
// required literals (a needle in the same automaton) is in the text, or
// always when it has none.
//
// Case folding follows Go's (?i): a rune matches every rune of its
// simple-folding orbit, so both the needles and the text are mapped to the
// orbit's smallest rune, as regexp/syntax does with its literals. Invalid
// UTF-8 bytes read as U+FFFD, as regexp reads them.

// foldRune maps r to the smallest rune of its case-folding orbit.
func foldRune(r rune) rune {
	if r < 'A' || r > unicode.MaxRune {
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// asciiFold is foldRune for ASCII bytes.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for i := range t {
		t[i] = byte(foldRune(rune(i)))
	}
	return t
}()

func foldRunes(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// literalOf is the text a parsed pattern matches if it is a plain
// case-insensitive literal, which is then a substring test.
func literalOf(re *syntax.Regexp) (string, bool) {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpLiteral || re.Flags&syntax.FoldCase == 0 || len(re.Rune) == 0 {
		return "", false
	}
	return foldRunes(re.Rune), true
}

// requiredOf lists literals (folded) one of which is in any text the
// pattern matches; nil when none can be told.
func requiredOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil
		}
		// A case-sensitive literal is also in the folded text, folded.
		return []string{foldRunes(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredOf(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, s := range re.Sub {
			if r := requiredOf(s); r != nil && (best == nil || better(r, best)) {
				best = r
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			r := requiredOf(s)
			if r == nil {
				return nil
			}
			all = append(all, r...)
		}
		return all
	}
	return nil
}

// better prefers the set whose shortest literal is longer, then the
// smaller set: it lets fewer texts through.
func better(a, b []string) bool {
	short := func(s []string) int {
		n := len(s[0])
		for _, x := range s[1:] {
			n = min(n, len(x))
		}
		return n
	}
	if sa, sb := short(a), short(b); sa != sb {
		return sa > sb
	}
	return len(a) < len(b)
}

// automaton is an Aho-Corasick automaton over folded UTF-8 bytes, its
// transitions a dense table over the byte classes the needles use.
type automaton struct {
	class    [256]uint8
	ascii    [utf8.RuneSelf]uint8 // class of an ASCII byte folded
	stride   int
	delta    []int32 // state*stride + class → state, while building
	outStart []int32 // needles ending at state s: outs[outStart[s]:outStart[s+1]]
	outs     []int32
	needles  int
	// next is delta as the scan reads it: a state is written as
	// state*stride*2, plus 1 when needles end there.
	next []int32
}

func newAutomaton(needles []string) *automaton {
	a := &automaton{needles: len(needles)}
	n := 1
	for _, s := range needles {
		for i := 0; i < len(s); i++ {
			if a.class[s[i]] == 0 {
				a.class[s[i]] = uint8(n)
				n++
			}
		}
	}
	a.stride = n
	// The trie; -1 for no edge yet.
	newState := func() int32 {
		s := int32(len(a.delta) / a.stride)
		for range a.stride {
			a.delta = append(a.delta, -1)
		}
		return s
	}
	newState()
	own := [][]int32{nil}
	for id, s := range needles {
		st := int32(0)
		for i := 0; i < len(s); i++ {
			c := int(a.class[s[i]])
			next := a.delta[int(st)*a.stride+c]
			if next < 0 {
				next = newState()
				own = append(own, nil)
				a.delta[int(st)*a.stride+c] = next
			}
			st = next
		}
		own[st] = append(own[st], int32(id))
	}
	// Breadth first: failure links, then every missing edge follows its
	// state's failure link, whose row is complete by then.
	states := len(own)
	fail := make([]int32, states)
	out := make([][]int32, states)
	out[0] = own[0]
	queue := make([]int32, 0, states)
	for c := 0; c < a.stride; c++ {
		if next := a.delta[c]; next < 0 {
			a.delta[c] = 0
		} else {
			fail[next] = 0
			queue = append(queue, next)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(append([]int32(nil), own[s]...), out[fail[s]]...)
		row := int(s) * a.stride
		frow := int(fail[s]) * a.stride
		for c := 0; c < a.stride; c++ {
			if next := a.delta[row+c]; next < 0 {
				a.delta[row+c] = a.delta[frow+c]
			} else {
				fail[next] = a.delta[frow+c]
				queue = append(queue, next)
			}
		}
	}
	a.outStart = make([]int32, states+1)
	for s := range states {
		a.outStart[s] = int32(len(a.outs))
		a.outs = append(a.outs, out[s]...)
	}
	a.outStart[states] = int32(len(a.outs))
	a.next = make([]int32, len(a.delta))
	for i, st := range a.delta {
		a.next[i] = st * int32(a.stride) * 2
		if a.outStart[st] < a.outStart[st+1] {
			a.next[i]++
		}
	}
	a.delta = nil
	for c := range a.ascii {
		a.ascii[c] = a.class[asciiFold[c]]
	}
	return a
}

// scan runs the automaton over s folded, from state st (0 to begin),
// setting the bits of the needles found; it returns the state reached, so
// that texts can be fed in pieces.
func (a *automaton) scan(s string, st int32, found []uint64) int32 {
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			st = a.next[int(st>>1)+int(a.ascii[c])]
			if st&1 != 0 {
				a.mark(st, found)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		k := utf8.EncodeRune(buf[:], foldRune(r))
		for _, b := range buf[:k] {
			st = a.next[int(st>>1)+int(a.class[b])]
			if st&1 != 0 {
				a.mark(st, found)
			}
		}
	}
	return st
}

func (a *automaton) mark(st int32, found []uint64) {
	s := int(st>>1) / a.stride
	for _, id := range a.outs[a.outStart[s]:a.outStart[s+1]] {
		found[id>>6] |= 1 << (id & 63)
	}
}

// matchPlan is a rules file's matchers compiled: the texts they look at,
// each with its automaton, and which blocks a needle may make match.
type matchPlan struct {
	sources []*matchSource
	// gated[i]: block i matches only when one of its gate needles is found,
	// because each of its AND-groups has a matcher that cannot be true
	// without one (a literal, or a regexp with required literals, not
	// negated). Other blocks are tried on every record.
	gated []bool
}

// matchSource is one text the matchers look at.
type matchSource struct {
	field   int // -1: the whole record
	ac      *automaton
	needles map[string]int32
	list    []string
	gates   [][]int32 // needle → the gated blocks it lets through
}

func (pl *matchPlan) source(field int) int {
	for i, s := range pl.sources {
		if s.field == field {
			return i
		}
	}
	pl.sources = append(pl.sources, &matchSource{field: field, needles: map[string]int32{}})
	return len(pl.sources) - 1
}

func (s *matchSource) needle(text string) int32 {
	if id, ok := s.needles[text]; ok {
		return id
	}
	id := int32(len(s.list))
	s.needles[text] = id
	s.list = append(s.list, text)
	return id
}

// compileMatchers prepares every block's matchers; called once the field
// references are resolved.
func (rs *Rules) compileMatchers() {
	pl := &matchPlan{}
	for _, b := range rs.blocks {
		for _, m := range b.matchers {
			field := m.field
			if field < 0 {
				field = -1
			}
			m.src = pl.source(field)
			m.lit, m.pre = -1, nil
			src := pl.sources[m.src]
			re, err := syntax.Parse(m.re.String(), syntax.Perl)
			if err != nil {
				continue // compiled by regexp already; cannot happen
			}
			if lit, ok := literalOf(re); ok {
				m.lit = src.needle(lit)
				continue
			}
			for _, r := range requiredOf(re) {
				m.pre = append(m.pre, src.needle(r))
			}
		}
	}
	pl.gated = make([]bool, len(rs.blocks))
	for _, s := range pl.sources {
		s.gates = make([][]int32, len(s.list))
	}
	for i, b := range rs.blocks {
		gates := blockGates(b)
		if gates == nil {
			continue
		}
		pl.gated[i] = true
		for _, m := range gates {
			s := pl.sources[m.src]
			ids := m.pre
			if m.lit >= 0 {
				ids = []int32{m.lit}
			}
			for _, id := range ids {
				if g := s.gates[id]; len(g) == 0 || g[len(g)-1] != int32(i) {
					s.gates[id] = append(g, int32(i))
				}
			}
		}
	}
	for _, s := range pl.sources {
		if len(s.list) > 0 {
			s.ac = newAutomaton(s.list)
		}
		s.needles = nil
	}
	rs.plan = pl
}

// blockGates picks in each AND-group of a block one matcher that is false
// unless one of its needles is found; nil when some group has none.
func blockGates(b *ifBlock) []*matcher {
	if len(b.matchers) == 0 {
		return nil
	}
	var gates []*matcher
	var gate *matcher
	for i, m := range b.matchers {
		if i > 0 && !m.and {
			if gate == nil {
				return nil
			}
			gates, gate = append(gates, gate), nil
		}
		if m.not {
			continue
		}
		if m.lit >= 0 && (gate == nil || gate.lit < 0) || m.pre != nil && gate == nil {
			gate = m
		}
	}
	if gate == nil {
		return nil
	}
	return append(gates, gate)
}

// rowMatch holds one Parse's state for matching records: which needles
// each text holds. Rules are shared; this is not.
type rowMatch struct {
	pl     *matchPlan
	found  [][]uint64
	cand   []uint64 // gated blocks one of whose needles the record holds
	rec    []string
	whole  string
	joined bool
}

func (pl *matchPlan) newRowMatch() *rowMatch {
	if pl == nil { // Rules not made by ParseRules: no blocks
		pl = &matchPlan{}
	}
	rm := &rowMatch{pl: pl, found: make([][]uint64, len(pl.sources)), cand: make([]uint64, (len(pl.gated)+63)/64)}
	for i, s := range pl.sources {
		if s.ac != nil {
			rm.found[i] = make([]uint64, (s.ac.needles+63)/64)
		}
	}
	return rm
}

// reset scans a record's texts for every needle at once.
func (rm *rowMatch) reset(rec []string) {
	rm.rec, rm.whole, rm.joined = rec, "", false
	clear(rm.cand)
	for i, s := range rm.pl.sources {
		if s.ac == nil {
			continue
		}
		found := rm.found[i]
		clear(found)
		if s.field >= 0 {
			if s.field < len(rec) {
				s.ac.scan(rec[s.field], 0, found)
			}
			continue
		}
		// The whole record is its fields joined with commas; fed in
		// pieces, without joining them.
		st := int32(0)
		for j, f := range rec {
			if j > 0 {
				st = s.ac.scan(",", st, found)
			}
			st = s.ac.scan(f, st, found)
		}
	}
	for i, s := range rm.pl.sources {
		for w, word := range rm.found[i] {
			for ; word != 0; word &= word - 1 {
				for _, b := range s.gates[w*64+bits.TrailingZeros64(word)] {
					rm.cand[b>>6] |= 1 << (b & 63)
				}
			}
		}
	}
}

// mayMatch tells whether block i can match the record reset last.
func (rm *rowMatch) mayMatch(i int) bool {
	return !rm.pl.gated[i] || rm.cand[i>>6]&(1<<(i&63)) != 0
}

func (rm *rowMatch) text(m *matcher) string {
	if m.field >= 0 {
		if m.field < len(rm.rec) {
			return rm.rec[m.field]
		}
		return ""
	}
	if !rm.joined {
		rm.whole, rm.joined = strings.Join(rm.rec, ","), true
	}
	return rm.whole
}

func (rm *rowMatch) test(m *matcher) bool {
	found := rm.found[m.src]
	var ok bool
	switch {
	case m.lit >= 0:
		ok = found[m.lit>>6]&(1<<(m.lit&63)) != 0
	case m.pre != nil && !anyBit(found, m.pre):
		ok = false
	default:
		ok = m.re.MatchString(rm.text(m))
	}
	return ok != m.not
}

func anyBit(found []uint64, ids []int32) bool {
	for _, id := range ids {
		if found[id>>6]&(1<<(id&63)) != 0 {
			return true
		}
	}
	return false
}

// matches applies a block's matchers to the record reset last: an OR of
// AND-groups. A group stops at its first false matcher and the block at
// its first true group, which gives the same answer as testing them all.
func (rm *rowMatch) matches(b *ifBlock) bool {
	group := true
	for i, m := range b.matchers {
		if i > 0 && !m.and {
			if group {
				return true
			}
			group = true
		}
		if group {
			group = rm.test(m)
		}
	}
	return group
}
