// Package corrections is what a person does by hand to fix what an import
// got wrong, worded for people, as both the command line (`penny tx
// delete`, `penny undo`) and the chat (/delete, /undo) offer it: the same
// calls of the store, the same refusals, the same words. The store does
// each change in one write and keeps it as the last change, which Undo
// takes back.
package corrections

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"penny/sanitize"
	"penny/store"
)

// Error is a correction refused, in words for people, with what to do
// next where there is something (Hint; the command line prints it, the
// chat has its own). It wraps the store's error, so errors.Is still tells
// store.ErrNotFound or store.ErrNothingToUndo.
type Error struct {
	Msg  string
	hint string
	err  error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.err }

// Hint says what to do next on the command line ("" for nothing).
func (e *Error) Hint() string { return e.hint }

// ParseIDs reads transaction ids as a person types them ("1234" or
// "#1234"), in order, each once. A word that is no id is an error naming it.
func ParseIDs(words []string) ([]int64, error) {
	ids := make([]int64, 0, len(words))
	seen := map[int64]bool{}
	for _, w := range words {
		id, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("%q is not a transaction id", sanitize.Line(w))
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// Find returns the transactions with ids, to show before deleting them; an
// id with no transaction is an *Error.
func Find(ctx context.Context, st *store.Store, ids []int64) ([]store.Transaction, error) {
	out := make([]store.Transaction, 0, len(ids))
	for _, id := range ids {
		t, err := st.Transaction(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, notFound(id, err)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func notFound(id int64, err error) *Error {
	return &Error{Msg: fmt.Sprintf("no transaction has the id %d; nothing was deleted", id), err: err,
		hint: "penny tx lists the transactions with their ids."}
}

// Delete deletes the transactions with ids, all or none, each leaving a
// tombstone so that no later import brings it back, and returns them as
// they were. Undo puts them back.
func Delete(ctx context.Context, st *store.Store, ids []int64) ([]store.Transaction, error) {
	gone, err := st.DeleteTransactions(ctx, ids)
	if errors.Is(err, store.ErrNotFound) {
		id := int64(0)
		for _, x := range ids {
			if _, terr := st.Transaction(ctx, x); errors.Is(terr, store.ErrNotFound) {
				id = x
				break
			}
		}
		return nil, notFound(id, err)
	}
	return gone, err
}

// Last is the change Undo would take back; ok is false when there is none.
func Last(ctx context.Context, st *store.Store) (store.Change, bool, error) {
	return st.LastChange(ctx)
}

// Undo takes back the last change (a delete, an account's rename or
// currency change) exactly and forgets it. It refuses, changing nothing,
// when there is none, or when what the change did no longer holds (the
// account was renamed again, a row like a deleted one is back).
func Undo(ctx context.Context, st *store.Store) (store.Change, error) {
	ch, err := st.Undo(ctx)
	switch {
	case errors.Is(err, store.ErrNothingToUndo):
		return ch, &Error{Msg: "nothing to undo", err: err,
			hint: "penny undo takes back the last 'penny account rename', 'penny account currency' or 'penny tx delete'."}
	case err != nil:
		return ch, &Error{Msg: "cannot undo: " + withoutPrefixes(err), err: err}
	}
	return ch, nil
}

// withoutPrefixes is a store error without the names of the packages it
// came through.
func withoutPrefixes(err error) string {
	msg := strings.TrimPrefix(err.Error(), "store: undo: ")
	return strings.TrimPrefix(msg, "store: ")
}

// Describe is a transaction in a few words for a question or a note:
// "−6.15 USD at BLUE BOTTLE on 2026-04-20 (Everyday Checking)", sanitized.
func Describe(t store.Transaction) string {
	prep := " at "
	if t.Amount.Sign() > 0 {
		prep = " from "
	}
	return sanitize.Line(t.Amount.Format() + prep + t.Payee + " on " + t.Posted.Format(store.DateLayout) + " (" + t.AccountName + ")")
}
