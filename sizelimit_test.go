package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"penny/store/vault"
)

// runLimited runs the CLI in process with the vault size limit lowered to
// limitMiB.
func runLimited(t *testing.T, env map[string]string, limitMiB int64, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	c.sizeLimitMiB = limitMiB
	code := c.run(t.Context(), args)
	return out.String(), errb.String(), code
}

func TestImportPastTheSizeLimitIsRefusedBeforeInserting(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 60)
	d, key := oneAccount(3000)
	file := writeFile(t, env["HOME"], "big.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	before, _ := os.ReadFile(vaultFile(env))
	_, stderr, code := runLimited(t, env, 2, "import", file)
	if code != exitError || !strings.Contains(stderr, "the vault would exceed 2 MiB") || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("import past the limit: exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("a refused import changed the vault")
	}
	// Under the normal limit the same file goes in.
	if _, stderr, code := run(t, env, "import", file); code != 0 {
		t.Fatalf("import under the limit: exit %d: %s", code, stderr)
	}
}

func TestImportReachingTheLimitWhileInsertingSaysSo(t *testing.T) {
	t.Parallel()
	env, _ := demoVault(t, 60)
	d, key := oneAccount(3000)
	file := writeFile(t, env["HOME"], "big.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	before, _ := os.ReadFile(vaultFile(env))
	v, err := openSealed(t.Context(), vaultFile(env), vault.OpenOptions{
		Passphrase: func() ([]byte, error) { return []byte(env["PENNY_PASSPHRASE"]), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, rowsBefore, err := counts(t.Context(), v.Store())
	if err != nil {
		t.Fatal(err)
	}
	// The estimate passes (the limit is 1024 MiB), but the database is
	// allowed only a few more pages than it has: the insert reaches them.
	size, err := dbSize(t.Context(), v.DB())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetSizeLimit(t.Context(), size+64<<10); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	c := newCLI(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	err = c.runImport(t.Context(), v, []string{file}, importOptions{})
	if err == nil || exitCode(err) != exitError || !strings.Contains(err.Error(), "the vault would exceed 1024 MiB") ||
		strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "rollback") {
		t.Fatalf("import reaching the limit: %v", err)
	}
	if after, _ := os.ReadFile(vaultFile(env)); !bytes.Equal(after, before) {
		t.Fatal("an import that reached the limit changed the vault")
	}
	// Nothing of it is in the open database either.
	if _, rows, err := counts(t.Context(), v.Store()); err != nil || rows != rowsBefore {
		t.Fatalf("after the refused import the vault holds %d transactions (%v), before %d", rows, err, rowsBefore)
	}
}
