package bankcsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// refMatches is the matcher the rules engine had before the one-pass
// matcher: every pattern a case-insensitive regexp, run in turn over its
// text. It is kept here as the reference the compiled matcher must agree
// with.
func refMatches(b *ifBlock, rec []string, whole func() string) bool {
	result, group := false, true
	for i, m := range b.matchers {
		if i > 0 && !m.and {
			result = result || group
			group = true
		}
		text := ""
		if m.field >= 0 {
			if m.field < len(rec) {
				text = rec[m.field]
			}
		} else {
			text = whole()
		}
		ok := m.re.MatchString(text)
		if m.not {
			ok = !ok
		}
		group = group && ok
	}
	return result || group
}

// refAssign is Rules.assignRow through refMatches.
func refAssign(rs *Rules, _ *rowMatch, rec []string, active *[numTargets]*template) {
	var whole string
	joined := false
	wholeFn := func() string {
		if !joined {
			whole, joined = strings.Join(rec, ","), true
		}
		return whole
	}
	for _, b := range rs.blocks {
		if refMatches(b, rec, wholeFn) {
			for t := target(0); t < numTargets; t++ {
				if b.set[t] {
					active[t] = b.assigns[t]
				}
			}
		}
	}
}

// withReference runs f with the reference matcher in rs's one-pass
// matcher's place.
func withReference(rs *Rules, f func()) {
	rs.assignWith = refAssign
	defer func() { rs.assignWith = nil }()
	f()
}

// sameAssignments checks that both matchers pick the same templates for
// rec, and says which blocks matched when they do not.
func sameAssignments(t *testing.T, rs *Rules, rm *rowMatch, rec []string, what string) bool {
	t.Helper()
	got, want := rs.top, rs.top
	rs.assign(rm, rec, &got)
	refAssign(rs, nil, rec, &want)
	if got == want {
		return true
	}
	var diff []string
	rm.reset(rec)
	whole := func() string { return strings.Join(rec, ",") }
	for i, b := range rs.blocks {
		if n, o := rm.matches(b), refMatches(b, rec, whole); n != o {
			var pats []string
			for _, m := range b.matchers {
				pats = append(pats, fmt.Sprintf("[and=%v not=%v field=%d %q lit=%d pre=%v]", m.and, m.not, m.field, m.re.String(), m.lit, m.pre))
			}
			diff = append(diff, fmt.Sprintf("block %d %v: compiled %v, reference %v", i, pats, n, o))
		}
	}
	t.Errorf("%s: record %q: assignments differ:\n%s", what, rec, strings.Join(diff, "\n"))
	return false
}

func TestFoldRune(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"safeway", "SAFEWAY"}, {"key", "\u212Aey"}, {"ſafe", "SAFE"}, {"straße", "STRAẞE"},
		{"σς", "ΣΣ"}, {"café", "CAFÉ"}, {"#12.5", "#12.5"},
	} {
		if x, y := foldRunes([]rune(c.a)), foldRunes([]rune(c.b)); x != y {
			t.Errorf("fold(%q) = %q, fold(%q) = %q", c.a, x, c.b, y)
		}
		re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(c.a))
		if !re.MatchString(c.b) {
			t.Errorf("Go's (?i) does not match %q with %q: the folding above is wrong", c.a, c.b)
		}
	}
}

