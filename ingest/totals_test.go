package ingest

import (
	"fmt"
	"math/rand/v2"
	"penny/store/storetest"
	"reflect"
	"testing"
	"time"

	"penny/statement"
	"penny/store"
)

// The store keeps month totals exact at every commit; imports are where
// most rows come from, and where pending rows are posted in place or
// replaced and transfers linked. After every import of random overlapping
// statements, every kept total equals the GROUP BY over every row.
func TestImportsKeepTheMonthTotalsExact(t *testing.T) {
	t.Parallel()
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			st := storetest.Memory(t)
			r := rand.New(rand.NewPCG(seed, 42))
			payees := []string{"SQ *BLUE BOTTLE", "SAFEWAY #1234", "NETFLIX.COM", "UBER *TRIP", "ONLINE TRANSFER TO SAV 4444",
				"TRANSFER FROM CHK 2222", "PAYROLL ACME", "TST* NOPA SAN FRANCISCO"}
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var pending []statement.Transaction
			next, replaced, transfers := 0, 0, 0
			for round := range 25 {
				var chk, sav, fresh []statement.Transaction
				for range 1 + r.IntN(40) {
					next++
					day := start.AddDate(0, 0, round*6+r.IntN(10))
					payee := payees[r.IntN(len(payees))]
					amount := -int64(1 + r.IntN(30000))
					if payee == "PAYROLL ACME" {
						amount = -amount
					}
					x := statement.Transaction{ExternalID: fmt.Sprint("T", next), Posted: day, Amount: amount, Currency: "USD", Payee: payee}
					switch {
					case payee == "ONLINE TRANSFER TO SAV 4444":
						// Its other side, a day later, on savings.
						next++
						sav = append(sav, statement.Transaction{ExternalID: fmt.Sprint("T", next), Posted: day.AddDate(0, 0, 1),
							Amount: -amount, Currency: "USD", Payee: "TRANSFER FROM CHK 2222"})
					case r.IntN(6) == 0:
						x.Pending = true
						fresh = append(fresh, x)
					}
					chk = append(chk, x)
				}
				// Swipes of earlier statements post: under their own id
				// (in place) or under a new one for another amount
				// (replaced).
				for len(pending) > 0 && r.IntN(2) == 0 {
					p := pending[0]
					pending = pending[1:]
					p.Pending = false
					p.Posted = p.Posted.AddDate(0, 0, 2)
					if r.IntN(2) == 0 {
						next++
						p.ExternalID = fmt.Sprint("T", next)
						p.Amount -= int64(r.IntN(500))
					}
					chk = append(chk, p)
				}
				pending = append(pending, fresh...)
				// Now and then an overlapping statement again.
				if round > 0 && r.IntN(4) == 0 {
					apply(t, st, Options{}, checking(chk...))
				}
				res := apply(t, st, Options{}, checking(chk...), savings(sav...))
				for _, a := range res.Accounts {
					replaced += a.PendingReplaced
					transfers += a.Transfers
				}
				want, _, err := st.MonthTotals(ctx, 0)
				if err != nil {
					t.Fatal(err)
				}
				var got []store.MonthTotal
				if err := st.KeptMonthTotals(ctx, func(m store.MonthTotal) { got = append(got, m) }); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: %d kept cells differ from the %d recomputed", round, len(got), len(want))
				}
			}
			if replaced == 0 || transfers == 0 {
				t.Fatalf("the imports posted %d pending rows and linked %d transfers: the history tests neither", replaced, transfers)
			}
		})
	}
}
