package jsonout

import (
	"time"

	"penny/category"
	"penny/store"
)

// The documents of the list commands, `penny import` and `penny export`.

// Balance is `penny balance --json` (and `penny demo --json`).
type Balance struct {
	Accounts []Account `json:"accounts"`
	// Totals has one entry per currency: currencies are never added
	// together.
	Totals []Total `json:"totals"`
}

// AccountHead is how every document that lists accounts starts each one:
// its id, name, type ("checking", "credit", ...) and currency.
type AccountHead struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Currency string `json:"currency"`
}

// AccountHeadOf is a's head.
func AccountHeadOf(a store.Account) AccountHead {
	return AccountHead{ID: a.ID, Name: a.Name, Type: a.Type, Currency: a.Currency}
}

// Account is one account of Balance.
type Account struct {
	AccountHead
	// Balance is computed from posted transactions (pending excluded).
	Balance      string `json:"balance"`
	BalanceMinor int64  `json:"balance_minor"`
	// Available includes pending transactions.
	Available      string `json:"available"`
	AvailableMinor int64  `json:"available_minor"`
	// AsOf is the bank-reported balance's date, else the newest
	// transaction's date, else null.
	AsOf        *string `json:"as_of"`
	Institution string  `json:"institution"`
}

// Total is one currency's total of Balance; Accounts counts the accounts
// in it.
type Total struct {
	Currency     string `json:"currency"`
	Balance      string `json:"balance"`
	BalanceMinor int64  `json:"balance_minor"`
	Accounts     int    `json:"accounts"`
}

// BalanceOf is the document of accounts and their per-currency totals.
func BalanceOf(accounts []store.Account, totals []store.Total) Balance {
	out := Balance{Accounts: []Account{}, Totals: []Total{}}
	for _, a := range accounts {
		av := a.Available()
		out.Accounts = append(out.Accounts, Account{
			AccountHead: AccountHeadOf(a),
			Balance:     a.Balance.String(), BalanceMinor: a.Balance.Minor,
			Available: av.String(), AvailableMinor: av.Minor,
			AsOf: AsOf(a), Institution: a.Institution,
		})
	}
	for _, t := range totals {
		out.Totals = append(out.Totals, Total{Currency: t.Currency, Balance: t.Balance.String(),
			BalanceMinor: t.Balance.Minor, Accounts: t.Accounts})
	}
	return out
}

// AsOf is the date a balance is good for: the bank's balance date, else the
// newest transaction's date; nil when there is neither.
func AsOf(a store.Account) *string {
	var d string
	switch {
	case !a.BankBalanceDate.IsZero():
		d = a.BankBalanceDate.Format(store.DateLayout)
	case !a.LastPosted.IsZero():
		d = a.LastPosted.Format(store.DateLayout)
	default:
		return nil
	}
	return &d
}

// TxList is `penny tx --json`: newest first.
type TxList struct {
	Transactions []Tx `json:"transactions"`
}

// TxCore is what a transaction row of `penny tx` and of `penny export`
// starts with. Negative amounts are money out.
type TxCore struct {
	ID          int64  `json:"id"`
	Account     string `json:"account"`
	AccountID   int64  `json:"account_id"`
	Posted      string `json:"posted"`
	Amount      string `json:"amount"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	Payee       string `json:"payee"`
	Memo        string `json:"memo"`
}

// Tx is one transaction of TxList.
type Tx struct {
	TxCore
	Category string `json:"category"`
	Pending  bool   `json:"pending"`
	// Transfer is true for a transaction matched with its opposite in
	// another of the user's accounts (not spending, not income).
	Transfer bool `json:"transfer"`
}

func txCoreOf(t store.Transaction) TxCore {
	return TxCore{ID: t.ID, Account: t.AccountName, AccountID: t.AccountID, Posted: t.Posted.Format(store.DateLayout),
		Amount: t.Amount.String(), AmountMinor: t.Amount.Minor, Currency: t.Amount.Currency, Payee: t.Payee, Memo: t.Memo}
}

// TxListOf is the document of txs.
func TxListOf(txs []store.Transaction) TxList {
	out := TxList{Transactions: make([]Tx, 0, len(txs))}
	for _, t := range txs {
		out.Transactions = append(out.Transactions, Tx{TxCore: txCoreOf(t), Category: t.Category, Pending: t.Pending,
			Transfer: t.TransferID != 0})
	}
	return out
}

// AlertList is `penny alerts --json`: newest first.
type AlertList struct {
	Alerts []Alert `json:"alerts"`
}

// AlertHead names an alert: its id, its rule (one of the alerts.Rule*
// names), its severity ("info", "warning" or "danger") and its title. It is
// the whole of an alert in `penny import --json`.
type AlertHead struct {
	ID       int64  `json:"id"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
}

// AlertHeadOf names a.
func AlertHeadOf(a store.Alert) AlertHead {
	return AlertHead{ID: a.ID, Rule: a.Rule, Severity: a.Severity, Title: a.Title}
}

// Alert is one alert of AlertList.
type Alert struct {
	AlertHead
	Body string `json:"body"`
	Why  string `json:"why"`
	// Account is null for an alert about no single account.
	Account *string `json:"account"`
	// Transactions are the ids of the transactions it is about ([] when
	// none).
	Transactions []int64 `json:"transactions"`
	Created      string  `json:"created"`
	Read         bool    `json:"read"`
}

