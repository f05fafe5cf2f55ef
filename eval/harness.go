// Package eval measures how often Penny's answers about money are right.
//
// It generates a household's history with package demo, writes it out as
// the bank files a person would download (OFX, or CSV with or without an
// hledger rules file), imports them into a fresh store through the real
// parsers and import engine, exactly as `penny import` does, and asks the
// assistant several hundred questions in the words people use. Package
// oracle computes each expected answer from the history's ground truth
// alone; Judge compares Penny's reply with it. TestEvaluation runs it all
// and prints one tally line per import variant:
//
//	eval: N questions: R right, W wrong, A asked back, D declined (in scope: X% right)
//
// A wrong number is the worst thing Penny can say, worse than "I don't
// know": the test fails on every wrong answer and lists it.
package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"penny/assistant"
	"penny/demo"
	"penny/eval/oracle"
	"penny/formats/detect"
	"penny/ingest"
	"penny/store"
)

// Result is one question asked, with the reply and its judgement.
type Result struct {
	Q     oracle.Question
	Reply Reply
	// Raw is the reply as JSON (outcome, text and data), to compare two
	// runs' replies.
	Raw string
	Judgement
}

// Ask asks every question of an assistant over st whose clock is now, and
// judges each reply.
func Ask(ctx context.Context, st *store.Store, now time.Time, qs []oracle.Question) ([]Result, error) {
	a := assistant.New(st, assistant.Options{Now: func() time.Time { return now }})
	out := make([]Result, 0, len(qs))
	for _, q := range qs {
		r, err := a.Ask(ctx, q.Text)
		if err != nil {
			return out, fmt.Errorf("ask %q: %w", q.Text, err)
		}
		rep, raw, err := generic(r)
		if err != nil {
			return out, fmt.Errorf("ask %q: %w", q.Text, err)
		}
		out = append(out, Result{Q: q, Reply: rep, Raw: raw, Judgement: Judge(q, rep)})
	}
	return out, nil
}

