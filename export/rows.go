package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"penny/category"
	"penny/store"
)

// CSV and JSON are lists of rows, pending ones included (marked), with the
// field names of `penny tx --json`.

// csvHeader names the CSV columns.
var csvHeader = []string{"id", "date", "account", "amount", "currency", "payee", "memo",
	"category", "category_parent", "pending", "transfer_id", "merchant"}

func writeCSV(ctx context.Context, w *bufio.Writer, st *store.Store, opt Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := eachRow(ctx, st, opt, nil, func(t store.Transaction) error {
		transfer := ""
		if t.TransferID != 0 {
			transfer = strconv.FormatInt(t.TransferID, 10)
		}
		return cw.Write([]string{
			strconv.FormatInt(t.ID, 10), t.Posted.Format(dateLayout), csvText(t.AccountName),
			t.Amount.String(), t.Amount.Currency, csvText(t.Payee), csvText(t.Memo),
			csvText(t.Category), category.Parent(t.Category), strconv.FormatBool(t.Pending), transfer,
			csvText(t.Merchant),
		})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

type jsonAccount struct {
	ID               int64   `json:"id"`
	Name             string  `json:"name"`
	Type             string  `json:"type"`
	Currency         string  `json:"currency"`
	Institution      string  `json:"institution"`
	Opening          string  `json:"opening"`
	OpeningMinor     int64   `json:"opening_minor"`
	Balance          string  `json:"balance"`
	BalanceMinor     int64   `json:"balance_minor"`
	BankBalance      *string `json:"bank_balance"`
	BankBalanceMinor *int64  `json:"bank_balance_minor"`
	BankBalanceDate  *string `json:"bank_balance_date"`
}

type jsonTx struct {
	ID             int64  `json:"id"`
	Account        string `json:"account"`
	AccountID      int64  `json:"account_id"`
	Posted         string `json:"posted"`
	Amount         string `json:"amount"`
	AmountMinor    int64  `json:"amount_minor"`
	Currency       string `json:"currency"`
	Payee          string `json:"payee"`
	Memo           string `json:"memo"`
	Merchant       string `json:"merchant"`
	Category       string `json:"category"`
	CategoryParent string `json:"category_parent"`
	Pending        bool   `json:"pending"`
	Transfer       bool   `json:"transfer"`
	TransferID     *int64 `json:"transfer_id"`
}

// writeJSON writes {"accounts": [...], "transactions": [...]}, one
// transaction per line, without holding the list in memory.
func writeJSON(ctx context.Context, w *bufio.Writer, st *store.Store, opt Options) error {
	_, selected, err := selectedAccounts(ctx, st, opt)
	if err != nil {
		return err
	}
	accounts := make([]jsonAccount, 0, len(selected))
	for _, a := range selected {
		ja := jsonAccount{ID: a.ID, Name: a.Name, Type: a.Type, Currency: a.Currency, Institution: a.Institution,
			Opening: a.Opening.String(), OpeningMinor: a.Opening.Minor, Balance: a.Balance.String(), BalanceMinor: a.Balance.Minor}
		if a.BankBalance != nil {
			s, m := a.BankBalance.String(), a.BankBalance.Minor
			ja.BankBalance, ja.BankBalanceMinor = &s, &m
		}
		if !a.BankBalanceDate.IsZero() {
			d := a.BankBalanceDate.Format(dateLayout)
			ja.BankBalanceDate = &d
		}
		accounts = append(accounts, ja)
	}
	b, err := json.Marshal(accounts)
	if err != nil {
		return err
	}
	w.WriteString("{\"accounts\": ")
	w.Write(b)
	w.WriteString(",\n\"transactions\": [")
	first := true
	err = eachRow(ctx, st, opt, nil, func(t store.Transaction) error {
		jt := jsonTx{ID: t.ID, Account: t.AccountName, AccountID: t.AccountID, Posted: t.Posted.Format(dateLayout),
			Amount: t.Amount.String(), AmountMinor: t.Amount.Minor, Currency: t.Amount.Currency,
			Payee: t.Payee, Memo: t.Memo, Merchant: t.Merchant, Category: t.Category,
			CategoryParent: category.Parent(t.Category), Pending: t.Pending, Transfer: t.TransferID != 0}
		if t.TransferID != 0 {
			id := t.TransferID
			jt.TransferID = &id
		}
		b, err := json.Marshal(jt)
		if err != nil {
			return err
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		w.WriteString("\n")
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("\n]}\n")
	return err
}
