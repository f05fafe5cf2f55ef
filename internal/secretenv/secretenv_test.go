package secretenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestSecretsAreTakenOutOfTheEnvironment(t *testing.T) {
	t.Setenv("PENNY_PASSPHRASE", "s3cret-pass")
	t.Setenv("PENNY_BACKUP_PASSPHRASE", "s3cret-backup")
	kept := take(os.Getenv, os.Unsetenv, Names)
	if kept["PENNY_PASSPHRASE"] != "s3cret-pass" || kept["PENNY_BACKUP_PASSPHRASE"] != "s3cret-backup" {
		t.Fatalf("what was taken: %q", kept)
	}
	if _, ok := os.LookupEnv("PENNY_PASSPHRASE"); ok {
		t.Fatal("PENNY_PASSPHRASE is still in the process environment")
	}
	out, err := exec.Command("env").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "s3cret") {
		t.Fatalf("a child inherits the passphrase:\n%s", out)
	}
}

func TestGetenvAnswersOthersFromTheEnvironment(t *testing.T) {
	t.Setenv("PENNY_SECRETENV_OTHER", "plain")
	if Getenv("PENNY_SECRETENV_OTHER") != "plain" || Getenv("HOME") != os.Getenv("HOME") {
		t.Fatal("other variables are not passed through")
	}
}
