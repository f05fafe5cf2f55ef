package notify

import (
	"slices"
	"testing"
)

func TestChildEnvIsMinimal(t *testing.T) {
	env := map[string]string{"PATH": "/usr/bin", "HOME": "/home/u", "PENNY_PASSPHRASE": "secret",
		"PENNY_BACKUP_PASSPHRASE": "secret2", "AWS_SECRET_ACCESS_KEY": "x", "LANG": "en_US.UTF-8"}
	got := ChildEnv(func(k string) string { return env[k] })
	want := []string{"PATH=/usr/bin", "HOME=/home/u", "LANG=en_US.UTF-8"}
	if !slices.Equal(got, want) {
		t.Fatalf("ChildEnv = %q, want %q", got, want)
	}
}