// AlertListOf is the document of alerts; names maps account ids to names.
func AlertListOf(alerts []store.Alert, names map[int64]string) AlertList {
	out := AlertList{Alerts: make([]Alert, 0, len(alerts))}
	for _, a := range alerts {
		j := Alert{AlertHead: AlertHeadOf(a), Body: a.Body, Why: a.Why, Transactions: a.Transactions,
			Created: a.Created.Format(time.RFC3339), Read: a.Read}
		if j.Transactions == nil {
			j.Transactions = []int64{}
		}
		if n, ok := names[a.AccountID]; ok {
			j.Account = &n
		}
		out.Alerts = append(out.Alerts, j)
	}
	return out
}

// Import is `penny import --json`.
type Import struct {
	// DryRun is true with --dry-run: nothing was written.
	DryRun bool `json:"dry_run"`
	// Files has one entry per file, in the order given.
	Files []ImportFile `json:"files"`
	// Accounts has one entry per account the import touched.
	Accounts []ImportAccount `json:"accounts"`
	// Alerts are the alerts the import raised (with --dry-run: would
	// raise).
	Alerts []AlertHead `json:"alerts"`
}

// ImportFile is one file of Import: its detected (or --format) format,
// what it held, and notes on what the parser dropped and why.
type ImportFile struct {
	File         string   `json:"file"`
	Format       string   `json:"format"`
	Statements   int      `json:"statements"`
	Transactions int      `json:"transactions"`
	Notes        []string `json:"notes"`
}

// ImportAccount is one account of Import: New rows were added, Duplicates
// were already there, Tombstoned were deleted by the user before and stay
// deleted, PendingReplaced pending rows were replaced by their posted
// version, Transfers were matched between the user's accounts.
type ImportAccount struct {
	ID              int64  `json:"id"`
	Account         string `json:"account"`
	Currency        string `json:"currency"`
	Created         bool   `json:"created"`
	New             int    `json:"new"`
	Duplicates      int    `json:"duplicates"`
	Tombstoned      int    `json:"tombstoned"`
	PendingReplaced int    `json:"pending_replaced"`
	Transfers       int    `json:"transfers"`
	// BalanceCheck is null when the file gave no balance.
	BalanceCheck *BalanceCheck `json:"balance_check"`
}

// BalanceCheck compares the bank's balance with Penny's on a date. OK false
// means they differ (an alert says so); OpeningSet means the account's
// opening balance was set from the bank's figure (first import).
type BalanceCheck struct {
	Date          string `json:"date"`
	Bank          string `json:"bank"`
	BankMinor     int64  `json:"bank_minor"`
	Computed      string `json:"computed"`
	ComputedMinor int64  `json:"computed_minor"`
	OK            bool   `json:"ok"`
	OpeningSet    bool   `json:"opening_set"`
}

// Export is `penny export --format json`: the selected accounts, then
// their transactions (pending ones included, marked) in date order.
// package export writes it a row at a time, each row one line, so that a
// large vault is never held in memory; the shape is this one.
type Export struct {
	Accounts     []ExportAccount `json:"accounts"`
	Transactions []ExportTx      `json:"transactions"`
}

// ExportAccount is one account of Export. The bank's balance and its date
// are null when the bank never reported one.
type ExportAccount struct {
	AccountHead
	Institution      string  `json:"institution"`
	Opening          string  `json:"opening"`
	OpeningMinor     int64   `json:"opening_minor"`
	Balance          string  `json:"balance"`
	BalanceMinor     int64   `json:"balance_minor"`
	BankBalance      *string `json:"bank_balance"`
	BankBalanceMinor *int64  `json:"bank_balance_minor"`
	BankBalanceDate  *string `json:"bank_balance_date"`
}

// ExportAccountOf is a's row of Export.
func ExportAccountOf(a store.Account) ExportAccount {
	ja := ExportAccount{AccountHead: AccountHeadOf(a), Institution: a.Institution,
		Opening: a.Opening.String(), OpeningMinor: a.Opening.Minor, Balance: a.Balance.String(), BalanceMinor: a.Balance.Minor}
	if a.BankBalance != nil {
		s, m := a.BankBalance.String(), a.BankBalance.Minor
		ja.BankBalance, ja.BankBalanceMinor = &s, &m
	}
	if !a.BankBalanceDate.IsZero() {
		d := a.BankBalanceDate.Format(store.DateLayout)
		ja.BankBalanceDate = &d
	}
	return ja
}

// ExportTx is one transaction of Export: TransferID is the other side of a
// transfer between own accounts, null for anything else.
type ExportTx struct {
	TxCore
	Merchant       string `json:"merchant"`
	Category       string `json:"category"`
	CategoryParent string `json:"category_parent"`
	Pending        bool   `json:"pending"`
	Transfer       bool   `json:"transfer"`
	TransferID     *int64 `json:"transfer_id"`
}

// ExportTxOf is t's row of Export.
func ExportTxOf(t store.Transaction) ExportTx {
	jt := ExportTx{TxCore: txCoreOf(t), Merchant: t.Merchant, Category: t.Category,
		CategoryParent: category.Parent(t.Category), Pending: t.Pending, Transfer: t.TransferID != 0}
	if t.TransferID != 0 {
		id := t.TransferID
		jt.TransferID = &id
	}
	return jt
}
