package prefault

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The ranges are the executable's code and read-only data: this test's
// own code lies in one of them.
func TestRangesHoldTheCode(t *testing.T) {
	pc := reflect.ValueOf(TestRangesHoldTheCode).Pointer()
	for _, r := range ranges() {
		if r[0] <= pc && pc < r[1] {
			return
		}
	}
	t.Fatalf("no range of %v holds the code at %#x", ranges(), pc)
}

// populate makes a file's read-only mapping resident at once, where a
// read would fault its pages in as they are touched.
func TestPopulateMapsAFileAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	const size = 8 << 20
	if err := os.WriteFile(path, make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(b)
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	// resident is the mapping's Rss in KiB: its pages in this process's
	// page tables.
	resident := func() int {
		smaps, err := os.ReadFile("/proc/self/smaps")
		if err != nil {
			t.Skipf("no smaps: %v", err)
		}
		in := false
		for _, line := range strings.Split(string(smaps), "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) > 0 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
				start, _, _ := strings.Cut(f[0], "-")
				a, _ := strconv.ParseUint(start, 16, 64)
				in = uintptr(a) == lo
			case in && len(f) > 1 && f[0] == "Rss:":
				kb, _ := strconv.Atoi(f[1])
				return kb
			}
		}
		t.Fatal("the mapping is not in /proc/self/smaps")
		return 0
	}
	if kb := resident(); kb > size>>10/2 {
		t.Fatalf("%d KiB resident before populate: the test cannot tell", kb)
	}
	if err := populate(lo, lo+size); err != nil {
		t.Skipf("this kernel does not populate (%v)", err)
	}
	if kb := resident(); kb != size>>10 {
		t.Fatalf("%d of %d KiB resident after populate", kb, size>>10)
	}
}
