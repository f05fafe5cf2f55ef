package assistant

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"penny/alerts"
	"penny/internal/jsonout"
	"penny/store"
)

// The documents `penny ask --json` prints, one per question, compared byte
// for byte with testdata/TestAskJSON/*.golden: every intent, the outcomes
// that ask back or decline, the settings and data that answers change, and
// an empty vault. Regenerate with `go test ./assistant -run TestAskJSON
// -update` after a change that means to change a document, and read the
// diff.
//
// The questions run in order on one store: the later ones see what the
// earlier ones changed (a category rule, a rename, alert settings), and
// "and the month before?" follows the question before it.
var jsonCorpus = []string{
	// Balances.
	"balance",
	"balance of everyday checking",
	"what do I owe on my credit cards",
	"balance at the end of last month",
	"net worth",
	"net worth on 31 march",
	// Spending, income and refunds.
	"spending last month",
	"and the month before?",
	"spending by category last month",
	"spending by merchant in October",
	"spending by account this year",
	"spending last month compared to the month before",
	"groceries by month this year",
	"spending in EUR this year",
	"spending on coffee this month including pending",
	"income this year",
	"income by account this year",
	"refunds this year",
	"average monthly spending this year",
	"average grocery spend per transaction this year",
	"average weekly spending on dining last month",
	"average spending",
	"how many times did I go to starbucks this year",
	"how many times was I paid this year",
	// Rankings and rows.
	"top merchants this year",
	"top 3 categories last month",
	"top payers this year",
	"largest purchases past 30 days",
	"largest deposit this year",
	"transactions over $100 last week",
	"transactions at blue bottle in october",
	"pending transactions",
	"when did I last pay rent",
	"when did I last go to starbucks in 2019",
	"cash flow this year",
	"cash flow last month",
	"any duplicate charges?",
	"any duplicate charges ever?",
	"subscriptions",
	"any price increases?",
	// Alerts, sync, help.
	"alerts",
	"all alerts",
	"is sync set up?",
	"help",
	"hi",
	// Asking back and declining.
	"spending at amazon",
	"spending at shell last month",
	"blorp frobnicate",
	"what is the meaning of life",
	"categorize as coffee please",
	"how much will I spend next month?",
	"pay my credit card bill",
	// Alert settings.
	"what alerts are on?",
	"alert me when everyday checking is below 500",
	"large charge threshold 1250.50",
	"stop new merchant alerts",
	"quiet hours 22:00-07:00",
	"no quiet hours",
	"show details in notifications",
	"alert me when checking is above 500",
	"alert me when card is below 100",
	"change my alerts",
	"turn off alerts for blorp",
	// Changes to the data.
	"categorize Blue Bottle as Treats",
	"spending on treats this year",
	"categorize payees containing tartine as Bakery",
	"rename Peet's Coffee to Peets",
	"rename Nowhere Diner to Somewhere",
	"spending at starbux last month",
}

// emptyCorpus is asked of a vault with no accounts.
var emptyCorpus = []string{
	"balance",
	"what do I owe on my credit cards",
	"spending last month",
	"average monthly spending this year",
	"top merchants this year",
	"largest purchases this year",
	"transactions this year",
	"when did I last pay rent",
	"cash flow this year",
	"any duplicate charges?",
	"subscriptions",
	"alerts",
	"is sync set up?",
	"what alerts are on?",
}

func TestAskJSON(t *testing.T) {
	t.Parallel()
	f := loadDemo(t, 4000)
	ctx := t.Context()
	// Alerts as an import raises them, and a live source, so the lists
	// have rows.
	if _, err := alerts.EvaluateAll(ctx, f.st, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateSource(ctx, "My Bank", "simplefin", "{}"); err != nil {
		t.Fatal(err)
	}
	askAll(t, f.a, jsonCorpus)
}

func TestAskJSONEmptyVault(t *testing.T) {
	t.Parallel()
	st, closeDB, err := store.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	askAll(t, New(st, Options{Now: func() time.Time { return testNow }}), emptyCorpus)
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// askAll asks the questions in order and compares each document, as
// `penny ask --json` writes it, with its golden file.
func askAll(t *testing.T, a *Assistant, questions []string) {
	t.Helper()
	for i, q := range questions {
		name := fmt.Sprintf("%02d-%s", i+1, strings.Trim(nonWord.ReplaceAllString(strings.ToLower(q), "-"), "-"))
		r, err := a.Ask(t.Context(), q)
		if err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		var b bytes.Buffer
		if err := jsonout.Write(&b, r.JSON()); err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		t.Run(name, func(t *testing.T) { golden.RequireEqual(t, b.Bytes()) })
	}
}
