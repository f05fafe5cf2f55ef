package assistant

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"penny/alerts"
	"penny/internal/jsonout"
	"penny/money"
	"penny/notify"
	"penny/store"
)

// Answers to alert settings requests. The sentence was read in
// alertset.go; here it becomes typed edits of alerts.Settings (alerts.Edit:
// read, changed, validated and saved in one database transaction) or of
// the notification settings (notify.SetQuietHours, notify.SetDetails), and
// the answer says what changed, from what, and the sentence that undoes
// it. Anything unclear changes nothing and asks.

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
func (x *ans) settingsData(changed []jsonout.SettingChange, s alerts.Settings) jsonout.AlertSettingsData {
	if changed == nil {
		changed = []jsonout.SettingChange{}
	}
	return jsonout.AlertSettingsData{Changed: changed, Settings: x.settingsJSON(s)}
}

// changeAlerts runs typed edits over the stored settings and saves what
// they changed, in one transaction (alerts.Edit). A change the settings
// refuse comes back as an *alerts.InvalidError and nothing is saved.
func (x *ans) changeAlerts(fn func(s *alerts.Settings) []alerts.Change) (before, after alerts.Settings, changed []alerts.Change, err error) {
	return alerts.Edit(x.ctx, x.st(), fn)
}

// apply collects the changes of edits that made one, in order.
func apply(edits ...func() (alerts.Change, bool)) []alerts.Change {
	var out []alerts.Change
	for _, e := range edits {
		if c, ok := e(); ok {
			out = append(out, c)
		}
	}
	return out
}

// changesJSON are changes as an answer's data says them: with the
// account's name and currency, and each amount's minor units.
func (x *ans) changesJSON(changed []alerts.Change) []jsonout.SettingChange {
	out := make([]jsonout.SettingChange, 0, len(changed))
	for _, c := range changed {
		j := jsonout.SettingChange{Setting: c.Setting, Rule: c.Rule, From: c.From, To: c.To}
		cur := ""
		for _, a := range x.ix.accounts {
			if c.AccountID != 0 && a.ID == c.AccountID {
				j.Account, j.AccountID, j.Currency = a.Name, a.ID, a.Currency
				cur = a.Currency
			}
		}
		if v, ok := c.From.(string); ok {
			if m, ok := alerts.AmountIn(v, cur); ok {
				j.FromMinor = &m
			}
		}
		if v, ok := c.To.(string); ok {
			if m, ok := alerts.AmountIn(v, cur); ok {
				j.ToMinor = &m
			}
		}
		out = append(out, j)
	}
	return out
}

// refused turns a change the settings refuse into an answer.
func (x *ans) refused(err error) error {
	var inv *alerts.InvalidError
	if !errors.As(err, &inv) {
		return err
	}
	cur, lerr := alerts.LoadSettings(x.ctx, x.st())
	if lerr != nil {
		return lerr
	}
	x.r.Text = "I could not save that: " + inv.Err.Error() + ". Nothing changed."
	x.r.Data = x.settingsData(nil, cur)
	x.r.Suggestions = []string{"what alerts are on?"}
	return nil
}

// done finishes an answer that changed something: the text, the undo
// sentence (also the first suggestion) and the data.
func (x *ans) done(text string, undo []string, changed []alerts.Change, s alerts.Settings) {
	x.said(text, undo, x.changesJSON(changed), s)
}

// said is done for changes already in their JSON form.
func (x *ans) said(text string, undo []string, changed []jsonout.SettingChange, s alerts.Settings) {
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
	_, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		var ch []alerts.Change
		for _, rule := range req.Rules {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.SetOn(rule, on) })...)
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

func changedRule(ch []alerts.Change, rule string) bool {
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

// plainAmount writes an amount the way a request can say it back: "500",
// "1250.50".
func plainAmount(v int64, exp int) string {
	s := money.FormatMinor(v, exp, false)
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	return s
}

// lowState says what the low-balance rule watches for one account: "500.00
// USD", "100.00 USD, the default", "off", "not watched".
func lowState(s alerts.Settings, a store.Account) string {
	v, has := s.AccountThreshold(a.ID)
	switch {
	case has && alerts.Off(v):
		return "off"
	case has:
		if m, ok := alerts.AmountIn(v, a.Currency); ok {
			return fmtAmt(m, a.Currency)
		}
		return v
	case alerts.WatchedByDefault(a.Type):
		if m, ok := alerts.AmountIn(s.Fields(alerts.RuleLowBalance).Amount, a.Currency); ok {
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
	v, has := before.AccountThreshold(a.ID)
	switch {
	case !has:
		return "reset low balance alert for " + a.Name
	case alerts.Off(v):
		return "turn off low balance alerts for " + a.Name
	}
	if m, ok := alerts.AmountIn(v, a.Currency); ok {
		return "low balance alert for " + a.Name + " at " + plainAmount(m, exponent(a.Currency))
	}
	return "low balance alert for " + a.Name + " at " + v
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
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		var ch []alerts.Change
		for _, a := range accs {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.SetAccountThreshold(a.ID, values[a.ID]) })...)
		}
		return append(ch, apply(func() (alerts.Change, bool) { return s.SetOn(alerts.RuleLowBalance, true) })...)
	})
	if err != nil {
		return x.refused(err)
	}
	var parts, was, undo []string
	for _, a := range accs {
		m, _ := alerts.AmountIn(values[a.ID], a.Currency)
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
	if !before.On(alerts.RuleLowBalance) {
		b.WriteString(" Low balance alerts were off; they are on now.")
		undo = append(undo, "turn off low balance alerts")
	}
	b.WriteString(" It applies from the next import or sync.")
	x.done(b.String(), undo, changed, after)
	return nil
}

