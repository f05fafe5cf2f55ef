package jsonout

// The data of `penny ask --json` answers (Ask.Data), one type per kind of
// answer. Each type lists its fields in the order of their JSON names: the
// answers wrote these objects as maps, which encoding/json writes with
// sorted keys, and a document keeps its bytes when its type changes.
// A field is omitempty only where the answer leaves it out; a list it
// always writes is [] when empty unless the type says null.

// AskData is the data of an answer: one of the *Data types of this file,
// or Flow. Only this package's types implement it, so an answer cannot
// write a shape the contract does not list.
type AskData interface{ askData() }

// NoData is the data of an answer that has none to give ({}): a question
// about the future, a request to move money, a rename that found nothing
// to rename.
type NoData struct{}

// BalanceData is the data of a balance answer: the accounts asked about,
// and their total per currency. Totals is absent when there are no
// accounts.
type BalanceData struct {
	Accounts []AskAccount   `json:"accounts"`
	Totals   []BalanceTotal `json:"totals,omitempty"`
}

// BalanceTotal is one currency's total of a balance answer; Accounts counts
// the accounts in it.
type BalanceTotal struct {
	Accounts     int64  `json:"accounts"`
	Balance      string `json:"balance"`
	BalanceMinor int64  `json:"balance_minor"`
	Currency     string `json:"currency"`
}

// AverageData is the data of an average ("average monthly spending"): one
// Average per currency ([] when there was nothing to average), over the
// totals of the period.
type AverageData struct {
	Average []Average       `json:"average"`
	Period  *Period         `json:"period"`
	Totals  []CurrencyTotal `json:"totals"`
}

// CountData is the data of a count of money in ("how many times was I
// paid"): how many transactions, and their totals.
type CountData struct {
	Count  int64           `json:"count"`
	Period *Period         `json:"period"`
	Totals []CurrencyTotal `json:"totals"`
}

// TopData is the data of a top answer: the Limit largest merchants or
// categories (By) in each currency, largest first.
type TopData struct {
	By     string         `json:"by"`
	Limit  int            `json:"limit"`
	Period *Period        `json:"period"`
	Top    []BreakdownRow `json:"top"`
}

// LargestData is the data of a largest answer: the largest charges
// (Direction "out") or deposits ("in"), ranked within each currency.
type LargestData struct {
	Direction    string  `json:"direction"`
	Period       *Period `json:"period"`
	Transactions []AskTx `json:"transactions"`
}

// TxData is the data of a search: how many transactions matched, their
// totals per currency, and the newest of them.
type TxData struct {
	Count        int64           `json:"count"`
	Period       *Period         `json:"period"`
	Totals       []CurrencyTotal `json:"totals"`
	Transactions []AskTx         `json:"transactions"`
}

// LastData is the data of "when did I last": Count is 1 and Last the
// newest matching transaction (also the one row of Transactions), or Count
// 0, Last null and no Transactions.
type LastData struct {
	Count        int     `json:"count"`
	Last         *AskTx  `json:"last"`
	Period       *Period `json:"period"`
	Transactions []AskTx `json:"transactions,omitempty"`
}

// CashFlowData is the data of a cash flow answer: income (In) and spending
// (Out) of the period per currency, and per month and currency.
type CashFlowData struct {
	In     []CurrencyTotal `json:"in"`
	Months []MonthFlow     `json:"months"`
	Out    []CurrencyTotal `json:"out"`
	Period *Period         `json:"period"`
}

// DuplicatesData is the data of a duplicates answer.
type DuplicatesData struct {
	Duplicates []Duplicate `json:"duplicates"`
	Period     *Period     `json:"period"`
}

// RecurringData is the data of a subscriptions answer: the monthly charges
// found, and what the running ones cost a month per currency.
type RecurringData struct {
	Monthly   []CurrencyTotal `json:"monthly"`
	Period    *Period         `json:"period"`
	Recurring []Recurring     `json:"recurring"`
}

