package eval

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"penny/eval/oracle"
)

// Reply is what the judge reads of one of Penny's replies: the outcome, the
// sentence, and the data as generic JSON values (objects, arrays,
// json.Number, strings, booleans), so that fields Penny adds later do not
// matter and fields it renames are noticed.
type Reply struct {
	Intent      string
	Outcome     string
	Text        string
	Data        any
	Suggestions []string
}

// Replies' outcomes, as Penny names them.
const (
	outcomeAnswered = "answered"
	outcomeAsked    = "asked"
	outcomeDeclined = "declined"
)

// Verdict is the judgement of one reply.
type Verdict string

const (
	// Right: the expected outcome, with the expected numbers.
	Right Verdict = "right"
	// Wrong: answered with a different number, or answered what should
	// have been declined, or guessed one reading of an ambiguous question.
	Wrong Verdict = "wrong"
	// AskedBack: Penny asked which one was meant.
	AskedBack Verdict = "asked back"
	// Declined: Penny said it could not or may not answer.
	Declined Verdict = "declined"
	// Missed: Penny answered, but neither its data nor its sentence holds
	// the number asked for (a spending total for "when did I last...").
	// It is no wrong number, and no right one: the tally counts it with
	// the declined.
	Missed Verdict = "missed"
)

// Judgement is a verdict with what was read from the reply.
type Judgement struct {
	Verdict Verdict
	// Got says what the judge read: "data totals -12.00 USD", "text dates
	// Mar 3, 2025"...
	Got string
}

// Judge judges r as a reply to q.
func Judge(q oracle.Question, r Reply) Judgement {
	outcome := r.Outcome
	if outcome == "" {
		outcome = outcomeAnswered
	}
	switch q.Outcome {
	case oracle.Asked:
		switch outcome {
		case outcomeAsked:
			return Judgement{Right, "asked back"}
		case outcomeDeclined:
			return Judgement{Declined, "declined"}
		}
		if q.Check != oracle.CheckNone {
			// The total of every reading, said as such, answers all of
			// them: that is right. One reading alone is a guess.
			j := check(q, r)
			if j.Verdict != Right {
				j = Judgement{Wrong, "answered without asking which: " + j.Got}
			}
			return j
		}
		return Judgement{Wrong, "answered without asking which"}
	case oracle.Declined:
		switch outcome {
		case outcomeDeclined:
			return Judgement{Right, "declined"}
		case outcomeAsked:
			return Judgement{AskedBack, "asked back"}
		}
		return Judgement{Wrong, "answered a request it should decline (intent " + r.Intent + ")"}
	}
	switch outcome {
	case outcomeAsked:
		if q.AskOK {
			return Judgement{Right, "asked back, as the words allow"}
		}
		return Judgement{AskedBack, "asked back"}
	case outcomeDeclined:
		return Judgement{Declined, "declined"}
	}
	return check(q, r)
}

// check compares an answered reply's numbers with each of q's answers.
// The first reading that matches makes it right; otherwise what was read
// from the first is reported.
func check(q oracle.Question, r Reply) Judgement {
	var first Judgement
	for i, a := range q.Answers {
		j := checkOne(q, a, r)
		if j.Verdict == Right {
			return j
		}
		if i == 0 {
			first = j
		}
	}
	if len(q.Answers) == 0 {
		return Judgement{Missed, "nothing to compare"}
	}
	return first
}

