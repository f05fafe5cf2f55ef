package vault

import "golang.org/x/sys/unix"

// populate maps every page of a vault file at once (MAP_POPULATE).
const populate = unix.MAP_POPULATE

// hugePages asks for transparent huge pages for a large buffer.
func hugePages(b []byte) { _ = unix.Madvise(b, unix.MADV_HUGEPAGE) }