// AlertsData is the data of an alerts answer, newest first.
type AlertsData struct {
	Alerts []ChatAlert `json:"alerts"`
}

// SourcesData is the data of a sync answer: the live sources set up.
type SourcesData struct {
	Sources []Source `json:"sources"`
}

// HelpData is the data of a help answer: questions to try.
type HelpData struct {
	Examples []string `json:"examples"`
}

// AskBackData is the data of an answer that asks which reading was meant
// (Ask names what: "average"); Options are the readings.
type AskBackData struct {
	Ask     string   `json:"ask"`
	Options []string `json:"options"`
}

// AmbiguousData is the data of an answer that asks which name was meant.
type AmbiguousData struct {
	Ambiguous Ambiguity `json:"ambiguous"`
}

// Ambiguity is words of a question that fit several names of one Kind
// ("account", "category" or "merchant").
type Ambiguity struct {
	Kind    string   `json:"kind"`
	Options []string `json:"options"`
	Words   string   `json:"words"`
}

// NotFoundData is the data of an answer declined because words named
// nothing Penny knows, with the closest names.
type NotFoundData struct {
	DidYouMean []string `json:"did_you_mean"`
	Unknown    []string `json:"unknown"`
}

// UnknownData is the data of a question not understood: the words Penny
// did not know ([] when there were none).
type UnknownData struct {
	Unknown []string `json:"unknown"`
}

// CategorizeData is the data of "categorize X as Y": the rules added, how
// many transactions moved and from which categories ("" for
// uncategorized), and whether Y is a new category.
type CategorizeData struct {
	NewCategory bool             `json:"new_category"`
	Previous    map[string]int64 `json:"previous"`
	Rules       []CategoryRule   `json:"rules"`
	Updated     int64            `json:"updated"`
}

// CategoryRule is a rule a categorize answer added: payees matching
// Pattern go to Category.
type CategoryRule struct {
	Category string `json:"category"`
	ID       int64  `json:"id"`
	Pattern  string `json:"pattern"`
}

// RenameData is the data of a rename answer: the merchant's key before and
// after, its new name, and how many transactions carry it.
type RenameData struct {
	MerchantKey string `json:"merchant_key"`
	NewKey      string `json:"new_key"`
	NewName     string `json:"new_name"`
	Updated     int64  `json:"updated"`
}

// AlertSettingsData is the data of every alert settings answer: what it
// changed ([] when nothing), the settings after it, and, when Penny asks
// back instead of changing anything, what the request lacked (Missing:
// "rule", "account", "amount", "times", ...).
type AlertSettingsData struct {
	Changed  []SettingChange `json:"changed"`
	Missing  string          `json:"missing,omitempty"`
	Settings AlertSettings   `json:"settings"`
}

// AlertSettings is every alert rule's state, with quiet hours ("" when
// off) and whether notifications show details.
type AlertSettings struct {
	Details    bool        `json:"details"`
	QuietHours string      `json:"quiet_hours"`
	Rules      []RuleState `json:"rules"`
}

func (NoData) askData()            {}
func (BalanceData) askData()       {}
func (Flow) askData()              {}
func (AverageData) askData()       {}
func (CountData) askData()         {}
func (TopData) askData()           {}
func (LargestData) askData()       {}
func (TxData) askData()            {}
func (LastData) askData()          {}
func (CashFlowData) askData()      {}
func (DuplicatesData) askData()    {}
func (RecurringData) askData()     {}
func (AlertsData) askData()        {}
func (SourcesData) askData()       {}
func (HelpData) askData()          {}
func (AskBackData) askData()       {}
func (AmbiguousData) askData()     {}
func (NotFoundData) askData()      {}
func (UnknownData) askData()       {}
func (CategorizeData) askData()    {}
func (RenameData) askData()        {}
func (AlertSettingsData) askData() {}
