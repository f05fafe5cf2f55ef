package jsonout

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docTypes are the types docs/json.md may name above an example.
var docTypes = map[string]reflect.Type{
	"Balance":    reflect.TypeFor[Balance](),
	"TxList":     reflect.TypeFor[TxList](),
	"AlertList":  reflect.TypeFor[AlertList](),
	"Ask":        reflect.TypeFor[Ask](),
	"AskAccount": reflect.TypeFor[AskAccount](),
	"Flow":       reflect.TypeFor[Flow](),
	"Average":    reflect.TypeFor[Average](),
	"AskTx":      reflect.TypeFor[AskTx](),
	"Recurring":  reflect.TypeFor[Recurring](),
	"Import":     reflect.TypeFor[Import](),
	"Export":     reflect.TypeFor[Export](),
	// The data of ask answers (askdata.go).
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

// example is one ```json block of docs/json.md and the type the comment
// above it names.
type example struct {
	typ  string
	line int
	body string
}

var marker = regexp.MustCompile(`^<!-- jsonout: (\w+) -->$`)

func examples(t *testing.T) []example {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	lines := strings.Split(string(raw), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```json" {
			continue
		}
		ex := example{line: i + 1}
		if i > 0 {
			if m := marker.FindStringSubmatch(lines[i-1]); m != nil {
				ex.typ = m[1]
			}
		}
		var body []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
		}
		ex.body = strings.Join(body, "\n")
		out = append(out, ex)
	}
	return out
}

// The page is the contract: every field an example shows is a field of
// its type, and every field the type always writes is shown.
func TestDocumentedFieldsAreTheTypes(t *testing.T) {
	t.Parallel()
	exs := examples(t)
	if len(exs) < len(docTypes) {
		t.Fatalf("docs/json.md has %d JSON examples; the test knows %d types", len(exs), len(docTypes))
	}
	seen := map[string]bool{}
	for _, ex := range exs {
		typ, ok := docTypes[ex.typ]
		if !ok {
			t.Errorf("docs/json.md:%d: the example is not marked with <!-- jsonout: Type --> naming one of the types", ex.line)
			continue
		}
		seen[ex.typ] = true
		// "[ ... ]" stands for elements the example leaves out.
		body := strings.ReplaceAll(ex.body, "...", "")
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Errorf("docs/json.md:%d: the example is not JSON: %v", ex.line, err)
			continue
		}
		for _, p := range mismatches(typ, v, ex.typ) {
			t.Errorf("docs/json.md:%d: %s", ex.line, p)
		}
	}
	for name := range docTypes {
		if !seen[name] {
			t.Errorf("docs/json.md has no example of %s", name)
		}
	}
}

// field is one JSON field of a struct type.
type field struct {
	typ       reflect.Type
	omitEmpty bool
}

// fields lists the JSON fields of struct type t, with those of embedded
// structs, as encoding/json writes them.
func fields(t reflect.Type) map[string]field {
	out := map[string]field{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range fields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = field{typ: f.Type, omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty")}
	}
	return out
}

// mismatches compares a decoded example v with type t at path.
func mismatches(t reflect.Type, v any, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return nil // a free-form object: slots, data
		}
		fs := fields(t)
		for k, x := range v {
			f, ok := fs[k]
			if !ok {
				out = append(out, path+"."+k+" is documented but "+t.Name()+" has no such field")
				continue
			}
			out = append(out, mismatches(f.typ, x, path+"."+k)...)
		}
		for k, f := range fs {
			if _, ok := v[k]; !ok && !f.omitEmpty {
				out = append(out, path+"."+k+" is always written but not documented")
			}
		}
	case []any:
		if t.Kind() != reflect.Slice {
			return nil
		}
		for _, x := range v {
			out = append(out, mismatches(t.Elem(), x, path+"[]")...)
		}
	}
	return out
}

// The test must be able to fail: a field the page names that the type
// lacks, and one the type writes that the page leaves out.
func TestMismatchesFindsBothWays(t *testing.T) {
	t.Parallel()
	var v any
	if err := json.Unmarshal([]byte(`{"transactions": [{"id": 1, "acount": "x"}]}`), &v); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(mismatches(reflect.TypeFor[TxList](), v, "TxList"), "\n")
	for _, want := range []string{"TxList.transactions[].acount is documented", "TxList.transactions[].account is always written",
		"TxList.transactions[].pending is always written"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from:\n%s", want, got)
		}
	}
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
		typ, ok := docTypes[name]
		if !ok {
			t.Errorf("%s is an answer's data but not in docTypes, so docs/json.md need not show it", name)
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
