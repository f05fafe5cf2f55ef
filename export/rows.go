package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"penny/category"
	"penny/internal/jsonout"
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

// writeJSON writes jsonout.Export ({"accounts": [...], "transactions":
// [...]}), one transaction per line, without holding the list in memory.
func writeJSON(ctx context.Context, w *bufio.Writer, st *store.Store, opt Options) error {
	_, selected, err := selectedAccounts(ctx, st, opt)
	if err != nil {
		return err
	}
	accounts := make([]jsonout.ExportAccount, 0, len(selected))
	for _, a := range selected {
		accounts = append(accounts, jsonout.ExportAccountOf(a))
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
		b, err := json.Marshal(jsonout.ExportTxOf(t))
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
