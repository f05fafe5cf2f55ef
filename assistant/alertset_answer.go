package assistant

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"penny/alerts"
	"penny/internal/jsonout"
	"penny/money"
	"penny/notify"
	"penny/store"
)

// Answers to alert settings requests. Every change is read, changed,
// validated and saved in one database transaction (alerts.SaveSettings, or
// store.SetSetting for the notification settings), and the answer says what
// changed, from what, and the sentence that undoes it. Anything unclear
// changes nothing and asks.

// errInvalid is a change the settings would refuse: said, not failed.
type errInvalid struct{ err error }

func (e errInvalid) Error() string { return e.err.Error() }

// ruleKey is the rule's key in the settings JSON.
var ruleKey = map[string]string{
	alerts.RuleLowBalance: "low_balance", alerts.RuleLarge: "large_transaction", alerts.RuleNewMerchant: "new_merchant",
	alerts.RuleDuplicate: "duplicate_charge", alerts.RulePriceIncrease: "price_increase", alerts.RuleTrial: "trial_converted",
	alerts.RuleRefund: "refund", alerts.RuleDeposit: "deposit", alerts.RuleCategory: "category_spike",
	alerts.RuleForeign: "foreign_transaction", alerts.RuleProjected: "projected_negative", alerts.RulePending: "pending_stale",
	alerts.RuleSource: "source_error",
}

// onField points at a rule's switch.
func onField(s *alerts.Settings, rule string) *bool {
	switch rule {
	case alerts.RuleLowBalance:
		return &s.LowBalance.On
	case alerts.RuleLarge:
		return &s.Large.On
	case alerts.RuleNewMerchant:
		return &s.NewMerchant.On
	case alerts.RuleDuplicate:
		return &s.Duplicate.On
	case alerts.RulePriceIncrease:
		return &s.PriceIncrease.On
	case alerts.RuleTrial:
		return &s.Trial.On
	case alerts.RuleRefund:
		return &s.Refund.On
	case alerts.RuleDeposit:
		return &s.Deposit.On
	case alerts.RuleCategory:
		return &s.Category.On
	case alerts.RuleForeign:
		return &s.Foreign.On
	case alerts.RuleProjected:
		return &s.Projected.On
	case alerts.RulePending:
		return &s.Pending.On
	case alerts.RuleSource:
		return &s.Source.On
	}
	return nil
}

func (x *ans) alertSettings() error {
	req := x.s.Alert
	if req == nil {
		req = &AlertRequest{Action: setShow}
		x.s.Alert = req
	}
	cur, err := alerts.LoadSettings(x.ctx, x.st())
	if err != nil {
		return err
	}
	if len(x.p.Ambiguous) > 0 {
		x.askWhich()
		x.r.Text += " Nothing changed."
		x.r.Data = x.settingsData(nil, cur)
		return nil
	}
	switch req.Action {
	case setShow:
		return x.showAlertSettings(cur)
	case setToggle:
		if len(x.s.Accounts) > 0 {
			return x.toggleLowAccounts(req)
		}
		return x.toggleRules(req)
	case setLowBalance:
		return x.setLowBalance(req, cur)
	case setLowReset:
		return x.resetLowBalance(req)
	case setLarge:
		return x.setLarge(req)
	case setQuiet:
		return x.setQuiet(*req.QuietHours)
	case setDetails:
		return x.setDetails(*req.Details)
	}
	return x.askAlertSettings(req, cur)
}

// settingsData is the Data of every alert settings answer.
func (x *ans) settingsData(changed []jsonout.SettingChange, s alerts.Settings) map[string]any {
	if changed == nil {
		changed = []jsonout.SettingChange{}
	}
	return map[string]any{"changed": changed, "settings": x.settingsJSON(s)}
}

// changeAlerts runs fn over the stored settings and saves what it changed,
// in one transaction. A change the settings refuse comes back as
// errInvalid and nothing is saved.
func (x *ans) changeAlerts(fn func(s *alerts.Settings) []jsonout.SettingChange) (before, after alerts.Settings, changed []jsonout.SettingChange, err error) {
	err = x.st().WithTx(x.ctx, func(tx *store.Store) error {
		s, err := alerts.LoadSettings(x.ctx, tx)
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
			return errInvalid{err}
		}
		return alerts.SaveSettings(x.ctx, tx, s)
	})
	return before, after, changed, err
}

// refused turns a change the settings refuse into an answer.
func (x *ans) refused(err error) error {
	var inv errInvalid
	if !errors.As(err, &inv) {
		return err
	}
	cur, lerr := alerts.LoadSettings(x.ctx, x.st())
	if lerr != nil {
		return lerr
	}
	x.r.Text = "I could not save that: " + inv.err.Error() + ". Nothing changed."
	x.r.Data = x.settingsData(nil, cur)
	x.r.Suggestions = []string{"what alerts are on?"}
	return nil
}

