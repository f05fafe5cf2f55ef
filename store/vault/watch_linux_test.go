package vault

import (
	"encoding/binary"
	"syscall"
	"testing"
)

// event lays out one inotify event as the kernel does: wd, mask, cookie,
// len, then the name padded with NULs.
func event(mask uint32, name string) []byte {
	n := (len(name) + 1 + 15) / 16 * 16
	b := make([]byte, syscall.SizeofInotifyEvent+n)
	binary.NativeEndian.PutUint32(b[0:], 1)
	binary.NativeEndian.PutUint32(b[4:], mask)
	binary.NativeEndian.PutUint32(b[12:], uint32(n))
	copy(b[syscall.SizeofInotifyEvent:], name)
	return b
}

func TestTouchesPicksTheVaultOutOfAFolder(t *testing.T) {
	batch := append(event(syscall.IN_CREATE, "vault.penny.tmp-123"), event(syscall.IN_CLOSE_WRITE, "vault.penny.lock")...)
	if touches(batch, FileName) {
		t.Error("temp and lock files were taken for the vault")
	}
	if !touches(append(batch, event(syscall.IN_MOVED_TO, FileName)...), FileName) {
		t.Error("the rename that lands a save was missed")
	}
	if touches(event(syscall.IN_MOVED_TO, FileName+".prev"), FileName) {
		t.Error("vault.penny.prev was taken for the vault")
	}
	if !touches(event(syscall.IN_Q_OVERFLOW, ""), FileName) {
		t.Error("a lost batch of events (queue overflow) must count as a change")
	}
	if touches(event(syscall.IN_MOVED_TO, FileName)[:10], FileName) {
		t.Error("a truncated event was read")
	}
}
