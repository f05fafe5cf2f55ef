package store

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
)

// The keys an import reads through the indexes are exactly the rows of
// the whole account's keys that its query names, each counted once however
// many of the query's parts name it and however often it is asked.
func TestAddTransactionKeysReadsWhatTheQueryNames(t *testing.T) {
	ctx := t.Context()
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 7))
		s := openTest(t)
		a, _ := s.CreateAccount(ctx, AccountParams{Name: "Checking", Currency: "USD"})
		b, _ := s.CreateAccount(ctx, AccountParams{Name: "Card", Currency: "USD"})
		start := day("2026-01-01")
		var rows []NewTransaction
		for i := range 400 {
			acct := a.ID
			if r.IntN(4) == 0 {
				acct = b.ID
			}
			x := NewTransaction{AccountID: acct, Posted: start.AddDate(0, 0, r.IntN(40)), Amount: -int64(100 * (1 + r.IntN(5))),
				Currency: "USD", Payee: fmt.Sprintf("SHOP %d", r.IntN(6)), MerchantKey: fmt.Sprintf("shop%d", r.IntN(3)), Pending: r.IntN(10) == 0}
			if r.IntN(2) == 0 {
				x.ExternalID = fmt.Sprintf("FIT%d", i)
			}
			rows = append(rows, x)
		}
		AssignOrdinals(rows)
		if _, err := s.InsertTransactions(ctx, rows); err != nil {
			t.Fatal(err)
		}
		all, err := s.TransactionKeys(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The oracle: the account's rows that the query names, from the
		// rows as written.
		var q KeyQuery
		wantExt, wantContent := map[string]bool{}, map[string]bool{}
		wantDays := map[int64]bool{}
		for i, x := range rows {
			// A few rows: a query much smaller than the account.
			if r.IntN(6) != 0 {
				continue
			}
			key := ContentKey(x.Posted, x.Amount, x.Currency, x.Payee, x.Memo)
			switch r.IntN(3) {
			case 0:
				q.ExternalIDs = append(q.ExternalIDs, x.ExternalID, fmt.Sprintf("FIT%d", i+10000))
				wantExt[x.ExternalID] = true
			case 1:
				q.ContentKeys = append(q.ContentKeys, key)
				wantContent[string(key)] = true
			default:
				q.Days = append(q.Days, DateInt(x.Posted))
				wantDays[DateInt(x.Posted)] = true
			}
		}
		want := NewKeys()
		wantLoose := map[LooseKey]*LooseCount{}
		for _, x := range rows {
			if x.AccountID != a.ID {
				continue
			}
			key := ContentKey(x.Posted, x.Amount, x.Currency, x.Payee, x.Memo)
			named := wantDays[DateInt(x.Posted)] || x.ExternalID != "" && wantExt[x.ExternalID] ||
				x.ExternalID == "" && wantContent[string(key)]
			if !named {
				continue
			}
			lk := LooseKey{Posted: DateInt(x.Posted), Amount: x.Amount, Merchant: x.MerchantKey}
			if wantLoose[lk] == nil {
				wantLoose[lk] = &LooseCount{}
			}
			if x.ExternalID != "" {
				want.ExternalIDs[x.ExternalID] = all.ExternalIDs[x.ExternalID]
				wantLoose[lk].WithID++
			} else {
				ci := ContentIndex(key, x.Ordinal)
				want.Content[ci] = all.Content[ci]
				wantLoose[lk].WithoutID++
			}
		}
		got, seen := NewKeys(), map[int64]bool{}
		// Asked twice, in two halves and then whole: nothing counts twice.
		half := KeyQuery{ExternalIDs: q.ExternalIDs[:len(q.ExternalIDs)/2], Days: q.Days[:len(q.Days)/2]}
		for _, part := range []KeyQuery{half, q, q} {
			if err := s.AddTransactionKeys(ctx, a.ID, part, &got, seen); err != nil {
				t.Fatal(err)
			}
		}
		if !maps.Equal(got.ExternalIDs, want.ExternalIDs) {
			t.Fatalf("seed %d: external ids %d, want %d", seed, len(got.ExternalIDs), len(want.ExternalIDs))
		}
		if !maps.Equal(got.Content, want.Content) {
			t.Fatalf("seed %d: content keys %d, want %d", seed, len(got.Content), len(want.Content))
		}
		if !maps.EqualFunc(got.LooseCounts(), wantLoose, func(x, y *LooseCount) bool { return *x == *y }) {
			t.Fatalf("seed %d: loose counts differ (%d keys, want %d)", seed, len(got.LooseCounts()), len(wantLoose))
		}
		if len(want.ExternalIDs) == 0 || len(want.Content) == 0 || len(wantLoose) == 0 {
			t.Fatalf("seed %d: the query named too little to test", seed)
		}
		// A query about as large as the account reads it whole: the keys
		// are then the whole account's, still each row once.
		var big KeyQuery
		for _, x := range rows {
			if x.ExternalID != "" {
				big.ExternalIDs = append(big.ExternalIDs, x.ExternalID)
			}
		}
		for _, part := range []KeyQuery{q, big, big} {
			if err := s.AddTransactionKeys(ctx, a.ID, part, &got, seen); err != nil {
				t.Fatal(err)
			}
		}
		if !maps.Equal(got.ExternalIDs, all.ExternalIDs) || !maps.Equal(got.Content, all.Content) ||
			!maps.EqualFunc(got.LooseCounts(), all.LooseCounts(), func(x, y *LooseCount) bool { return *x == *y }) {
			t.Fatalf("seed %d: after a whole-account query the keys are not the account's", seed)
		}
		// An account with no rows has no keys.
		none := NewKeys()
		if err := s.AddTransactionKeys(ctx, 999, big, &none, map[int64]bool{}); err != nil || len(none.ExternalIDs)+len(none.Content)+len(none.LooseCounts()) > 0 {
			t.Fatalf("seed %d: keys of an account with no rows: %v, %+v", seed, err, none)
		}
	}
}