// done finishes an answer that changed something: the text, the undo
// sentence (also the first suggestion) and the data.
func (x *ans) done(text string, undo []string, changed []jsonout.SettingChange, s alerts.Settings) {
	var b strings.Builder
	b.WriteString(text)
	if len(undo) > 0 {
		quoted := make([]string, len(undo))
		for i, u := range undo {
			quoted[i] = "“" + u + "”"
		}
		b.WriteString(" Say " + strings.Join(quoted, " and then ") + " to undo.")
	}
	b.WriteString(x.notes())
	x.r.Text = b.String()
	x.r.Suggestions = append(append([]string(nil), undo...), "what alerts are on?")
	x.r.Data = x.settingsData(changed, s)
}

// unchanged answers a request that asked for what is already set.
func (x *ans) unchanged(text string, s alerts.Settings, next ...string) {
	x.r.Text = text + " Nothing changed." + x.notes()
	x.r.Suggestions = append(next, "what alerts are on?")
	x.r.Data = x.settingsData(nil, s)
}

// Toggles.

func (x *ans) toggleRules(req *AlertRequest) error {
	on := req.On != nil && *req.On
	_, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		for _, rule := range req.Rules {
			f := onField(s, rule)
			if f == nil || *f == on {
				continue
			}
			ch = append(ch, jsonout.SettingChange{Setting: ruleKey[rule] + ".on", Rule: rule, From: *f, To: on})
			*f = on
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	state, undoVerb := "off", "turn on"
	if on {
		state, undoVerb = "on", "turn off"
	}
	var names, same []string
	for _, rule := range req.Rules {
		n := ruleByName(rule).name
		if changedRule(changed, rule) {
			names = append(names, n)
		} else {
			same = append(same, n)
		}
	}
	if len(changed) == 0 {
		what := joinAnd(same) + " alerts are"
		if req.All {
			what = "All alerts are"
		} else if len(same) == 1 {
			what = upperFirst(same[0]) + " alerts are"
		}
		x.unchanged(fmt.Sprintf("%s already %s.", upperFirst(what), state), after, undoVerb+" "+ruleList(req, same)+" alerts")
		return nil
	}
	var b strings.Builder
	switch {
	case req.All && len(same) == 0:
		fmt.Fprintf(&b, "Done: all %d alerts are %s.", len(names), state)
	default:
		fmt.Fprintf(&b, "Done: %s alerts are %s.", joinAnd(names), state)
		if len(same) > 0 {
			fmt.Fprintf(&b, " (%s alerts were %s already.)", upperFirst(joinAnd(same)), state)
		}
	}
	if on {
		b.WriteString(" They apply from the next import or sync.")
	} else {
		b.WriteString(" Alerts already raised stay in the Alerts conversation.")
	}
	undo := undoVerb + " " + joinAnd(names) + " alerts"
	if req.All && len(same) == 0 {
		undo = undoVerb + " all alerts"
	}
	x.done(b.String(), []string{undo}, changed, after)
	return nil
}

func ruleList(req *AlertRequest, names []string) string {
	if req.All {
		return "all"
	}
	return joinAnd(names)
}

func changedRule(ch []jsonout.SettingChange, rule string) bool {
	for _, c := range ch {
		if c.Rule == rule {
			return true
		}
	}
	return false
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Low balance.

// accountsNamed returns the store accounts the slots name.
func (x *ans) accountsNamed() []store.Account {
	var out []store.Account
	for _, name := range x.s.Accounts {
		for _, a := range x.ix.accounts {
			if a.Name == name {
				out = append(out, a)
			}
		}
	}
	return out
}

func exponent(cur string) int {
	if c, err := money.Lookup(cur); err == nil {
		return c.Exponent
	}
	return 2
}

// rescale turns minor units of exponent 2 into minor units of exp, exactly,
// or reports false (a fraction of a yen).
func rescale(v int64, exp int) (int64, bool) {
	for e := 2; e < exp; e++ {
		v *= 10
	}
	for e := exp; e < 2; e++ {
		if v%10 != 0 {
			return 0, false
		}
		v /= 10
	}
	return v, true
}

// readAmount reads a settings amount ("500.00") in minor units of exp; ok
// is false for "", "off" or what does not fit.
func readAmount(s string, exp int) (int64, bool) {
	if s == "" || strings.EqualFold(s, "off") {
		return 0, false
	}
	v, err := money.ParseMinor(s, exp, money.ParseOptions{})
	return v, err == nil
}

// plainAmount writes an amount the way a request can say it back: "500",
// "1250.50".
func plainAmount(v int64, exp int) string {
	s := money.FormatMinor(v, exp, false)
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	return s
}

// watchedByDefault says whether the default low-balance threshold applies
// to an account without one of its own.
func watchedByDefault(a store.Account) bool {
	return a.Type == "checking" || a.Type == "savings"
}

// lowState says what the low-balance rule watches for one account: "500.00
// USD", "100.00 USD, the default", "off", "not watched".
func lowState(s alerts.Settings, a store.Account) string {
	exp := exponent(a.Currency)
	v, has := s.LowBalance.Accounts[a.ID]
	switch {
	case has && (v == "" || strings.EqualFold(v, "off")):
		return "off"
	case has:
		if m, ok := readAmount(v, exp); ok {
			return fmtAmt(m, a.Currency)
		}
		return v
	case watchedByDefault(a):
		if m, ok := readAmount(s.LowBalance.Threshold, exp); ok {
			return fmtAmt(m, a.Currency) + ", the default"
		}
		return "off (no default)"
	}
	return "not watched"
}

// notWatched explains "not watched".
const notWatched = "credit and brokerage balances are watched only with a threshold of their own"

// undoLow is the sentence that puts an account's low-balance setting back.
func undoLow(before alerts.Settings, a store.Account) string {
	v, has := before.LowBalance.Accounts[a.ID]
	switch {
	case !has:
		return "reset low balance alert for " + a.Name
	case v == "" || strings.EqualFold(v, "off"):
		return "turn off low balance alerts for " + a.Name
	}
	if m, ok := readAmount(v, exponent(a.Currency)); ok {
		return "low balance alert for " + a.Name + " at " + plainAmount(m, exponent(a.Currency))
	}
	return "low balance alert for " + a.Name + " at " + v
}

func lowChange(before, after alerts.Settings, a store.Account) jsonout.SettingChange {
	exp := exponent(a.Currency)
	c := jsonout.SettingChange{Setting: "low_balance.accounts." + strconv.FormatInt(a.ID, 10), Rule: alerts.RuleLowBalance,
		Account: a.Name, AccountID: a.ID, Currency: a.Currency}
	if v, ok := before.LowBalance.Accounts[a.ID]; ok {
		c.From = v
		if m, ok := readAmount(v, exp); ok {
			c.FromMinor = &m
		}
	}
	if v, ok := after.LowBalance.Accounts[a.ID]; ok {
		c.To = v
		if m, ok := readAmount(v, exp); ok {
			c.ToMinor = &m
		}
	}
	return c
}

func (x *ans) setLowBalance(req *AlertRequest, cur alerts.Settings) error {
	if req.Default {
		return x.setLowDefault(req)
	}
	accs := x.accountsNamed()
	if len(accs) == 0 {
		return x.askAlertSettings(&AlertRequest{Action: setAsk, Missing: missAccount, Rules: req.Rules, Threshold: req.Threshold}, cur)
	}
	values := map[int64]string{}
	for _, a := range accs {
		if req.Currency != "" && req.Currency != a.Currency {
			x.r.Text = fmt.Sprintf("%s is in %s, not %s. Nothing changed.", a.Name, a.Currency, req.Currency)
			x.r.Suggestions = []string{"alert me when " + a.Name + " is below " + plainAmount(*req.Threshold, 2) + " " + a.Currency}
			x.r.Data = x.settingsData(nil, cur)
			return nil
		}
		exp := exponent(a.Currency)
		v, ok := rescale(*req.Threshold, exp)
		if !ok {
			x.r.Text = fmt.Sprintf("%s is in %s, which has no fractions. Nothing changed.", a.Name, a.Currency)
			x.r.Data = x.settingsData(nil, cur)
			return nil
		}
		values[a.ID] = money.FormatMinor(v, exp, false)
	}
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		old := maps.Clone(s.LowBalance.Accounts)
		if s.LowBalance.Accounts == nil {
			s.LowBalance.Accounts = map[int64]string{}
		}
		for _, a := range accs {
			if v, ok := old[a.ID]; ok && v == values[a.ID] {
				continue
			}
			s.LowBalance.Accounts[a.ID] = values[a.ID]
			ch = append(ch, lowChange(alerts.Settings{LowBalance: alerts.LowBalance{Accounts: old}}, *s, a))
		}
		if !s.LowBalance.On {
			s.LowBalance.On = true
			ch = append(ch, jsonout.SettingChange{Setting: "low_balance.on", Rule: alerts.RuleLowBalance, From: false, To: true})
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	var parts, was, undo []string
	for _, a := range accs {
		m, _ := readAmount(values[a.ID], exponent(a.Currency))
		parts = append(parts, a.Name+" falls below "+fmtAmt(m, a.Currency))
		if !changedAccount(changed, a.ID) {
			continue
		}
		w := lowState(before, a)
		if len(accs) > 1 {
			w = a.Name + ": " + w
		}
		was = append(was, w)
		undo = append(undo, undoLow(before, a))
	}
	if len(changed) == 0 {
		x.unchanged(fmt.Sprintf("Penny already alerts you when the available balance of %s.", joinAnd(parts)), after)
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Done: Penny will alert you when the available balance (pending included) of %s", joinAnd(parts))
	if len(was) > 0 {
		fmt.Fprintf(&b, " (before: %s)", strings.Join(was, "; "))
	}
	b.WriteString(".")
	if !before.LowBalance.On {
		b.WriteString(" Low balance alerts were off; they are on now.")
		undo = append(undo, "turn off low balance alerts")
	}
	b.WriteString(" It applies from the next import or sync.")
	x.done(b.String(), undo, changed, after)
	return nil
}

func (x *ans) setLowDefault(req *AlertRequest) error {
	v := money.FormatMinor(*req.Threshold, 2, false)
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		if s.LowBalance.Threshold != v {
			c := jsonout.SettingChange{Setting: "low_balance.threshold", Rule: alerts.RuleLowBalance, From: s.LowBalance.Threshold, To: v}
			if m, ok := readAmount(s.LowBalance.Threshold, 2); ok {
				c.FromMinor = &m
			}
			to := *req.Threshold
			c.ToMinor = &to
			ch = append(ch, c)
			s.LowBalance.Threshold = v
		}
		if !s.LowBalance.On {
			s.LowBalance.On = true
			ch = append(ch, jsonout.SettingChange{Setting: "low_balance.on", Rule: alerts.RuleLowBalance, From: false, To: true})
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	amount := money.FormatMinor(*req.Threshold, 2, true)
	if len(changed) == 0 {
		x.unchanged("The default low balance threshold is "+amount+" already.", after)
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Done: the default low balance threshold is %s now", amount)
	var undo []string
	if before.LowBalance.Threshold != v {
		old := before.LowBalance.Threshold
		if m, ok := readAmount(old, 2); ok {
			fmt.Fprintf(&b, " (it was %s)", money.FormatMinor(m, 2, true))
			undo = append(undo, "set the default low balance threshold to "+plainAmount(m, 2))
		}
	}
	b.WriteString(". It applies to checking and savings accounts without a threshold of their own, in each account's currency")
	var own []string
	for _, a := range x.ix.accounts {
		if _, ok := after.LowBalance.Accounts[a.ID]; ok && watchedByDefault(a) {
			own = append(own, a.Name)
		}
	}
	if len(own) > 0 {
		b.WriteString("; " + joinAnd(own) + " keep their own")
	}
	b.WriteString(".")
	if !before.LowBalance.On {
		b.WriteString(" Low balance alerts were off; they are on now.")
		undo = append(undo, "turn off low balance alerts")
	}
	x.done(b.String(), undo, changed, after)
	return nil
}

func (x *ans) resetLowBalance(req *AlertRequest) error {
	accs := x.accountsNamed()
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		old := maps.Clone(s.LowBalance.Accounts)
		for _, a := range accs {
			if _, ok := s.LowBalance.Accounts[a.ID]; !ok {
				continue
			}
			delete(s.LowBalance.Accounts, a.ID)
			ch = append(ch, lowChange(alerts.Settings{LowBalance: alerts.LowBalance{Accounts: old}}, *s, a))
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	var names, now, undo []string
	for _, a := range accs {
		names = append(names, a.Name)
		if !changedAccount(changed, a.ID) {
			continue
		}
		if watchedByDefault(a) {
			now = append(now, fmt.Sprintf("%s uses the default again: %s (it was %s)", a.Name,
				strings.TrimSuffix(lowState(after, a), ", the default"), lowState(before, a)))
		} else {
			now = append(now, fmt.Sprintf("%s is not watched now (it was %s): %s", a.Name, lowState(before, a), notWatched))
		}
		undo = append(undo, undoLow(before, a))
	}
	if len(changed) == 0 {
		x.unchanged(joinAnd(names)+" has no low balance threshold of its own.", after)
		return nil
	}
	x.done("Done: "+strings.Join(now, "; ")+".", undo, changed, after)
	return nil
}

func changedAccount(ch []jsonout.SettingChange, id int64) bool {
	for _, c := range ch {
		if c.AccountID == id {
			return true
		}
	}
	return false
}

// toggleLowAccounts turns the low-balance rule off or back on for named
// accounts: "off" as the account's threshold, or its removal.
func (x *ans) toggleLowAccounts(req *AlertRequest) error {
	on := req.On != nil && *req.On
	accs := x.accountsNamed()
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		old := maps.Clone(s.LowBalance.Accounts)
		if s.LowBalance.Accounts == nil {
			s.LowBalance.Accounts = map[int64]string{}
		}
		for _, a := range accs {
			v, has := s.LowBalance.Accounts[a.ID]
			isOff := has && (v == "" || strings.EqualFold(v, "off"))
			switch {
			case !on && !isOff:
				s.LowBalance.Accounts[a.ID] = "off"
			case on && isOff && watchedByDefault(a):
				delete(s.LowBalance.Accounts, a.ID)
			case on && (isOff || !has) && !watchedByDefault(a):
				// A card is watched only with a threshold of its own:
				// the default amount, in its currency.
				s.LowBalance.Accounts[a.ID] = s.LowBalance.Threshold
			default:
				continue
			}
			ch = append(ch, lowChange(alerts.Settings{LowBalance: alerts.LowBalance{Accounts: old}}, *s, a))
		}
		if on && !s.LowBalance.On {
			s.LowBalance.On = true
			ch = append(ch, jsonout.SettingChange{Setting: "low_balance.on", Rule: alerts.RuleLowBalance, From: false, To: true})
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	var names, undo, now []string
	for _, a := range accs {
		names = append(names, a.Name)
		if changedAccount(changed, a.ID) {
			undo = append(undo, undoLow(before, a))
			now = append(now, a.Name+", below "+lowState(after, a))
		}
	}
	if len(changed) == 0 {
		state := "on"
		if !on {
			state = "off"
		}
		x.unchanged("Low balance alerts for "+joinAnd(names)+" are "+state+" already ("+lowStates(after, accs)+").", after)
		return nil
	}
	var b strings.Builder
	if on {
		fmt.Fprintf(&b, "Done: low balance alerts are on for %s.", strings.Join(now, "; "))
		if !before.LowBalance.On {
			b.WriteString(" Low balance alerts were off everywhere; they are on now.")
			undo = append(undo, "turn off low balance alerts")
		}
	} else {
		fmt.Fprintf(&b, "Done: no more low balance alerts for %s.", joinAnd(names))
		if !after.LowBalance.On {
			b.WriteString(" (Low balance alerts are off for every account anyway.)")
		}
	}
	x.done(b.String(), undo, changed, after)
	return nil
}

func lowStates(s alerts.Settings, accs []store.Account) string {
	var out []string
	for _, a := range accs {
		out = append(out, a.Name+": "+lowState(s, a))
	}
	return strings.Join(out, "; ")
}

// Large charges.

func (x *ans) setLarge(req *AlertRequest) error {
	v := ""
	if !req.ThresholdOff {
		v = money.FormatMinor(*req.Threshold, 2, false)
	}
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []jsonout.SettingChange {
		var ch []jsonout.SettingChange
		if s.Large.Absolute != v {
			c := jsonout.SettingChange{Setting: "large_transaction.absolute", Rule: alerts.RuleLarge, From: s.Large.Absolute, To: v}
			if m, ok := readAmount(s.Large.Absolute, 2); ok {
				c.FromMinor = &m
			}
			if m, ok := readAmount(v, 2); ok {
				c.ToMinor = &m
			}
			ch = append(ch, c)
			s.Large.Absolute = v
		}
		if !req.ThresholdOff && !s.Large.On {
			s.Large.On = true
			ch = append(ch, jsonout.SettingChange{Setting: "large_transaction.on", Rule: alerts.RuleLarge, From: false, To: true})
		}
		return ch
	})
	if err != nil {
		return x.refused(err)
	}
	if len(changed) == 0 {
		if req.ThresholdOff {
			x.unchanged("Large charge alerts have no fixed amount already.", after)
		} else {
			x.unchanged("Penny already alerts you on any charge of "+money.FormatMinor(*req.Threshold, 2, true)+" or more.", after)
		}
		return nil
	}
	var b strings.Builder
	var undo []string
	was := "it had none"
	if m, ok := readAmount(before.Large.Absolute, 2); ok {
		was = "it was " + money.FormatMinor(m, 2, true)
		undo = append(undo, "large charge threshold "+plainAmount(m, 2))
	} else {
		undo = append(undo, "large charge threshold off")
	}
	if req.ThresholdOff {
		fmt.Fprintf(&b, "Done: no more large charge alerts for a fixed amount (%s).", was)
	} else {
		fmt.Fprintf(&b, "Done: Penny will alert you on any charge of %s or more (%s)", money.FormatMinor(*req.Threshold, 2, true), was)
		if len(x.vaultCurrencies()) > 1 {
			b.WriteString(", in each account's own currency")
		}
		b.WriteString(".")
	}
	if after.Large.Multiple > 0 {
		fmt.Fprintf(&b, " A charge over %d× an account's usual still raises one too.", after.Large.Multiple)
	}
	if !before.Large.On && after.Large.On {
		b.WriteString(" Large charge alerts were off; they are on now.")
		undo = append(undo, "turn off large charge alerts")
	}
	x.done(b.String(), undo, changed, after)
	return nil
}

// vaultCurrencies lists the currencies of the accounts.
func (x *ans) vaultCurrencies() []string {
	var out []string
	for _, a := range x.ix.accounts {
		out = appendNew(out, a.Currency)
	}
	return out
}

// Notifications.

func (x *ans) setQuiet(v string) error {
	if v != "" {
		if _, err := notify.ParseQuiet(v); err != nil {
			x.r.Text = "I could not read those quiet hours. Nothing changed."
			x.r.Suggestions = []string{"quiet hours 22:00-07:00"}
			return nil
		}
	}
	var old string
	err := x.st().WithTx(x.ctx, func(tx *store.Store) error {
		var err error
		if old, err = tx.SettingOr(x.ctx, notify.QuietHoursKey, ""); err != nil || old == v {
			return err
		}
		return tx.SetSetting(x.ctx, notify.QuietHoursKey, v)
	})
	if err != nil {
		return err
	}
	s, err := alerts.LoadSettings(x.ctx, x.st())
	if err != nil {
		return err
	}
	if old == v {
		if v == "" {
			x.unchanged("There are no quiet hours.", s, "quiet hours 22:00-07:00")
		} else {
			x.unchanged("Quiet hours are "+v+" already.", s, "turn off quiet hours")
		}
		return nil
	}
	changed := []jsonout.SettingChange{{Setting: notify.QuietHoursKey, From: old, To: v}}
	const override = " (A --quiet-hours flag or quiet_hours in the daemon's config takes precedence.)"
	undo := "quiet hours " + old
	if old == "" {
		undo = "turn off quiet hours"
	}
	var text string
	if v == "" {
		text = "Done: quiet hours are off (they were " + old + "); notifications arrive at any hour."
	} else {
		was := ""
		if old != "" {
			was = " (they were " + old + ")"
		}
		text = "Done: quiet hours are " + v + was + ". Notifications wait until they end; alerts still arrive in the Alerts conversation." + override
	}
	x.done(text, []string{undo}, changed, s)
	return nil
}

func (x *ans) setDetails(on bool) error {
	v := strconv.FormatBool(on)
	var old string
	err := x.st().WithTx(x.ctx, func(tx *store.Store) error {
		var err error
		if old, err = tx.SettingOr(x.ctx, notify.DetailsKey, ""); err != nil || old == v || old == "" && !on {
			return err
		}
		return tx.SetSetting(x.ctx, notify.DetailsKey, v)
	})
	if err != nil {
		return err
	}
	s, err := alerts.LoadSettings(x.ctx, x.st())
	if err != nil {
		return err
	}
	wasOn := old == "true"
	if wasOn == on {
		if on {
			x.unchanged("Notifications show amounts and merchants already.", s, "private notifications")
		} else {
			x.unchanged("Notifications are private already: they never show an amount or a merchant.", s, "show details in notifications")
		}
		return nil
	}
	changed := []jsonout.SettingChange{{Setting: notify.DetailsKey, From: wasOn, To: on}}
	if on {
		x.done("Done: notifications show amounts and merchants now, on the lock screen too.", []string{"private notifications"}, changed, s)
	} else {
		x.done("Done: notifications are private now: they name the kind of alert and the account, never an amount or a merchant.",
			[]string{"show details in notifications"}, changed, s)
	}
	return nil
}

// Listing.

// settingsJSON is every rule's state and main threshold, with the
// notification settings.
func (x *ans) settingsJSON(s alerts.Settings) map[string]any {
	quiet, _ := x.st().SettingOr(x.ctx, notify.QuietHoursKey, "")
	details, _ := x.st().SettingOr(x.ctx, notify.DetailsKey, "")
	rules := []jsonout.RuleState{}
	for _, r := range ruleInfos {
		st := jsonout.RuleState{Rule: r.rule, Name: r.name, On: *onField(&s, r.rule)}
		amount := func(v string) {
			st.Threshold = v
			if m, ok := readAmount(v, 2); ok {
				st.ThresholdMinor = &m
			}
		}
		switch r.rule {
		case alerts.RuleLowBalance:
			amount(s.LowBalance.Threshold)
			for _, a := range x.ix.accounts {
				v, ok := s.LowBalance.Accounts[a.ID]
				if !ok {
					continue
				}
				t := jsonout.AccountThreshold{Account: a.Name, AccountID: a.ID, Currency: a.Currency}
				if m, ok := readAmount(v, exponent(a.Currency)); ok {
					t.Threshold, t.ThresholdMinor = v, &m
				} else {
					t.Off = true
				}
				st.Accounts = append(st.Accounts, t)
			}
		case alerts.RuleLarge:
			amount(s.Large.Absolute)
		case alerts.RuleDeposit:
			amount(s.Deposit.Min)
		case alerts.RuleTrial:
			amount(s.Trial.MaxAuth)
			st.Days = s.Trial.Days
		case alerts.RuleCategory:
			amount(s.Category.MinExcess)
			st.Percent = s.Category.Percent
		case alerts.RuleDuplicate:
			st.WithinMinutes = s.Duplicate.WithinMinutes
		case alerts.RulePriceIncrease:
			st.Percent = s.PriceIncrease.MinPercent
		case alerts.RuleProjected:
			st.Days = s.Projected.Days
		case alerts.RulePending:
			st.Days = s.Pending.Days
		}
		rules = append(rules, st)
	}
	return map[string]any{"rules": rules, "quiet_hours": quiet, "details": details == "true"}
}

// ruleThreshold says a rule's main threshold for people.
func (x *ans) ruleThreshold(s alerts.Settings, rule string) string {
	amt := func(v string) string {
		if m, ok := readAmount(v, 2); ok {
			return money.FormatMinor(m, 2, true)
		}
		return ""
	}
	switch rule {
	case alerts.RuleLowBalance:
		parts := []string{"below " + amt(s.LowBalance.Threshold) + " (checking and savings)"}
		if amt(s.LowBalance.Threshold) == "" {
			parts = []string{"no default"}
		}
		for _, a := range x.ix.accounts {
			if _, ok := s.LowBalance.Accounts[a.ID]; ok {
				st := lowState(s, a)
				if st != "off" {
					st = "below " + st
				}
				parts = append(parts, a.Name+" "+st)
			}
		}
		return strings.Join(parts, "; ")
	case alerts.RuleLarge:
		var parts []string
		if a := amt(s.Large.Absolute); a != "" {
			parts = append(parts, a+" or more")
		}
		if s.Large.Multiple > 0 {
			parts = append(parts, fmt.Sprintf("over %d× the account's usual", s.Large.Multiple))
		}
		return strings.Join(parts, ", or ")
	case alerts.RuleDuplicate:
		if s.Duplicate.WithinMinutes > 0 {
			return fmt.Sprintf("same charge within %d minutes", s.Duplicate.WithinMinutes)
		}
		return "same charge, same or next day"
	case alerts.RulePriceIncrease:
		return fmt.Sprintf("up %d%% or more", s.PriceIncrease.MinPercent)
	case alerts.RuleTrial:
		return fmt.Sprintf("first charge within %d days of a %s check", s.Trial.Days, amt(s.Trial.MaxAuth))
	case alerts.RuleDeposit:
		if a := amt(s.Deposit.Min); a != "" {
			return a + " or more"
		}
	case alerts.RuleCategory:
		return fmt.Sprintf("over %d%% of the usual and %s more", s.Category.Percent, amt(s.Category.MinExcess))
	case alerts.RuleProjected:
		return fmt.Sprintf("bills due in the next %d days", s.Projected.Days)
	case alerts.RulePending:
		return fmt.Sprintf("pending over %d days", s.Pending.Days)
	}
	return ""
}

func (x *ans) showAlertSettings(s alerts.Settings) error {
	quiet, err := x.st().SettingOr(x.ctx, notify.QuietHoursKey, "")
	if err != nil {
		return err
	}
	details, err := x.st().SettingOr(x.ctx, notify.DetailsKey, "")
	if err != nil {
		return err
	}
	x.r.Table = &Table{Columns: []string{"Alert", "On", "Threshold"}}
	var on, off []string
	for _, r := range ruleInfos {
		state := "off"
		if *onField(&s, r.rule) {
			state = "on"
			on = append(on, r.name)
		} else {
			off = append(off, r.name)
		}
		x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell(upperFirst(r.name)), textCell(state), textCell(x.ruleThreshold(s, r.rule))})
	}
	quietText := "off"
	if quiet != "" {
		quietText = quiet
	}
	privacy := "private"
	if details == "true" {
		privacy = "with amounts and merchants"
	}
	x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell("Quiet hours"), textCell(quietText), textCell("")},
		[]Cell{textCell("Notifications"), textCell(privacy), textCell("")})
	var b strings.Builder
	if req := x.s.Alert; req != nil {
		for _, rule := range req.Rules {
			state := "off"
			if *onField(&s, rule) {
				state = "on"
			}
			fmt.Fprintf(&b, "%s alerts are %s", upperFirst(ruleByName(rule).name), state)
			if t := x.ruleThreshold(s, rule); t != "" {
				b.WriteString(": " + t)
			}
			b.WriteString(". ")
		}
	}
	switch {
	case len(off) == 0:
		fmt.Fprintf(&b, "All %d alerts are on.", len(on))
	case len(on) == 0:
		fmt.Fprintf(&b, "All %d alerts are off.", len(off))
	default:
		fmt.Fprintf(&b, "%d of %d alerts are on; off: %s.", len(on), len(on)+len(off), joinAnd(off))
	}
	if quiet != "" {
		fmt.Fprintf(&b, " Quiet hours: %s.", quiet)
	} else {
		b.WriteString(" No quiet hours.")
	}
	if details == "true" {
		b.WriteString(" Notifications show amounts and merchants.")
	} else {
		b.WriteString(" Notifications are private: no amounts, no merchants.")
	}
	if ws := words(x.q); len(ws) > 0 && ws[0] == "how" {
		fmt.Fprintf(&b, " To change them, say for example “turn off new merchant alerts”, “alert me when %s is below 500”, "+
			"“large charge threshold 1000”, “quiet hours 22:00-07:00” or “private notifications”.", x.firstLowAccount())
	}
	x.r.Text = b.String()
	x.r.Data = x.settingsData(nil, s)
	x.r.Suggestions = []string{"turn off new merchant alerts", "large charge threshold " + plainAmountOr(s.Large.Absolute, "1000"), "quiet hours 22:00-07:00"}
	if len(off) > 0 {
		x.r.Suggestions[0] = "turn on " + off[0] + " alerts"
	}
	return nil
}

func plainAmountOr(v, def string) string {
	if m, ok := readAmount(v, 2); ok {
		return plainAmount(m, 2)
	}
	return def
}

// Asking.

// lowAccounts are the accounts a low-balance suggestion names, in order:
// checking and savings in the vault's usual currency, the other checking
// and savings accounts, then the rest.
func (x *ans) lowAccounts() []store.Account {
	count := map[string]int{}
	usual := ""
	for _, a := range x.ix.accounts {
		count[a.Currency]++
		if count[a.Currency] > count[usual] {
			usual = a.Currency
		}
	}
	rank := func(a store.Account) int {
		switch {
		case watchedByDefault(a) && a.Currency == usual:
			return 0
		case watchedByDefault(a):
			return 1
		}
		return 2
	}
	out := slices.Clone(x.ix.accounts)
	slices.SortStableFunc(out, func(a, b store.Account) int { return rank(a) - rank(b) })
	return out
}

func (x *ans) askAlertSettings(req *AlertRequest, s alerts.Settings) error {
	verb := "turn off"
	if req.On != nil && *req.On {
		verb = "turn on"
	}
	amount := "500"
	if req.Threshold != nil {
		amount = plainAmount(*req.Threshold, 2)
	}
	acct := x.firstLowAccount()
	if len(x.s.Accounts) > 0 {
		acct = x.s.Accounts[0]
	}
	var b strings.Builder
	var sugg []string
	words := func() string {
		q := make([]string, len(req.Words))
		for i, w := range req.Words {
			q[i] = "“" + w + "”"
		}
		return joinAnd(q)
	}
	switch req.Missing {
	case missAmountRule:
		b.WriteString("I can set an amount only for low balance and large charge alerts.")
		sugg = []string{"large charge threshold " + amount, "alert me when " + acct + " is below " + amount}
	case missRule:
		if len(req.Words) > 0 {
			fmt.Fprintf(&b, "I don't know %s alerts. ", words())
		}
		var names []string
		for _, r := range ruleInfos {
			names = append(names, r.name)
		}
		fmt.Fprintf(&b, "Which alerts should I %s? There are %s alerts.", verb, joinAnd(names))
		sugg = []string{verb + " new merchant alerts", verb + " large charge alerts", verb + " all alerts"}
	case missAccount:
		if len(req.Words) > 0 {
			fmt.Fprintf(&b, "I don't know an account called %s. ", words())
		}
		b.WriteString("Which account?")
		for _, a := range firstAccounts(x.lowAccounts(), 3) {
			switch {
			case req.Threshold != nil:
				sugg = append(sugg, "alert me when "+a.Name+" is below "+amount)
			case req.On != nil:
				sugg = append(sugg, verb+" low balance alerts for "+a.Name)
			default:
				sugg = append(sugg, "reset low balance alert for "+a.Name)
			}
		}
		if req.Threshold != nil {
			b.WriteString(" Or say “set the default low balance threshold to " + amount + "” for every checking and savings account without one of its own.")
			sugg = append(sugg, "set the default low balance threshold to "+amount)
		}
	case missAmount:
		if len(req.Rules) == 1 && req.Rules[0] == alerts.RuleLarge {
			b.WriteString("From what amount? For example “large charge threshold " + plainAmountOr(s.Large.Absolute, "1000") + "”.")
			sugg = []string{"large charge threshold " + plainAmountOr(s.Large.Absolute, "1000")}
			break
		}
		name := acct
		def := plainAmountOr(s.LowBalance.Threshold, "100")
		fmt.Fprintf(&b, "Below what amount? For example “alert me when %s is below %s”.", name, def)
		sugg = []string{"alert me when " + name + " is below " + def, "alert me when " + name + " is below 500"}
		if def == "500" {
			sugg = sugg[:1]
		}
	case missTimes:
		switch len(req.Options) {
		case 0, 1:
			b.WriteString("From when to when? Say it with 24-hour times, like “quiet hours 22:00-07:00”.")
			sugg = []string{"quiet hours 22:00-07:00"}
		default:
			opts := make([]string, len(req.Options))
			for i, o := range req.Options {
				opts[i] = strings.Replace(o, "-", " to ", 1)
				sugg = append(sugg, "quiet hours "+o)
			}
			fmt.Fprintf(&b, "Quiet hours from when to when: %s?", joinOr(opts))
		}
	case missDirection:
		b.WriteString("I can alert you when a balance falls below an amount, or on a charge of an amount or more, not the other way round.")
		sugg = []string{"alert me when " + acct + " is below " + amount, "alert me on charges over " + amount}
	case missPerAccount:
		var names []string
		for _, r := range req.Rules {
			names = append(names, ruleByName(r).name)
		}
		if len(req.Words) > 0 {
			fmt.Fprintf(&b, "Alerts are not set per merchant or category; %s alerts cover all of them.", joinAnd(names))
		} else {
			fmt.Fprintf(&b, "Only low balance alerts are set per account; %s alerts cover every account.", joinAnd(names))
		}
		if req.Threshold != nil && len(req.Rules) == 1 && req.Rules[0] == alerts.RuleLarge {
			sugg = []string{"large charge threshold " + amount}
		} else {
			sugg = []string{verb + " " + joinAnd(names) + " alerts"}
		}
	case missOneAtATime:
		b.WriteString("One change at a time, please: say each one on its own.")
	default:
		b.WriteString("What should I change? I can turn alerts on or off, set low balance and large charge amounts, quiet hours and notification privacy.")
		sugg = []string{"what alerts are on?", "alert me when " + acct + " is below 500", "quiet hours 22:00-07:00", "private notifications"}
	}
	b.WriteString(" Nothing changed.")
	x.r.Text = b.String()
	x.r.Suggestions = dedupe(append(sugg, "what alerts are on?"))
	d := x.settingsData(nil, s)
	d["missing"] = req.Missing
	x.r.Data = d
	return nil
}

func (x *ans) firstLowAccount() string {
	if accs := x.lowAccounts(); len(accs) > 0 {
		return accs[0].Name
	}
	return "checking"
}

func firstAccounts(xs []store.Account, n int) []store.Account {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}
