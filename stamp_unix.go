//go:build unix

package main

import (
	"os"
	"syscall"
)

// inode is the file's inode number: a save renames a new file in.
func inode(fi os.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Ino)
	}
	return 0
}
