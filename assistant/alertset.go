package assistant

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"penny/alerts"
	"penny/money"
	"penny/notify"
)

// Alert settings from the chat: "alert me when checking is below 500",
// "stop new merchant alerts", "large charge threshold 750", "quiet hours
// 22:00-07:00", "private notifications", "what alerts are on?".
//
// These are instructions, not questions, so they are read by a grammar of
// their own before anything else, and only when the words leave no doubt
// that the alerts themselves are meant: "alerts" alone still lists the
// alerts, "large charges over 500" still finds charges and "balance below
// 500" is still a question. A request that is about the alert settings but
// does not say which rule, account, amount or hours is not guessed: the
// answer asks, with ready-to-send questions, and changes nothing.

// IntentAlertSettings reads or changes the alert rules, quiet hours and
// notification privacy.
const IntentAlertSettings = "alert_settings"

// Actions of an alert settings request.
const (
	setShow       = "show"        // list the rules, quiet hours and privacy
	setToggle     = "toggle"      // turn rules on or off
	setLowBalance = "low_balance" // a low-balance threshold, per account or the default
	setLowReset   = "low_reset"   // drop an account's own low-balance threshold
	setLarge      = "large"       // the large-charge threshold
	setQuiet      = "quiet_hours" // notify.quiet_hours
	setDetails    = "details"     // notify.details
	setAsk        = "ask"         // about the settings, but unclear: ask
)

// What an unclear request lacks (AlertRequest.Missing).
const (
	missRule       = "rule"        // which alerts
	missAccount    = "account"     // which account
	missAmount     = "amount"      // what threshold
	missTimes      = "times"       // quiet hours: from when to when
	missDirection  = "direction"   // "above" a balance: not a rule Penny has
	missPerAccount = "per_account" // a rule that has no per-account setting
	missWhat       = "what"        // nothing recognizable to change
	missOneAtATime = "one_at_a_time"
	missAmountRule = "amount_rule" // an amount for a rule that takes none here
)

// AlertRequest is what an alert settings request asks for. Accounts are in
// Slots.Accounts.
type AlertRequest struct {
	Action string
	// Rules are alerts.Rule* names; All says the request named every rule
	// ("turn off all alerts").
	Rules []string
	All   bool
	// On is the state asked for, when the request sets one.
	On *bool
	// Threshold is an amount in minor units (exponent 2 unless Currency
	// says otherwise); Currency is set when the question wrote one.
	Threshold *int64
	Currency  string
	// Default asks for the low-balance threshold of every account without
	// one of its own.
	Default bool
	// ThresholdOff turns the large-charge amount test off.
	ThresholdOff bool
	// QuietHours is the new value of notify.quiet_hours ("" turns them off).
	QuietHours *string
	// Details is the new value of notify.details.
	Details *bool
	// Missing says what an "ask" request lacks, Words the words that were
	// not understood, and Options the readings to offer (quiet hours).
	Missing string
	Words   []string
	Options []string
}

// addTo writes the request's slots: rule or rules, threshold and
// threshold_minor, on, quiet_hours, details.
func (r *AlertRequest) addTo(m map[string]any) {
	if r == nil {
		return
	}
	if len(r.Rules) == 1 {
		m["rule"] = r.Rules[0]
	} else if len(r.Rules) > 1 {
		m["rules"] = append([]string(nil), r.Rules...)
	}
	if r.Threshold != nil {
		if r.Currency != "" {
			m["threshold"] = money.Amount{Minor: *r.Threshold, Currency: r.Currency}.String()
		} else {
			m["threshold"] = money.FormatMinor(*r.Threshold, 2, false)
		}
		m["threshold_minor"] = *r.Threshold
	}
	if r.On != nil {
		m["on"] = *r.On
	}
	if r.QuietHours != nil {
		m["quiet_hours"] = *r.QuietHours
	}
	if r.Details != nil {
		m["details"] = *r.Details
	}
}

// ruleInfo names one rule for people and lists the words that name it.
type ruleInfo struct {
	rule string
	// name is how answers say it ("new merchant"); "turn off <name>
	// alerts" reads back as this rule.
	name    string
	phrases [][]string
}

var ruleInfos = []ruleInfo{
	{alerts.RuleLowBalance, "low balance", phrases("low balance", "lowbalance", "low balances", "low funds", "minimum balance",
		"balance drops", "low cash", "running low")},
	{alerts.RuleLarge, "large charge", phrases("large charge", "large transaction", "large purchase", "large payment",
		"large expense", "big charge", "big transaction", "big purchase", "big payment", "big expense", "large spending",
		"big spending", "large amount", "big amount", "expensive purchase", "large", "big")},
	{alerts.RuleNewMerchant, "new merchant", phrases("new merchant", "new store", "new shop", "new payee", "new vendor",
		"new place", "new business", "first time merchant", "unknown merchant", "first purchase")},
	{alerts.RuleDuplicate, "duplicate charge", phrases("duplicate charge", "duplicate transaction", "duplicate payment",
		"double charge", "double charging", "double billing", "double billed", "charged twice", "billed twice",
		"duplicate", "duplicated", "dupe", "dup")},
	{alerts.RulePriceIncrease, "price increase", phrases("price increase", "price hike", "price change", "price rise",
		"higher price", "price going up", "subscription price", "rate increase", "price")},
	{alerts.RuleTrial, "free trial", phrases("free trial", "trial conversion", "converted trial", "trial converted",
		"trial ending", "trial charge", "trial")},
	{alerts.RuleRefund, "refund", phrases("refund", "refunded", "return", "money back")},
	{alerts.RuleDeposit, "deposit", phrases("direct deposit", "deposit", "paycheck", "pay check", "payday", "salary",
		"payroll", "wage", "income", "money coming in", "incoming money")},
	{alerts.RuleCategory, "unusual spending", phrases("unusual spending", "spending spike", "category spike",
		"unusual category", "overspending", "spending alert", "spike", "unusual", "category")},
	{alerts.RuleForeign, "foreign transaction", phrases("foreign transaction", "foreign charge", "foreign purchase",
		"foreign currency", "foreign", "international", "abroad", "overseas")},
	{alerts.RuleProjected, "projected negative balance", phrases("projected negative balance", "projected negative",
		"projected balance", "going negative", "goes negative", "go negative", "negative balance", "overdraft", "overdrawn", "projected", "forecast",
		"upcoming bills")},
	{alerts.RulePending, "stale pending", phrases("stale pending", "pending too long", "stuck pending", "old pending",
		"stale transaction", "stuck transaction", "pending transaction", "pending", "stale")},
	{alerts.RuleSource, "sync error", phrases("source error", "sync error", "sync failure", "sync problem", "sync issue",
		"connection error", "connection problem", "bank connection", "bank error", "import error", "sync", "source")},
}

