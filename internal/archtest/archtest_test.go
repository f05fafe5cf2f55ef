package archtest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// moduleRoot walks up from the test's folder to the one holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

func TestImportRules(t *testing.T) {
	t.Parallel()
	g, err := Load(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	// The graph must be the real one: a checker that saw nothing would pass.
	for _, p := range []string{"penny", "penny/store", "penny/store/vault", "penny/ingest", "penny/formats/ofx"} {
		if _, ok := g[p]; !ok {
			t.Fatalf("go list did not report %s", p)
		}
	}
	if !slices.Contains(g["penny"], "penny/store/vault") {
		t.Fatalf("penny's imports look wrong: %v", g["penny"])
	}
	for _, v := range Check(g, Rules) {
		t.Error(v)
	}
}

func TestCheckFindsForbiddenArrows(t *testing.T) {
	t.Parallel()
	g := Graph{
		"penny":                   {"penny/store", "penny/store/vault", "penny/notify/desktop", "fmt"},
		"penny/money":             {"fmt"},
		"penny/store":             {"penny/money", "penny/helper", "database/sql"},
		"penny/helper":            {"penny/ui"},
		"penny/ui":                {"penny/themes", "penny/store"},
		"penny/themes":            nil,
		"penny/store/vault":       {"penny/store/vault/inner"},
		"penny/store/vault/inner": {"penny/sanitize"},
		"penny/sanitize":          nil,
		"penny/formats/qif":       {"penny/statement", "penny/money"},
		"penny/statement":         nil,
		"penny/assistant":         {"penny/notify"},
		"penny/notify":            {"penny/store"},
		"penny/notify/desktop":    {"penny/notify", "github.com/godbus/dbus/v5"},
		"penny/merchant":          {"penny/category", "penny/money"},
		"penny/category":          {"penny/merchant", "penny/sanitize"},
	}
	want := []string{
		// Through another package: store reaches ui through helper.
		"penny/store -> penny/helper -> penny/ui",
		// The vault's own subpackage may be imported; what it imports may not.
		"penny/store/vault -> penny/store/vault/inner -> penny/sanitize",
		"penny/store/vault/inner -> penny/sanitize",
		// Taxonomies may use each other and money, nothing else.
		"penny/category -> penny/sanitize",
		"penny/merchant -> penny/category -> penny/sanitize",
	}
	var got []string
	for _, v := range Check(g, Rules) {
		got = append(got, strings.Join(v.Path, " -> "))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("violations\n got  %q\n want %q", got, want)
	}

	// Each rule on its own, one forbidden edge added to a clean graph.
	clean := Graph{"penny/money": nil, "penny/store": {"penny/money"}, "penny/ui": {"penny/store", "penny/themes"},
		"penny/themes": nil, "penny/statement": nil, "penny/formats/ofx": {"penny/statement"},
		"penny/assistant": {"penny/store", "penny/notify"}, "penny/notify": nil, "penny/notify/desktop": {"penny/notify"},
		"penny/store/vault": nil, "penny/ingest": {"penny/statement", "penny/store"}, "penny/merchant": {"penny/money"},
		"penny/daemon": {"penny/notify", "penny/store", "penny/store/vault"}}
	if v := Check(clean, Rules); len(v) != 0 {
		t.Fatalf("a clean graph has violations: %v", v)
	}
	for _, edge := range [][2]string{
		{"penny/store", "penny/ingest"},
		{"penny/store", "penny/store/vault"},
		{"penny/store/vault", "penny/store"},
		{"penny/themes", "penny/ui"},
		{"penny/formats/ofx", "penny/ingest"},
		{"penny/statement", "penny/store"},
		{"penny/assistant", "penny/notify/desktop"},
		{"penny/ui", "penny/notify/desktop"},
		{"penny/daemon", "penny/notify/desktop"},
		{"penny/daemon", "penny/ui"},
		{"penny/money", "penny/statement"},
		{"penny/merchant", "penny/store"},
	} {
		bad := Graph{}
		for p, imps := range clean {
			bad[p] = slices.Clone(imps)
		}
		bad[edge[0]] = append(bad[edge[0]], edge[1])
		caught := slices.ContainsFunc(Check(bad, Rules), func(v Violation) bool {
			return slices.Equal(v.Path, edge[:])
		})
		if !caught {
			t.Errorf("%s -> %s is not caught: %v", edge[0], edge[1], Check(bad, Rules))
		}
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"penny/store", "penny/store", true},
		{"penny/store", "penny/store/vault", false},
		{"penny/store/...", "penny/store", true},
		{"penny/store/...", "penny/store/vault", true},
		{"penny/store/...", "penny/storefront", false},
		{"penny/...", "penny/money", true},
	} {
		if got := Match(tc.pattern, tc.path); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}
