//go:build !unix

package vault

import "os"

// mapFile reads the whole vault file: without mmap (Windows) the file is
// read into the Go heap. Reading it at once, rather than keeping it open,
// also keeps the time short in which another process's save cannot rename
// over it (Windows refuses to replace a file that is open).
func mapFile(path string) ([]byte, *os.File, func(), error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	return b, nil, func() {}, nil
}

// allocPlain returns a buffer on the Go heap for the decrypted database.
func allocPlain(n int) ([]byte, func()) {
	return make([]byte, n), func() {}
}

// hugePages is Linux's: nothing to ask for here.
func hugePages([]byte) {}

// startWriteback is Linux's: the fsync does all the writing here.
func startWriteback(*os.File, int64, int64) {}
