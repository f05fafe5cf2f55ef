package vault

import (
	"fmt"
	"os"
)

// bodySrc is a vault file's body, read in spans. Where the file is open
// (f), a span is read into the caller's buffer; else it is a slice of the
// file's bytes (mem), which are in memory or mapped. Reading the body of
// a mapped file through its mapping costs a fault for every page touched
// for the first time, and on a virtual machine each of those is dear: a
// 21 MB body checksummed through the mapping took 12–16 ms here, read
// into one reused 256 KiB buffer 5–8 ms (both on one core).
type bodySrc struct {
	mem []byte // the body; its length is the body's
	f   *os.File
	off int64 // where the body starts in f
}

// bodyIn is the body of a file whose header checkHeader read: file is its
// bytes, f (may be nil) the open file they were mapped from.
func bodyIn(file []byte, f *os.File, hdr *header, hlen int) bodySrc {
	return bodySrc{mem: bodyOf(file, hdr, hlen), f: f, off: int64(hlen)}
}

// memBody is a body held in memory.
func memBody(b []byte) bodySrc { return bodySrc{mem: b} }

func (b bodySrc) len() int { return len(b.mem) }

// span returns the len(buf) bytes of the body at off: buf filled from the
// file, or a slice of the bytes in memory. off and len(buf) stay within
// the body.
func (b bodySrc) span(buf []byte, off int) ([]byte, error) {
	if b.f == nil {
		return b.mem[off : off+len(buf)], nil
	}
	if _, err := b.f.ReadAt(buf, b.off+int64(off)); err != nil {
		return nil, fmt.Errorf("read the body at %d: %w", off, err)
	}
	return buf, nil
}
