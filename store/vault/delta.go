package vault

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"os"
	"runtime"
	"slices"
	"sync"
)

// Delta records. A save that changed a small part of the database appends
// the 4 KiB blocks it changed to the vault file, sealed, instead of sealing
// and writing the whole database again: at a million transactions a full
// save writes 195 MiB (about 0.3 s on the README's machine, most of it the
// disk), while a 140-row import changes well under a megabyte. A save that
// changed more than 1/32 of the database is a full one (the usual temp file
// and rename), and so is one that would bring the log past an eighth of it.
//
// A version 3 file is the version 2 header and body, then zero or more
// records, each one generation after the one before it:
//
//	magic "PENNYDLT" | record length u64 | block count u32 |
//	CRC-32C of the three before it u32 | generation u64 | image length u64 |
//	salt [32] | block index u32 … | CRC-32C of the sealed blocks u32 |
//	SHA-256 of everything before it [32]
//
// then the blocks, in the order of their indices, each sealed on its own
// with AES-256-GCM under a key derived from the data key and the record's
// salt (new at every save), the nonce being the block's place in the record
// and a last-block flag (as the body's chunks). The associated data binds
// each block to its record's header and to the body's header, so a record
// cannot be moved to another vault or another base, and a forged or
// reordered record fails to open.
//
// Appending is not atomic, so a crash can leave the last record torn: cut
// short, or with parts that never reached the disk, which read as zeros. A
// last record that is cut short, or that fails its plain checksums and
// holds a zeroed 512-byte sector, is a save that never returned (each save
// fsyncs its record before it reports success): it is ignored, as SQLite
// ignores the frames of its write-ahead log after the last one that checks
// out, and the next save cuts it off. Anything else that fails is damage,
// so a flipped bit anywhere in a record is still told (sealed data has no
// zeroed sectors), and every block applied is authenticated.
//
// Which blocks changed is told by a 64-bit hash (hash/maphash, a random
// seed per process) of each block of the image as loaded or last saved,
// kept by writable vaults: 8 bytes per 4 KiB, 400 KB at a million
// transactions. Hashing costs about 10 ms per 100 MiB on the README's
// machine, done while the body is decrypted and again at each save.

const (
	deltaMagic = "PENNYDLT"
	// deltaBlock is the unit a record carries: SQLite's default page.
	deltaBlock = 4096
	// deltaPrefix is the magic, the length and the block count with
	// their CRC: what must be read before the rest of the header can be.
	deltaPrefix = 8 + 8 + 4 + 4
	// deltaFixed is the part of a record's header before the indices.
	deltaFixed = deltaPrefix + 8 + 8 + 32
	// sector is the unit a disk writes whole: a torn append shows a
	// zeroed one.
	sector = 512
	// deltaTrailer is the CRC-32C and the SHA-256 after the indices.
	deltaTrailer = 4 + checksumLen
	// maxDeltaRecords bounds the log whatever its size, so opening never
	// walks a long chain.
	maxDeltaRecords = 256
	// minDeltaLog is the smallest log a vault may hold before a full save,
	// so a small vault is not rewritten at every save either.
	minDeltaLog = 1 << 20
	// minDeltaRecord is the smallest bound on one record. A record may
	// hold up to 1/32 of the database: a save that changed more (a large
	// import) folds everything into a full save at once, where its blocks
	// would otherwise fill the log in a few saves and be decrypted again
	// at every open until then.
	minDeltaRecord = 256 << 10
)

// errTorn ends the log: what follows is a save that did not finish.
var errTorn = errors.New("torn record")

type record struct {
	length     uint64
	generation uint64
	imageLen   uint64
	salt       [32]byte
	blocks     []uint32
	crc        uint32
	// sum is the SHA-256 of the encoded header (before the checksum).
	sum [32]byte
	// off is where the record starts in the file.
	off int
}

func (r *record) headerLen() int { return deltaFixed + 4*len(r.blocks) + deltaTrailer }

func sealedBlocks(n int) uint64 { return uint64(n) * (deltaBlock + tagLen) }

// encode lays the record's header out and sets r.sum.
func (r *record) encode() []byte {
	b := make([]byte, 0, r.headerLen())
	b = append(b, deltaMagic...)
	b = binary.LittleEndian.AppendUint64(b, r.length)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(r.blocks)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	b = binary.LittleEndian.AppendUint64(b, r.generation)
	b = binary.LittleEndian.AppendUint64(b, r.imageLen)
	b = append(b, r.salt[:]...)
	for _, i := range r.blocks {
		b = binary.LittleEndian.AppendUint32(b, i)
	}
	b = binary.LittleEndian.AppendUint32(b, r.crc)
	r.sum = sha256.Sum256(b)
	return append(b, r.sum[:]...)
}

