package demo

// The store package is imported as pstore: the generator has a type named
// store for the shops it invents.
import (
	"context"
	"fmt"

	pstore "penny/store"
)

// Load writes d into st in one transaction: the accounts (with their
// opening and bank-reported balances), every transaction, and the links
// between the two sides of each transfer. It returns the account ids by
// Account.Key.
func Load(ctx context.Context, st *pstore.Store, d *Data) (map[string]int64, error) {
	ids := make(map[string]int64, len(d.Accounts))
	err := st.WithTx(ctx, func(tx *pstore.Store) error {
		for _, a := range d.Accounts {
			acct, err := tx.CreateAccount(ctx, pstore.AccountParams{
				Source: "demo", ExternalID: a.Key, Name: a.Name, Type: a.Type,
				Currency: a.Currency, Institution: a.Institution, Opening: a.Opening,
			})
			if err != nil {
				return err
			}
			if err := tx.SetBankBalance(ctx, acct.ID, a.BankBalance, nil, a.BankBalanceDate); err != nil {
				return err
			}
			ids[a.Key] = acct.ID
		}
		rows := make([]pstore.NewTransaction, len(d.Transactions))
		for i, t := range d.Transactions {
			id, ok := ids[t.AccountKey]
			if !ok {
				return fmt.Errorf("demo: transaction %s names unknown account %q", t.ExternalID, t.AccountKey)
			}
			rows[i] = pstore.NewTransaction{
				AccountID: id, ExternalID: t.ExternalID, Posted: t.Posted, Transacted: t.Transacted,
				Amount: t.Amount, Currency: t.Currency, Payee: t.Payee, Memo: t.Memo,
				Category: t.Category, Pending: t.Pending,
			}
		}
		pstore.AssignOrdinals(rows)
		txIDs, err := tx.InsertTransactions(ctx, rows)
		if err != nil {
			return err
		}
		byExt := make(map[string]int64)
		for i, t := range d.Transactions {
			if t.TransferPeer != "" {
				byExt[t.ExternalID] = txIDs[i]
			}
		}
		for i, t := range d.Transactions {
			if t.TransferPeer == "" || t.ExternalID > t.TransferPeer {
				continue // link each pair once, from its lower id
			}
			peer, ok := byExt[t.TransferPeer]
			if !ok {
				continue
			}
			if err := tx.LinkTransfer(ctx, txIDs[i], peer); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demo: load: %w", err)
	}
	return ids, nil
}
