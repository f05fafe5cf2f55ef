package vault

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// The file layout, all integers little-endian:
//
//	magic "PENNYVLT" | version u16 | header length u32 | cipher u8 | reserved u8 |
//	chunk size u32 | vault id [16] | body salt [32] | body length u64 |
//	body CRC-32C u32 | generation u64 (version 2 on) | slot count u8 |
//	slots (type u8, length u16, data) | SHA-256 of everything before it [32]
//
// then the body: the SQLite image in chunks of chunkSize bytes, each sealed
// with AES-256-GCM. The plain checksums (SHA-256 of the header, CRC-32C of the
// body) let Penny tell damage from a wrong key before any key is known; the
// AEAD, whose associated data covers the header, is what stops a
// deliberate change.
//
// The generation counts the saves: each save writes the one it loaded plus
// one, so a process that keeps the database in memory can tell from the
// header alone, without a key, that another process saved since it last
// looked. Being part of the authenticated header, it cannot be changed
// without the body failing to open. Version 1 files have no generation
// (it reads as 0). Version 3 is version 2's header and body followed by
// zero or more delta records (delta.go), each a later generation; every
// save writes version 3.
const (
	magic          = "PENNYVLT"
	formatVersion  = 3
	cipherAES256   = 1
	fixedHeaderLen = 8 + 2 + 4 + 1 + 1 + 4 + 16 + 32 + 8 + 4 + 8 + 1
	// fixedHeaderLenV1 is the fixed part of a version 1 header, which has
	// no generation.
	fixedHeaderLenV1 = fixedHeaderLen - 8
	checksumLen      = sha256.Size
	defaultChunk     = 64 << 10
	maxChunk         = 16 << 20
	maxHeaderLen     = 64 << 10
	tagLen           = 16
)

// Slot types.
const (
	slotKeyring    = 1
	slotPassphrase = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type slot struct {
	typ  byte
	data []byte
}

type header struct {
	version   uint16
	cipher    byte
	chunkSize uint32
	id        [16]byte
	bodySalt  [32]byte
	bodyLen   uint64
	bodyCRC   uint32
	// generation is the number of saves that made this file (0 for a
	// version 1 file).
	generation uint64
	slots      []slot
	// sum is the SHA-256 of the encoded header (before the checksum), set by
	// encode and parse.
	sum [32]byte
}

// authData is the associated data of every body chunk: the SHA-256 of the
// header with the body length and CRC zeroed, since those two are only known
// once the body is written. Everything that says how to read the body (the
// id, salt, chunk size, slots) is thus bound to it by the key.
func (h *header) authData() [32]byte {
	c := *h
	c.bodyLen, c.bodyCRC = 0, 0
	c.encode()
	return c.sum
}

// fixedLen is the size of the header's fixed part in h's version.
func (h *header) fixedLen() int {
	if h.version == 1 {
		return fixedHeaderLenV1
	}
	return fixedHeaderLen
}

func (h *header) encodedLen() int {
	n := h.fixedLen() + checksumLen
	for _, s := range h.slots {
		n += 3 + len(s.data)
	}
	return n
}

// encode lays the header out and sets h.sum.
func (h *header) encode() []byte {
	n := h.encodedLen()
	b := make([]byte, 0, n)
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint16(b, h.version)
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = append(b, h.cipher, 0)
	b = binary.LittleEndian.AppendUint32(b, h.chunkSize)
	b = append(b, h.id[:]...)
	b = append(b, h.bodySalt[:]...)
	b = binary.LittleEndian.AppendUint64(b, h.bodyLen)
	b = binary.LittleEndian.AppendUint32(b, h.bodyCRC)
	if h.version != 1 {
		b = binary.LittleEndian.AppendUint64(b, h.generation)
	}
	b = append(b, byte(len(h.slots)))
	for _, s := range h.slots {
		b = append(b, s.typ)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(s.data)))
		b = append(b, s.data...)
	}
	h.sum = sha256.Sum256(b)
	return append(b, h.sum[:]...)
}

// parseHeader reads and checks the header at the start of file. Every
// failure is damage: nothing here depends on a key.
func parseHeader(file []byte) (*header, int, error) {
	if len(file) < fixedHeaderLenV1+checksumLen {
		return nil, 0, fmt.Errorf("file too short for a header (%d bytes)", len(file))
	}
	if string(file[:8]) != magic {
		return nil, 0, fmt.Errorf("not a Penny vault (bad magic)")
	}
	version := binary.LittleEndian.Uint16(file[8:10])
	if version < 1 || version > formatVersion {
		return nil, 0, fmt.Errorf("format version %d is not supported (this Penny reads versions 1 to %d)", version, formatVersion)
	}
	fixed := fixedHeaderLen
	if version == 1 {
		fixed = fixedHeaderLenV1
	}
	n := int(binary.LittleEndian.Uint32(file[10:14]))
	if n < fixed+checksumLen || n > maxHeaderLen || n > len(file) {
		return nil, 0, fmt.Errorf("header length %d out of range", n)
	}
	sum := sha256.Sum256(file[:n-checksumLen])
	if string(sum[:]) != string(file[n-checksumLen:n]) {
		return nil, 0, fmt.Errorf("header checksum mismatch")
	}
	h := &header{sum: sum}
	h.version = version
	h.cipher = file[14]
	if h.cipher != cipherAES256 {
		return nil, 0, fmt.Errorf("unknown cipher %d", h.cipher)
	}
	h.chunkSize = binary.LittleEndian.Uint32(file[16:20])
	if h.chunkSize == 0 || h.chunkSize > maxChunk {
		return nil, 0, fmt.Errorf("chunk size %d out of range", h.chunkSize)
	}
	copy(h.id[:], file[20:36])
	copy(h.bodySalt[:], file[36:68])
	h.bodyLen = binary.LittleEndian.Uint64(file[68:76])
	h.bodyCRC = binary.LittleEndian.Uint32(file[76:80])
	if version != 1 {
		h.generation = binary.LittleEndian.Uint64(file[80:88])
	}
	count := int(file[fixed-1])
	p := fixed
	end := n - checksumLen
	for i := 0; i < count; i++ {
		if p+3 > end {
			return nil, 0, fmt.Errorf("key slot %d runs past the header", i)
		}
		typ := file[p]
		l := int(binary.LittleEndian.Uint16(file[p+1 : p+3]))
		p += 3
		if p+l > end {
			return nil, 0, fmt.Errorf("key slot %d runs past the header", i)
		}
		h.slots = append(h.slots, slot{typ: typ, data: append([]byte(nil), file[p:p+l]...)})
		p += l
	}
	if p != end {
		return nil, 0, fmt.Errorf("%d stray bytes after the key slots", end-p)
	}
	if s, ok := h.slot(slotPassphrase); ok {
		if len(s.data) != passphraseSlotLen {
			return nil, 0, fmt.Errorf("passphrase slot is %d bytes, not %d", len(s.data), passphraseSlotLen)
		}
		kdf, _ := passphraseSlotParams(s)
		if err := kdf.checkBounds(); err != nil {
			return nil, 0, err
		}
	}
	return h, n, nil
}

func (h *header) slot(typ byte) (slot, bool) {
	for _, s := range h.slots {
		if s.typ == typ {
			return s, true
		}
	}
	return slot{}, false
}

func (h *header) setSlot(s slot) {
	for i := range h.slots {
		if h.slots[i].typ == s.typ {
			h.slots[i] = s
			return
		}
	}
	h.slots = append(h.slots, s)
}
