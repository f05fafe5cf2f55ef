package hugeheap

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

const hugePage = 2 << 20

func reserve(n int) {
	b := make([]byte, n)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first := (start + hugePage - 1) &^ (hugePage - 1)
	last := (start + uintptr(len(b))) &^ (hugePage - 1)
	if last > first {
		// Where transparent huge pages are off, this fails; the heap
		// then has the small pages it always had.
		_ = unix.Madvise(b[first-start:last-start], unix.MADV_HUGEPAGE)
	}
	// The range is free for the heap once a collection has seen the
	// allocation go; early in a process that is a small heap to mark.
	b = nil
	runtime.GC()
}
