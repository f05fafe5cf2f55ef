package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportToAPrivateFileOrStdout(t *testing.T) {
	env, data := demoVault(t, 400)
	dir := t.TempDir()

	out := filepath.Join(dir, "money.beancount")
	if _, stderr, code := runBin(t, env, "export", "--out", out); code != 0 {
		t.Fatalf("export --out: exit %d: %s", code, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s is %v, want 0600", out, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), " open Assets:Everyday-Checking") {
		t.Errorf("the .beancount extension did not choose beancount:\n%.400s", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}

	stdout, stderr, code := runBin(t, env, "export", "--format", "json")
	if code != 0 {
		t.Fatalf("export --format json: exit %d: %s", code, stderr)
	}
	var doc struct {
		Transactions []struct {
			ID int64 `json:"id"`
		} `json:"transactions"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v", err)
	}
	if len(doc.Transactions) != len(data.Transactions) {
		t.Errorf("%d transactions exported, %d in the vault", len(doc.Transactions), len(data.Transactions))
	}

	for _, args := range [][]string{
		{"export"},                             // no format
		{"export", "--out", "money.txt"},       // no format from the name either
		{"export", "--format", "mt940"},        // not an export format
		{"export", "--format", "csv", "extra"}, // no arguments
		{"export", "--format", "csv", "--since", "2026-05-01", "--until", "2026-04-01"},
	} {
		if _, stderr, code := run(t, env, args...); code != exitUsage || stderr == "" {
			t.Errorf("penny %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr)
		}
	}
}
