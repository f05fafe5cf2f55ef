//go:build unix

package detect

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "statement.ofx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.ofx")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.ofx")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for path, what := range map[string]string{fifo: "FIFO", zero: "character device", folder: "folder"} {
		done := make(chan error, 1)
		go func() {
			_, err := Read(path, Options{})
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), what) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: %v", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5 s", path)
		}
		if _, err := ReadHeadFirst(path, func([]byte) bool { return true }, nil); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadHeadFirst %s: %v", path, err)
		}
	}
}

func TestUnknownFormatIsToldFromTheHeadAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disk.img")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{0, 1, 2, 3, 0xff, 0xfe})
	if err := f.Truncate(200 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Read(path, Options{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("a disk image: %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Fatalf("telling a 200 MiB file's format allocated %d bytes", n)
	}
	kept, err := ReadHeadFirst(path, func(head []byte) bool { return Detect("disk.img", head) != "" }, nil)
	if err != nil || kept != nil {
		t.Fatalf("ReadHeadFirst of a file that is no bank's: %d bytes, %v", len(kept), err)
	}
}

func TestRulesFilesAreReadOnlyWhenRegular(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "bank.csv")
	os.WriteFile(csv, []byte("Date,Description,Amount\n2026-03-01,Coffee,-4.50\n"), 0o600)
	// A FIFO beside the file, named as its rules, is passed over.
	if err := syscall.Mkfifo(csv+".rules", 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Read(csv, Options{})
		done <- err
		_, err = Read(csv, Options{RulesFile: csv + ".rules"})
		done <- err
	}()
	for i, want := range []error{nil, ErrNotRegular} {
		select {
		case err := <-done:
			if !errors.Is(err, want) {
				t.Errorf("read %d: %v, want %v", i, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("still reading a FIFO rules file after 5 s")
		}
	}
}
