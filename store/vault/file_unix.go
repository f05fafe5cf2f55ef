//go:build unix

package vault

import (
	"os"
	"syscall"
)

// fileIdentity is the file's device and inode: a full save renames a new
// file over the vault, so a new inode means another process saved (a
// delta save appends to it, which moves its size).
func fileIdentity(fi os.FileInfo) (dev, ino uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Dev), uint64(st.Ino)
	}
	return 0, 0
}

// canSyncDir: an fsync of the folder makes a rename in it durable.
const canSyncDir = true

// replaceFile renames from over to, atomically.
func replaceFile(from, to string) error { return os.Rename(from, to) }