func checkOne(q oracle.Question, a oracle.Answer, r Reply) Judgement {
	d := obj(r.Data)
	switch q.Check {
	case oracle.CheckTotal:
		if got, ok := money(d["totals"]); ok {
			return compareMoney("data totals", only(got, a.Currency), a.Amounts, q.Magnitude)
		}
		return textMoney(r.Text, a.Amounts, 0)
	case oracle.CheckCount:
		if n, ok := num(d["count"]); ok {
			return verdict(n == a.Count, "data count %d", n)
		}
		if list, ok := d["totals"].([]any); ok {
			var n int64
			for _, e := range list {
				c, _ := num(obj(e)["count"])
				n += c
			}
			return verdict(n == a.Count, "data totals count %d", n)
		}
		return textCount(r.Text, a.Count)
	case oracle.CheckBalance:
		return checkBalance(q, a, d, r.Text)
	case oracle.CheckBalances:
		if got, ok := money(d["totals"]); ok {
			return compareMoney("data totals", only(got, a.Currency), a.Amounts, q.Magnitude)
		}
		if list, ok := d["accounts"].([]any); ok {
			got := oracle.Money{}
			for _, e := range list {
				m := obj(e)
				v, _ := num(m["balance_minor"])
				got[str(m["currency"])] += v
			}
			return compareMoney("data accounts", only(got, a.Currency), a.Amounts, q.Magnitude)
		}
		return textMoney(r.Text, a.Amounts, 0)
	case oracle.CheckRanking:
		return checkRanking(a, d, r.Text)
	case oracle.CheckLast, oracle.CheckLargest:
		return checkRow(q, a, d, r.Text)
	case oracle.CheckAverage:
		if got, ok := averages(r.Data); ok {
			return compareWithin("data average", got, a.Amounts, 1)
		}
		return textMoney(r.Text, a.Amounts, 1)
	case oracle.CheckCompare:
		return checkCompare(q, a, d, r.Text)
	case oracle.CheckCashflow, oracle.CheckNet:
		return checkCashflow(q, a, d, r.Text)
	case oracle.CheckRate:
		for k, v := range d {
			if strings.Contains(k, "rate") || strings.Contains(k, "percent") {
				if n, ok := num(v); ok {
					return verdict(abs(n-a.Percent) <= 1, "data %s %d", k, n)
				}
			}
		}
		ps := percentsIn(r.Text)
		if len(ps) == 0 {
			return Judgement{Missed, "no percentage in the text"}
		}
		for _, p := range ps {
			if abs(p-a.Percent) <= 1 {
				return Judgement{Right, fmt.Sprintf("text %d%%", p)}
			}
		}
		return Judgement{Wrong, fmt.Sprintf("text percentages %v", ps)}
	case oracle.CheckPrice:
		if es := recurringEntries(d, a.Names); len(es) > 0 {
			got := oracle.Money{}
			for _, e := range es {
				if active, ok := e["active"].(bool); ok && !active {
					continue
				}
				v, _ := num(e["amount_minor"])
				got[str(e["currency"])] = v
			}
			return compareMoney("data recurring", got, a.Amounts, true)
		}
		if got, ok := money(d["totals"]); ok && len(got) > 0 {
			return compareMoney("data totals", got, a.Amounts, true)
		}
		return textMoney(r.Text, a.Amounts, 0)
	case oracle.CheckChange:
		return checkChange(a, d, r.Text)
	case oracle.CheckList:
		return checkList(a, d, r.Text)
	case oracle.CheckSearch:
		n, okN := num(d["count"])
		got, okT := money(d["totals"])
		if okN && okT {
			j := compareMoney("data totals", got, a.Amounts, q.Magnitude)
			j.Got = fmt.Sprintf("data count %d, %s", n, j.Got)
			if n != a.Count {
				j.Verdict = Wrong
			}
			return j
		}
		if okT {
			return compareMoney("data totals", got, a.Amounts, q.Magnitude)
		}
		return textMoney(r.Text, a.Amounts, 0)
	}
	return Judgement{Missed, "no check for " + string(q.Check)}
}

func verdict(ok bool, format string, args ...any) Judgement {
	v := Wrong
	if ok {
		v = Right
	}
	return Judgement{v, fmt.Sprintf(format, args...)}
}

// compareMoney compares per currency; a currency missing on one side is
// zero there.
func compareMoney(what string, got, want oracle.Money, magnitude bool) Judgement {
	ok := true
	for _, c := range currencies(got, want) {
		g, w := got[c], want[c]
		if magnitude {
			g, w = abs(g), abs(w)
		}
		ok = ok && g == w
	}
	return verdict(ok, "%s %s", what, got)
}

// only keeps the amount in cur, when cur is set.
func only(m oracle.Money, cur string) oracle.Money {
	if cur == "" {
		return m
	}
	return oracle.Money{cur: m[cur]}
}