// authData is the associated data of a record's blocks: the body's (which
// covers the vault id, the body's salt and generation and the key slots) and
// the record's header with the CRC zeroed, since the CRC is only known once
// the blocks are sealed.
func (r *record) authData(base [32]byte) [32]byte {
	c := *r
	c.crc = 0
	c.encode()
	h := sha256.New()
	h.Write([]byte("penny vault delta"))
	h.Write(base[:])
	h.Write(c.sum[:])
	var ad [32]byte
	h.Sum(ad[:0])
	return ad
}

// parseRecord reads the record at the start of b, the rest of the file,
// which starts at offset off. It returns errTorn for what can only be read
// as a save cut short (torn), any other error for damage.
func parseRecord(b []byte, off int) (record, error) {
	var r record
	if len(b) < deltaPrefix {
		head := b[:min(len(b), len(deltaMagic))]
		if string(head) == deltaMagic[:len(head)] || zeros(head) {
			return r, errTorn
		}
		return r, fmt.Errorf("%d bytes after the last record are no record", len(b))
	}
	if string(b[:8]) != deltaMagic {
		if zeros(b[:min(len(b), sector)]) {
			return r, errTorn
		}
		return r, fmt.Errorf("%d bytes after the last record are no record", len(b))
	}
	if crc32.Checksum(b[:deltaPrefix-4], castagnoli) != binary.LittleEndian.Uint32(b[deltaPrefix-4:]) {
		return r, fmt.Errorf("a record's length checksum does not match")
	}
	r.length = binary.LittleEndian.Uint64(b[8:16])
	count := uint64(binary.LittleEndian.Uint32(b[16:20]))
	hlen := uint64(deltaFixed) + 4*count + deltaTrailer
	if count == 0 || r.length != hlen+sealedBlocks(int(count)) {
		return r, fmt.Errorf("record length %d does not fit its %d blocks", r.length, count)
	}
	if r.length > uint64(len(b)) {
		return r, errTorn
	}
	rec := b[:r.length]
	tornOrDamaged := func(what string) error {
		if int(r.length) == len(b) && zeroSector(rec, off) {
			return errTorn
		}
		return fmt.Errorf("%s does not match", what)
	}
	if sum := sha256.Sum256(rec[:hlen-checksumLen]); string(sum[:]) != string(rec[hlen-checksumLen:hlen]) {
		return r, tornOrDamaged("a record's header checksum")
	}
	r.crc = binary.LittleEndian.Uint32(rec[hlen-deltaTrailer:])
	if crc32.Checksum(rec[hlen:], castagnoli) != r.crc {
		return r, tornOrDamaged("a record's checksum")
	}
	copy(r.sum[:], rec[hlen-checksumLen:hlen])
	r.generation = binary.LittleEndian.Uint64(rec[deltaPrefix:])
	r.imageLen = binary.LittleEndian.Uint64(rec[deltaPrefix+8:])
	copy(r.salt[:], rec[deltaPrefix+16:deltaFixed])
	r.blocks = make([]uint32, count)
	for i := range r.blocks {
		r.blocks[i] = binary.LittleEndian.Uint32(rec[deltaFixed+4*i:])
	}
	if r.imageLen%deltaBlock != 0 || r.imageLen > 1<<40 {
		return r, fmt.Errorf("image length %d", r.imageLen)
	}
	for i, blk := range r.blocks {
		if uint64(blk) >= r.imageLen/deltaBlock || (i > 0 && blk <= r.blocks[i-1]) {
			return r, fmt.Errorf("block index %d out of order or past the image", blk)
		}
	}
	return r, nil
}

func zeros(b []byte) bool { return !slices.ContainsFunc(b, func(c byte) bool { return c != 0 }) }

// zeroSector reports whether b, which starts at file offset off, holds a
// whole disk sector of zeros: a part of an append that never reached the
// disk. Sealed blocks and headers never hold one.
func zeroSector(b []byte, off int) bool {
	for s := (sector - off%sector) % sector; s+sector <= len(b); s += sector {
		if zeros(b[s : s+sector]) {
			return true
		}
	}
	return false
}

