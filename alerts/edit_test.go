package alerts

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"penny/store"
)

// Every rule has a key, and the keys are the settings JSON's: a rule added
// to Settings without one would be an edit nobody can make.
func TestRuleKeysAreTheSettingsJSON(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "lookback_days")
	var keys []string
	for _, r := range Rules() {
		k := Key(r)
		if _, ok := doc[k]; !ok {
			t.Errorf("rule %s: key %q is not in the settings JSON", r, k)
		}
		keys = append(keys, k)
		s := Defaults()
		if _, ok := s.SetOn(r, false); !ok || s.On(r) {
			t.Errorf("rule %s: SetOn(false) did not turn it off", r)
		}
	}
	for k := range doc {
		if !slices.Contains(keys, k) {
			t.Errorf("settings key %q belongs to no rule", k)
		}
	}
	if Key("no-such-rule") != "" {
		t.Error("a name that is no rule has a key")
	}
}

func TestEditsSayWhatTheyChanged(t *testing.T) {
	t.Parallel()
	s := Defaults()
	if _, ok := s.SetOn(RuleLarge, true); ok {
		t.Error("turning on a rule that is on changed something")
	}
	c, ok := s.SetAmount(RuleLarge, "750.00")
	if want := (Change{Setting: "large_transaction.absolute", Rule: RuleLarge, From: "1000.00", To: "750.00"}); !ok || c != want {
		t.Errorf("SetAmount: %+v %v, want %+v", c, ok, want)
	}
	if _, ok := s.SetAmount(RuleDeposit, "5.00"); ok || s.Deposit.Min != "100.00" {
		t.Error("SetAmount set a rule whose amount is not set this way")
	}
	c, ok = s.SetAccountThreshold(7, "500.00")
	if want := (Change{Setting: "low_balance.accounts.7", Rule: RuleLowBalance, AccountID: 7, To: "500.00"}); !ok || c != want {
		t.Errorf("SetAccountThreshold: %+v %v, want %+v", c, ok, want)
	}
	if _, ok := s.SetAccountThreshold(7, "500.00"); ok {
		t.Error("the same threshold again changed something")
	}
	c, ok = s.ResetAccountThreshold(7)
	if want := (Change{Setting: "low_balance.accounts.7", Rule: RuleLowBalance, AccountID: 7, From: "500.00"}); !ok || c != want {
		t.Errorf("ResetAccountThreshold: %+v %v, want %+v", c, ok, want)
	}
	if _, own := s.AccountThreshold(7); own {
		t.Error("the reset account still has a threshold of its own")
	}
	// Off and back on: a checking account follows the default again, a
	// card gets the default as its own.
	for _, typ := range []string{"checking", "credit"} {
		s := Defaults()
		if _, ok := s.SetAccountOn(1, typ, false); !ok {
			t.Fatalf("%s: off changed nothing", typ)
		}
		if v, _ := s.AccountThreshold(1); !Off(v) {
			t.Errorf("%s: off left %q", typ, v)
		}
		if _, ok := s.SetAccountOn(1, typ, true); !ok {
			t.Fatalf("%s: on changed nothing", typ)
		}
		v, own := s.AccountThreshold(1)
		if WatchedByDefault(typ) && own || !WatchedByDefault(typ) && v != s.LowBalance.Threshold {
			t.Errorf("%s: back on: %q own=%v", typ, v, own)
		}
	}
}

func TestEditSavesOnlyWhatValidates(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, closeFn, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeFn() })
	_, _, _, err = Edit(ctx, st, func(s *Settings) []Change {
		c, _ := s.SetAmount(RuleLarge, "a lot")
		return []Change{c}
	})
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("an amount that is no number: %v, want an InvalidError", err)
	}
	if got, _ := LoadSettings(ctx, st); !reflect.DeepEqual(got, Defaults()) {
		t.Errorf("a refused edit was saved: %+v", got)
	}
	before, after, changed, err := Edit(ctx, st, func(s *Settings) []Change {
		c, _ := s.SetAmount(RuleLarge, "750.00")
		return []Change{c}
	})
	if err != nil || len(changed) != 1 || before.Large.Absolute != "1000.00" || after.Large.Absolute != "750.00" {
		t.Fatalf("edit: %v %+v", err, changed)
	}
	if got, _ := LoadSettings(ctx, st); got.Large.Absolute != "750.00" {
		t.Errorf("the edit was not saved: %+v", got.Large)
	}
}
