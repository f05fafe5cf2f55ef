//go:build unix && !linux

package vault

// populate is nothing where MAP_POPULATE does not exist: pages fault in as
// they are read.
const populate = 0

// hugePages is Linux's: nothing to ask for here.
func hugePages([]byte) {}