func TestAutomaton(t *testing.T) {
	needles := []string{"HE", "SHE", "HIS", "HERS", "É", "\uFFFD", "A,B"}
	for i, n := range needles {
		needles[i] = foldRunes([]rune(n))
	}
	a := newAutomaton(needles)
	for _, c := range []struct {
		text string
		want []int
	}{
		{"ushers", []int{0, 1, 3}},
		{"this", []int{2}},
		{"café", []int{4}},
		{"bad \xff byte", []int{5}},
		{"a,b", []int{6}},
		{"nothing", nil},
		{"", nil},
	} {
		found := make([]uint64, 1)
		a.scan(c.text, 0, found)
		var got []int
		for i := range needles {
			if found[0]&(1<<i) != 0 {
				got = append(got, i)
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: found %v, want %v", c.text, got, c.want)
		}
	}
}

// TestCompiledPatterns checks what the compiler makes of typical patterns.
func TestCompiledPatterns(t *testing.T) {
	rs, err := ParseRules(strings.NewReader(`fields date, description, amount
if
SAFEWAY
amazon\.com
%description ^CHECK [0-9]+$
(UBER|LYFT) TRIP
(UBER|LYFT)
x*
  account2 a
`), "t.rules", nil)
	if err != nil {
		t.Fatal(err)
	}
	ms := rs.blocks[0].matchers
	lits := []bool{true, true, false, false, false, false}
	pres := []int{0, 0, 1, 1, 2, 0}
	for i, m := range ms {
		if (m.lit >= 0) != lits[i] || len(m.pre) != pres[i] {
			t.Errorf("%q: literal %v, %d required literals; want %v, %d", m.re.String(), m.lit >= 0, len(m.pre), lits[i], pres[i])
		}
	}
}

// TestMatcherSharedRules: every rules file in the shared data gives the
// same assignments as the reference matcher on every record of every
// shared CSV, and the files the rules are written for parse to the same
// statements through either matcher.
func TestMatcherSharedRules(t *testing.T) {
	dir := sharedDir(t)
	rulesPaths, _ := filepath.Glob(filepath.Join(dir, "csv", "*", "*.rules"))
	if len(rulesPaths) == 0 {
		t.Skip("no rules files in the shared data")
	}
	var csvPaths []string
	filepath.WalkDir(filepath.Join(dir, "csv"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".csv") {
			csvPaths = append(csvPaths, path)
		}
		return err
	})
	records := 0
	for _, rp := range rulesPaths {
		rs, err := LoadRulesFile(rp)
		if err != nil {
			t.Fatal(err)
		}
		rm := rs.plan.newRowMatch()
		for _, cp := range csvPaths {
			data, err := os.ReadFile(cp)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(bytes.NewReader(data))
			r.FieldsPerRecord, r.LazyQuotes = -1, true
			if rs.sep != 0 {
				r.Comma = rs.sep
			} else if bytes.Count(data, []byte{';'}) > bytes.Count(data, []byte{','}) {
				r.Comma = ';'
			}
			for {
				rec, err := r.Read()
				if err != nil {
					break
				}
				records++
				if !sameAssignments(t, rs, rm, rec, filepath.Base(rp)+" on "+filepath.Base(cp)) {
					break
				}
			}
		}
	}
	if records == 0 {
		t.Error("no records read")
	}
	t.Logf("%d rules files × %d CSV files, %d records", len(rulesPaths), len(csvPaths), records)
	for _, tc := range sharedCases {
		if tc.rules == "" {
			continue
		}
		rs, err := LoadRulesFile(filepath.Join(dir, "csv", tc.rules))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "csv", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		parse := func() string {
			st, rep, err := Parse(bytes.NewReader(data), filepath.Base(tc.file), Options{Rules: rs})
			return fmt.Sprintf("%+v\n%+v\n%v", st, rep, err)
		}
		got := parse()
		var want string
		withReference(rs, func() { want = parse() })
		if got != want {
			t.Errorf("%s: compiled matcher gives\n%s\nthe reference\n%s", tc.name, got, want)
		}
	}
}

// randRules writes a random rules file over the fields date, description,
// amount, memo: if blocks and tables of literals in any case, escaped
// metacharacters, anchors, alternations, repeats and classes, on the
// whole record or one field, negated, joined with & and &&.
func randRules(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("fields date, description, amount, memo\n")
	blocks := 1 + r.IntN(12)
	for i := range blocks {
		b.WriteString("\n")
		if r.IntN(6) == 0 {
			fmt.Fprintf(&b, "if,account2,comment\n")
			for j := range 1 + r.IntN(4) {
				fmt.Fprintf(&b, "%s,acct:%d:%d,c%d\n", randMatcher(r, false, true), i, j, j)
			}
			continue
		}
		n := 1 + r.IntN(5)
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "if %s\n", randMatcher(r, false, false))
			n--
		} else {
			b.WriteString("if\n")
		}
		for j := range n {
			b.WriteString(randMatcher(r, j > 0 || r.IntN(8) == 0, false))
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  account2 acct:%d\n", i)
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "  comment note %d\n", i)
		}
	}
	return b.String()
}

var randWords = []string{"coffee", "café", "safeway", "amazon.com", "ſafe", "\u212Aey", "key", "straße",
	"pay", "payroll", "rent", "a", "ab", "ẞ", "σοφία", "ΣΟΦΙΑ", "uber", "lyft", "check", "#12", "$5", "1+1", "x?"}

func randCase(r *rand.Rand, s string) string {
	switch r.IntN(4) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.ToLower(s)
	case 2:
		var b strings.Builder
		for _, c := range s {
			if r.IntN(2) == 0 {
				b.WriteString(strings.ToUpper(string(c)))
			} else {
				b.WriteString(strings.ToLower(string(c)))
			}
		}
		return b.String()
	}
	return s
}

func randWord(r *rand.Rand) string { return randCase(r, randWords[r.IntN(len(randWords))]) }

