package alerts

import (
	"context"
	"maps"
	"strconv"
	"strings"

	"penny/money"
	"penny/store"
)

// Typed edits of Settings: the chat reads a sentence and calls these, and
// they alone know which field of which rule a change touches, under which
// key the settings JSON stores it, and how the low-balance rule treats an
// account without a threshold of its own. Each edit returns the Change it
// made, or ok false when the setting was so already.

// Change is one setting an edit changed. Setting is its path in the
// settings JSON ("large_transaction.absolute", "low_balance.accounts.3"),
// AccountID the account of a per-account setting. From and To are the
// values before and after: a bool for a rule's switch, a decimal string
// for an amount, nil for an account threshold that was not set.
type Change struct {
	Setting   string
	Rule      string
	AccountID int64
	From, To  any
}

// ruleTable is every rule, in the order of Settings (the order a listing
// shows them), with its key in the settings JSON and where its settings
// live.
var ruleTable = []struct {
	rule, key string
	fields    func(s *Settings) fieldsOf
}{
	{RuleLowBalance, "low_balance", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.LowBalance.On, amount: &s.LowBalance.Threshold}
	}},
	{RuleLarge, "large_transaction", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.Large.On, amount: &s.Large.Absolute, mult: &s.Large.Multiple}
	}},
	{RuleNewMerchant, "new_merchant", func(s *Settings) fieldsOf { return fieldsOf{on: &s.NewMerchant.On} }},
	{RuleDuplicate, "duplicate_charge", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.Duplicate.On, within: &s.Duplicate.WithinMinutes}
	}},
	{RulePriceIncrease, "price_increase", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.PriceIncrease.On, pct: &s.PriceIncrease.MinPercent}
	}},
	{RuleTrial, "trial_converted", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.Trial.On, amount: &s.Trial.MaxAuth, days: &s.Trial.Days}
	}},
	{RuleRefund, "refund", func(s *Settings) fieldsOf { return fieldsOf{on: &s.Refund.On} }},
	{RuleDeposit, "deposit", func(s *Settings) fieldsOf { return fieldsOf{on: &s.Deposit.On, amount: &s.Deposit.Min} }},
	{RuleCategory, "category_spike", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.Category.On, amount: &s.Category.MinExcess, pct: &s.Category.Percent}
	}},
	{RuleForeign, "foreign_transaction", func(s *Settings) fieldsOf { return fieldsOf{on: &s.Foreign.On} }},
	{RuleProjected, "projected_negative", func(s *Settings) fieldsOf {
		return fieldsOf{on: &s.Projected.On, days: &s.Projected.Days}
	}},
	{RulePending, "pending_stale", func(s *Settings) fieldsOf { return fieldsOf{on: &s.Pending.On, days: &s.Pending.Days} }},
	{RuleSource, "source_error", func(s *Settings) fieldsOf { return fieldsOf{on: &s.Source.On} }},
}

// Rules lists every rule name, in the order of Settings.
func Rules() []string {
	out := make([]string, len(ruleTable))
	for i, r := range ruleTable {
		out[i] = r.rule
	}
	return out
}

// Key is a rule's key in the settings JSON ("large_transaction"), or ""
// for a name that is no rule.
func Key(rule string) string {
	for _, r := range ruleTable {
		if r.rule == rule {
			return r.key
		}
	}
	return ""
}

// Fields are a rule's settings as a listing shows them: its switch, its
// main amount (a decimal string in major units; "" when it has none or it
// is off) and the counts that qualify it (0 when it has none).
type Fields struct {
	On bool
	// Amount is low_balance.threshold (the default of checking and savings
	// accounts), large_transaction.absolute, deposit.min,
	// trial_converted.max_auth or category_spike.min_excess.
	Amount string
	// Days is trial_converted.days, projected_negative.days or
	// pending_stale.days; WithinMinutes duplicate_charge.within_minutes;
	// Percent category_spike.percent or price_increase.min_percent;
	// Multiple large_transaction.multiple.
	Days, WithinMinutes, Percent, Multiple int
}

// fieldsOf points at the settings of a rule; on is nil for a name that is
// no rule.
type fieldsOf struct {
	on     *bool
	amount *string
	days   *int
	within *int
	pct    *int
	mult   *int
}

func (s *Settings) fields(rule string) fieldsOf {
	for _, r := range ruleTable {
		if r.rule == rule {
			return r.fields(s)
		}
	}
	return fieldsOf{}
}

// Fields describes rule's settings; the zero Fields for a name that is no
// rule.
func (s Settings) Fields(rule string) Fields {
	f := s.fields(rule)
	var out Fields
	val := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	if f.on != nil {
		out.On = *f.on
	}
	if f.amount != nil {
		out.Amount = *f.amount
	}
	out.Days, out.WithinMinutes, out.Percent, out.Multiple = val(f.days), val(f.within), val(f.pct), val(f.mult)
	return out
}

// On reports whether rule is on.
func (s Settings) On(rule string) bool { return s.Fields(rule).On }