// logState is where a vault file's log stands.
type logState struct {
	// gen is the generation of the last record (the body's without one).
	gen uint64
	// end is the file offset after the last record that checks out: where
	// the next record goes.
	end int64
	// bytes and records are what the log holds.
	bytes   int64
	records int
	// base is the body's plain length, image the database's after the
	// last record.
	base, image int64
}

// readLog walks the records after the body (checkHeader has read the
// header). Everything it checks needs no key.
func readLog(file []byte, hdr *header, hlen int) ([]record, logState, error) {
	base, err := plainLen(int(hdr.bodyLen), int(hdr.chunkSize))
	if err != nil {
		return nil, logState{}, err
	}
	start := hlen + int(hdr.bodyLen)
	st := logState{gen: hdr.generation, end: int64(start), base: int64(base), image: int64(base)}
	if hdr.version < 3 {
		return nil, st, nil
	}
	var recs []record
	for p := start; p < len(file); {
		r, err := parseRecord(file[p:], p)
		if errors.Is(err, errTorn) {
			break
		}
		n := len(recs) + 1
		if err != nil {
			return nil, st, fmt.Errorf("delta record %d: %v", n, err)
		}
		if n > maxDeltaRecords {
			return nil, st, fmt.Errorf("more than %d delta records", maxDeltaRecords)
		}
		if r.generation != st.gen+1 {
			return nil, st, fmt.Errorf("delta record %d is generation %d after %d", n, r.generation, st.gen)
		}
		if st.image%deltaBlock != 0 || int64(r.imageLen) < st.image {
			return nil, st, fmt.Errorf("delta record %d shrinks the database or does not fit its blocks", n)
		}
		// Every block the database grew by is in the record.
		grown := (int64(r.imageLen) - st.image) / deltaBlock
		var past int64
		for _, blk := range r.blocks {
			if int64(blk) >= st.image/deltaBlock {
				past++
			}
		}
		if past != grown {
			return nil, st, fmt.Errorf("delta record %d grows the database by %d blocks but carries %d", n, grown, past)
		}
		r.off = p
		recs = append(recs, r)
		p += int(r.length)
		st.gen, st.image = r.generation, int64(r.imageLen)
		st.bytes += int64(r.length)
		st.records++
		st.end = int64(p)
	}
	return recs, st, nil
}

// applyLog opens the records' blocks into image, which holds the body and
// is as long as the last record says. sums, when not nil, is kept as the
// hash of each block.
func applyLog(image, file []byte, recs []record, hdr *header, dataKey []byte, sums []uint64, seed maphash.Seed) error {
	base := hdr.authData()
	for n, r := range recs {
		aead, err := recordAEAD(dataKey, r.salt)
		if err != nil {
			return err
		}
		ad := r.authData(base)
		sealed := file[r.off+r.headerLen() : r.off+int(r.length)]
		var nonce [12]byte
		for j, blk := range r.blocks {
			at := int(blk) * deltaBlock
			in := sealed[j*(deltaBlock+tagLen) : (j+1)*(deltaBlock+tagLen)]
			chunkNonce(&nonce, uint64(j), j == len(r.blocks)-1)
			if _, err := aead.Open(image[at:at], nonce[:], in, ad[:]); err != nil {
				return fmt.Errorf("delta record %d, block %d: %w", n+1, blk, errAuth)
			}
			if sums != nil {
				sums[blk] = maphash.Bytes(seed, image[at:at+deltaBlock])
			}
		}
	}
	return nil
}

// recordAEAD is the cipher of a record's blocks: the body's key derivation
// with the record's own salt.
func recordAEAD(dataKey []byte, salt [32]byte) (cipher.AEAD, error) {
	key, err := bodyKey(dataKey, salt)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return newGCM(key)
}

// blockSums hashes every block of image on every core.
func blockSums(image []byte, seed maphash.Seed) []uint64 {
	sums := make([]uint64, len(image)/deltaBlock)
	workers := min(runtime.GOMAXPROCS(0), 4, max(len(sums)/1024, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * len(sums) / workers; i < (w+1)*len(sums)/workers; i++ {
				sums[i] = maphash.Bytes(seed, image[i*deltaBlock:(i+1)*deltaBlock])
			}
		})
	}
	wg.Wait()
	return sums
}

// tracks reports whether a database of n bytes in chunks of chunkSize can
// be followed block by block.
func tracks(n, chunkSize int) bool { return n%deltaBlock == 0 && chunkSize%deltaBlock == 0 }

