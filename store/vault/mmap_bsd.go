//go:build unix && !linux

package vault

import "os"

// populate is nothing where MAP_POPULATE does not exist: pages fault in as
// they are read.
const populate = 0

// hugePages is Linux's: nothing to ask for here.
func hugePages([]byte) {}

// startWriteback is Linux's: the fsync does all the writing here.
func startWriteback(*os.File, int64, int64) {}
