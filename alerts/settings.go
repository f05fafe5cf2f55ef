package alerts

import (
	"penny/category"

	"context"
	"encoding/json"
	"errors"
	"fmt"

	"penny/money"
	"penny/store"
)

// SettingsKey is the store setting that holds the rules' settings as JSON.
const SettingsKey = "alerts"

// Settings switch each rule on or off and hold its thresholds. Amounts are
// decimal strings in major units ("100.00"), read in each account's own
// currency when a rule runs: a float would not be exact, and minor units would
// mean a different sum for USD and JPY. Ratios are integer percentages for the
// same reason.
//
// Stored settings are read over Defaults, so a field missing from the JSON
// (a rule added by a newer Penny) keeps its default instead of turning off.
type Settings struct {
	// LookbackDays bounds what is news: a transaction posted more than this
	// many days before the evaluation informs the rules (history, baselines)
	// but raises nothing itself. It keeps the import of an old statement
	// from flooding the Alerts conversation with last year's events.
	LookbackDays int `json:"lookback_days"`

	LowBalance    LowBalance    `json:"low_balance"`
	Large         Large         `json:"large_transaction"`
	NewMerchant   Toggle        `json:"new_merchant"`
	Duplicate     Duplicate     `json:"duplicate_charge"`
	PriceIncrease PriceIncrease `json:"price_increase"`
	Trial         Trial         `json:"trial_converted"`
	Refund        Toggle        `json:"refund"`
	Deposit       Deposit       `json:"deposit"`
	Category      Category      `json:"category_spike"`
	Foreign       Foreign       `json:"foreign_transaction"`
	Projected     Projected     `json:"projected_negative"`
	Pending       Pending       `json:"pending_stale"`
	Source        Toggle        `json:"source_error"`
}

// Toggle is a rule with nothing to set but on or off.
type Toggle struct {
	On bool `json:"on"`
}

// LowBalance warns when an account's available balance (posted plus
// pending) falls below a threshold.
type LowBalance struct {
	On bool `json:"on"`
	// Threshold applies to checking and savings accounts that have no
	// threshold of their own.
	Threshold string `json:"threshold"`
	// Accounts sets a threshold per account id. "off" (or "") silences the
	// rule for that account. Credit and brokerage accounts, whose balance
	// means something else, are watched only when listed here.
	Accounts map[int64]string `json:"accounts,omitempty"`
}

// Large flags a charge that is big in absolute terms or for its account.
type Large struct {
	On bool `json:"on"`
	// Absolute flags any charge of at least this much; "" turns the
	// absolute test off.
	Absolute string `json:"absolute"`
	// Multiple and Percentile make the relative test: a charge above
	// Multiple × the Percentile of the account's charges over the past year.
	// Multiple 0 turns the relative test off.
	Multiple   int `json:"multiple"`
	Percentile int `json:"percentile"`
	// MinHistory is how many charges in the past year an account needs
	// before its percentile means anything.
	MinHistory int `json:"min_history"`
	// MinAmount keeps the relative test quiet for small sums: on an account
	// used only for coffee, a 30.00 lunch is "3× the usual" and still not
	// worth a message.
	MinAmount string `json:"min_amount"`
}

// Duplicate flags the same charge twice: same account, merchant and amount,
// the same or the next day.
type Duplicate struct {
	On bool `json:"on"`
	// WithinMinutes: when the bank gives the time of both swipes, they are
	// a duplicate only this close together; two coffees at 8:00 and 15:00
	// are two coffees.
	WithinMinutes int `json:"within_minutes"`
}

// PriceIncrease flags a monthly charge that went up.
type PriceIncrease struct {
	On bool `json:"on"`
	// MinMonths is how many consecutive monthly charges at the old price
	// make a merchant "recurring".
	MinMonths int `json:"min_months"`
	// MinPercent is the smallest rise worth a message.
	MinPercent int `json:"min_percent"`
}

// Trial flags a first real charge after a free trial's authorization.
type Trial struct {
	On bool `json:"on"`
	// MaxAuth is the largest amount that counts as an authorization
	// rather than a charge (the usual $0 or $1 card check).
	MaxAuth string `json:"max_auth"`
	// Days is how long after the authorization the first charge may come.
	Days int `json:"days"`
}

// Deposit announces money coming in: paychecks and other deposits.
type Deposit struct {
	On bool `json:"on"`
	// Min keeps interest of a few cents from becoming a message.
	Min string `json:"min"`
}

// Category compares this month's spending in a category, so far, with the
// median of the same part of previous months.
type Category struct {
	On bool `json:"on"`
	// Percent: fire when this month so far is above Percent% of the median.
	Percent int `json:"percent"`
	// MinExcess: and above it by at least this much, so that 12.00
	// instead of 5.00 on books is not "unusual".
	MinExcess string `json:"min_excess"`
	// Months of history the median is taken over, and how many of them must
	// have spending in the category for a baseline to exist.
	Months    int `json:"months"`
	MinMonths int `json:"min_months"`
	// Ignore lists categories never compared (any case): rent and transfers
	// are not "spending more".
	Ignore []string `json:"ignore"`
}

