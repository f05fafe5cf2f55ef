package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// hugePages asks for transparent huge pages for a large buffer.
func hugePages(b []byte) { _ = unix.Madvise(b, unix.MADV_HUGEPAGE) }

// startWriteback asks the kernel to start writing n bytes of f from off to
// the disk now, without waiting (sync_file_range with WRITE only), so the
// fsync at the end of a save waits for the tail rather than the whole file.
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
