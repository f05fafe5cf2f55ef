package jsonout

import (
	"time"

	"penny/store"
)

// The documents of `penny account` and of the corrections a person makes:
// `penny tx delete`, `penny account rename|currency` and `penny undo`.

// AccountList is `penny account list --json`: every account, in the order
// `penny balance` lists them.
type AccountList struct {
	Accounts []ListedAccount `json:"accounts"`
}

// ListedAccount is one account of AccountList: Transactions counts its
// rows, pending ones included.
type ListedAccount struct {
	AccountHead
	Institution  string `json:"institution"`
	Transactions int64  `json:"transactions"`
}

// ListedAccountOf is a's row of AccountList.
func ListedAccountOf(a store.Account) ListedAccount {
	return ListedAccount{AccountHead: AccountHeadOf(a), Institution: a.Institution, Transactions: a.TxCount}
}

// AccountListOf is the document of accounts.
func AccountListOf(accounts []store.Account) AccountList {
	out := AccountList{Accounts: make([]ListedAccount, 0, len(accounts))}
	for _, a := range accounts {
		out.Accounts = append(out.Accounts, ListedAccountOf(a))
	}
	return out
}

// AccountChange is `penny account rename --json` and `penny account
// currency --json`: the account as it is now, and what changed from and to
// (names for a rename, currency codes for a currency). Changed is false
// when the account was so already and nothing was written.
type AccountChange struct {
	Account ListedAccount `json:"account"`
	Change  string        `json:"change"`
	From    string        `json:"from"`
	To      string        `json:"to"`
	Changed bool          `json:"changed"`
}

// Deleted is `penny tx delete --json`: the transactions deleted, as they
// were, in the order given.
type Deleted struct {
	Deleted []Tx `json:"deleted"`
}

// Undo is `penny undo --json`: the change taken back, or with --dry-run
// the one that would be (null when there is none; without --dry-run that
// is an error, exit 1, and no document).
type Undo struct {
	DryRun bool    `json:"dry_run"`
	Change *Change `json:"change"`
}

// Change is a correction: its kind ("delete", "rename" or "currency"), in
// words, when it was made, and its account. From and To are the names of
// a rename or the codes of a currency change ("" for a delete);
// Transactions are the ids a delete took ([] for the others).
type Change struct {
	Kind         string  `json:"kind"`
	What         string  `json:"what"`
	At           string  `json:"at"`
	AccountID    int64   `json:"account_id"`
	From         string  `json:"from"`
	To           string  `json:"to"`
	Transactions []int64 `json:"transactions"`
}

// ChangeOf is c's document.
func ChangeOf(c store.Change) *Change {
	return &Change{Kind: c.Kind, What: c.What, At: c.At.UTC().Format(time.RFC3339), AccountID: c.AccountID,
		From: c.From, To: c.To, Transactions: c.DeletedIDs()}
}