func (x *ans) setLowDefault(req *AlertRequest) error {
	v := money.FormatMinor(*req.Threshold, 2, false)
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		return apply(func() (alerts.Change, bool) { return s.SetAmount(alerts.RuleLowBalance, v) },
			func() (alerts.Change, bool) { return s.SetOn(alerts.RuleLowBalance, true) })
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
	if old := before.Fields(alerts.RuleLowBalance).Amount; old != v {
		if m, ok := alerts.AmountIn(old, ""); ok {
			fmt.Fprintf(&b, " (it was %s)", money.FormatMinor(m, 2, true))
			undo = append(undo, "set the default low balance threshold to "+plainAmount(m, 2))
		}
	}
	b.WriteString(". It applies to checking and savings accounts without a threshold of their own, in each account's currency")
	var own []string
	for _, a := range x.ix.accounts {
		if _, ok := after.AccountThreshold(a.ID); ok && alerts.WatchedByDefault(a.Type) {
			own = append(own, a.Name)
		}
	}
	if len(own) > 0 {
		b.WriteString("; " + joinAnd(own) + " keep their own")
	}
	b.WriteString(".")
	if !before.On(alerts.RuleLowBalance) {
		b.WriteString(" Low balance alerts were off; they are on now.")
		undo = append(undo, "turn off low balance alerts")
	}
	x.done(b.String(), undo, changed, after)
	return nil
}

