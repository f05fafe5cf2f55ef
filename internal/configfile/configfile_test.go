package configfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func testKeys() []Key {
	return []Key{
		{Name: "data_dir", Default: Value{Str: "/default"}, Env: "TEST_DATA_DIR", Flag: "--data-dir", Doc: "The folder."},
		{Name: "theme", Example: Value{Str: "dark"}, DefaultNote: "follows the terminal", Doc: "Colours."},
		{Name: "offline", Kind: Bool, Doc: "No network."},
		{Name: "daemon.watch", Kind: List, Example: Value{List: []string{"~/Downloads"}}, Doc: "Drop folders."},
		{Name: "daemon.interval", Default: Value{Str: "30s"}, Doc: "How often.",
			Check: func(v Value) error {
				if !strings.HasSuffix(v.Str, "s") {
					return errors.New("not seconds")
				}
				return nil
			}},
	}
}

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKeyLines(t *testing.T) {
	t.Parallel()
	text := `# a comment with key = value
top = "a"   # trailing
"quoted key" = 1
dotted.inner = true
multi = """
fake = 1
"""
arr = [
  "x = 1",
  [ "nested" ],
]
[daemon]
watch = ["a", "b"]
  interval = '30s'

[[jobs]]
name = "j"
[ tab . "sub" ]
k = { a = 1 }
after = 2
`
	want := map[string]int{
		"top": 2, "quoted key": 3, "dotted.inner": 4, "dotted": 4, "multi": 5, "arr": 8,
		"daemon": 12, "daemon.watch": 13, "daemon.interval": 14,
		"jobs": 16, "jobs.name": 17, "tab.sub": 18, "tab.sub.k": 19, "tab.sub.after": 20,
	}
	got := keyLines(text)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keyLines:\n got %v\nwant %v", got, want)
	}
}

func TestReadReportsUnknownKeysWithTheirLines(t *testing.T) {
	t.Parallel()
	p := write(t, "thme = \"dark\"\noffline = true\n[daemon]\nintervall = \"1m\"\nwatch = [\"/x\"]\n[deamon]\nwatch = []\n[mystery]\nk = 1\n")
	f, err := Read(p, testKeys(), false)
	if err != nil {
		t.Fatal(err)
	}
	want := []Unknown{
		{Key: "thme", Line: 1, Suggestion: "theme"},
		{Key: "daemon.intervall", Line: 4, Suggestion: "daemon.interval"},
		{Key: "deamon", Line: 6, Suggestion: "daemon"},
		{Key: "mystery", Line: 8},
	}
	// "deamon" is a table: its keys are not reported again, one by one.
	if len(f.Unknown) != len(want) {
		t.Fatalf("unknown keys %+v, want %+v", f.Unknown, want)
	}
	for i, u := range f.Unknown {
		if u != want[i] {
			t.Errorf("unknown %d: %+v, want %+v", i, u, want[i])
		}
	}
	if w := f.Unknown[0].Warning(p); w != "config "+p+`:1: unknown key "thme" (did you mean "theme"?); it is ignored` {
		t.Errorf("warning %q", w)
	}
	s := f.Get("daemon.watch", nil, nil)
	if s.Source != (Source{Origin: FromFile, Line: 5}) || !reflect.DeepEqual(s.Value.List, []string{"/x"}) {
		t.Errorf("daemon.watch: %+v", s)
	}
}

func TestReadRefusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		line int
		msg  string
	}{
		{"offline = \"yes\"\n", 1, "offline must be true or false"},
		{"\n\ntheme = 3\n", 3, "theme must be a string"},
		{"[daemon]\nwatch = \"~/Downloads\"\n", 2, "daemon.watch must be a list of strings"},
		{"[daemon]\nwatch = [1, 2]\n", 2, "daemon.watch must be a list"},
		{"theme = \"dark\"\ntheme = \"light\"\n", 2, ""},
		{"offline = tru\n", 1, ""},
	} {
		p := write(t, tt.text)
		_, err := Read(p, testKeys(), false)
		var e *Error
		if !errors.As(err, &e) || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("%q: %v, want line %d and %q", tt.text, err, tt.line, tt.msg)
			continue
		}
		if !strings.HasPrefix(err.Error(), "config "+p+":") {
			t.Errorf("%q: %q does not start with the file and line", tt.text, err)
		}
	}
}

