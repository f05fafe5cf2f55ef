package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestTheSecondLockerIsToldTheHolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.lock")
	if _, held := Held(path); held {
		t.Fatal("Held before any lock")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Held created the file: %v", err)
	}
	l, _, err := TryLock(path, true)
	if err != nil {
		t.Fatal(err)
	}
	// A second open of the file is a second lock owner, as another
	// process would be.
	if _, pid, err := TryLock(path, true); !errors.Is(err, ErrLocked) || pid != os.Getpid() {
		t.Fatalf("second exclusive lock: pid %d, err %v; want ErrLocked naming pid %d", pid, err, os.Getpid())
	}
	if _, _, err := TryLock(path, false); !errors.Is(err, ErrLocked) {
		t.Fatalf("a shared lock beside an exclusive one: %v", err)
	}
	if pid, held := Held(path); !held || pid != os.Getpid() {
		t.Fatalf("Held = %d %v while locked", pid, held)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, held := Held(path); held {
		t.Fatal("Held after Release")
	}
	if b, err := os.ReadFile(path); err != nil || len(b) != 0 {
		t.Fatalf("after Release the file holds %q (%v); want it kept and empty", b, err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("a second Release: %v", err)
	}
	l2, _, err := TryLock(path, true)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	l2.Release()
}
