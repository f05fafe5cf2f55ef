// Package prefault maps the program's code and read-only data into its
// page tables in one call as the process starts. A short command (`penny
// ask`, `penny balance`) otherwise faults them in a few pages at a time,
// hundreds of faults, which cost more than the mapping of all of them on
// a virtual machine where a fault is slow. Importing the package is
// enough; it does nothing where the kernel cannot (before Linux 5.14).
package prefault

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// populateRead is MADV_POPULATE_READ: fault the pages in, as reads would.
const populateRead = 22

func init() {
	for _, r := range ranges() {
		_ = populate(r[0], r[1])
	}
}

// populate maps the pages from lo to hi.
func populate(lo, hi uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, populateRead); errno != 0 {
		return errno
	}
	return nil
}

// ranges are the executable's mappings that are read and not written:
// its code and read-only data.
func ranges() [][2]uintptr {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return nil
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return nil
	}
	var out [][2]uintptr
	for _, line := range bytes.Split(maps, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) < 6 || string(f[5]) != exe || len(f[1]) < 2 || f[1][0] != 'r' || f[1][1] == 'w' {
			continue
		}
		a, b, ok := bytes.Cut(f[0], []byte("-"))
		if !ok {
			continue
		}
		lo, err1 := strconv.ParseUint(string(a), 16, 64)
		hi, err2 := strconv.ParseUint(string(b), 16, 64)
		if err1 != nil || err2 != nil || hi <= lo {
			continue
		}
		out = append(out, [2]uintptr{uintptr(lo), uintptr(hi)})
	}
	return out
}
