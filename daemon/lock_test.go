package daemon

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestRunningTellsWhetherTheLockIsHeld(t *testing.T) {
	dir := t.TempDir()
	if pid, ok := Running(dir); ok || pid != 0 {
		t.Fatalf("no daemon ever ran: Running = %d, %v", pid, ok)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Running created the lock file: %v", err)
	}
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		// Asking again and again leaves the holder holding.
		if pid, ok := Running(dir); !ok || pid != os.Getpid() {
			t.Fatalf("held: Running = %d, %v; want %d, true", pid, ok, os.Getpid())
		}
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if pid, ok := Running(dir); ok {
		t.Fatalf("released: Running = %d, %v", pid, ok)
	}
	// A lock file left behind, pid and all, is no daemon.
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if pid, ok := Running(dir); ok {
		t.Fatalf("a stale file: Running = %d, %v", pid, ok)
	}
	l, err = Acquire(dir)
	if err != nil {
		t.Fatalf("a stale file kept the lock from being taken: %v", err)
	}
	l.Release()
}

func TestASecondDaemonIsRefusedWithThePid(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = Acquire(dir)
	var re *RunningError
	if !errors.As(err, &re) || re.PID != os.Getpid() || re.Dir != dir {
		t.Fatalf("second Acquire: %v", err)
	}
	if want := "(pid " + strconv.Itoa(os.Getpid()) + ")"; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("the message names neither the pid nor the folder: %q", err)
	}
	info, err := os.Stat(filepath.Join(dir, LockFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("lock file: %v %v", info, err)
	}
}

func TestAcquireInAMissingFolder(t *testing.T) {
	_, err := Acquire(filepath.Join(t.TempDir(), "nothing here"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want one that wraps fs.ErrNotExist", err)
	}
}
