package assistant

import (
	"context"
	"fmt"
	"strings"

	"penny/internal/jsonout"
	"penny/merchant"
)

// IntentRename renames or merges a merchant: "call AMZN MKTP Amazon",
// "rename Blue Bottle to Coffee shop".
const IntentRename = "rename"

var (
	renameTo   = lazyRE(`(?i)^\s*(?:please\s+)?(?:rename|call)\s+(.+?)\s+(?:to|as)\s+(.+?)[\s.!?]*$`)
	renameCall = lazyRE(`(?i)^\s*(?:please\s+)?call\s+(.+?)[\s.!?]*$`)
	// renameWords: both expressions need one of them.
	renameWords = []string{"rename", "call"}
)

// renameRequest reads a rename and finds the merchant it names: the longest
// start of the words that is a merchant of the vault, by its name or by
// what package merchant reads in it ("AMZN MKTP" is Amazon's key).
func (ix *index) renameRequest(q string) (from *merchantInfo, to string, ok bool) {
	if !mayHold(q, renameWords) {
		return nil, "", false
	}
	if m := renameTo.FindStringSubmatch(q); m != nil {
		if mi := ix.merchantNamed(m[1]); mi != nil {
			return mi, strings.TrimSpace(m[2]), true
		}
		return nil, "", true
	}
	m := renameCall.FindStringSubmatch(q)
	if m == nil {
		return nil, "", false
	}
	// The longest start that is a merchant's name or alias exactly; else
	// the shortest start package merchant reads as one, so that the new
	// name keeps every word it can.
	words := strings.Fields(m[1])
	for i := len(words) - 1; i >= 1; i-- {
		left := strings.Join(words[:i], " ")
		if mi := ix.merchant(left); mi != nil {
			return mi, strings.Join(words[i:], " "), true
		}
		if mi := ix.byKey[merchant.KeyOf(left)]; mi != nil {
			return mi, strings.Join(words[i:], " "), true
		}
	}
	for i := 1; i < len(words); i++ {
		if k := merchant.Identify(strings.Join(words[:i], " ")).Key; k != "" && ix.byKey[k] != nil {
			return ix.byKey[k], strings.Join(words[i:], " "), true
		}
	}
	return nil, "", true
}

// merchantNamed finds a merchant by what a person typed for it.
func (ix *index) merchantNamed(s string) *merchantInfo {
	if mi := ix.merchant(s); mi != nil {
		return mi
	}
	if mi := ix.byKey[merchant.KeyOf(s)]; mi != nil {
		return mi
	}
	if k := merchant.Identify(s).Key; k != "" {
		return ix.byKey[k]
	}
	return nil
}

// rename carries out a rename request, or says what it could not find.
func (a *Assistant) rename(ctx context.Context, ix *index, q string) (Reply, bool, error) {
	from, to, ok := ix.renameRequest(q)
	if !ok {
		return Reply{}, false, nil
	}
	r := Reply{Intent: IntentRename, Slots: map[string]any{}, Data: jsonout.NoData{}}
	if from == nil || to == "" {
		r.Outcome = OutcomeDeclined
		r.Text = "Which merchant should get a new name? Try “rename AMZN MKTP to Amazon” with a merchant from your transactions."
		return r, true, nil
	}
	n, err := a.st.RenameMerchant(ctx, from.key, to)
	if err != nil {
		return Reply{}, true, err
	}
	a.ix = nil // the next question reads the new names
	r.Outcome = OutcomeAnswered
	r.Slots = map[string]any{"merchant": from.name, "new_name": to}
	r.Text = fmt.Sprintf("Done: %s is now called %s (%s), and future imports follow. To undo: “rename %s to %s”.",
		from.name, to, plural(n, "transaction", "transactions"), to, from.name)
	r.Data = jsonout.RenameData{MerchantKey: from.key, NewKey: merchant.KeyOf(to), NewName: to, Updated: n}
	r.Suggestions = []string{"spending at " + to + " this year"}
	return r, true, nil
}
