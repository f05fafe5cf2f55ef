//go:build unix

package vault

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// mapFile maps a vault file read-only, and keeps it open: the header and
// the delta records are read through the mapping (only their pages are
// touched), the body, read whole or a chunk at a time, from the open file
// into a buffer the reader reuses (bodySrc), which costs less than a fault
// on every page of it. Neither copies the whole file; the rename that
// replaces a vault disturbs neither. The file is nil where the file was read
// into memory instead. The release it returns may be called more than once.
func mapFile(path string) ([]byte, *os.File, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	size := st.Size()
	if size == 0 {
		f.Close()
		return []byte{}, nil, func() {}, nil
	}
	if size != int64(int(size)) {
		f.Close()
		return nil, nil, nil, fmt.Errorf("file too large (%d bytes)", size)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		// Some file systems cannot map; read the file instead.
		f.Close()
		b, err := os.ReadFile(path)
		return b, nil, func() {}, err
	}
	// Callers let the mapping go as soon as the body is decrypted and
	// again on the way out: the second call must not unmap whatever the
	// address range holds by then.
	var once sync.Once
	return b, f, func() {
		once.Do(func() {
			_ = unix.Munmap(b)
			f.Close()
		})
	}, nil
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
