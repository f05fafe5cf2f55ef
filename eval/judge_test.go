package eval

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"penny/eval/oracle"
)

// data decodes a reply's data the way the harness does.
func data(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Hand-made replies, one per kind of verdict, judged against hand-made
// expectations.
func TestJudgeHandMadeReplies(t *testing.T) {
	spentAtTarget := oracle.Question{Text: "How much did I spend at Target last year?", Outcome: oracle.Answered, Check: oracle.CheckTotal,
		Answers: []oracle.Answer{{Amounts: oracle.Money{"USD": -123456}}}}
	totals := func(minor string) string {
		return `{"period":{"label":"last year"},"direction":"out","totals":[{"currency":"USD","total":"x","total_minor":` + minor + `,"count":7}],"extra":{"new":"field"}}`
	}
	uber := oracle.Question{Text: "How much did I spend at Uber last month?", Outcome: oracle.Asked, Check: oracle.CheckTotal,
		Answers: []oracle.Answer{{Amounts: oracle.Money{"USD": -5000}}}, Readings: []string{"Uber", "Uber Eats"}}
	payVisa := oracle.Question{Text: "Pay my Visa bill", Outcome: oracle.Declined}
	rent := oracle.Question{Text: "When did I last pay rent?", Outcome: oracle.Answered, Check: oracle.CheckLast,
		Answers: []oracle.Answer{{Date: day(2026, 11, 2), DateAmounts: []int64{-296500}, Currency: "USD"}}}
	starbucks := oracle.Question{Text: "How many times did I go to Starbucks in 2025?", Outcome: oracle.Answered, Check: oracle.CheckCount,
		Answers: []oracle.Answer{{Count: 67}}}
	checking := oracle.Question{Text: "What's my checking balance?", Outcome: oracle.Answered, Check: oracle.CheckBalance, AskOK: true,
		Answers: []oracle.Answer{{Amounts: oracle.Money{"USD": 1245677}, Currency: "USD"}}}
	top := oracle.Question{Text: "Top 2 merchants last year", Outcome: oracle.Answered, Check: oracle.CheckRanking,
		Answers: []oracle.Answer{{Names: []string{"Safeway", "Whole Foods Market"}, NameAmounts: []int64{-50000, -40000}, Currency: "USD"}}}
	avg := oracle.Question{Text: "What's my average monthly grocery spend in 2025?", Outcome: oracle.Answered, Check: oracle.CheckAverage,
		Answers: []oracle.Answer{{Amounts: oracle.Money{"USD": -161938}}}}
	flow := oracle.Question{Text: "cash flow last year", Outcome: oracle.Answered, Check: oracle.CheckCashflow,
		Answers: []oracle.Answer{{In: oracle.Money{"USD": 1000}, Out: oracle.Money{"USD": -600}, Amounts: oracle.Money{"USD": 400}}}}
	for _, c := range []struct {
		name string
		q    oracle.Question
		r    Reply
		want Verdict
	}{
		{"the right total", spentAtTarget, Reply{Outcome: "answered", Data: data(t, totals("-123456"))}, Right},
		{"one cent off", spentAtTarget, Reply{Outcome: "answered", Data: data(t, totals("-123457"))}, Wrong},
		{"a total in another currency too", spentAtTarget, Reply{Outcome: "answered",
			Data: data(t, `{"totals":[{"currency":"USD","total_minor":-123456},{"currency":"EUR","total_minor":-100}]}`)}, Wrong},
		{"asked back", spentAtTarget, Reply{Outcome: "asked", Text: "Did you mean Target or Target Optical?"}, AskedBack},
		{"declined", spentAtTarget, Reply{Outcome: "declined", Text: "I don't know Target."}, Declined},
		{"no data, the number in the text", spentAtTarget, Reply{Outcome: "answered", Text: "You spent $1,234.56 at Target last year."}, Right},
		{"no data, another number in the text", spentAtTarget, Reply{Outcome: "answered", Text: "You spent 1,234.50 USD at Target."}, Wrong},
		{"no data, no number", spentAtTarget, Reply{Outcome: "answered", Text: "Target is a store."}, Missed},

		{"ambiguous, asked", uber, Reply{Outcome: "asked"}, Right},
		{"ambiguous, the total of both readings", uber, Reply{Outcome: "answered", Data: data(t, totals("-5000"))}, Right},
		{"ambiguous, one reading guessed", uber, Reply{Outcome: "answered", Data: data(t, totals("-3000"))}, Wrong},
		{"ambiguous, declined", uber, Reply{Outcome: "declined"}, Declined},

		{"out of scope, declined", payVisa, Reply{Outcome: "declined"}, Right},
		{"out of scope, answered as spending", payVisa, Reply{Outcome: "answered", Intent: "spending", Data: data(t, totals("-100"))}, Wrong},
		{"out of scope, asked", payVisa, Reply{Outcome: "asked"}, AskedBack},

		{"last: the newest row in the data", rent, Reply{Outcome: "answered",
			Data: data(t, `{"transactions":[{"posted":"2026-11-02","amount_minor":-296500,"currency":"USD"},{"posted":"2026-10-01","amount_minor":-296500}]}`)}, Right},
		{"last: a row of another day", rent, Reply{Outcome: "answered",
			Data: data(t, `{"transactions":[{"posted":"2026-10-01","amount_minor":-296500,"currency":"USD"}]}`)}, Wrong},
		{"last: the date in the text, not the period's", rent, Reply{Outcome: "answered",
			Text: "In the past 90 days (Aug 23 – Nov 20, 2026) you last paid rent on Nov 2, 2026: 2,965.00 USD."}, Right},
		{"last: only the period's dates in the text", rent, Reply{Outcome: "answered", Text: "You spent nothing on Rent this month (Nov 1 – Nov 20, 2026)."}, Missed},
		{"last: another date in the text", rent, Reply{Outcome: "answered", Text: "You last paid rent on October 1, 2026."}, Wrong},

		{"count in the data", starbucks, Reply{Outcome: "answered", Data: data(t, `{"count":67,"totals":[]}`)}, Right},
		{"count of the totals", starbucks, Reply{Outcome: "answered", Data: data(t, `{"totals":[{"currency":"USD","total_minor":-1,"count":60},{"currency":"EUR","total_minor":-1,"count":7}]}`)}, Right},
		{"count in the text", starbucks, Reply{Outcome: "answered", Text: "You went to Starbucks 67 times in 2025."}, Right},
		{"another count in the text", starbucks, Reply{Outcome: "answered", Text: "You went to Starbucks 66 times in 2025."}, Wrong},

		{"balance of one account", checking, Reply{Outcome: "answered", Data: data(t, `{"accounts":[{"name":"Checking","currency":"USD","balance_minor":1245677}]}`)}, Right},
		{"every account listed", checking, Reply{Outcome: "answered", Data: data(t, `{"accounts":[{"currency":"USD","balance_minor":1245677},{"currency":"USD","balance_minor":1},{"currency":"USD","balance_minor":2},{"currency":"EUR","balance_minor":3}]}`)}, Wrong},
		{"asked which checking account", checking, Reply{Outcome: "asked"}, Right},

		{"ranking", top, Reply{Outcome: "answered", Data: data(t, `{"top":[{"name":"Safeway","currency":"USD","total_minor":-50000},{"name":"REWE","currency":"EUR","total_minor":-90000},{"name":"Whole Foods","currency":"USD","total_minor":-40000},{"name":"Target","currency":"USD","total_minor":-100}]}`)}, Right},
		{"ranking in another order", top, Reply{Outcome: "answered", Data: data(t, `{"top":[{"name":"Whole Foods","currency":"USD","total_minor":-40000},{"name":"Safeway","currency":"USD","total_minor":-50000}]}`)}, Wrong},
		{"ranking too short", top, Reply{Outcome: "answered", Data: data(t, `{"top":[{"name":"Safeway","currency":"USD","total_minor":-50000}]}`)}, Wrong},

		{"average in the data", avg, Reply{Outcome: "answered", Data: data(t, `{"averages":[{"currency":"USD","average_minor":-161938}]}`)}, Right},
		{"average rounded the other way", avg, Reply{Outcome: "answered", Text: "About 1,619.37 USD a month."}, Right},
		{"the year's total instead of the average", avg, Reply{Outcome: "answered", Text: "You spent 19,432.54 USD on Groceries in 2025."}, Wrong},

		{"cash flow", flow, Reply{Outcome: "answered", Data: data(t, `{"in":[{"currency":"USD","total_minor":1000}],"out":[{"currency":"USD","total_minor":-600}]}`)}, Right},
		{"cash flow counting a transfer out", flow, Reply{Outcome: "answered", Data: data(t, `{"in":[{"currency":"USD","total_minor":1000}],"out":[{"currency":"USD","total_minor":-700}]}`)}, Wrong},
	} {
		if got := Judge(c.q, c.r); got.Verdict != c.want {
			t.Errorf("%s: %s (%s), want %s", c.name, got.Verdict, got.Got, c.want)
		}
	}
}

func TestTallyLine(t *testing.T) {
	in := oracle.Question{Outcome: oracle.Answered}
	out := oracle.Question{Outcome: oracle.Declined}
	rs := []Result{
		{Q: in, Judgement: Judgement{Verdict: Right}},
		{Q: in, Judgement: Judgement{Verdict: Wrong}},
		{Q: in, Judgement: Judgement{Verdict: AskedBack}},
		{Q: in, Judgement: Judgement{Verdict: Missed}},
		{Q: out, Judgement: Judgement{Verdict: Right}},
		{Q: out, Judgement: Judgement{Verdict: Declined}},
	}
	want := "eval: 6 questions: 2 right, 1 wrong, 1 asked back, 2 declined (in scope: 25.0% right)"
	if got := Count(rs).String(); got != want {
		t.Errorf("tally line:\n got %s\nwant %s", got, want)
	}
}

func TestNumbersInText(t *testing.T) {
	if got, want := amountsIn("You spent 1,234.56 USD and 78.90 EUR; refunds: $12.00, €3.50, -0.99 USD, 7 items, 2026."),
		[]textAmount{{123456, "USD"}, {7890, "EUR"}, {1200, "USD"}, {350, "EUR"}, {-99, "USD"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("amounts: %v, want %v", got, want)
	}
	if got, want := datesIn("Last on Mar 3, 2025 and March 14th 2025, or 2025-03-20 (Mar 1 – Mar 31, 2025), 5 April 2025"),
		[]time.Time{day(2025, 3, 20), day(2025, 3, 3), day(2025, 3, 14), day(2025, 4, 5)}; !reflect.DeepEqual(got, want) {
		t.Errorf("dates: %v, want %v", got, want)
	}
	if got, want := percentsIn("you kept 32% (32.9 %) of it, -5%"), []int64{32, 32, -5}; !reflect.DeepEqual(got, want) {
		t.Errorf("percents: %v, want %v", got, want)
	}
	if got, want := countsIn("67 transactions at Starbucks, 3 times, 1,200 card payments"), []int64{67, 3, 1200}; !reflect.DeepEqual(got, want) {
		t.Errorf("counts: %v, want %v", got, want)
	}
}