func compareWithin(what string, got, want oracle.Money, tol int64) Judgement {
	ok := true
	for _, c := range currencies(got, want) {
		ok = ok && abs(abs(got[c])-abs(want[c])) <= tol
	}
	return verdict(ok, "%s %s", what, got)
}

func currencies(ms ...oracle.Money) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for c := range m {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

// textMoney judges by the sentence: right when every expected amount
// (magnitude, within tol minor units) is written in it, wrong when it
// writes amounts but not those, missed when it writes none.
func textMoney(text string, want oracle.Money, tol int64) Judgement {
	found := amountsIn(text)
	if len(found) == 0 {
		if len(want) == 0 || allZero(want) {
			return Judgement{Right, "text without amounts, and none expected"}
		}
		return Judgement{Missed, "no amount in the text"}
	}
	got := make([]string, len(found))
	for i, f := range found {
		got[i] = oracle.Format(f.Minor, f.Currency)
	}
	for c, w := range want {
		if w == 0 {
			continue
		}
		hit := false
		for _, f := range found {
			if (f.Currency == "" || f.Currency == strings.TrimSpace(c)) && abs(abs(f.Minor)-abs(w)) <= tol {
				hit = true
			}
		}
		if !hit {
			return Judgement{Wrong, "text amounts " + strings.Join(got, ", ")}
		}
	}
	return Judgement{Right, "text amounts " + strings.Join(got, ", ")}
}

func allZero(m oracle.Money) bool {
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

func textCount(text string, want int64) Judgement {
	ns := countsIn(text)
	if len(ns) == 0 {
		return Judgement{Missed, "no count in the text"}
	}
	for _, n := range ns {
		if n == want {
			return Judgement{Right, fmt.Sprintf("text count %d", n)}
		}
	}
	return Judgement{Wrong, fmt.Sprintf("text counts %v", ns)}
}

// checkBalance finds the asked account in the reply's accounts. A reply
// that lists one or two accounts (the checking account and the euro
// checking account for "checking") answers; one that lists them all has
// not picked the account.
func checkBalance(q oracle.Question, a oracle.Answer, d map[string]any, text string) Judgement {
	want := a.Amounts[a.Currency]
	if list, ok := d["accounts"].([]any); ok && len(list) > 0 {
		var seen []string
		for _, e := range list {
			m := obj(e)
			v, _ := num(m["balance_minor"])
			cur := str(m["currency"])
			seen = append(seen, str(m["name"])+" "+oracle.Format(v, cur))
			if cur == a.Currency && (v == want || q.Magnitude && abs(v) == abs(want)) && len(list) <= 2 {
				return Judgement{Right, "data account " + seen[len(seen)-1]}
			}
		}
		return Judgement{Wrong, "data accounts " + strings.Join(seen, "; ")}
	}
	if got, ok := money(d["totals"]); ok {
		return compareMoney("data totals", got, a.Amounts, q.Magnitude)
	}
	return textMoney(text, a.Amounts, 0)
}

// checkRanking compares the first names of the reply's ranking in the
// answer's currency, and their amounts.
func checkRanking(a oracle.Answer, d map[string]any, text string) Judgement {
	var list []any
	for _, k := range []string{"top", "ranking", "breakdown"} {
		if l, ok := d[k].([]any); ok {
			list = l
			break
		}
	}
	if list == nil {
		// By the sentence: the names, in order.
		ft := oracle.Fold(text)
		at := 0
		for i, n := range a.Names {
			k := strings.Index(ft[at:], oracle.Fold(n))
			if k < 0 {
				if i == 0 {
					return Judgement{Missed, "no ranking in the data, and the text names no " + n}
				}
				return Judgement{Wrong, "text lacks " + n + " after the names before it"}
			}
			at += k + 1
		}
		return Judgement{Right, "text names them in order"}
	}
	var names []string
	var amounts []int64
	for _, e := range list {
		m := obj(e)
		if c := str(m["currency"]); c != "" && c != a.Currency {
			continue
		}
		v, _ := num(m["total_minor"])
		names = append(names, str(m["name"]))
		amounts = append(amounts, v)
	}
	var got []string
	for i := range names {
		if i == max(len(a.Names), 5) {
			break
		}
		got = append(got, names[i]+" "+oracle.Format(amounts[i], a.Currency))
	}
	ok := len(names) >= len(a.Names)
	for i := 0; ok && i < len(a.Names); i++ {
		ok = oracle.SameName(names[i], a.Names[i]) && abs(amounts[i]) == abs(a.NameAmounts[i])
	}
	return verdict(ok, "data ranking %s", strings.Join(got, ", "))
}

// checkRow compares one transaction: the newest for "when did I last",
// the largest for "biggest purchase". It reads the first of the reply's
// transactions (newest or largest first), or a "last"/"transaction"
// object, or else the sentence's dates and amounts.
func checkRow(q oracle.Question, a oracle.Answer, d map[string]any, text string) Judgement {
	var row map[string]any
	for _, k := range []string{"last", "transaction"} {
		if m, ok := d[k].(map[string]any); ok {
			row = m
		}
	}
	if row == nil {
		if l, ok := d["transactions"].([]any); ok && len(l) > 0 {
			row = obj(l[0])
		}
	}
	amounts := a.DateAmounts
	if q.Check == oracle.CheckLargest {
		amounts = []int64{a.Amounts[a.Currency]}
	}
	if row != nil {
		date := str(row["posted"])
		if date == "" {
			date = str(row["date"])
		}
		v, _ := num(row["amount_minor"])
		ok := date == a.Date.Format(time.DateOnly)
		hit := false
		for _, w := range amounts {
			hit = hit || abs(v) == abs(w)
		}
		return verdict(ok && hit, "data row %s %s", date, oracle.Format(v, str(row["currency"])))
	}
	dates := datesIn(text)
	if len(dates) == 0 {
		return Judgement{Missed, "no date in the data or the text"}
	}
	var got []string
	for _, t := range dates {
		got = append(got, t.Format("Jan 2, 2006"))
		if t.Equal(a.Date) {
			return Judgement{Right, "text date " + got[len(got)-1]}
		}
	}
	return Judgement{Wrong, "text dates " + strings.Join(got, ", ")}
}

func checkCompare(q oracle.Question, a oracle.Answer, d map[string]any, text string) Judgement {
	cur, ok := money(d["totals"])
	if !ok {
		return textMoney(text, merge(a.Amounts, a.Prev), 0)
	}
	j := compareMoney("data totals", cur, a.Amounts, q.Magnitude)
	if j.Verdict != Right {
		return j
	}
	if prev, ok := money(obj(d["compare"])["totals"]); ok {
		k := compareMoney("compared with", prev, a.Prev, q.Magnitude)
		k.Got = j.Got + ", " + k.Got
		return k
	}
	k := textMoney(text, a.Prev, 0)
	k.Got = j.Got + ", no comparison in the data; " + k.Got
	return k
}

// merge puts two answers' amounts side by side for a text search: the
// same currency twice cannot be one key, so the second goes under a
// suffixed key that matches any currency.
func merge(a, b oracle.Money) oracle.Money {
	out := oracle.Money{}
	for c, v := range a {
		out[c] = v
	}
	for c, v := range b {
		out[c+" "] = v
	}
	return out
}

func checkCashflow(q oracle.Question, a oracle.Answer, d map[string]any, text string) Judgement {
	in, okIn := money(d["in"])
	out, okOut := money(d["out"])
	if okIn && okOut {
		if q.Check == oracle.CheckNet {
			net := oracle.Money{}
			for _, c := range currencies(in, out) {
				net[c] = in[c] + out[c]
			}
			return compareMoney("data in+out", net, a.Amounts, q.Magnitude)
		}
		j := compareMoney("data in", in, a.In, q.Magnitude)
		k := compareMoney("out", out, a.Out, q.Magnitude)
		if k.Verdict != Right {
			j.Verdict = k.Verdict
		}
		j.Got += ", " + k.Got
		return j
	}
	if got, ok := money(d["net"]); ok && q.Check == oracle.CheckNet {
		return compareMoney("data net", got, a.Amounts, q.Magnitude)
	}
	if got, ok := money(d["totals"]); ok && q.Check == oracle.CheckNet {
		return compareMoney("data totals", got, a.Amounts, q.Magnitude)
	}
	if q.Check == oracle.CheckNet {
		return textMoney(text, a.Amounts, 0)
	}
	return textMoney(text, merge(a.In, a.Out), 0)
}

func checkChange(a oracle.Answer, d map[string]any, text string) Judgement {
	if es := recurringEntries(d, a.Names); len(es) > 0 {
		var changes []any
		for _, e := range es {
			if str(e["currency"]) == a.Currency {
				c, _ := e["price_changes"].([]any)
				changes = append(changes, c...)
			}
		}
		var got []string
		for _, c := range changes {
			m := obj(c)
			from, _ := num(m["from_minor"])
			to, _ := num(m["to_minor"])
			since := str(m["since"])
			got = append(got, fmt.Sprintf("%s → %s since %s", oracle.Format(from, a.Currency), oracle.Format(to, a.Currency), since))
			if abs(from) == abs(a.From) && abs(to) == abs(a.To) && (since == "" || strings.HasPrefix(a.Date.Format(time.DateOnly), since)) {
				return Judgement{Right, "data change " + got[len(got)-1]}
			}
		}
		if len(got) == 0 {
			return Judgement{Wrong, "data: " + a.Names[0] + " with no price change in " + a.Currency}
		}
		return Judgement{Wrong, "data changes " + strings.Join(got, "; ")}
	}
	return textMoney(text, oracle.Money{a.Currency: a.From, a.Currency + " ": a.To}, 0)
}

func checkList(a oracle.Answer, d map[string]any, text string) Judgement {
	var names []string
	if l, ok := d["recurring"].([]any); ok {
		for _, e := range l {
			m := obj(e)
			if active, ok := m["active"].(bool); ok && !active {
				continue
			}
			names = append(names, str(m["merchant"]))
		}
	} else {
		ft := oracle.Fold(text)
		for _, n := range a.Names {
			if strings.Contains(ft, oracle.Fold(n)) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return Judgement{Missed, "no list in the data, and the text names none"}
		}
	}
	var missing []string
	for _, n := range a.Names {
		found := false
		for _, g := range names {
			found = found || oracle.SameName(g, n)
		}
		if !found {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return Judgement{Wrong, fmt.Sprintf("listed %s; missing %s", strings.Join(names, ", "), strings.Join(missing, ", "))}
	}
	return Judgement{Right, "listed " + strings.Join(names, ", ")}
}

// recurringEntries finds the recurring charges of names in a
// subscriptions reply.
func recurringEntries(d map[string]any, names []string) []map[string]any {
	var out []map[string]any
	l, _ := d["recurring"].([]any)
	for _, e := range l {
		m := obj(e)
		for _, n := range names {
			if oracle.SameName(str(m["merchant"]), n) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// averages finds averages anywhere in the data: an object with a currency
// and a field whose name says average and ends in _minor.
func averages(v any) (oracle.Money, bool) {
	out := oracle.Money{}
	var walk func(v any, cur string)
	walk = func(v any, cur string) {
		switch x := v.(type) {
		case map[string]any:
			c := cur
			if s, ok := x["currency"].(string); ok {
				c = s
			}
			for k, e := range x {
				if (strings.Contains(k, "average") || strings.Contains(k, "avg")) && strings.HasSuffix(k, "_minor") {
					if n, ok := num(e); ok {
						out[c] = n
					}
				}
				walk(e, c)
			}
		case []any:
			for _, e := range x {
				walk(e, cur)
			}
		}
	}
	walk(v, "")
	return out, len(out) > 0
}

// Generic JSON.

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case float64:
		return int64(x), x == float64(int64(x))
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	return 0, false
}

// money reads a list of {"currency", "total_minor"} (or "balance_minor")
// entries.
func money(v any) (oracle.Money, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := oracle.Money{}
	for _, e := range list {
		m := obj(e)
		n, ok := num(m["total_minor"])
		if !ok {
			n, ok = num(m["balance_minor"])
		}
		if ok {
			out[str(m["currency"])] += n
		}
	}
	return out, true
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
