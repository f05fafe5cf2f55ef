package jsonout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// askDataDocTypes are the data of ask answers (askdata.go) that
// docs/json.md names above an example, beside docTypes.
var askDataDocTypes = map[string]reflect.Type{
	"NoData":            reflect.TypeFor[NoData](),
	"BalanceData":       reflect.TypeFor[BalanceData](),
	"AverageData":       reflect.TypeFor[AverageData](),
	"CountData":         reflect.TypeFor[CountData](),
	"TopData":           reflect.TypeFor[TopData](),
	"LargestData":       reflect.TypeFor[LargestData](),
	"TxData":            reflect.TypeFor[TxData](),
	"LastData":          reflect.TypeFor[LastData](),
	"CashFlowData":      reflect.TypeFor[CashFlowData](),
	"DuplicatesData":    reflect.TypeFor[DuplicatesData](),
	"RecurringData":     reflect.TypeFor[RecurringData](),
	"AlertsData":        reflect.TypeFor[AlertsData](),
	"SourcesData":       reflect.TypeFor[SourcesData](),
	"HelpData":          reflect.TypeFor[HelpData](),
	"CategorizeData":    reflect.TypeFor[CategorizeData](),
	"RenameData":        reflect.TypeFor[RenameData](),
	"AlertSettingsData": reflect.TypeFor[AlertSettingsData](),
	"AskBackData":       reflect.TypeFor[AskBackData](),
	"AmbiguousData":     reflect.TypeFor[AmbiguousData](),
	"NotFoundData":      reflect.TypeFor[NotFoundData](),
	"UnknownData":       reflect.TypeFor[UnknownData](),
}

// documentedTypes are all the types docs/json.md may name: docTypes and
// askDataDocTypes, in a new map.
func documentedTypes() map[string]reflect.Type {
	out := maps.Clone(docTypes)
	maps.Copy(out, askDataDocTypes)
	return out
}

// askDataTypes lists the types of this package that implement AskData, read
// from the source: every one must be documented, so that no answer writes
// a shape docs/json.md does not show.
func askDataTypes(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "askData" || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
				out = append(out, id.Name)
			} else {
				t.Errorf("askData on %T: give it a value receiver of a named type", fn.Recv.List[0].Type)
			}
		}
	}
	return out
}

func TestEveryAskDataIsDocumented(t *testing.T) {
	t.Parallel()
	names := askDataTypes(t)
	if len(names) < 20 {
		t.Fatalf("found %d AskData types in the source: %v", len(names), names)
	}
	for _, name := range names {
		typ, ok := documentedTypes()[name]
		if !ok {
			t.Errorf("%s is an answer's data but not in askDataDocTypes, so docs/json.md need not show it", name)
			continue
		}
		if !typ.Implements(reflect.TypeFor[AskData]()) {
			t.Errorf("docTypes[%q] is %v, which is not an AskData", name, typ)
		}
		// The answers wrote these objects as maps, with sorted keys; the
		// types keep that order so the documents keep their bytes (Flow
		// was a struct from the start).
		if name == "Flow" {
			continue
		}
		var keys []string
		for i := range typ.NumField() {
			k, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			keys = append(keys, k)
		}
		if !slices.IsSorted(keys) {
			t.Errorf("%s writes its fields in the order %v, not sorted by name", name, keys)
		}
	}
}
