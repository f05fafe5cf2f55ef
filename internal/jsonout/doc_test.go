package jsonout

import (
	"encoding/json"
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
	docs := documentedTypes()
	if len(exs) < len(docs) {
		t.Fatalf("docs/json.md has %d JSON examples; the test knows %d types", len(exs), len(docs))
	}
	seen := map[string]bool{}
	for _, ex := range exs {
		typ, ok := docs[ex.typ]
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
	for name := range docs {
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