// Foreign flags a charge in another currency than its account's, or whose
// description says it crossed a border.
type Foreign struct {
	On bool `json:"on"`
	// Hints are words (any case) in a payee or memo that mark a foreign
	// transaction.
	Hints []string `json:"hints"`
}

// Projected warns when recurring bills due soon would take an account below
// zero before the next recurring income.
type Projected struct {
	On   bool `json:"on"`
	Days int  `json:"days"`
}

// Pending flags a pending transaction that has not posted after Days days.
type Pending struct {
	On   bool `json:"on"`
	Days int  `json:"days"`
}

// Defaults returns the settings used when none are stored: every rule on,
// thresholds a household would pick.
func Defaults() Settings {
	return Settings{
		LookbackDays:  45,
		LowBalance:    LowBalance{On: true, Threshold: "100.00"},
		Large:         Large{On: true, Absolute: "1000.00", Multiple: 3, Percentile: 95, MinHistory: 20, MinAmount: "100.00"},
		NewMerchant:   Toggle{On: true},
		Duplicate:     Duplicate{On: true, WithinMinutes: 30},
		PriceIncrease: PriceIncrease{On: true, MinMonths: 2, MinPercent: 1},
		Trial:         Trial{On: true, MaxAuth: "1.00", Days: 45},
		Refund:        Toggle{On: true},
		Deposit:       Deposit{On: true, Min: "100.00"},
		Category: Category{On: true, Percent: 200, MinExcess: "100.00", Months: 6, MinMonths: 3,
			Ignore: append([]string{category.Rent, "Mortgage"}, append(category.IncomeNames(), category.ExcludedNames()...)...)},
		Foreign: Foreign{On: true, Hints: []string{"FOREIGN TRANSACTION", "FOREIGN TRANS FEE", "FOREIGN CURRENCY",
			"INTL TRANSACTION", "INTERNATIONAL TRANSACTION", "CURRENCY CONVERSION", "CROSS-BORDER", "CROSS BORDER",
			"FX FEE", "EXCHANGE RATE"}},
		Projected: Projected{On: true, Days: 7},
		Pending:   Pending{On: true, Days: 5},
		Source:    Toggle{On: true},
	}
}

// LoadSettings reads the settings stored under SettingsKey over Defaults.
func LoadSettings(ctx context.Context, st *store.Store) (Settings, error) {
	s := Defaults()
	raw, err := st.Setting(ctx, SettingsKey)
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("alerts: settings: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return Defaults(), fmt.Errorf("alerts: settings: %w", err)
	}
	if err := s.Validate(); err != nil {
		return Defaults(), err
	}
	return s, nil
}

// SaveSettings checks s and stores it under SettingsKey.
func SaveSettings(ctx context.Context, st *store.Store, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("alerts: settings: %w", err)
	}
	return st.SetSetting(ctx, SettingsKey, string(raw))
}

// Validate reports the first setting that cannot work: an amount that is not
// a decimal number, or a count out of range. Amounts are checked with two
// decimals, the exponent of nearly every currency a household holds.
func (s Settings) Validate() error {
	amounts := map[string]string{
		"low_balance.threshold":        s.LowBalance.Threshold,
		"large_transaction.absolute":   s.Large.Absolute,
		"large_transaction.min_amount": s.Large.MinAmount,
		"trial_converted.max_auth":     s.Trial.MaxAuth,
		"deposit.min":                  s.Deposit.Min,
		"category_spike.min_excess":    s.Category.MinExcess,
	}
	for id, v := range s.LowBalance.Accounts {
		amounts[fmt.Sprintf("low_balance.accounts.%d", id)] = v
	}
	for name, v := range amounts {
		if Off(v) {
			continue
		}
		if _, err := money.ParseMinor(v, 2, money.ParseOptions{}); err != nil {
			return fmt.Errorf("alerts: setting %s: %w", name, err)
		}
	}
	counts := []struct {
		name   string
		v, min int
		max    int
	}{
		{"lookback_days", s.LookbackDays, 1, 366},
		{"large_transaction.multiple", s.Large.Multiple, 0, 1000},
		{"large_transaction.percentile", s.Large.Percentile, 1, 100},
		{"large_transaction.min_history", s.Large.MinHistory, 1, 1 << 20},
		{"duplicate_charge.within_minutes", s.Duplicate.WithinMinutes, 0, 24 * 60},
		{"price_increase.min_months", s.PriceIncrease.MinMonths, 1, 24},
		{"price_increase.min_percent", s.PriceIncrease.MinPercent, 0, 1000},
		{"trial_converted.days", s.Trial.Days, 1, 366},
		{"category_spike.percent", s.Category.Percent, 100, 10000},
		{"category_spike.months", s.Category.Months, 1, 24},
		{"category_spike.min_months", s.Category.MinMonths, 1, s.Category.Months},
		{"projected_negative.days", s.Projected.Days, 1, 60},
		{"pending_stale.days", s.Pending.Days, 1, 366},
	}
	for _, c := range counts {
		if c.v < c.min || c.v > c.max {
			return fmt.Errorf("alerts: setting %s is %d, want %d to %d", c.name, c.v, c.min, c.max)
		}
	}
	return nil
}