// saveDelta appends the blocks that changed since the last load or save
// as one record. It reports false, having written nothing, when a full save
// is the one to make: the vault does not follow its blocks, the database
// shrank or is not in whole blocks, the record would pass 1/32 of the
// database or the log an eighth, or vault.penny.prev is missing or the same
// file as the vault (a key
// rotation's repair links them), which an append would change too. The
// caller holds the write lock and v.mu.
func (v *Vault) saveDelta(ctx context.Context) (bool, error) {
	if v.sums == nil || v.legacyV1 || v.hdr.version < 3 || v.log.records >= maxDeltaRecords {
		return false, nil
	}
	// Without an older file beside the vault (a new vault's first saves,
	// or .prev removed), or with .prev the vault itself (after a key
	// rotation), the save is a full one, which keeps the file before it as
	// .prev: damage to the one file must not reach every generation.
	if a, err := os.Stat(v.path); err != nil {
		return false, nil
	} else if b, err := os.Stat(v.path + ".prev"); err != nil || os.SameFile(a, b) {
		return false, nil
	}
	var (
		rec   record
		out   []byte
		sums  []uint64
		image int
	)
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	err = conn.Raw(func(dc any) error {
		c, ok := directLoader(dc)
		if !ok {
			return nil
		}
		img, ok := c.image()
		if !ok || len(img)%deltaBlock != 0 || int64(len(img)) < v.log.image {
			return nil
		}
		sums = blockSums(img, v.seed)
		for i, s := range sums {
			if i >= len(v.sums) || s != v.sums[i] {
				rec.blocks = append(rec.blocks, uint32(i))
			}
		}
		if len(rec.blocks) == 0 {
			// Every record carries a block, so every record is
			// authenticated: SQLite's first page, whose change counter a
			// commit moves anyway.
			rec.blocks = append(rec.blocks, 0)
		}
		rec.generation = v.log.gen + 1
		rec.imageLen = uint64(len(img))
		rec.length = uint64(rec.headerLen()) + sealedBlocks(len(rec.blocks))
		if int64(rec.length) > max(v.log.base/32, minDeltaRecord) || v.log.bytes+int64(rec.length) > max(v.log.base/8, minDeltaLog) {
			return nil
		}
		image = len(img)
		if _, err := rand.Read(rec.salt[:]); err != nil {
			return err
		}
		aead, err := recordAEAD(v.dataKey, rec.salt)
		if err != nil {
			return err
		}
		ad := rec.authData(v.hdr.authData())
		hl := rec.headerLen()
		out = make([]byte, hl, rec.length)
		var nonce [12]byte
		for j, blk := range rec.blocks {
			chunkNonce(&nonce, uint64(j), j == len(rec.blocks)-1)
			out = aead.Seal(out, nonce[:], img[int(blk)*deltaBlock:int(blk+1)*deltaBlock], ad[:])
		}
		rec.crc = crc32.Checksum(out[hl:], castagnoli)
		copy(out, rec.encode())
		return nil
	})
	conn.Close()
	if err != nil || out == nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return true, err
	}
	if err := v.appendRecord(out); err != nil {
		return true, err
	}
	v.log.gen = rec.generation
	v.log.end += int64(len(out))
	v.log.bytes += int64(len(out))
	v.log.records++
	v.log.image = int64(image)
	v.sums = sums
	v.seen = statFile(v.path)
	return true, nil
}

// appendRecord writes a record where the log ends, cutting off whatever a
// crashed save left after it, and makes it durable.
func (v *Vault) appendRecord(out []byte) error {
	f, err := os.OpenFile(v.path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = v.appendTo(f, out)
	return errors.Join(err, f.Close())
}

func (v *Vault) appendTo(f *os.File, out []byte) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	// The lock and BeginWrite's refresh make this the file this process
	// loaded or last saved; anything else is not for an append.
	if dev, ino := fileIdentity(fi); ino != v.seen.ino || dev != v.seen.dev || fi.Size() < v.log.end {
		return fmt.Errorf("the vault file changed under the write lock")
	}
	if fi.Size() > v.log.end {
		if err := f.Truncate(v.log.end); err != nil {
			return err
		}
	}
	if _, err := f.WriteAt(out, v.log.end); err != nil {
		_ = f.Truncate(v.log.end)
		return err
	}
	if err := f.Sync(); err != nil {
		// What reached the disk of it is a torn record at worst.
		_ = f.Truncate(v.log.end)
		return err
	}
	return nil
}
