package merchant

import "testing"

func TestTheDataFilesLoadWithoutErrors(t *testing.T) {
	tb := builtin()
	for _, err := range tb.errs {
		t.Error(err)
	}
	if len(tb.brands) < 1000 {
		t.Errorf("the brand table has %d brands, want at least 1000", len(tb.brands))
	}
}