func ruleByName(rule string) ruleInfo {
	for _, r := range ruleInfos {
		if r.rule == rule {
			return r
		}
	}
	return ruleInfo{rule: rule, name: rule}
}

// allRules are the rules "all alerts" names: every rule package alerts has.
func allRules() []string { return alerts.Rules() }

// Tokens of a settings request: words, numbers (amounts and times, kept
// whole: "$1,000", "22:00", "10pm", "1.5k") and "-".

type stok struct {
	s    string
	num  bool
	used bool
}

var (
	setTokRe  = lazyRE(`-?[$€£]?\d[\d,]*(?:[.:]\d+)?(?:k|am|pm|h)?[$€£]?|[a-z0-9]+|-|\+`)
	setAmtRe  = lazyRE(`^(-)?([$€£])?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k)?([$€£])?$`)
	setTimeRe = lazyRE(`^(\d{1,2})(?::(\d{2}))?(am|pm|h)?$`)
	wordDash  = lazyRE(`([a-z])-([a-z])`)
)

func settingTokens(q string) []stok {
	q = fold(q)
	q = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "–", "-", "—", "-", "’", "", "'", "").Replace(q)
	q = wordDash.ReplaceAllString(q, "$1 $2")
	var out []stok
	for _, loc := range setTokRe.FindAllStringIndex(q, -1) {
		s := q[loc[0]:loc[1]]
		if s[0] == '-' && len(s) > 1 && loc[0] > 0 && q[loc[0]-1] != ' ' {
			// "22:00-07:00": a dash between two numbers, not a sign.
			out = append(out, stok{s: "-"})
			s = s[1:]
		}
		num := s[0] >= '0' && s[0] <= '9' || len(s) > 1 && strings.ContainsAny(s[:2], "$€£-") && strings.ContainsAny(s, "0123456789")
		out = append(out, stok{s: strings.TrimRight(s, ","), num: num})
	}
	return out
}

// setParser reads one settings request.
type setParser struct {
	raw   string
	ts    []stok
	lex   *Lexicon
	today time.Time
	req   AlertRequest
	out   Parsed
	// named says the leftover words named a merchant or a category.
	named bool
}

func (sp *setParser) word(i int) string {
	if i < 0 || i >= len(sp.ts) || sp.ts[i].num {
		return ""
	}
	return sp.ts[i].s
}

func (sp *setParser) free(i int) bool { return i >= 0 && i < len(sp.ts) && !sp.ts[i].used }

func (sp *setParser) use(i, j int) {
	for k := i; k < j && k < len(sp.ts); k++ {
		sp.ts[k].used = true
	}
}

// setWordMatch reports whether the typed word w stands for the keyword k: the
// same word, its plural, or a typo of it.
func setWordMatch(w, k string) bool {
	if w == k || w == k+"s" || w == k+"es" || k == w+"s" || strings.HasSuffix(k, "y") && w == k[:len(k)-1]+"ies" {
		return true
	}
	if len(w) < 4 || len(k) < 4 || setProtected[w] {
		return false
	}
	if _, ok := similar(w, k); ok {
		return true
	}
	_, ok := similar(w, k+"s")
	return ok
}

// setProtected are words of the grammar never read as a typo of another.
var setProtected = setOf(`below under over above less more than when alert alerts balance large charge charges
	price prices sink sinks sync stop store stores spend spending pending month months hours hour time quiet quite
	state start stale spike since turn term trial trail want went return returns reset rest deposit depot dips drops
	falls goes gets hits sinks`)

// phraseAt matches ph at i, word by word (plurals and typos allowed), over
// unused words only.
func (sp *setParser) phraseAt(i int, ph []string) (int, bool) {
	for k, w := range ph {
		j := i + k
		if !sp.free(j) || sp.ts[j].num || !setWordMatch(sp.ts[j].s, w) {
			return 0, false
		}
	}
	return i + len(ph), true
}

// exactAt matches ph at i exactly, over unused words.
func (sp *setParser) exactAt(i int, ph []string) (int, bool) {
	for k, w := range ph {
		j := i + k
		if !sp.free(j) || sp.ts[j].s != w {
			return 0, false
		}
	}
	return i + len(ph), true
}

// findExact returns the first exact match of any phrase.
func (sp *setParser) findExact(phs [][]string) (int, int, bool) {
	for i := range sp.ts {
		for _, ph := range phs {
			if end, ok := sp.exactAt(i, ph); ok {
				return i, end, true
			}
		}
	}
	return 0, 0, false
}

func (sp *setParser) hasAny(ws ...string) bool {
	for _, t := range sp.ts {
		for _, w := range ws {
			if t.s == w {
				return true
			}
		}
	}
	return false
}

