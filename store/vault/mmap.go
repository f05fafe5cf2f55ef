package vault

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps a vault file read-only. Reading it through a mapping saves a
// full copy of the file on every open; the rename that replaces a vault does
// not disturb an existing mapping.
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
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// Some file systems cannot map; read the file instead.
		b, err := os.ReadFile(path)
		return b, func() {}, err
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}