func (x *ans) resetLowBalance(req *AlertRequest) error {
	accs := x.accountsNamed()
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		var ch []alerts.Change
		for _, a := range accs {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.ResetAccountThreshold(a.ID) })...)
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
		if alerts.WatchedByDefault(a.Type) {
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

func changedAccount(ch []alerts.Change, id int64) bool {
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
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		var ch []alerts.Change
		for _, a := range accs {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.SetAccountOn(a.ID, a.Type, on) })...)
		}
		if on {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.SetOn(alerts.RuleLowBalance, true) })...)
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
		if !before.On(alerts.RuleLowBalance) {
			b.WriteString(" Low balance alerts were off everywhere; they are on now.")
			undo = append(undo, "turn off low balance alerts")
		}
	} else {
		fmt.Fprintf(&b, "Done: no more low balance alerts for %s.", joinAnd(names))
		if !after.On(alerts.RuleLowBalance) {
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
	before, after, changed, err := x.changeAlerts(func(s *alerts.Settings) []alerts.Change {
		ch := apply(func() (alerts.Change, bool) { return s.SetAmount(alerts.RuleLarge, v) })
		if !req.ThresholdOff {
			ch = append(ch, apply(func() (alerts.Change, bool) { return s.SetOn(alerts.RuleLarge, true) })...)
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
	if m, ok := alerts.AmountIn(before.Fields(alerts.RuleLarge).Amount, ""); ok {
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
	if m := after.Fields(alerts.RuleLarge).Multiple; m > 0 {
		fmt.Fprintf(&b, " A charge over %d× an account's usual still raises one too.", m)
	}
	if !before.On(alerts.RuleLarge) && after.On(alerts.RuleLarge) {
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
	old, err := notify.SetQuietHours(x.ctx, x.st(), v)
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
	x.said(text, []string{undo}, changed, s)
	return nil
}

func (x *ans) setDetails(on bool) error {
	wasOn, err := notify.SetDetails(x.ctx, x.st(), on)
	if err != nil {
		return err
	}
	s, err := alerts.LoadSettings(x.ctx, x.st())
	if err != nil {
		return err
	}
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
		x.said("Done: notifications show amounts and merchants now, on the lock screen too.", []string{"private notifications"}, changed, s)
	} else {
		x.said("Done: notifications are private now: they name the kind of alert and the account, never an amount or a merchant.",
			[]string{"show details in notifications"}, changed, s)
	}
	return nil
}

// Listing.

// settingsJSON is every rule's state and main threshold, with the
// notification settings.
func (x *ans) settingsJSON(s alerts.Settings) jsonout.AlertSettings {
	quiet, _ := notify.StoredQuietHours(x.ctx, x.st())
	details, _ := notify.StoredDetails(x.ctx, x.st())
	rules := []jsonout.RuleState{}
	for _, r := range ruleInfos {
		f := s.Fields(r.rule)
		st := jsonout.RuleState{Rule: r.rule, Name: r.name, On: f.On, Threshold: f.Amount, Days: f.Days,
			WithinMinutes: f.WithinMinutes, Percent: f.Percent}
		if m, ok := alerts.AmountIn(f.Amount, ""); ok {
			st.ThresholdMinor = &m
		}
		if r.rule == alerts.RuleLowBalance {
			for _, a := range x.ix.accounts {
				v, ok := s.AccountThreshold(a.ID)
				if !ok {
					continue
				}
				t := jsonout.AccountThreshold{Account: a.Name, AccountID: a.ID, Currency: a.Currency}
				if m, ok := alerts.AmountIn(v, a.Currency); ok {
					t.Threshold, t.ThresholdMinor = v, &m
				} else {
					t.Off = true
				}
				st.Accounts = append(st.Accounts, t)
			}
		}
		rules = append(rules, st)
	}
	return jsonout.AlertSettings{Details: details, QuietHours: quiet, Rules: rules}
}

// ruleThreshold says a rule's main threshold for people.
func (x *ans) ruleThreshold(s alerts.Settings, rule string) string {
	amt := func(v string) string {
		if m, ok := alerts.AmountIn(v, ""); ok {
			return money.FormatMinor(m, 2, true)
		}
		return ""
	}
	f := s.Fields(rule)
	switch rule {
	case alerts.RuleLowBalance:
		parts := []string{"below " + amt(f.Amount) + " (checking and savings)"}
		if amt(f.Amount) == "" {
			parts = []string{"no default"}
		}
		for _, a := range x.ix.accounts {
			if _, ok := s.AccountThreshold(a.ID); ok {
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
		if a := amt(f.Amount); a != "" {
			parts = append(parts, a+" or more")
		}
		if f.Multiple > 0 {
			parts = append(parts, fmt.Sprintf("over %d× the account's usual", f.Multiple))
		}
		return strings.Join(parts, ", or ")
	case alerts.RuleDuplicate:
		if f.WithinMinutes > 0 {
			return fmt.Sprintf("same charge within %d minutes", f.WithinMinutes)
		}
		return "same charge, same or next day"
	case alerts.RulePriceIncrease:
		return fmt.Sprintf("up %d%% or more", f.Percent)
	case alerts.RuleTrial:
		return fmt.Sprintf("first charge within %d days of a %s check", f.Days, amt(f.Amount))
	case alerts.RuleDeposit:
		if a := amt(f.Amount); a != "" {
			return a + " or more"
		}
	case alerts.RuleCategory:
		return fmt.Sprintf("over %d%% of the usual and %s more", f.Percent, amt(f.Amount))
	case alerts.RuleProjected:
		return fmt.Sprintf("bills due in the next %d days", f.Days)
	case alerts.RulePending:
		return fmt.Sprintf("pending over %d days", f.Days)
	}
	return ""
}

func (x *ans) showAlertSettings(s alerts.Settings) error {
	quiet, err := notify.StoredQuietHours(x.ctx, x.st())
	if err != nil {
		return err
	}
	details, err := notify.StoredDetails(x.ctx, x.st())
	if err != nil {
		return err
	}
	x.r.Table = &Table{Columns: []string{"Alert", "On", "Threshold"}}
	var on, off []string
	for _, r := range ruleInfos {
		state := "off"
		if s.On(r.rule) {
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
	if details {
		privacy = "with amounts and merchants"
	}
	x.r.Table.Rows = append(x.r.Table.Rows, []Cell{textCell("Quiet hours"), textCell(quietText), textCell("")},
		[]Cell{textCell("Notifications"), textCell(privacy), textCell("")})
	var b strings.Builder
	if req := x.s.Alert; req != nil {
		for _, rule := range req.Rules {
			state := "off"
			if s.On(rule) {
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
	if details {
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
	x.r.Suggestions = []string{"turn off new merchant alerts", "large charge threshold " + plainAmountOr(s.Fields(alerts.RuleLarge).Amount, "1000"), "quiet hours 22:00-07:00"}
	if len(off) > 0 {
		x.r.Suggestions[0] = "turn on " + off[0] + " alerts"
	}
	return nil
}

func plainAmountOr(v, def string) string {
	if m, ok := alerts.AmountIn(v, ""); ok {
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
		case alerts.WatchedByDefault(a.Type) && a.Currency == usual:
			return 0
		case alerts.WatchedByDefault(a.Type):
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
			b.WriteString("From what amount? For example “large charge threshold " + plainAmountOr(s.Fields(alerts.RuleLarge).Amount, "1000") + "”.")
			sugg = []string{"large charge threshold " + plainAmountOr(s.Fields(alerts.RuleLarge).Amount, "1000")}
			break
		}
		name := acct
		def := plainAmountOr(s.Fields(alerts.RuleLowBalance).Amount, "100")
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
	d.Missing = req.Missing
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