func TestAMissingFile(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "none.toml")
	f, err := Read(p, testKeys(), false)
	if err != nil || f.Exists {
		t.Fatalf("a missing default file: %+v %v", f, err)
	}
	if s := f.Get("daemon.interval", nil, nil); s.Source.Origin != FromDefault || s.Value.Str != "30s" {
		t.Errorf("default: %+v", s)
	}
	if _, err := Read(p, testKeys(), true); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing --config file: %v", err)
	}
}

func TestFlagThenEnvThenFileThenDefault(t *testing.T) {
	t.Parallel()
	p := write(t, "data_dir = \"/file\"\n")
	f, err := Read(p, testKeys(), false)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TEST_DATA_DIR": "/env"}
	for _, tt := range []struct {
		env   map[string]string
		flags map[string]string
		want  string
		src   Source
	}{
		{env, map[string]string{"data_dir": "/flag"}, "/flag", Source{Origin: FromFlag, Name: "--data-dir"}},
		{env, nil, "/env", Source{Origin: FromEnv, Name: "TEST_DATA_DIR"}},
		{nil, nil, "/file", Source{Origin: FromFile, Line: 1}},
	} {
		s := f.Get("data_dir", func(k string) string { return tt.env[k] }, tt.flags)
		if s.Value.Str != tt.want || s.Source != tt.src {
			t.Errorf("got %q from %+v, want %q from %+v", s.Value.Str, s.Source, tt.want, tt.src)
		}
	}
	empty, _ := Read(filepath.Join(t.TempDir(), "none"), testKeys(), false)
	if s := empty.Get("data_dir", nil, nil); s.Value.Str != "/default" || s.Where("config.toml") != "default" {
		t.Errorf("no file: %+v", s)
	}
	// A flag for a key that takes none is not applied.
	if s := f.Get("theme", nil, map[string]string{"theme": "mono"}); s.Source.Origin != FromDefault {
		t.Errorf("theme took a flag it does not have: %+v", s)
	}
}

func TestResolveChecksEveryValue(t *testing.T) {
	t.Parallel()
	p := write(t, "[daemon]\ninterval = \"5m\"\n")
	f, err := Read(p, testKeys(), false)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, s := range f.Resolve(nil, nil) {
		if s.Problem != nil {
			problems = append(problems, s.Key.Name+": "+s.Problem.Error())
		}
	}
	if !reflect.DeepEqual(problems, []string{"daemon.interval: not seconds"}) {
		t.Errorf("problems %q", problems)
	}
}

// The written template reads as a file that sets nothing; with every
// setting uncommented it sets each key, at the line of its own name, to
// the value shown.
func TestTemplate(t *testing.T) {
	t.Parallel()
	text := Template("Intro line one.\nIntro line two.", testKeys())
	if !strings.HasPrefix(text, "# Intro line one.\n# Intro line two.\n") {
		t.Errorf("the intro is not at the top:\n%s", text)
	}
	f, err := Read(write(t, text), testKeys(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Unknown) > 0 || len(f.set) > 0 {
		t.Errorf("the template sets %v and has unknown keys %v:\n%s", f.set, f.Unknown, text)
	}
	setting := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`)
	on := setting.ReplaceAllString(text, "$1")
	f, err = Read(write(t, on), testKeys(), false)
	if err != nil {
		t.Fatalf("uncommented: %v\n%s", err, on)
	}
	lines := strings.Split(on, "\n")
	for _, k := range testKeys() {
		s := f.Get(k.Name, nil, nil)
		if s.Source.Origin != FromFile {
			t.Errorf("%s is not set by the uncommented template:\n%s", k.Name, on)
			continue
		}
		leaf := k.Name[strings.LastIndex(k.Name, ".")+1:]
		if !strings.HasPrefix(lines[s.Source.Line-1], leaf+" = ") {
			t.Errorf("%s is at line %d: %q", k.Name, s.Source.Line, lines[s.Source.Line-1])
		}
		want := k.Default
		if !k.Example.empty() {
			want = k.Example
		}
		if s.Value.TOML(k.Kind) != want.TOML(k.Kind) {
			t.Errorf("%s = %s, want %s", k.Name, s.Value.TOML(k.Kind), want.TOML(k.Kind))
		}
	}
	if !strings.Contains(on, "\n[daemon]\n") || strings.Index(on, "[daemon]") > strings.Index(on, "watch = ") {
		t.Errorf("the daemon's keys are not under [daemon]:\n%s", on)
	}
}