// generic turns a reply into the judge's view of it: the data as a script
// reading `penny ask --json` sees it.
func generic(r assistant.Reply) (Reply, string, error) {
	b, err := json.Marshal(r.Data)
	if err != nil {
		return Reply{}, "", err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var data any
	if err := dec.Decode(&data); err != nil {
		return Reply{}, "", err
	}
	raw, err := json.Marshal(map[string]any{"outcome": r.Outcome, "intent": r.Intent, "text": r.Text, "data": json.RawMessage(b)})
	if err != nil {
		return Reply{}, "", err
	}
	return Reply{Intent: r.Intent, Outcome: r.Outcome, Text: r.Text, Data: data, Suggestions: r.Suggestions}, string(raw), nil
}

// Tally counts verdicts.
type Tally struct {
	N, Right, Wrong, Asked, Declined, Missed int
	// InScope counts the questions that expect an answer, InScopeRight
	// those of them answered right.
	InScope, InScopeRight int
}

// Count tallies results.
func Count(rs []Result) Tally {
	var t Tally
	for _, r := range rs {
		t.N++
		switch r.Verdict {
		case Right:
			t.Right++
		case Wrong:
			t.Wrong++
		case AskedBack:
			t.Asked++
		case Declined:
			t.Declined++
		case Missed:
			t.Missed++
		}
		if r.Q.In() {
			t.InScope++
			if r.Verdict == Right {
				t.InScopeRight++
			}
		}
	}
	return t
}

// String is the tally line. Answers that hold no number for what was
// asked count with the declined: they are no wrong number.
func (t Tally) String() string {
	pct := 0.0
	if t.InScope > 0 {
		pct = 100 * float64(t.InScopeRight) / float64(t.InScope)
	}
	return fmt.Sprintf("eval: %d questions: %d right, %d wrong, %d asked back, %d declined (in scope: %.1f%% right)",
		t.N, t.Right, t.Wrong, t.Asked, t.Declined+t.Missed, pct)
}

// ByKind tallies results per question kind, for a table of where Penny
// stands.
func ByKind(rs []Result) []string {
	by := map[string][]Result{}
	for _, r := range rs {
		by[r.Q.Kind] = append(by[r.Q.Kind], r)
	}
	kinds := make([]string, 0, len(by))
	for k := range by {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var out []string
	for _, k := range kinds {
		t := Count(by[k])
		out = append(out, fmt.Sprintf("%-24s %3d: %3d right, %3d wrong, %3d asked back, %3d declined, %3d missed",
			k, t.N, t.Right, t.Wrong, t.Asked, t.Declined, t.Missed))
	}
	return out
}

// Importing: the household's files, written and read the way a person's
// bank downloads are.

// ImportOFX writes every account's OFX file into dir and imports them all
// at once, like `penny import *.ofx`. It returns the name Penny gave each
// account, by demo account key.
func ImportOFX(ctx context.Context, st *store.Store, dir string, d *demo.Data, now time.Time) (map[string]string, error) {
	var inputs []ingest.Input
	for _, a := range d.Accounts {
		path := filepath.Join(dir, a.Key+".ofx")
		if err := writeFile(path, func(w io.Writer) error { return d.WriteOFX(w, a.Key) }); err != nil {
			return nil, err
		}
		in, err := read(path, detect.Options{})
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	if _, err := ingest.Apply(ctx, st, inputs, ingest.Options{Now: now}); err != nil {
		return nil, err
	}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range d.Accounts {
		for _, acct := range accts {
			if strings.Contains("|"+acct.ExternalID+"|", "|"+a.Key+"|") {
				names[a.Key] = acct.Name
			}
		}
		if names[a.Key] == "" {
			return nil, fmt.Errorf("no account of Penny's holds %s", a.Key)
		}
	}
	return names, nil
}

// ImportCSV writes every account's CSV file into dir and imports each into
// the account of the name names gives it (the demo account's own name
// when names is nil), like `penny import --account NAME --currency CUR
// FILE.csv`. It returns what each import did.
func ImportCSV(ctx context.Context, st *store.Store, dir string, d *demo.Data, names map[string]string, now time.Time) ([]*ingest.AccountResult, error) {
	var out []*ingest.AccountResult
	for _, a := range d.Accounts {
		path := filepath.Join(dir, a.Key+".csv")
		if err := writeFile(path, func(w io.Writer) error { return d.WriteCSV(w, a.Key) }); err != nil {
			return nil, err
		}
		in, err := read(path, detect.Options{Currency: a.Currency})
		if err != nil {
			return nil, err
		}
		name := a.Name
		if names != nil {
			name = names[a.Key]
		}
		res, err := ingest.Apply(ctx, st, []ingest.Input{in}, ingest.Options{AccountName: name, Now: now})
		if err != nil {
			return nil, err
		}
		out = append(out, res.Accounts...)
	}
	return out, nil
}

// rulesWriter is the demo history's hledger rules file for an account's
// CSV.
type rulesWriter interface {
	WriteRules(w io.Writer, accountKey string) error
}

// CanWriteRules reports whether the demo generator writes hledger rules
// files.
func CanWriteRules(d *demo.Data) bool {
	_, ok := any(d).(rulesWriter)
	return ok
}

// ImportCSVRules writes every account's CSV file with its rules file
// beside it (FILE.csv.rules, hledger's convention) and imports them all at
// once, letting the rules say what each column and account is.
func ImportCSVRules(ctx context.Context, st *store.Store, dir string, d *demo.Data, now time.Time) error {
	rw, ok := any(d).(rulesWriter)
	if !ok {
		return fmt.Errorf("demo writes no rules files")
	}
	var inputs []ingest.Input
	for _, a := range d.Accounts {
		path := filepath.Join(dir, a.Key+".csv")
		if err := writeFile(path, func(w io.Writer) error { return d.WriteCSV(w, a.Key) }); err != nil {
			return err
		}
		if err := writeFile(path+".rules", func(w io.Writer) error { return rw.WriteRules(w, a.Key) }); err != nil {
			return err
		}
		in, err := read(path, detect.Options{Currency: a.Currency})
		if err != nil {
			return err
		}
		inputs = append(inputs, in)
	}
	_, err := ingest.Apply(ctx, st, inputs, ingest.Options{Now: now})
	return err
}

func read(path string, opt detect.Options) (ingest.Input, error) {
	p, err := detect.Read(path, opt)
	if err != nil {
		return ingest.Input{}, err
	}
	return ingest.Input{Name: path, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements}, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
