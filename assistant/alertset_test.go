package assistant

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"penny/alerts"
	"penny/demo"
	"penny/notify"
	"penny/store"
)

// Alert settings from the chat, on an in-memory demo vault: what the chat
// sets is what alerts.LoadSettings and the notification settings read back,
// every change says how to undo it and the sentence does, and an unclear
// request changes nothing.

func alertDemo(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	st, closeDB, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	d := demo.Generate(demo.Options{Seed: 1, Transactions: 2000})
	ids, err := demo.Load(ctx, st, d)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, d: d, ids: ids, a: New(st, Options{Now: func() time.Time { return testNow }})}
}

func (f *fixture) alertSettings(t *testing.T) alerts.Settings {
	t.Helper()
	s, err := alerts.LoadSettings(t.Context(), f.st)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) setting(t *testing.T, key string) string {
	t.Helper()
	v, err := f.st.SettingOr(t.Context(), key, "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rawSettings is every stored setting the chat may write, as stored; a
// missing one is "<none>".
func (f *fixture) rawSettings(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, k := range []string{alerts.SettingsKey, notify.QuietHoursKey, notify.DetailsKey} {
		v, err := f.st.Setting(t.Context(), k)
		switch {
		case errors.Is(err, store.ErrNotFound):
			v = "<none>"
		case err != nil:
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

func TestAlertSettingsSetInTheChatAreWhatTheRulesRead(t *testing.T) {
	f := alertDemo(t)
	checking, savings := f.ids["demo-checking"], f.ids["demo-savings"]
	want := alerts.Defaults()
	want.LowBalance.Accounts = map[int64]string{}
	steps := []struct {
		q      string
		change func()
		undo   string // the undo sentence the answer must give
	}{
		{"alert me when checking is below 500", func() { want.LowBalance.Accounts[checking] = "500.00" },
			"reset low balance alert for Everyday Checking"},
		{"tell me if my savings drops under $1,000", func() { want.LowBalance.Accounts[savings] = "1000.00" },
			"reset low balance alert for High-Yield Savings"},
		{"low balance alert for checking at 250", func() { want.LowBalance.Accounts[checking] = "250.00" },
			"low balance alert for Everyday Checking at 500"},
		{"stop new merchant alerts", func() { want.NewMerchant.On = false }, "turn on new merchant alerts"},
		{"turn off duplicate charge alerts", func() { want.Duplicate.On = false }, "turn on duplicate charge alerts"},
		{"no more deposit alerts", func() { want.Deposit.On = false }, "turn on deposit alerts"},
		{"turn off price increase alerts", func() { want.PriceIncrease.On = false }, "turn on price increase alerts"},
		{"enable price increase alerts", func() { want.PriceIncrease.On = true }, "turn off price increase alerts"},
		{"turn off alerts for large charges", func() { want.Large.On = false }, "turn on large charge alerts"},
		{"turn on alerts for large charges", func() { want.Large.On = true }, "turn off large charge alerts"},
		{"alert me on charges over 2000", func() { want.Large.Absolute = "2000.00" }, "large charge threshold 1000"},
		{"large charge threshold 750", func() { want.Large.Absolute = "750.00" }, "large charge threshold 2000"},
		{"turn off low balance alerts", func() { want.LowBalance.On = false }, "turn on low balance alerts"},
		// A threshold turns its rule back on, and says so.
		{"alert me when savings falls below 1200", func() {
			want.LowBalance.Accounts[savings] = "1200.00"
			want.LowBalance.On = true
		}, "low balance alert for High-Yield Savings at 1000"},
		{"set the default low balance threshold to 150", func() { want.LowBalance.Threshold = "150.00" },
			"set the default low balance threshold to 100"},
	}
	for _, s := range steps {
		r := f.ask(t, s.q)
		if r.Intent != IntentAlertSettings {
			t.Fatalf("%q: intent %s", s.q, r.Intent)
		}
		s.change()
		got := f.alertSettings(t)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: settings\n got %+v\nwant %+v", s.q, got, want)
		}
		if !strings.Contains(r.Text, "Done:") || !strings.Contains(r.Text, "“"+s.undo+"”") || !strings.Contains(r.Text, "to undo.") {
			t.Errorf("%q: text %q does not say the change and its undo %q", s.q, r.Text, s.undo)
		}
		if len(r.Suggestions) == 0 || r.Suggestions[0] != s.undo {
			t.Errorf("%q: suggestions %q", s.q, r.Suggestions)
		}
		changed, ok := doc(t, r)["changed"].([]any)
		if !ok || len(changed) == 0 {
			t.Errorf("%q: data %v", s.q, doc(t, r))
		}
	}
	// Low-balance alerts had been off: that step says it turned them on.
	if r := f.ask(t, "turn off low balance alerts"); !strings.Contains(r.Text, "turn on low balance alerts") {
		t.Errorf("%q", r.Text)
	}
	r := f.ask(t, "alert me when checking is below 300")
	if !strings.Contains(r.Text, "were off; they are on now") || !strings.Contains(r.Text, "“turn off low balance alerts”") {
		t.Errorf("the answer should say the rule is back on and how to undo both: %q", r.Text)
	}
	if s := f.alertSettings(t); !s.LowBalance.On || s.LowBalance.Accounts[checking] != "300.00" {
		t.Errorf("low balance %+v", s.LowBalance)
	}

	// The amounts in the data are decimal strings with minor-unit twins.
	r = f.ask(t, "large charge threshold 1,250.50")
	c := doc(t, r)["changed"].([]any)[0].(map[string]any)
	if c["setting"] != "large_transaction.absolute" || c["from"] != "750.00" || c["to"] != "1250.50" ||
		num(t, c["from_minor"]) != 75000 || num(t, c["to_minor"]) != 125050 {
		t.Errorf("changed %v", c)
	}
	if r.Slots["threshold"] != "1250.50" || r.Slots["threshold_minor"] != int64(125050) || r.Slots["rule"] != alerts.RuleLarge || r.Slots["on"] != true {
		t.Errorf("slots %v", r.Slots)
	}
	if got := f.alertSettings(t).Large.Absolute; got != "1250.50" {
		t.Errorf("large absolute %q", got)
	}
}

func TestQuietHoursAndPrivacyAreStoredForTheDaemon(t *testing.T) {
	f := alertDemo(t)
	before := f.alertSettings(t)
	for _, s := range []struct{ q, want, undo string }{
		{"quiet hours 22:00-07:00", "22:00-07:00", "turn off quiet hours"},
		{"no notifications between 23:00 and 6:30", "23:00-06:30", "quiet hours 22:00-07:00"},
		{"quiet hours from 10pm to 7am", "22:00-07:00", "quiet hours 23:00-06:30"},
		{"do not disturb from 11 pm to 6:15 am", "23:00-06:15", "quiet hours 22:00-07:00"},
		{"turn off quiet hours", "", "quiet hours 23:00-06:15"},
	} {
		r := f.ask(t, s.q)
		if got := f.setting(t, notify.QuietHoursKey); got != s.want {
			t.Fatalf("%q: %s = %q, want %q", s.q, notify.QuietHoursKey, got, s.want)
		}
		if s.want != "" {
			if _, err := notify.ParseQuiet(f.setting(t, "notify.quiet_hours")); err != nil {
				t.Errorf("%q: the daemon cannot read it: %v", s.q, err)
			}
		}
		if r.Slots["quiet_hours"] != s.want || !strings.Contains(r.Text, "Say “"+s.undo+"” to undo.") {
			t.Errorf("%q: slots %v text %q", s.q, r.Slots, r.Text)
		}
		c := doc(t, r)["changed"].([]any)
		if len(c) != 1 || c[0].(map[string]any)["setting"] != "notify.quiet_hours" || c[0].(map[string]any)["to"] != s.want {
			t.Errorf("%q: changed %v", s.q, c)
		}
	}
	// Asked again, nothing changes and the answer says so.
	r := f.ask(t, "turn off quiet hours")
	if !strings.Contains(r.Text, "Nothing changed") || len(doc(t, r)["changed"].([]any)) != 0 {
		t.Errorf("again: %q", r.Text)
	}

	r = f.ask(t, "show details in notifications")
	if f.setting(t, "notify.details") != "true" || r.Slots["details"] != true || !strings.Contains(r.Text, "Say “private notifications” to undo.") {
		t.Errorf("details: %q %v %q", f.setting(t, "notify.details"), r.Slots, r.Text)
	}
	r = f.ask(t, "private notifications")
	if f.setting(t, "notify.details") != "false" || r.Slots["details"] != false || !strings.Contains(r.Text, "Say “show details in notifications” to undo.") {
		t.Errorf("private: %q %v %q", f.setting(t, "notify.details"), r.Slots, r.Text)
	}
	// None of it touches the rules.
	if after := f.alertSettings(t); !reflect.DeepEqual(after, before) {
		t.Errorf("rules changed: %+v", after)
	}
}

func TestEveryRuleIsNamedAndToggledAlone(t *testing.T) {
	f := alertDemo(t)
	for _, ri := range ruleInfos {
		off := f.ask(t, "turn off "+ri.name+" alerts")
		s := f.alertSettings(t)
		for _, other := range ruleInfos {
			if got, want := s.On(other.rule), other.rule != ri.rule; got != want {
				t.Errorf("turn off %s alerts: %s is on=%v", ri.name, other.rule, got)
			}
		}
		if off.Slots["rule"] != ri.rule || off.Slots["on"] != false {
			t.Errorf("turn off %s alerts: slots %v", ri.name, off.Slots)
		}
		undo := f.ask(t, off.Suggestions[0])
		if s := f.alertSettings(t); !reflect.DeepEqual(s, alerts.Defaults()) {
			t.Errorf("%q did not undo %q: %q", off.Suggestions[0], "turn off "+ri.name+" alerts", undo.Text)
		}
	}
	// All at once, and back.
	r := f.ask(t, "turn off all alerts")
	s := f.alertSettings(t)
	for _, ri := range ruleInfos {
		if s.On(ri.rule) {
			t.Errorf("turn off all alerts left %s on", ri.rule)
		}
	}
	f.ask(t, r.Suggestions[0])
	if s := f.alertSettings(t); !reflect.DeepEqual(s, alerts.Defaults()) {
		t.Errorf("%q did not undo: %+v", r.Suggestions[0], s)
	}
}

// Every undo sentence puts back exactly what was there.
func TestUndoSentencesUndo(t *testing.T) {
	f := alertDemo(t)
	setup := []string{"alert me when visa is below 200", "stop refund alerts", "large charge threshold 900", "quiet hours 21:30-06:00"}
	for _, q := range setup {
		f.ask(t, q)
	}
	for _, q := range []string{
		"alert me when checking is below 500", "alert me when visa is below 50", "turn off low balance alerts for visa",
		"turn off low balance alerts for checking", "reset low balance alert for visa", "set the default low balance threshold to 75",
		"turn off new merchant and duplicate charge alerts", "turn on refund alerts", "turn off all alerts", "turn on all alerts",
		"alert me on charges over 5000", "large charge threshold off", "quiet hours 23:00-07:00", "turn off quiet hours",
		"show details in notifications", "turn off low balance alerts", "low balance alert for wise eur at 80",
	} {
		before, quiet, details := f.alertSettings(t), f.setting(t, notify.QuietHoursKey), f.setting(t, notify.DetailsKey) == "true"
		r := f.ask(t, q)
		if !strings.Contains(r.Text, "Done:") {
			t.Errorf("%q changed nothing: %q", q, r.Text)
			continue
		}
		var undo []string
		for _, s := range r.Suggestions {
			if s != "what alerts are on?" {
				undo = append(undo, s)
			}
		}
		if len(undo) == 0 {
			t.Errorf("%q: no undo in %q", q, r.Suggestions)
		}
		for _, u := range undo {
			if p := Parse(u, testNow, f.a.ix.lex); p.Intent != IntentAlertSettings || p.Slots.Alert.Action == setAsk {
				t.Errorf("%q: the undo %q is not understood: %+v", q, u, p)
			}
			f.ask(t, u)
		}
		after := f.alertSettings(t)
		if !reflect.DeepEqual(after, before) || f.setting(t, notify.QuietHoursKey) != quiet || (f.setting(t, notify.DetailsKey) == "true") != details {
			t.Errorf("%q then %q:\n got %+v %q\nwant %+v %q", q, undo, after, f.setting(t, notify.QuietHoursKey), before, quiet)
		}
	}
}

func TestUnclearAlertRequestsChangeNothing(t *testing.T) {
	f := alertDemo(t)
	f.ask(t, "quiet hours 22:00-07:00")
	before := f.rawSettings(t)
	for _, q := range []string{
		"alert me when blorp is below 500",
		"alert me when my balance is below 500",
		"alert me when my credit card is below 100", // Visa Signature or Amex Gold
		"alert me when checking is low",
		"alert me when checking is below 10.505",
		"alert me when checking is above 5000",
		"alert me on charges under 5",
		"alert me on visa charges over 500",
		"turn off new merchant alerts for visa",
		"turn off alerts",
		"turn off pizza alerts",
		"turn off low balance alerts for blorp",
		"deposit alerts over 500",
		"quiet hours from 10 to 7",
		"quiet hours until 7am",
		"quiet hours 7am-7am",
		"turn on quiet hours",
		"no notifications at night",
		"alert me when checking is below 500 and savings below 100",
		"turn on refund alerts and turn off deposit alerts",
		"change my alerts",
		"low balance alert for euro account at 200 dollars",
		"alert me about netflix price increases",
		"warn me before checking goes negative",
	} {
		r := f.ask(t, q)
		if r.Intent != IntentAlertSettings {
			t.Errorf("%q: intent %s", q, r.Intent)
			continue
		}
		if !strings.Contains(r.Text, "Nothing changed.") {
			t.Errorf("%q: %q", q, r.Text)
		}
		if after := f.rawSettings(t); !maps.Equal(after, before) {
			t.Fatalf("%q changed the settings:\n%v\n%v", q, before, after)
		}
		if c, ok := doc(t, r)["changed"].([]any); !ok || len(c) != 0 {
			t.Errorf("%q: changed %v", q, doc(t, r)["changed"])
		}
		if len(r.Suggestions) == 0 {
			t.Errorf("%q: no suggestions", q)
		}
		// Each suggestion is a ready request Penny understands.
		for _, s := range r.Suggestions {
			p := Parse(s, testNow, f.a.ix.lex)
			if p.Intent != IntentAlertSettings || p.Slots.Alert.Action == setAsk || len(p.Ambiguous) > 0 {
				t.Errorf("%q: suggestion %q is not a clear request: %s %+v", q, s, p.Intent, p.Slots.Alert)
			}
		}
	}
	// The ambiguous card is asked about by name.
	r := f.ask(t, "alert me when my credit card is below 100")
	if !strings.Contains(r.Text, "Visa Signature") || !strings.Contains(r.Text, "Amex Gold") {
		t.Errorf("%q", r.Text)
	}
	if !slices.Contains(r.Suggestions, "alert me when my Visa Signature is below 100") {
		t.Errorf("suggestions %q", r.Suggestions)
	}
}

func TestWhatAlertsAreOn(t *testing.T) {
	f := alertDemo(t)
	f.ask(t, "stop new merchant alerts")
	f.ask(t, "alert me when checking is below 500")
	f.ask(t, "quiet hours 22:00-07:00")
	r := f.ask(t, "what alerts are on?")
	if r.Intent != IntentAlertSettings || r.Table == nil || len(r.Table.Rows) != len(ruleInfos)+2 {
		t.Fatalf("%s %+v", r.Intent, r.Table)
	}
	rows := map[string][]string{}
	for _, row := range r.Table.Rows {
		rows[row[0].Text] = []string{row[1].Text, row[2].Text}
	}
	if rows["New merchant"][0] != "off" || rows["Low balance"][0] != "on" || !strings.Contains(rows["Low balance"][1], "Everyday Checking below 500.00 USD") ||
		rows["Large charge"][1] != "1,000.00 or more, or over 3× the account's usual" || rows["Quiet hours"][0] != "22:00-07:00" || rows["Notifications"][0] != "private" {
		t.Errorf("rows %v", rows)
	}
	for _, w := range []string{"12 of 13 alerts are on; off: new merchant", "Quiet hours: 22:00-07:00", "private"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("text %q lacks %q", r.Text, w)
		}
	}
	d := doc(t, r)
	settings := d["settings"].(map[string]any)
	if settings["quiet_hours"] != "22:00-07:00" || settings["details"] != false {
		t.Errorf("settings %v", settings)
	}
	low := settings["rules"].([]any)[0].(map[string]any)
	acc := low["accounts"].([]any)[0].(map[string]any)
	if low["rule"] != alerts.RuleLowBalance || low["threshold"] != "100.00" || num(t, low["threshold_minor"]) != 10000 ||
		acc["account"] != "Everyday Checking" || acc["threshold"] != "500.00" || num(t, acc["threshold_minor"]) != 50000 {
		t.Errorf("low balance %v", low)
	}
	for _, q := range []string{"alert settings", "notification settings", "is the low balance alert on?", "what are my quiet hours"} {
		if r := f.ask(t, q); r.Intent != IntentAlertSettings || r.Table == nil {
			t.Errorf("%q: %s", q, r.Intent)
		}
	}
}

// The words near the new ones still mean what they meant.
func TestAlertsAndSearchesStillAnswer(t *testing.T) {
	f := alertDemo(t)
	before := f.rawSettings(t)
	for q, intent := range map[string]string{
		"alerts":                        IntentAlerts,
		"any new alerts":                IntentAlerts,
		"show unread notifications":     IntentAlerts,
		"large charges over 500":        IntentLargest,
		"transactions over 100":         IntentSearch,
		"balance":                       IntentBalance,
		"any price increases?":          IntentSubscriptions,
		"duplicate charges":             IntentDuplicates,
		"deposits over $1000 this year": IntentIncome,
	} {
		if r := f.ask(t, q); r.Intent != intent {
			t.Errorf("%q: intent %s, want %s", q, r.Intent, intent)
		}
	}
	if after := f.rawSettings(t); !maps.Equal(after, before) {
		t.Errorf("a question changed the settings: %v", after)
	}
}
