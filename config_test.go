package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"penny/internal/jsonout"
)

func configPathOf(env map[string]string) string {
	return filepath.Join(env["XDG_CONFIG_HOME"], "penny", "config.toml")
}

func configDocOf(t *testing.T, env map[string]string, args ...string) (jsonout.Config, string, int) {
	t.Helper()
	out, stderr, code := run(t, env, append([]string{"config", "--json"}, args...)...)
	var doc jsonout.Config
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("penny config --json: %v\n%s%s", err, out, stderr)
	}
	return doc, stderr, code
}

func settingOf(t *testing.T, doc jsonout.Config, key string) jsonout.ConfigSetting {
	t.Helper()
	for _, s := range doc.Settings {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no setting %s in %+v", key, doc.Settings)
	return jsonout.ConfigSetting{}
}

func TestConfigSaysWhereEachValueComesFrom(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	doc, stderr, code := configDocOf(t, env)
	if code != 0 || stderr != "" || doc.Exists || doc.File != configPathOf(env) || len(doc.Unknown) != 0 {
		t.Fatalf("no file: exit %d, stderr %q, %+v", code, stderr, doc)
	}
	for _, s := range doc.Settings {
		if s.Source != "default" || s.Line != nil || s.Problem != nil {
			t.Errorf("no file: %+v", s)
		}
	}
	wantDir := filepath.Join(env["XDG_DATA_HOME"], "penny")
	if s := settingOf(t, doc, "data_dir"); s.Value != wantDir || *s.Env != "PENNY_DATA_DIR" || *s.Flag != "--data-dir" {
		t.Errorf("data_dir: %+v", s)
	}

	cfg := configPathOf(env)
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	text := "# mine\ndata_dir = \"~/money\"\nthme = \"dark\"\n\n[daemon]\nwatch = [\"~/Downloads\", \"/srv/drop\"]\ndetails = true\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, stderr, code = configDocOf(t, env)
	if code != 0 || !doc.Exists {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fromFile := func(key string, line int) jsonout.ConfigSetting {
		t.Helper()
		s := settingOf(t, doc, key)
		if s.Source != "file" || s.Line == nil || *s.Line != line {
			t.Errorf("%s: %+v, want it from line %d", key, s, line)
		}
		return s
	}
	if s := fromFile("data_dir", 2); s.Value != "~/money" {
		t.Errorf("data_dir = %v", s.Value)
	}
	if s := fromFile("daemon.watch", 6); !strings.Contains(strings.Join(anyStrings(s.Value), ","), "~/Downloads,/srv/drop") {
		t.Errorf("daemon.watch = %v", s.Value)
	}
	if s := fromFile("daemon.details", 7); s.Value != true {
		t.Errorf("daemon.details = %v", s.Value)
	}
	if s := settingOf(t, doc, "daemon.interval"); s.Source != "default" || s.Value != "30s" {
		t.Errorf("daemon.interval: %+v", s)
	}
	if len(doc.Unknown) != 1 || doc.Unknown[0].Key != "thme" || *doc.Unknown[0].Line != 3 || *doc.Unknown[0].Suggestion != "theme" {
		t.Errorf("unknown: %+v", doc.Unknown)
	}
	if !strings.Contains(stderr, cfg+`:3: unknown key "thme" (did you mean "theme"?)`) {
		t.Errorf("stderr %q", stderr)
	}

	// The environment wins over the file, a flag over both.
	doc, _, _ = configDocOf(t, with(env, "PENNY_DATA_DIR", "/from/env"))
	if s := settingOf(t, doc, "data_dir"); s.Source != "env" || s.Value != "/from/env" {
		t.Errorf("with PENNY_DATA_DIR: %+v", s)
	}
	doc, _, _ = configDocOf(t, with(env, "PENNY_DATA_DIR", "/from/env"), "--data-dir", "/from/flag")
	if s := settingOf(t, doc, "data_dir"); s.Source != "flag" || s.Value != "/from/flag" {
		t.Errorf("with --data-dir: %+v", s)
	}

	// The human listing says the same, one key a line.
	out, _, code := run(t, env, "config")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^data_dir +~/money +config\.toml:2$`),
		regexp.MustCompile(`(?m)^daemon\.interval +30s +default$`),
		regexp.MustCompile(`(?m)^daemon\.watch +~/Downloads, /srv/drop +config\.toml:6$`),
	} {
		if code != 0 || !want.MatchString(out) {
			t.Errorf("penny config: exit %d, %s not in:\n%s", code, want, out)
		}
	}
	// Every command that reads the config warns about the unknown key; the
	// data_dir of the file is where the vault is looked for, ~ expanded.
	_, stderr, _ = run(t, env, "balance")
	if !strings.Contains(stderr, `unknown key "thme"`) || !strings.Contains(stderr, filepath.Join(env["HOME"], "money")) {
		t.Errorf("balance: stderr %q", stderr)
	}
	_, stderr, _ = run(t, env, "daemon", "--once", "--notify", "none")
	if !strings.Contains(stderr, `unknown key "thme"`) {
		t.Errorf("daemon: stderr %q", stderr)
	}
}

func anyStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			s, _ := x.(string)
			out = append(out, s)
		}
	}
	return out
}

func TestConfigNamesWhatItCannotUse(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	cfg := configPathOf(env)
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("theme = \"plaid\"\n[daemon]\ninterval = \"soon\"\nnotify = \"desktop\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, stderr, code := configDocOf(t, env)
	if code != exitError {
		t.Errorf("exit %d, want 1", code)
	}
	for _, k := range []string{"theme", "daemon.interval"} {
		if s := settingOf(t, doc, k); s.Problem == nil {
			t.Errorf("%s: no problem reported: %+v", k, s)
		}
	}
	if s := settingOf(t, doc, "daemon.notify"); s.Problem != nil {
		t.Errorf("daemon.notify: %v", *s.Problem)
	}
	for _, want := range []string{cfg + `:1: theme: no theme "plaid"`, cfg + `:3: daemon.interval: "soon" is not a duration`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// A value of the wrong type stops every command, naming the line.
	if err := os.WriteFile(cfg, []byte("\noffline = \"yes\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"config"}, {"balance"}} {
		_, stderr, code := run(t, env, args...)
		if code != exitError || !strings.Contains(stderr, "penny: config "+cfg+":2: offline must be true or false") {
			t.Errorf("penny %s: exit %d, stderr %q", args[0], code, stderr)
		}
	}
	// A --config file that is not there is an error; the default one may be
	// missing.
	if _, stderr, code := run(t, env, "config", "--config", filepath.Join(env["HOME"], "nope.toml")); code != exitError || !strings.Contains(stderr, "nope.toml") {
		t.Errorf("a missing --config: exit %d, stderr %q", code, stderr)
	}
}

func TestConfigInitWritesACommentedDefaultFile(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	cfg := configPathOf(env)
	out, stderr, code := run(t, env, "config", "--init")
	if code != 0 || !strings.Contains(out, "Wrote "+cfg) {
		t.Fatalf("--init: exit %d: %s%s", code, out, stderr)
	}
	fi, err := os.Stat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	di, err := os.Stat(filepath.Dir(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Errorf("the file is %v in a folder %v, want 0600 in 0700", fi.Mode().Perm(), di.Mode().Perm())
	}
	written, _ := os.ReadFile(cfg)
	// It sets nothing: every value is still a default.
	doc, stderr, code := configDocOf(t, env)
	if code != 0 || stderr != "" || !doc.Exists {
		t.Fatalf("after --init: exit %d, stderr %q", code, stderr)
	}
	for _, s := range doc.Settings {
		if s.Source != "default" {
			t.Errorf("the written file sets %s", s.Key)
		}
		if !strings.Contains(string(written), "# "+s.Key[strings.LastIndex(s.Key, ".")+1:]+" = ") {
			t.Errorf("the written file does not show %s:\n%s", s.Key, written)
		}
	}
	// Uncommented, every line is a key Penny reads and can use.
	on := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`).ReplaceAll(written, []byte("$1"))
	if err := os.WriteFile(cfg, on, 0o600); err != nil {
		t.Fatal(err)
	}
	doc, stderr, code = configDocOf(t, env)
	if code != 0 || stderr != "" || len(doc.Unknown) != 0 {
		t.Fatalf("uncommented: exit %d, stderr %q, unknown %+v\n%s", code, stderr, doc.Unknown, on)
	}
	for _, s := range doc.Settings {
		if s.Source != "file" {
			t.Errorf("uncommented, %s comes from %s", s.Key, s.Source)
		}
	}
	// It never replaces a file without --force.
	_, stderr, code = run(t, env, "config", "--init")
	if now, _ := os.ReadFile(cfg); code != exitError || string(now) != string(on) || !strings.Contains(stderr, "--force") {
		t.Errorf("--init over a file: exit %d, stderr %q; the file changed: %v", code, stderr, string(now) != string(on))
	}
	if _, stderr, code := run(t, env, "config", "--init", "--force"); code != 0 {
		t.Fatalf("--init --force: exit %d: %s", code, stderr)
	}
	if now, _ := os.ReadFile(cfg); string(now) != string(written) {
		t.Error("--init --force did not write the defaults again")
	}
	if _, _, code := run(t, env, "config", "--force"); code != exitUsage {
		t.Errorf("--force without --init: exit %d, want 2", code)
	}
}
