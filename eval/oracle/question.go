package oracle

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Outcomes a question expects, as Penny's replies name them.
const (
	Answered = "answered"
	Asked    = "asked"
	Declined = "declined"
)

// Check says which numbers of an answer are compared.
type Check string

const (
	// CheckNone compares no number: the outcome alone is judged
	// (ambiguous and out-of-scope questions).
	CheckNone Check = ""
	// CheckTotal compares Amounts per currency (spending, income, refunds,
	// transfers, fees).
	CheckTotal Check = "total"
	// CheckCount compares Count, over every currency.
	CheckCount Check = "count"
	// CheckBalance compares one account's balance, Amounts in its
	// currency.
	CheckBalance Check = "balance"
	// CheckBalances compares balance totals per currency.
	CheckBalances Check = "balances"
	// CheckRanking compares the first len(Names) names of a ranking in
	// order, and their Amounts (NameAmounts), in the main currency.
	CheckRanking Check = "ranking"
	// CheckLast compares a date and the amount of the newest matching
	// row: Date, and one of DateAmounts.
	CheckLast Check = "last"
	// CheckAverage compares Amounts per currency, give or take one minor
	// unit of rounding.
	CheckAverage Check = "average"
	// CheckCompare compares Amounts (the period asked) and Prev (the one
	// it is compared with).
	CheckCompare Check = "compare"
	// CheckCashflow compares In (income) and Out (spending) per currency.
	CheckCashflow Check = "cashflow"
	// CheckNet compares In+Out, the money kept, per currency, with sign.
	CheckNet Check = "net"
	// CheckRate compares Percent, give or take one point.
	CheckRate Check = "rate"
	// CheckPrice compares a recurring charge's current amount (Amounts).
	CheckPrice Check = "price"
	// CheckChange compares a price change: From and To (Amounts of one
	// currency) and the month it took effect.
	CheckChange Check = "change"
	// CheckList needs every one of Names in a list.
	CheckList Check = "list"
	// CheckSearch compares Count and Amounts of a set of transactions.
	CheckSearch Check = "search"
	// CheckLargest compares one row: its amount (Amounts) and Date.
	CheckLargest Check = "largest"
)

// Answer is what a right answer says. Only the fields its question's Check
// names are set.
type Answer struct {
	Amounts Money
	Count   int64
	Prev    Money
	In, Out Money
	// Names in order, with NameAmounts (main currency, minor units).
	Names       []string
	NameAmounts []int64
	// Currency is the currency the answer is in. For a total it limits
	// the comparison to that currency ("how many euros do I have").
	Currency    string
	Date        time.Time
	DateAmounts []int64
	Percent     int64
	From, To    int64
	// Range is the period this answer reads the question's words as.
	Range Range
}

// Question is one question with what a right reply is.
type Question struct {
	Text string
	// Kind is the question's family, "spending/merchant", "balance/account",
	// "ambiguous", "out-of-scope"...
	Kind string
	// Outcome is the expected outcome: Answered, Asked or Declined.
	Outcome string
	Check   Check
	// Answers are the right answers: the first is the main reading, the
	// others readings a person could fairly take. Matching any one is
	// right. An ambiguous question may list the answer that covers all its
	// readings at once: saying that total (and not guessing one) is right.
	Answers []Answer
	// Magnitude compares amounts without their sign, for money whose sign
	// depends on the side it is seen from (a transfer is out of checking
	// and into savings). Otherwise amounts in a reply's data keep Penny's
	// signs: spending negative, income positive. Amounts read from a
	// reply's text are always compared as magnitudes.
	Magnitude bool
	// Needs lists what the imported files must carry for the question to
	// be fair: "balances" (a bank-reported balance), "account types"
	// (which accounts are credit cards). Bare CSV files carry neither.
	Needs []string
	// Readings are the names an ambiguous question could mean.
	Readings []string
	// AskOK says asking back is right too: the words fit more than one
	// thing of the history itself ("my checking" when the household has
	// two checking accounts, one in euros).
	AskOK bool
}

// In says whether the question is in scope: whether it expects an answer.
func (q Question) In() bool { return q.Outcome == Answered }

// Expected writes the main answer for people.
func (q Question) Expected() string {
	switch q.Outcome {
	case Asked:
		s := "asked back"
		if len(q.Readings) > 0 {
			s += " (" + strings.Join(q.Readings, " or ") + ")"
		}
		return s
	case Declined:
		return "declined"
	}
	if len(q.Answers) == 0 {
		return "answered"
	}
	a := q.Answers[0]
	var s string
	switch q.Check {
	case CheckCount:
		s = fmt.Sprintf("count %d", a.Count)
	case CheckRanking, CheckList:
		var parts []string
		for i, n := range a.Names {
			if i < len(a.NameAmounts) {
				parts = append(parts, fmt.Sprintf("%s %s", n, Format(abs(a.NameAmounts[i]), a.Currency)))
			} else {
				parts = append(parts, n)
			}
		}
		s = strings.Join(parts, ", ")
	case CheckLast:
		var amts []string
		for _, v := range a.DateAmounts {
			amts = append(amts, Format(abs(v), a.Currency))
		}
		s = a.Date.Format("Jan 2, 2006") + " (" + strings.Join(amts, " or ") + ")"
	case CheckLargest:
		s = a.Amounts.String() + " on " + a.Date.Format("Jan 2, 2006")
	case CheckCompare:
		s = a.Amounts.String() + " vs " + a.Prev.String()
	case CheckCashflow:
		s = "in " + a.In.String() + ", out " + a.Out.String()
	case CheckNet:
		s = "net " + a.Amounts.String()
	case CheckRate:
		s = fmt.Sprintf("%d%%", a.Percent)
	case CheckChange:
		s = fmt.Sprintf("%s → %s", Format(abs(a.From), a.Currency), Format(abs(a.To), a.Currency))
		if !a.Date.IsZero() {
			s += " from " + a.Date.Format("January 2006")
		}
	case CheckSearch:
		s = fmt.Sprintf("%d rows, %s", a.Count, a.Amounts)
	default:
		s = a.Amounts.String()
	}
	if !a.Range.From.IsZero() {
		s += " [" + a.Range.String() + "]"
	}
	if len(q.Answers) > 1 {
		s += fmt.Sprintf(" (or %d other reading(s))", len(q.Answers)-1)
	}
	return s
}

// String writes the amounts, currencies in order: "-1,234.56 USD, 12.00 EUR".
func (m Money) String() string {
	if len(m) == 0 {
		return "nothing"
	}
	curs := make([]string, 0, len(m))
	for c := range m {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	sort.SliceStable(curs, func(i, j int) bool { return curs[i] == "USD" && curs[j] != "USD" })
	parts := make([]string, len(curs))
	for i, c := range curs {
		parts[i] = Format(m[c], c)
	}
	return strings.Join(parts, ", ")
}

// Format writes minor units with two decimals and thousands separators
// (every demo currency has two): Format(-123456, "USD") is "-1,234.56 USD".
func Format(minor int64, cur string) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	whole, frac := minor/100, minor%100
	digits := fmt.Sprint(whole)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ".%02d", frac)
	if cur != "" {
		b.WriteString(" " + cur)
	}
	return b.String()
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
