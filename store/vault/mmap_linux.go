package vault

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps a vault file read-only. Reading it through a mapping saves a
// full copy of the file on every open; MAP_POPULATE maps every page in one
// call instead of one page fault per 4 KiB; the rename that replaces a vault
// does not disturb an existing mapping.
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
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		// Some file systems cannot map; read the file instead.
		b, err := os.ReadFile(path)
		return b, func() {}, err
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}

// allocPlain returns a buffer for the decrypted database outside the Go heap,
// asking for transparent huge pages: touching a fresh 175 MiB buffer in 4 KiB
// pages cost tens of thousands of page faults per open. The buffer is never
// swapped lazily into the Go heap and is unmapped as soon as SQLite has its
// copy. Where mmap fails it falls back to the Go heap.
func allocPlain(n int) ([]byte, func()) {
	if n == 0 {
		return []byte{}, func() {}
	}
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS)
	if err != nil {
		return make([]byte, n), func() {}
	}
	_ = syscall.Madvise(b, madvHugepage)
	return b, func() { _ = syscall.Munmap(b) }
}

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14