func (sp *setParser) first() string {
	if len(sp.ts) == 0 {
		return ""
	}
	return sp.ts[0].s
}

// Words that say the request is about alerts or notifications.
var (
	cueWords = []string{"alert", "alerts", "alerting", "alerted", "notify", "notifying", "notified", "notification",
		"notifications", "notif", "notifs", "warn", "warning", "warnings", "ping", "pings"}
	cueFuzzy   = []string{"alert", "notification", "warning"}
	cuePhrases = phrases("tell me", "let me know", "text me", "message me", "telling me", "bug me", "bother me", "remind me")
	noteWords  = []string{"notification", "notifications", "notif", "notifs", "notify", "popup", "popups", "banner", "banners", "lock screen", "lockscreen"}
	quietPhr   = phrases("quiet hours", "quiet hour", "quiet time", "quiet times", "quiet period", "quiet mode",
		"do not disturb", "dont disturb", "dnd", "sleep hours", "sleep mode")
	nightWords  = []string{"night", "nights", "overnight", "nighttime", "sleep", "sleeping", "asleep", "evening", "evenings"}
	settingWord = []string{"settings", "setting", "preferences", "preference", "prefs", "config", "configuration",
		"configured", "setup", "options", "thresholds", "status"}
	questionFirst = setOf(`what whats which are is do does did how show list view display where were have has why when see`)
	strongOn      = phrases("turn on", "switch on", "enable", "activate", "reenable", "re enable", "resume", "unmute",
		"unpause", "restart", "bring back", "turn back on", "switch back on")
	weakOn = phrases("start", "want", "allow", "send me", "alert me about", "alert me of", "alert me to", "alert me before",
		"notify me about", "notify me of", "notify me before", "warn me about", "warn me of", "warn me before",
		"let me know about", "let me know of", "let me know before", "tell me before", "ping me about", "i want", "keep")
	offPhrs = phrases("turn off", "switch off", "shut off", "turn them off", "disable", "deactivate", "stop", "mute",
		"silence", "no more", "dont want", "dont need", "dont send", "dont alert", "dont notify", "dont warn",
		"dont tell", "dont ping", "do not want", "do not send", "do not alert", "do not notify", "pause", "kill",
		"get rid of", "remove", "off", "unsubscribe", "quit", "cancel", "never")
	belowOps = phrases("below", "under", "beneath", "less than", "lower than", "smaller than", "drops to", "falls to", "goes to", "gets to", "hits", "reaches", "<")
	aboveOps = phrases("over", "above", "more than", "greater than", "bigger than", "larger than", "higher than",
		"at least", "exceeding", "exceeds", "exceed", "upwards of", ">", "or more", "and up", "+")
	atOps       = phrases("at", "to", "of", "is", "=", "threshold", "limit", "level")
	chargeNouns = []string{"charge", "charges", "purchase", "purchases", "transaction", "transactions", "payment",
		"payments", "expense", "expenses", "txn", "txns", "spend", "anything", "something", "swipe", "swipes", "withdrawal", "withdrawals"}
	thresholdWords = []string{"threshold", "thresholds", "limit", "limits", "level", "minimum", "trigger", "amount"}
	setVerbs       = []string{"set", "change", "turn", "switch", "enable", "disable", "stop", "mute", "unmute",
		"silence", "configure", "adjust", "raise", "lower", "make", "update", "edit", "modify", "reset", "pause", "resume"}
	resetWords   = []string{"reset", "default", "defaults", "usual", "standard", "remove", "clear", "delete", "unset"}
	defaultPhrs  = phrases("default", "all accounts", "all my accounts", "all of my accounts", "every account", "any account", "each account", "all checking", "all savings")
	allAlertPhrs = phrases("all alerts", "all the alerts", "all my alerts", "all of my alerts", "all of the alerts",
		"every alert", "all notifications", "all my notifications", "all of my notifications", "all alert",
		"everything", "all warnings", "any alerts", "any notifications", "all")
)

// fillers are words a settings request wraps its names in; what is left
// after them names an account, or is a word Penny does not know.
var fillers = setOf(`me us my our the a an i im id ive please pls plz can could would will you if when whenever once
	is are was be been gets get getting goes go going drops drop dropped dropping falls fall falling dips dip dipping sinks
	sink runs run running balance balances bal of for on in at to with about from set change make update put want like
	it its any anything ever every time that this those these there now just also again too only know let tell telling
	warn warning warnings notify notified notifying ping send sending text message alert alerts alerting alerted notification
	notifications notif notifs threshold thresholds limit limits level amount money low and or but so then do dont does should new more please kindly hey hi penny ok okay yo turn switch enable
	disable stop mute unmute silence no off than less lower below under beneath over above greater bigger larger
	higher least exceeding exceeds exceed upwards smaller hits hit reaches reach trigger triggers which what account
	accounts goes gone rule rules them they their via anymore again back still instead`)

func newSetParser(raw string, today time.Time, lex *Lexicon) *setParser {
	return &setParser{raw: raw, ts: settingTokens(raw), lex: lex, today: today}
}

// alertSettings reads a request about the alert settings; ok is false when
// the question is something else.
func (p *parser) alertSettings() (Parsed, bool) {
	sp := newSetParser(p.raw, p.today, p.lex)
	if !sp.run() {
		return Parsed{}, false
	}
	sp.out.Intent = IntentAlertSettings
	req := sp.req
	sp.out.Slots.Alert = &req
	if req.Currency != "" {
		sp.out.Slots.Currency = req.Currency
	}
	return sp.out, true
}