func randPattern(r *rand.Rand, table bool) string {
	w := func() string { return regexp.QuoteMeta(randWord(r)) }
	switch r.IntN(20) {
	case 0:
		return "^" + w()
	case 1:
		return w() + "$"
	case 2:
		return w() + ".*" + w()
	case 3:
		return w() + "|" + w()
	case 4:
		return "(" + w() + "|" + w() + ") " + w()
	case 5:
		return w() + "[0-9]+"
	case 6:
		return `\d` + w()
	case 7:
		return "(?-i)" + w()
	case 8:
		return "(" + w() + ")"
	case 9:
		return w() + "?"
	case 10:
		return "(?:" + w() + ")+"
	case 11:
		return `\b` + w() + `\b`
	case 12:
		return "^$"
	case 13:
		return "[ab]" + w()
	case 14:
		return "x*"
	case 15:
		if !table {
			return w() + "," + w() // across two fields of the whole record
		}
	case 16:
		return w() + " " + w()
	}
	return w()
}

func randMatcher(r *rand.Rand, and, table bool) string {
	var b strings.Builder
	if and {
		if r.IntN(2) == 0 {
			b.WriteString("&& ")
		} else {
			b.WriteString("& ")
		}
	}
	if r.IntN(6) == 0 {
		b.WriteString("! ")
	}
	if r.IntN(2) == 0 {
		b.WriteString([]string{"%description ", "%memo ", "%2 ", "%4 ", "%7 ", "%amount "}[r.IntN(6)])
	}
	b.WriteString(randPattern(r, table))
	return b.String()
}

func randRow(r *rand.Rand) []string {
	text := func() string {
		var parts []string
		for range r.IntN(5) {
			switch r.IntN(8) {
			case 0:
				parts = append(parts, fmt.Sprint(r.IntN(10000)))
			case 1:
				parts = append(parts, []string{"\xff", "\xe2\x84", "ok\xc3", "#", "POS DEBIT"}[r.IntN(5)])
			default:
				parts = append(parts, randWord(r))
			}
		}
		sep := []string{" ", "", "-"}[r.IntN(3)]
		return strings.Join(parts, sep)
	}
	n := 4
	if r.IntN(5) == 0 {
		n = r.IntN(7)
	}
	row := make([]string, n)
	for i := range row {
		if i == 0 && r.IntN(2) == 0 {
			row[i] = "2026-01-02"
			continue
		}
		row[i] = text()
	}
	return row
}

// TestMatcherRandom cross-checks the compiled matcher with the reference
// on random rules files and random records.
func TestMatcherRandom(t *testing.T) {
	files, rows := 400, 300
	if testing.Short() {
		files = 50
	}
	r := rand.New(rand.NewPCG(11, 2026))
	var literal, prefiltered, plain, assigned int
	for f := range files {
		text := randRules(r)
		rs, err := ParseRules(strings.NewReader(text), fmt.Sprintf("random%d.rules", f), nil)
		if err != nil {
			// An amount or date check, or a pattern the generator got
			// wrong: the generator's fault either way.
			t.Fatalf("%v\n%s", err, text)
		}
		for _, b := range rs.blocks {
			for _, m := range b.matchers {
				switch {
				case m.lit >= 0:
					literal++
				case m.pre != nil:
					prefiltered++
				default:
					plain++
				}
			}
		}
		rm := rs.plan.newRowMatch()
		for range rows {
			row := randRow(r)
			if got := rs.top; func() bool { rs.assign(rm, row, &got); return got != rs.top }() {
				assigned++
			}
			if !sameAssignments(t, rs, rm, row, "random rules\n"+text) {
				t.FailNow()
			}
		}
	}
	if literal == 0 || prefiltered == 0 || plain == 0 {
		t.Errorf("the generator made %d literals, %d prefiltered and %d plain regexps: each kind must be tried", literal, prefiltered, plain)
	}
	if assigned < files*rows/10 {
		t.Errorf("only %d random records of %d matched a block", assigned, files*rows)
	}
	t.Logf("%d literal, %d prefiltered, %d plain matchers; %d records of %d matched", literal, prefiltered, plain, assigned, files*rows)
}

// TestMatcherDemoImport: the benchmark's import, cut to 2 000 rows, reads
// the same through either matcher, with its literal rules and with some
// patterns made regexps.
func TestMatcherDemoImport(t *testing.T) {
	data, literalRules := rulesImport()
	lines := strings.SplitAfter(string(data), "\n")
	data = []byte(strings.Join(lines[:2001], ""))
	for _, text := range [][]byte{literalRules, mixRegexps(literalRules)} {
		rs, err := ParseRules(bytes.NewReader(text), "visa.rules", nil)
		if err != nil {
			t.Fatal(err)
		}
		parse := func() string {
			st, rep, err := Parse(bytes.NewReader(data), "visa.csv", Options{Rules: rs})
			return fmt.Sprintf("%+v\n%+v\n%v", st, rep, err)
		}
		got := parse()
		var want string
		withReference(rs, func() { want = parse() })
		if got != want {
			t.Errorf("the compiled matcher reads the demo import differently from the reference")
		}
		if !strings.Contains(got, "Category:Expenses:") {
			t.Errorf("no row categorized by the rules")
		}
	}
}
