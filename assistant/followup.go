package assistant

import (
	"context"
	"strings"
	"time"
)

type accountKey struct{}

// WithAccount returns a context whose questions are about the named
// account unless they name another: the chat asks so from an account's
// conversation, where "spending last month" means that account's.
func WithAccount(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, accountKey{}, name)
}

// scopeTo puts the conversation's account into slots that name no account.
func scopeTo(ctx context.Context, p *Parsed) {
	name, _ := ctx.Value(accountKey{}).(string)
	s := &p.Slots
	if name == "" || len(s.Accounts) > 0 || s.AccountType != "" {
		return
	}
	switch p.Intent {
	case IntentSpending, IntentIncome, IntentSearch, IntentLargest, IntentTop, IntentCashflow, IntentDuplicates, IntentSubscriptions:
		s.Accounts = []string{name}
	case IntentBalance:
		s.Accounts, s.NetWorth = []string{name}, false
	}
}

// Follow-ups change one slot of the question answered before: "and the
// month before?", "what about Amex?", "and groceries?". The previous
// question's intent and slots stay; what the follow-up names replaces the
// slot of its kind (a period, an account, a merchant or a category).

var followLeads = []string{"and what about ", "what about ", "how about ", "and how about ", "and for ", "same for ",
	"same but ", "and in ", "and at ", "and on ", "and ", "ok and ", "also "}

// beforeWords make a follow-up about the period before the last one.
var beforeWords = []string{"month before", "year before", "week before", "quarter before", "previous month",
	"previous year", "prior month", "prior year", "the one before", "before that", "period before", "previous one"}

// followUp reads question as a follow-up of last, if it is one.
func followUp(question string, now time.Time, lex *Lexicon, last *Parsed) (Parsed, bool) {
	if last == nil {
		return Parsed{}, false
	}
	q := strings.ToLower(strings.TrimSpace(question))
	q = strings.TrimRight(q, "?!. ")
	rest, lead := q, false
	for _, l := range followLeads {
		if r, ok := strings.CutPrefix(q, l); ok {
			rest, lead = r, true
			break
		}
	}
	// "the month before" alone is a follow-up; "spending the previous
	// month" is a question of its own.
	before := false
	for _, w := range beforeWords {
		if strings.Contains(rest, w) && (lead || strings.HasPrefix(rest, "the ") || strings.HasPrefix(rest, w)) {
			before = true
		}
	}
	if !lead && !before {
		return Parsed{}, false
	}
	out := *last
	out.Slots = last.Slots
	out.Corrected, out.Unknown, out.Ambiguous = nil, nil, nil
	if before {
		if last.Slots.Period == nil || last.Slots.Period.AllTime {
			return Parsed{}, false
		}
		prev := last.Slots.Period.previous()
		out.Slots.Period = &prev
		out.Slots.Compare = nil
		return out, true
	}
	np := Parse(rest, now, lex)
	if np.Intent == IntentAction || np.Intent == IntentHelp {
		return Parsed{}, false
	}
	n := np.Slots
	changed := false
	if n.Period != nil {
		out.Slots.Period, out.Slots.Compare = n.Period, n.Compare
		changed = true
	}
	if len(n.Accounts) > 0 || n.AccountType != "" {
		out.Slots.Accounts, out.Slots.AccountType, out.Slots.NetWorth = n.Accounts, n.AccountType, false
		changed = true
	}
	if len(n.Merchants) > 0 || len(n.Categories) > 0 || n.Text != "" {
		out.Slots.Merchants, out.Slots.Categories, out.Slots.Text = n.Merchants, n.Categories, n.Text
		changed = true
	}
	out.Unknown, out.Ambiguous, out.Corrected = np.Unknown, np.Ambiguous, np.Corrected
	if !changed && len(np.Unknown) == 0 && len(np.Ambiguous) == 0 {
		return Parsed{}, false
	}
	return out, true
}