func (sp *setParser) run() bool {
	if len(sp.ts) == 0 {
		return false
	}
	if sp.quiet() {
		return true
	}
	if sp.details() {
		return true
	}
	cue := sp.cue()
	rules := sp.rules()
	thresholdWord := sp.hasAny(thresholdWords...)
	question := questionFirst[sp.first()] && !(sp.first() == "do" && len(sp.ts) > 1 && sp.ts[1].s == "not") ||
		strings.HasSuffix(strings.TrimSpace(sp.raw), "?") && !sp.hasAny("turn", "set", "enable", "disable", "stop", "can", "could", "please")
	if !cue && len(rules) == 0 && !thresholdWord {
		return false
	}
	if sp.show(cue, rules, question) {
		return true
	}
	if sp.threshold(cue, rules, thresholdWord, question) {
		return true
	}
	if sp.reset(rules) {
		return true
	}
	if sp.toggle(cue, rules, question) {
		return true
	}
	if cue && !question && sp.hasAny(setVerbs...) {
		sp.ask(missWhat)
		return true
	}
	return false
}

func (sp *setParser) ask(what string) {
	sp.req.Action = setAsk
	sp.req.Missing = what
}

// cue reports whether the request talks about alerts or notifications.
func (sp *setParser) cue() bool {
	for _, t := range sp.ts {
		if t.num {
			continue
		}
		for _, w := range cueWords {
			if t.s == w {
				return true
			}
		}
		for _, w := range cueFuzzy {
			if setWordMatch(t.s, w) {
				return true
			}
		}
	}
	_, _, ok := sp.findExact(cuePhrases)
	return ok
}

// rules finds the rules the request names, longest phrase first, and uses
// their words.
func (sp *setParser) rules() []string {
	type cand struct {
		rule string
		ph   []string
	}
	var cands []cand
	for _, r := range ruleInfos {
		for _, ph := range r.phrases {
			cands = append(cands, cand{r.rule, ph})
		}
	}
	// Longest first across rules: "projected negative balance" before
	// "low balance", "large charge" before "large".
	for n := 4; n >= 1; n-- {
		for _, c := range cands {
			if len(c.ph) != n {
				continue
			}
			for i := range sp.ts {
				if end, ok := sp.phraseAt(i, c.ph); ok {
					if n == 1 && !sp.ruleWordOK(i, c.ph[0]) {
						continue
					}
					sp.use(i, end)
					sp.req.Rules = appendNew(sp.req.Rules, c.rule)
				}
			}
		}
	}
	return sp.req.Rules
}

// ruleWordOK keeps one-word rule names from reading too much outside a
// request about alerts: "large charges over 500" is a search and "pending"
// a filter, but "large charge alerts", "disable pending" or "turn on
// foreign and refund alerts" name rules.
func (sp *setParser) ruleWordOK(i int, w string) bool {
	switch w {
	case "large", "big", "unusual", "price", "sync", "source", "category", "pending", "stale", "projected", "foreign",
		"return", "trial", "spike", "dup", "dupe", "income", "salary", "wage", "payroll", "deposit", "forecast":
	default:
		return true
	}
	if sp.cue() || sp.hasAny("rule", "rules") || sp.hasStrongVerb() {
		return true
	}
	next := sp.word(i + 1)
	for _, c := range chargeNouns {
		if next == c {
			return true
		}
	}
	return false
}

func (sp *setParser) hasStrongVerb() bool {
	for _, phs := range [][][]string{strongOn, phrases("turn off", "switch off", "disable", "deactivate", "mute")} {
		for i := range sp.ts {
			for _, ph := range phs {
				if _, ok := sp.exactAt(i, ph); ok {
					return true
				}
			}
		}
	}
	return sp.hasAny("turn", "switch")
}

// Quiet hours: "quiet hours 22:00-07:00", "quiet hours from 10pm to 7am",
// "no notifications between 23:00 and 6:30", "turn off quiet hours".

// clock is a time of day read from a request.
type clock struct {
	min  int  // minutes since midnight
	bare bool // a bare hour from 1 to 12: morning or evening is not said
}

func clockText(m int) string {
	return strconv.Itoa(m/60/10) + strconv.Itoa(m/60%10) + ":" + strconv.Itoa(m%60/10) + strconv.Itoa(m%10)
}

