//go:build unix

package vault

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// mapFile maps a vault file read-only. Reading it through a mapping saves a
// full copy of the file on every open; on Linux MAP_POPULATE (populate)
// maps every page in one call instead of one page fault per 4 KiB; the
// rename that replaces a vault does not disturb an existing mapping. The
// release it returns may be called more than once.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 {
		return []byte{}, func() {}, nil
	}
	if size != int64(int(size)) {
		return nil, nil, fmt.Errorf("file too large (%d bytes)", size)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED|populate)
	if err != nil {
		// Some file systems cannot map; read the file instead.
		b, err := os.ReadFile(path)
		return b, func() {}, err
	}
	// Callers let the mapping go as soon as the body is decrypted and
	// again on the way out: the second call must not unmap whatever the
	// address range holds by then.
	var once sync.Once
	return b, func() { once.Do(func() { _ = unix.Munmap(b) }) }, nil
}

// allocPlain returns a buffer for the decrypted database outside the Go
// heap, unmapped as soon as SQLite has its copy, so the heap does not keep
// a database-sized hole; on Linux it asks for transparent huge pages
// (hugePages): touching a fresh 175 MiB buffer in 4 KiB pages cost tens of
// thousands of page faults per open. Where mmap fails it falls back to the
// Go heap.
func allocPlain(n int) ([]byte, func()) {
	if n == 0 {
		return []byte{}, func() {}
	}
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return make([]byte, n), func() {}
	}
	hugePages(b)
	return b, func() { _ = unix.Munmap(b) }
}
