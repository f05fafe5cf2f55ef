//go:build unix && !linux

package vault

import "os"

// hugePages is Linux's: nothing to ask for here.
func hugePages([]byte) {}

// startWriteback is Linux's: the fsync does all the writing here.
func startWriteback(*os.File, int64, int64) {}