// clockAt reads a time of day at i.
func (sp *setParser) clockAt(i int) (clock, int, bool) {
	if i < 0 || i >= len(sp.ts) {
		return clock{}, 0, false
	}
	t := sp.ts[i]
	switch t.s {
	case "noon", "midday":
		return clock{min: 12 * 60}, i + 1, true
	case "midnight":
		return clock{}, i + 1, true
	}
	m := setTimeRe.FindStringSubmatch(t.s)
	if m == nil {
		return clock{}, 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mins := 0
	if m[2] != "" {
		mins, _ = strconv.Atoi(m[2])
	}
	suffix := m[3]
	end := i + 1
	if suffix == "" {
		switch sp.word(end) {
		case "am", "pm":
			suffix, end = sp.word(end), end+1
		case "oclock":
			end++
		case "o":
			if sp.word(end+1) == "clock" {
				end += 2
			}
		}
	}
	if mins > 59 {
		return clock{}, 0, false
	}
	switch suffix {
	case "am", "pm":
		if h < 1 || h > 12 {
			return clock{}, 0, false
		}
		h %= 12
		if suffix == "pm" {
			h += 12
		}
		return clock{min: h*60 + mins}, end, true
	}
	if h > 23 {
		return clock{}, 0, false
	}
	return clock{min: h*60 + mins, bare: m[2] == "" && suffix == "" && h >= 1 && h <= 12}, end, true
}

var rangeSeps = setOf(`- to and till until til thru through`)

// clockRange finds "T1 - T2", "from T1 to T2", "between T1 and T2".
func (sp *setParser) clockRange() (from, to clock, found, partial bool) {
	for i := range sp.ts {
		a, j, ok := sp.clockAt(i)
		if !ok {
			continue
		}
		if j < len(sp.ts) && rangeSeps[sp.ts[j].s] {
			if b, _, ok := sp.clockAt(j + 1); ok {
				return a, b, true, false
			}
		}
		// One time and a word of time: "quiet hours from 10pm".
		if sp.ts[i].num && (strings.ContainsAny(sp.ts[i].s, ":apmh") || rangeSeps[sp.word(i-1)] || sp.word(i-1) == "from" || sp.word(i-1) == "after" || sp.word(i-1) == "at") {
			partial = true
		}
	}
	return clock{}, clock{}, false, partial
}

func (sp *setParser) quiet() bool {
	qi, qend, quietWords := sp.findQuietPhrase()
	cue := sp.cue()
	from, to, found, partial := sp.clockRange()
	off := false
	for i := range sp.ts {
		for _, ph := range offPhrs {
			if _, ok := sp.exactAt(i, ph); ok && (!quietWords || i < qi || i >= qend) {
				off = true
			}
		}
	}
	if sp.first() == "no" || sp.hasAny("dont", "hold", "holding", "silent", "quiet") {
		off = true
	}
	night := sp.hasAny(nightWords...)
	switch {
	case quietWords:
	case cue && found && off:
		// "no notifications between 23:00 and 6:30"
	case cue && off && night && !found && sp.noRuleWords():
		// "no notifications at night": when?
		sp.ask(missTimes)
		sp.req.Options = []string{"22:00-07:00", "23:00-07:00"}
		return true
	default:
		return false
	}
	if found {
		lit := clockText(from.min) + "-" + clockText(to.min)
		// The reading of an evening start: "from 10 to 7" is 22:00-07:00.
		eve := from.min
		if from.bare && from.min < 12*60 {
			eve += 12 * 60
		}
		if from.bare && from.min == 12*60 {
			eve = 0
		}
		nightText := clockText(eve) + "-" + clockText(to.min)
		if to.bare && to.min == 12*60 {
			// "till 12": noon or midnight.
			nightText = clockText(eve) + "-00:00"
		}
		if from.min == to.min {
			sp.ask(missTimes)
			sp.req.Options = []string{"22:00-07:00"}
			return true
		}
		if lit != nightText {
			sp.ask(missTimes)
			sp.req.Options = []string{nightText, lit}
			return true
		}
		if _, err := notify.ParseQuiet(lit); err != nil {
			sp.ask(missTimes)
			return true
		}
		sp.req.Action = setQuiet
		sp.req.QuietHours = &lit
		return true
	}
	if partial {
		sp.ask(missTimes)
		sp.req.Options = []string{"22:00-07:00", "23:00-07:00"}
		return true
	}
	// Quiet hours without times: off, a question, or "turn them on" (when?).
	quietOff := false
	for i := range sp.ts {
		if i >= qi && i < qend {
			continue
		}
		for _, ph := range offPhrs {
			if _, ok := sp.exactAt(i, ph); ok {
				quietOff = true
			}
		}
	}
	if sp.first() == "no" {
		quietOff = true
	}
	if quietOff {
		empty := ""
		sp.req.Action = setQuiet
		sp.req.QuietHours = &empty
		return true
	}
	on := false
	for i := range sp.ts {
		for _, ph := range append(append([][]string{}, strongOn...), phrases("set", "add", "want", "start", "change", "use")...) {
			if _, ok := sp.exactAt(i, ph); ok {
				on = true
			}
		}
	}
	if on {
		sp.ask(missTimes)
		sp.req.Options = []string{"22:00-07:00", "23:00-07:00"}
		return true
	}
	sp.req.Action = setShow
	return true
}

// findQuietPhrase finds "quiet hours" and its kin, "quite hours" too.
func (sp *setParser) findQuietPhrase() (int, int, bool) {
	for i := range sp.ts {
		for _, ph := range quietPhr {
			if end, ok := sp.exactAt(i, ph); ok {
				return i, end, true
			}
			if ph[0] == "quiet" && len(ph) == 2 {
				if (sp.word(i) == "quite" || sp.word(i) == "quit" || sp.word(i) == "queit") && setWordMatch(sp.word(i+1), ph[1]) {
					return i, i + 2, true
				}
			}
		}
	}
	return 0, 0, false
}

// noRuleWords reports whether no rule is named (without using words).
func (sp *setParser) noRuleWords() bool {
	for _, r := range ruleInfos {
		for _, ph := range r.phrases {
			if len(ph) > 1 {
				for i := range sp.ts {
					if _, ok := sp.phraseAt(i, ph); ok {
						return false
					}
				}
			}
		}
	}
	return true
}

// Notification privacy: "show details in notifications", "private
// notifications", "turn off private mode".

var (
	detailWords  = []string{"details", "detail", "detailed", "amounts", "amount", "merchants", "merchant", "full", "everything"}
	privateWords = []string{"private", "privacy", "discreet", "discrete", "hidden", "anonymous", "secret", "generic"}
	hideWords    = []string{"hide", "hiding", "conceal", "redact", "mask", "less"}
)

func (sp *setParser) details() bool {
	note := false
	for i := range sp.ts {
		for _, w := range noteWords {
			if sp.ts[i].s == w || !sp.ts[i].num && len(w) > 6 && setWordMatch(sp.ts[i].s, w) {
				note = true
			}
		}
	}
	if _, _, ok := sp.findExact(phrases("lock screen", "private mode", "privacy mode")); ok {
		note = true
	}
	private := sp.hasAny(privateWords...)
	if !note && !(private && sp.cue()) {
		return false
	}
	if !sp.noRuleWords() && !private {
		return false
	}
	neg := false
	for i := range sp.ts {
		for _, ph := range phrases("turn off", "switch off", "disable", "no", "not", "dont", "do not", "without", "stop", "off", "less", "never", "no longer") {
			if _, ok := sp.exactAt(i, ph); ok {
				neg = true
			}
		}
	}
	var details bool
	switch {
	case private:
		details = neg
	case sp.hasAny(detailWords...):
		details = !(neg || sp.hasAny(hideWords...))
	default:
		return false
	}
	if questionFirst[sp.first()] && sp.first() != "show" {
		sp.req.Action = setShow
		return true
	}
	sp.req.Action = setDetails
	sp.req.Details = &details
	return true
}

// Listing: "alert settings", "what alerts are on?", "is the low balance
// alert on?", "what's my large charge threshold".

func (sp *setParser) show(cue bool, rules []string, question bool) bool {
	if !cue && len(rules) == 0 {
		return false
	}
	if sp.hasAny(settingWord...) && (cue || len(rules) > 0) && !sp.hasAny(setVerbs...) {
		sp.req.Action = setShow
		return true
	}
	if !question {
		return false
	}
	if sp.first() == "how" {
		// "how do I turn off alerts?": here is what is set, and how.
		sp.req.Action = setShow
		return true
	}
	// "... on?", "... enabled": the state asked about, at the end.
	last := len(sp.ts) - 1
	for last >= 0 && (sp.ts[last].s == "now" || sp.ts[last].s == "currently" || sp.ts[last].s == "right" || sp.ts[last].s == "today") {
		last--
	}
	if last >= 0 {
		switch sp.ts[last].s {
		case "on", "off", "enabled", "disabled", "active", "inactive", "turned", "set", "running", "working", "configured", "muted":
			sp.req.Action = setShow
			return true
		}
	}
	if sp.hasAny(thresholdWords...) && !sp.hasAmount() {
		sp.req.Action = setShow
		return true
	}
	if sp.hasAny("which", "what", "whats") && sp.hasAny("enabled", "disabled", "active", "muted") && cue {
		sp.req.Action = setShow
		return true
	}
	return false
}

func (sp *setParser) hasAmount() bool {
	for _, t := range sp.ts {
		if t.num && setAmtRe.MatchString(t.s) {
			return true
		}
	}
	return false
}

// Amounts.

type setAmount struct {
	minor int64
	cur   string
	dir   string // "below", "above" or ""
}

// amount finds the threshold: the number after an operator ("below 500",
// "over $2,000", "at 250"), else the only number. ok is false when there
// is none; bad when a number is there but is not an amount.
func (sp *setParser) amount() (a setAmount, ok, bad bool) {
	idx := -1
	for i := range sp.ts {
		if !sp.free(i) || !sp.ts[i].num || strings.ContainsAny(sp.ts[i].s, ":") || strings.HasSuffix(sp.ts[i].s, "am") || strings.HasSuffix(sp.ts[i].s, "pm") {
			continue
		}
		dir, opStart := sp.opBefore(i)
		if dir != "" || opStart >= 0 {
			idx = i
			a.dir = dir
			if opStart >= 0 {
				sp.use(opStart, i)
			}
			break
		}
		if idx < 0 {
			idx = i
		}
	}
	if idx < 0 {
		return a, false, false
	}
	m := setAmtRe.FindStringSubmatch(sp.ts[idx].s)
	if m == nil {
		return a, false, true
	}
	v, err := money.ParseMinor(m[3], 2, money.ParseOptions{})
	if err != nil {
		return a, false, true
	}
	if m[4] == "k" {
		v *= 1000
	}
	if m[1] == "-" {
		v = -v
	}
	switch {
	case m[2] == "$" || m[5] == "$":
		a.cur = "USD"
	case m[2] == "€" || m[5] == "€":
		a.cur = "EUR"
	case m[2] == "£" || m[5] == "£":
		a.cur = "GBP"
	}
	sp.use(idx, idx+1)
	if a.dir == "" && (sp.word(idx+1) == "or" && (sp.word(idx+2) == "more" || sp.word(idx+2) == "above" || sp.word(idx+2) == "over")) {
		a.dir = "above"
	}
	if a.dir == "" && (sp.word(idx+1) == "or" && (sp.word(idx+2) == "less" || sp.word(idx+2) == "below" || sp.word(idx+2) == "under")) {
		a.dir = "below"
	}
	if a.dir == "" && idx+1 < len(sp.ts) && sp.ts[idx+1].s == "+" {
		a.dir = "above"
	}
	switch sp.word(idx + 1) {
	case "dollars", "dollar", "usd", "bucks":
		a.cur = "USD"
		sp.use(idx+1, idx+2)
	case "eur", "euros", "euro":
		a.cur = "EUR"
		sp.use(idx+1, idx+2)
	case "gbp", "pounds", "pound":
		a.cur = "GBP"
		sp.use(idx+1, idx+2)
	case "k", "grand":
		v *= 1000
		sp.use(idx+1, idx+2)
	}
	a.minor = v
	return a, true, false
}

// opBefore reads the operator ending just before the number at i.
func (sp *setParser) opBefore(i int) (string, int) {
	for _, g := range []struct {
		dir string
		phs [][]string
	}{{"below", belowOps}, {"above", aboveOps}, {"", atOps}} {
		for _, ph := range g.phs {
			start := i - len(ph)
			if start < 0 {
				continue
			}
			if _, ok := sp.exactAt(start, ph); ok {
				return g.dir, start
			}
		}
	}
	return "", -1
}

// Thresholds: "alert me when checking is below 500", "low balance alert for
// checking at 250", "alert me on charges over 2000", "large charge
// threshold 750".

func (sp *setParser) threshold(cue bool, rules []string, thresholdWord, question bool) bool {
	lowNamed := len(rules) == 1 && rules[0] == alerts.RuleLowBalance
	largeNamed := len(rules) == 1 && rules[0] == alerts.RuleLarge
	charge := sp.hasAny(chargeNouns...)
	balanceWord := sp.hasAny("balance", "balances", "bal")
	below := sp.hasAny("below", "under", "beneath", "less", "lower")
	verb := sp.hasAny(setVerbs...)
	onOff := sp.hasOnOff()
	reset := sp.hasAny(resetWords...)
	if !sp.hasAmount() {
		if question {
			return false
		}
		switch {
		case largeNamed && thresholdWord && sp.hasAny("off", "none", "disable", "remove", "no", "clear"):
			// "large charge threshold off": the amount test off.
			sp.req.Rules = rules
			sp.req.Action = setLarge
			sp.req.ThresholdOff = true
		case onOff || reset:
			return false
		case lowNamed && (thresholdWord || verb),
			cue && len(rules) == 0 && !charge && (below || sp.hasAny("low")) && sp.hasAny("when", "whenever", "if", "once"):
			// "set a low balance alert for checking": how low?
			sp.req.Rules = []string{alerts.RuleLowBalance}
			sp.accountInto()
			sp.ask(missAmount)
		case largeNamed && thresholdWord && verb:
			sp.req.Rules = rules
			sp.ask(missAmount)
		default:
			return false
		}
		return true
	}
	if !cue && !thresholdWord && !verb && !(lowNamed && !question) {
		return false
	}
	if question && !cue && !thresholdWord {
		return false
	}
	// "checking below 500 and savings below 100": one at a time.
	ops := 0
	for i := range sp.ts {
		if sp.ts[i].num && setAmtRe.MatchString(sp.ts[i].s) {
			if dir, start := sp.opBefore(i); dir != "" || start >= 0 {
				ops++
			}
		}
	}
	if ops > 1 {
		sp.ask(missOneAtATime)
		return true
	}
	a, ok, bad := sp.amount()
	if !ok && !bad {
		return false
	}
	switch {
	case lowNamed, len(rules) == 0 && !charge && (a.dir == "below" || balanceWord) && (cue || balanceWord):
		sp.req.Rules = []string{alerts.RuleLowBalance}
		if a.dir == "above" {
			// "alert me when checking is above 5000": no such rule.
			t := a.minor
			sp.req.Threshold = &t
			sp.accountInto()
			sp.ask(missDirection)
			return true
		}
		if !sp.wantThreshold(a, bad) {
			return true
		}
		if i, end, ok := sp.findExact(defaultPhrs); ok {
			sp.use(i, end)
			sp.req.Default = true
			sp.req.Action = setLowBalance
			if len(sp.leftover()) > 0 {
				sp.accountInto()
				sp.ask(missAccount)
			}
			return true
		}
		if sp.accountInto() {
			sp.req.Action = setLowBalance
		} else {
			sp.ask(missAccount)
		}
		return true
	case largeNamed && (cue || thresholdWord || verb), len(rules) == 0 && cue && charge:
		sp.req.Rules = []string{alerts.RuleLarge}
		if a.dir == "below" {
			sp.ask(missDirection)
			return true
		}
		if !sp.wantThreshold(a, bad) {
			return true
		}
		if len(sp.leftover()) > 0 {
			// The large-charge threshold is one for every account.
			if sp.accountInto() {
				sp.ask(missPerAccount)
			}
			return true
		}
		sp.req.Action = setLarge
		return true
	case cue && len(rules) == 0 && a.dir == "above":
		t := a.minor
		sp.req.Threshold = &t
		sp.req.Rules = []string{alerts.RuleLowBalance}
		sp.accountInto()
		sp.ask(missDirection)
		return true
	case cue && len(rules) > 0:
		// "deposit alerts over 500": only two rules take an amount here.
		sp.ask(missAmountRule)
		return true
	}
	return false
}

// wantThreshold records the amount a request set, which turns its rule on;
// an amount that could not be read (bad) asks for one instead. It reports
// whether the amount was taken.
func (sp *setParser) wantThreshold(a setAmount, bad bool) bool {
	if bad {
		sp.ask(missAmount)
		return false
	}
	t := a.minor
	sp.req.Threshold, sp.req.Currency = &t, a.cur
	on := true
	sp.req.On = &on
	return true
}

func (sp *setParser) hasOnOff() bool {
	on, off, _ := sp.onOff(false)
	return on || off
}

// leftover returns the unused words that are not fillers: an account name,
// or words Penny does not know.
func (sp *setParser) leftover() []string {
	var out []string
	for _, t := range sp.ts {
		if t.used || t.s == "-" || t.s == "+" {
			continue
		}
		if !t.num && (fillers[t.s] || stopwords[t.s] || slices.Contains(chargeNouns, t.s)) {
			continue
		}
		out = append(out, t.s)
	}
	return out
}

// accountInto reads the account the leftover words name into the slots
// and reports whether they named one. Words that name no account, or
// several, make the request an "ask"; no words at all change nothing.
func (sp *setParser) accountInto() bool {
	ws := sp.leftover()
	if len(ws) == 0 {
		return false
	}
	var text []string
	for _, t := range sp.ts {
		if !t.used && t.s != "-" && t.s != "+" && !slices.Contains(chargeNouns, t.s) && (!fillers[t.s] || t.s == "account" || t.s == "accounts") {
			text = append(text, t.s)
		}
	}
	// The names pass of the question parser, on these words alone.
	sub := &parser{raw: strings.Join(text, " "), today: sp.today, lex: sp.lex, compareAt: -1}
	sub.ts = tokenize(sub.raw)
	sub.findFlags()
	sub.findEntities()
	got := sub.out
	switch {
	case len(got.Ambiguous) > 0 && got.Ambiguous[0].Kind == kindAccount:
		sp.out.Ambiguous = got.Ambiguous[:1]
	case len(got.Slots.Accounts) > 0 && len(got.Unknown) == 0 && len(got.Ambiguous) == 0 &&
		len(got.Slots.Merchants) == 0 && len(got.Slots.Categories) == 0 && got.Slots.Text == "":
		sp.out.Slots.Accounts = got.Slots.Accounts
		sp.out.Corrected = append(sp.out.Corrected, got.Corrected...)
		return true
	case sub.cardWord && len(got.Slots.Accounts) == 0 && len(got.Unknown) == 0:
		var names []string
		for _, a := range sp.lex.accounts {
			if strings.EqualFold(a.Type, "credit") {
				names = append(names, a.Name)
			}
		}
		switch len(names) {
		case 0:
			sp.req.Words = ws
		case 1:
			sp.out.Slots.Accounts = names
			return true
		default:
			sp.out.Ambiguous = []Ambiguity{{Words: typeWords(text), Kind: kindAccount, Options: names}}
		}
	default:
		sp.req.Words = ws
		sp.named = len(got.Slots.Merchants) > 0 || len(got.Slots.Categories) > 0 || got.Slots.Text != ""
	}
	sp.ask(missAccount)
	return false
}

// typeWords are the words of an account type as the question wrote them.
func typeWords(ws []string) string {
	var out []string
	for _, w := range ws {
		switch w {
		case "credit", "card", "cards":
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return strings.Join(ws, " ")
	}
	return strings.Join(out, " ")
}

// reset: "reset low balance alert for checking", "use the default low
// balance threshold for savings".
func (sp *setParser) reset(rules []string) bool {
	if len(rules) != 1 || rules[0] != alerts.RuleLowBalance || !sp.hasAny(resetWords...) || sp.hasAmount() {
		return false
	}
	for i, t := range sp.ts {
		for _, w := range resetWords {
			if t.s == w {
				sp.use(i, i+1)
			}
		}
	}
	sp.req.Rules = rules
	if sp.accountInto() {
		sp.req.Action = setLowReset
	} else {
		sp.ask(missAccount)
	}
	return true
}

// onOff finds the state a request asks for. use marks the words.
func (sp *setParser) onOff(use bool) (on, off, mixed bool) {
	offAt, strongAt := -1, -1
	for i := range sp.ts {
		for _, ph := range offPhrs {
			if end, ok := sp.exactAt(i, ph); ok {
				if offAt < 0 {
					offAt = i
				}
				if use {
					sp.use(i, end)
				}
			}
		}
	}
	if sp.first() == "no" && len(sp.ts) > 1 {
		offAt = 0
		if use {
			sp.use(0, 1)
		}
	}
	for i := range sp.ts {
		for _, ph := range strongOn {
			if end, ok := sp.exactAt(i, ph); ok {
				strongAt = i
				if use {
					sp.use(i, end)
				}
			}
		}
	}
	weak := false
	for i := range sp.ts {
		for _, ph := range weakOn {
			if end, ok := sp.exactAt(i, ph); ok {
				weak = true
				if use {
					sp.use(i, end)
				}
			}
		}
	}
	// "on" at the end ("refund alerts on") or with "turn".
	for i := range sp.ts {
		if sp.ts[i].s == "on" && (i == len(sp.ts)-1 || sp.hasAny("turn", "switch", "put", "keep", "leave")) {
			weak = true
			if use && sp.free(i) {
				sp.use(i, i+1)
			}
		}
	}
	if sp.hasAny("turn", "switch") && !sp.hasAny("on", "off") {
		weak = false
	}
	switch {
	case offAt >= 0 && strongAt >= 0:
		return false, false, true
	case offAt >= 0:
		return false, true, false
	case strongAt >= 0 || weak:
		return true, false, false
	}
	return false, false, false
}

// Toggles: "stop new merchant alerts", "turn off duplicate charge alerts",
// "no more deposit alerts", "enable price increase alerts", "turn on alerts
// for large charges", "turn off low balance alerts for visa".
func (sp *setParser) toggle(cue bool, rules []string, question bool) bool {
	if question {
		return false
	}
	strong := sp.hasStrongVerb() || sp.hasAny("disable", "deactivate", "mute", "unmute")
	if !cue && !strong && !sp.hasAny("rule", "rules") {
		return false
	}
	on, off, mixed := sp.onOff(true)
	if !on && !off && !mixed {
		return false
	}
	if mixed {
		sp.ask(missOneAtATime)
		return true
	}
	state := on
	sp.req.On = &state
	if len(rules) == 0 {
		i, end, ok := sp.findExact(allAlertPhrs)
		if ok && (cue || sp.ts[i].s != "all") {
			sp.use(i, end)
			sp.req.All = true
			sp.req.Rules = allRules()
			sp.req.Action = setToggle
			if ws := sp.leftover(); len(ws) > 0 {
				sp.req.Words = ws
				sp.ask(missRule)
			}
			return true
		}
		if !cue {
			return false
		}
		sp.req.Words = sp.leftover()
		sp.ask(missRule)
		return true
	}
	sp.req.Action = setToggle
	if len(sp.leftover()) == 0 {
		return true
	}
	named := sp.accountInto()
	lowOnly := len(rules) == 1 && rules[0] == alerts.RuleLowBalance
	switch {
	case (named || sp.named) && !lowOnly:
		// Only the low-balance rule is set per account, and none per
		// merchant or category.
		sp.ask(missPerAccount)
	case !named && !lowOnly && len(sp.out.Ambiguous) == 0:
		sp.ask(missRule)
	}
	return true
}