// SetOn turns rule on or off.
func (s *Settings) SetOn(rule string, on bool) (Change, bool) {
	f := s.fields(rule).on
	if f == nil || *f == on {
		return Change{}, false
	}
	c := Change{Setting: Key(rule) + ".on", Rule: rule, From: *f, To: on}
	*f = on
	return c, true
}

// SetAmount sets the amount of a rule that has one amount for all its
// accounts, v in major units ("750.00", "" for none): the low-balance
// default of checking and savings accounts, or the large-charge absolute
// threshold. Other rules' amounts are not set this way: ok is false.
func (s *Settings) SetAmount(rule, v string) (Change, bool) {
	var p *string
	var field string
	switch rule {
	case RuleLowBalance:
		p, field = &s.LowBalance.Threshold, "threshold"
	case RuleLarge:
		p, field = &s.Large.Absolute, "absolute"
	}
	if p == nil || *p == v {
		return Change{}, false
	}
	c := Change{Setting: Key(rule) + "." + field, Rule: rule, From: *p, To: v}
	*p = v
	return c, true
}

// Off reports whether a settings amount turns its test off: "" or "off".
func Off(v string) bool { return v == "" || strings.EqualFold(v, "off") }

// AmountIn reads a settings amount in a currency's minor units ("" reads
// two decimals, as Validate checks amounts). ok is false when the amount is
// off or does not fit the currency (a fraction of a yen): a rule then stays
// quiet for that currency rather than guess.
func AmountIn(v, currency string) (int64, bool) {
	if Off(v) {
		return 0, false
	}
	exp := 2
	if c, err := money.Lookup(currency); err == nil {
		exp = c.Exponent
	}
	m, err := money.ParseMinor(v, exp, money.ParseOptions{})
	return m, err == nil
}

// WatchedByDefault reports whether the low-balance default threshold
// applies to an account of this type that has no threshold of its own:
// checking and savings. A credit or brokerage balance means something else,
// and is watched only with a threshold of its own.
func WatchedByDefault(accountType string) bool {
	return accountType == "checking" || accountType == "savings"
}

// AccountThreshold is an account's own low-balance threshold ("off" or ""
// when the rule is off for it); own is false when it has none.
func (s Settings) AccountThreshold(id int64) (v string, own bool) {
	v, own = s.LowBalance.Accounts[id]
	return v, own
}

func (s *Settings) setAccount(id int64, v string, own bool) (Change, bool) {
	old, had := s.LowBalance.Accounts[id]
	if had == own && old == v {
		return Change{}, false
	}
	c := Change{Setting: "low_balance.accounts." + strconv.FormatInt(id, 10), Rule: RuleLowBalance, AccountID: id}
	if had {
		c.From = old
	}
	if own {
		if s.LowBalance.Accounts == nil {
			s.LowBalance.Accounts = map[int64]string{}
		}
		s.LowBalance.Accounts[id] = v
		c.To = v
	} else {
		delete(s.LowBalance.Accounts, id)
	}
	return c, true
}

// SetAccountThreshold gives an account a low-balance threshold of its own,
// v in major units of its currency ("off" turns the rule off for it).
func (s *Settings) SetAccountThreshold(id int64, v string) (Change, bool) {
	return s.setAccount(id, v, true)
}

// ResetAccountThreshold drops an account's own low-balance threshold: a
// checking or savings account falls back to the default, any other is no
// longer watched.
func (s *Settings) ResetAccountThreshold(id int64) (Change, bool) {
	return s.setAccount(id, "", false)
}

// SetAccountOn turns the low-balance rule off ("off" as the account's
// threshold) or back on for one account of the given type. On, a checking
// or savings account loses its "off" and follows the default again; any
// other account, watched only with a threshold of its own, gets the default
// amount as its own.
func (s *Settings) SetAccountOn(id int64, accountType string, on bool) (Change, bool) {
	v, own := s.AccountThreshold(id)
	isOff := own && Off(v)
	switch {
	case !on && !isOff:
		return s.setAccount(id, "off", true)
	case on && isOff && WatchedByDefault(accountType):
		return s.setAccount(id, "", false)
	case on && (isOff || !own) && !WatchedByDefault(accountType):
		return s.setAccount(id, s.LowBalance.Threshold, true)
	}
	return Change{}, false
}

// InvalidError is an edit that Validate refuses; nothing was saved.
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

// Edit runs fn over the stored settings and, when it reports changes,
// validates and saves them, all in one write transaction of st. A change
// Validate refuses comes back as an *InvalidError and nothing is saved.
// before and after are the settings around the edit.
func Edit(ctx context.Context, st *store.Store, fn func(s *Settings) []Change) (before, after Settings, changed []Change, err error) {
	err = st.WithTx(ctx, func(tx *store.Store) error {
		s, err := LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		before = s
		before.LowBalance.Accounts = maps.Clone(s.LowBalance.Accounts)
		changed = fn(&s)
		after = s
		if len(changed) == 0 {
			return nil
		}
		if err := s.Validate(); err != nil {
			return &InvalidError{err}
		}
		return SaveSettings(ctx, tx, s)
	})
	return before, after, changed, err
}
