// Package hugeheap asks the kernel to back the Go heap with transparent huge
// pages before work that allocates a lot.
//
// Every 4 KiB page the heap touches for the first time costs the process a
// page fault; on virtual machines each fault takes 10 µs and more (measured
// 14 µs on the 2-core machine of the README's figures), so a 100k-row
// import, which touches about 200 MiB, spent 0.6 s of its 1.6 s in faults.
// A huge page is one fault for 2 MiB. Go stopped asking for huge pages
// itself (Go 1.21.1), and on Linux's usual setting (transparent_hugepage
// "madvise") a mapping gets them only when asked: Reserve grows the heap
// by n bytes at once with one large allocation, which maps the address
// range without touching it, asks for huge pages there (madvise
// MADV_HUGEPAGE) and lets the allocation go. The heap then grows into that
// range, lowest addresses first. Untouched pages cost address space, not
// memory.
package hugeheap

// MiB is a mebibyte, for sizes given to Reserve.
const MiB = 1 << 20

// Reserve asks for huge pages under the next n bytes of the Go heap. It does
// nothing where the system has no transparent huge pages.
func Reserve(n int) {
	if n <= 0 {
		return
	}
	reserve(n)
}
