package bankcsv

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"penny/demo"
)

// bigCSV is a 100 000-row export in the simplest layout, with the variety
// a real one has: signed amounts, descriptions of different lengths, one
// quoted field in ten.
func bigCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("Date,Description,Amount\n")
	payees := []string{"GROCERY STORE 1234", "Coffee", "\"ACME, Inc. payroll\"", "RENT PAYMENT OCTOBER", "Fuel station 88"}
	for i := 0; i < rows; i++ {
		d := i % 28
		m := (i / 28) % 12
		y := 2000 + (i/(28*12))%100
		amount := (i*7919)%100000 - 50000
		if amount == 0 {
			amount = 1
		}
		sign := ""
		if amount < 0 {
			sign, amount = "-", -amount
		}
		fmt.Fprintf(&b, "%04d-%02d-%02d,%s,%s%d.%02d\n", y, m+1, d+1, payees[i%len(payees)], sign, amount/100, amount%100)
	}
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := bigCSV(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st, rep, err := Parse(bytes.NewReader(data), "big.csv", Options{})
		if err != nil || rep.Imported != 100_000 || len(st) != 1 {
			b.Fatalf("%v: imported %d", err, rep.Imported)
		}
	}
}

// rulesImport is a 20 000-row card export and an hledger rules file of 27
// if blocks and 330 patterns for it, from the demo household: the size of
// the import the rules matcher is measured on.
var rulesImport = sync.OnceValues(func() ([]byte, []byte) {
	d := demo.Generate(demo.Options{Seed: 1, Transactions: 56_000})
	var file, rules bytes.Buffer
	if err := d.WriteCSV(&file, "demo-visa"); err != nil {
		panic(err)
	}
	if err := d.WriteRules(&rules, "demo-visa"); err != nil {
		panic(err)
	}
	lines := strings.SplitAfter(file.String(), "\n")
	if len(lines) < 20_001 {
		panic(fmt.Sprintf("the demo card account has %d rows", len(lines)-1))
	}
	csv := []byte(strings.Join(lines[:20_001], ""))

	// The most specific 27 blocks, their patterns taken in turn up to 330.
	head, rest, _ := strings.Cut(rules.String(), "\nif\n")
	parts := strings.Split(rest, "\nif\n")
	parts = parts[max(0, len(parts)-27):]
	type block struct{ pats, assigns, kept []string }
	blocks := make([]block, len(parts))
	for i, p := range parts {
		for _, l := range strings.Split(strings.TrimSpace(p), "\n") {
			if strings.HasPrefix(l, " ") {
				blocks[i].assigns = append(blocks[i].assigns, l)
			} else {
				blocks[i].pats = append(blocks[i].pats, l)
			}
		}
	}
	for n, round := 0, 0; n < 330; round++ {
		took := false
		for i := range blocks {
			if round < len(blocks[i].pats) && n < 330 {
				blocks[i].kept = append(blocks[i].kept, blocks[i].pats[round])
				n, took = n+1, true
			}
		}
		if !took {
			break
		}
	}
	var out strings.Builder
	out.WriteString(head + "\n")
	for _, b := range blocks {
		out.WriteString("\nif\n" + strings.Join(b.kept, "\n") + "\n" + strings.Join(b.assigns, "\n") + "\n")
	}
	return csv, []byte(out.String())
})

// mixRegexps makes every eighth pattern of a rules file a true regular
// expression that still needs its literal (anchored, repeated, in an
// alternation), and adds two that need none, as hand-written rules have.
func mixRegexps(rules []byte) []byte {
	lines := strings.Split(string(rules), "\n")
	forms := []string{"(?:%s)+", "%s|ZZQX", "^.*%s", "%s[^,]*"}
	n := 0
	for i, l := range lines {
		if p, ok := strings.CutPrefix(l, "%description "); ok {
			if n%8 == 0 {
				lines[i] = "%description " + fmt.Sprintf(forms[(n/8)%len(forms)], p)
			}
			n++
		}
	}
	return []byte(strings.Join(lines, "\n") + "\nif\n%description ^[0-9]+$\n%amount ^-?0*\\.00$\n  account2 expenses:odd\n")
}

// BenchmarkRules20k parses the 20 000-row export through its rules, with
// the one-pass matcher and with the regexp-per-pattern reference it
// replaced, and reports the median time of an import: with the demo's
// rules, all literals, and with some patterns made true regexps.
func BenchmarkRules20k(b *testing.B) {
	data, literalRules := rulesImport()
	for _, set := range []struct {
		name  string
		rules []byte
	}{{"literals", literalRules}, {"mixed", mixRegexps(literalRules)}} {
		rs, err := ParseRules(bytes.NewReader(set.rules), "visa.rules", nil)
		if err != nil {
			b.Fatal(err)
		}
		var patterns, literals, prefiltered int
		for _, bl := range rs.blocks {
			for _, m := range bl.matchers {
				patterns++
				if m.lit >= 0 {
					literals++
				} else if m.pre != nil {
					prefiltered++
				}
			}
		}
		run := func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				_, rep, err := Parse(bytes.NewReader(data), "visa.csv", Options{Rules: rs})
				times = append(times, time.Since(start))
				if err != nil || rep.Imported != 20_000 {
					b.Fatalf("%v: imported %d", err, rep.Imported)
				}
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/import-median")
			b.ReportMetric(float64(len(rs.blocks)), "blocks")
			b.ReportMetric(float64(patterns), "patterns")
			b.ReportMetric(float64(literals), "literals")
			b.ReportMetric(float64(prefiltered), "prefiltered")
		}
		b.Run(set.name+"/onepass", run)
		b.Run(set.name+"/regexp-reference", func(b *testing.B) { withReference(rs, func() { run(b) }) })
	}
}
