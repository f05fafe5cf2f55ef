//go:build unix

package daemon

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestAFileThatIsNotRegularIsReportedOnce(t *testing.T) {
	f := newFixture(t)
	d := f.daemon()
	pipe := filepath.Join(f.dir, "pipe.ofx")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := d.Round(context.Background()); r.Count(NotRegular) != 1 || len(r.Files) != 1 {
		t.Fatalf("first round: %s", outcomes(r))
	}
	if r := d.Round(context.Background()); len(r.Files) != 0 {
		t.Fatalf("second round: %s", outcomes(r))
	}
	if n := f.logged("not a regular file"); n != 1 {
		t.Fatalf("said %d times:\n%s", n, strings.Join(f.logs, "\n"))
	}
	// Gone, then back: said again.
	os.Remove(pipe)
	d.Round(context.Background())
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := d.Round(context.Background()); r.Count(NotRegular) != 1 {
		t.Fatalf("back: %s", outcomes(r))
	}
}
