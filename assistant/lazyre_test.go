package assistant

import "testing"

// Every expression compiled on first use compiles: a bad one would panic
// only when a question first reached it.
func TestLazyExpressionsCompile(t *testing.T) {
	if len(lazyAll) < 20 {
		t.Fatalf("%d lazy expressions registered, want the assistant's 20", len(lazyAll))
	}
	for _, l := range lazyAll {
		if l.get() == nil {
			t.Errorf("%q did not compile", l.expr)
		}
	}
}
