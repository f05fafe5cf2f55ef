package main

import (
	"encoding/json"
	"strings"
	"testing"

	"penny/money"
)

func TestAskAnswersLikeTheChat(t *testing.T) {
	t.Parallel()
	env, data := demoVault(t, 3000)
	out, stderr, code := runBin(t, env, "ask", "balance", "--json")
	if code != 0 {
		t.Fatalf("ask --json: exit %d: %s", code, stderr)
	}
	var r struct {
		Intent string         `json:"intent"`
		Slots  map[string]any `json:"slots"`
		Text   string         `json:"text"`
		Data   any            `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("ask --json is not JSON: %v\n%s", err, out)
	}
	if r.Intent != "balance" || r.Text == "" || r.Data == nil || r.Slots == nil {
		t.Fatalf("ask balance: %+v", r)
	}
	// The human form names every account with the balance computed here
	// from the demo data.
	out, _, code = runBin(t, env, "ask", "what's my balance?")
	if code != 0 {
		t.Fatalf("ask: exit %d", code)
	}
	for _, a := range data.Accounts {
		bal := a.Opening
		for _, x := range data.Transactions {
			if x.AccountKey == a.Key && !x.Pending {
				bal += x.Amount
			}
		}
		if !strings.Contains(out, a.Name) || !strings.Contains(out, money.New(bal, a.Currency).Format()) {
			t.Errorf("ask balance lacks %s %s:\n%s", a.Name, money.New(bal, a.Currency).Format(), out)
		}
	}
	out, _, code = runBin(t, env, "ask", "spnding on grocerys last month", "--json")
	if code != 0 || !strings.Contains(out, `"intent": "spending"`) {
		t.Fatalf("a question with typos: exit %d\n%s", code, out)
	}
	if _, _, code := runBin(t, env, "ask"); code != exitUsage {
		t.Fatalf("ask without a question: exit %d, want 2", code)
	}
}
