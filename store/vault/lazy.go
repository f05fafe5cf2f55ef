package vault

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"time"

	sqlitevfs "modernc.org/sqlite/vfs"
)

// A read-only open that asks for it (OpenOptions.Lazy) does not decrypt the
// whole database before the first query. Most commands read a small part
// of it: `penny ask` reads the kept totals, a few hundred KiB of a 20 MiB
// database at 100k transactions, yet decrypting all of it into fresh
// memory was a quarter of the answer (and at a million transactions, most
// of it). Such a vault's database is a read-only SQLite file behind a VFS
// (modernc.org/sqlite/vfs over an fs.FS) whose reads authenticate and
// decrypt each 64 KiB chunk the first time SQLite asks for a byte of it,
// with the delta records' blocks laid over it, into memory the vault owns
// and wipes on close.
//
// What the full decryption checked at open is still checked, without
// decrypting: the last chunk at open, which carries the STREAM last flag
// (so a body cut at a chunk boundary, its header's length and CRC refit, is
// told), and the body's plain CRC-32C beside the queries, which Vault.Damage
// waits for and the CLI asks before it prints (so a flipped bit anywhere is
// damage, exit 4, with nothing shown). What a lazy open cannot tell is a
// chunk forged with its CRC refit where nothing reads it; the AEAD refuses
// it the moment anything does (lazyImage.err, exit 4), and a forged chunk
// nothing reads has no part in any answer.

// lazyName is the name the database file has inside its VFS.
const lazyName = "vault.db"

// lazyImage is a read-only vault's database, decrypted a chunk at a time.
type lazyImage struct {
	mu sync.Mutex
	// file is the vault file's mapping, held until close.
	file    []byte
	release func()
	body    bodySrc
	// sealed holds a sealed chunk read from the file (bodySrc).
	sealed []byte
	chunk  int
	chunks int // sealed chunks in the body
	base   int // the body's plaintext length
	size   int // the database's length, after the records
	aead   cipher.AEAD
	ad     [32]byte
	// over is, for each block a delta record carries, where its newest
	// copy is.
	over    map[uint32]blockRef
	recs    []record
	recAEAD []cipher.AEAD
	recAD   [][32]byte
	// plain holds the units decrypted so far, one after the other in the
	// order they were read (not at their place in the database, which
	// scattered a few hundred KiB over the whole image's huge pages);
	// slot is where each unit is (its place in plain plus one, 0 while
	// not decrypted) and used how many slots hold one.
	plain     []byte
	freePlain func()
	slot      []int32
	used      int
	// err is the first chunk that failed to authenticate, or the body's
	// failed checksum: every read fails after it.
	err error
	// check is the body's plain checksum, running since the open; nil
	// once its answer is in err.
	check func() error
	vfs   *sqlitevfs.FS
}

// blockRef is a block's place in the records: record rec, position pos.
type blockRef struct{ rec, pos int32 }

// lazyFits says whether a database can be read lazily: its body is not
// empty (the last chunk then holds data), and it and the chunks are in
// whole blocks, as the records are.
func lazyFits(hdr *header, log logState) bool {
	return log.base > 0 && tracks(int(log.base), int(hdr.chunkSize)) && tracks(int(log.image), deltaBlock)
}

// newLazyImage prepares the reads and checks the last chunk's flag.
// check is the body's plain checksum, which Open started and damage waits
// for. It takes over file's mapping (release), also when it fails.
func newLazyImage(hdr *header, file []byte, body bodySrc, release func(), recs []record, log logState, dataKey []byte, check func() error) (*lazyImage, error) {
	l := &lazyImage{file: file, release: release, body: body, chunk: int(hdr.chunkSize),
		base: int(log.base), size: int(log.image), ad: hdr.authData(), recs: recs, check: check}
	ok := false
	defer func() {
		if !ok {
			l.close()
		}
	}()
	sealed := l.chunk + tagLen
	l.chunks = (l.body.len() + sealed - 1) / sealed
	l.sealed = make([]byte, sealed)
	key, err := bodyKey(dataKey, hdr.bodySalt)
	if err != nil {
		return nil, err
	}
	l.aead, err = newGCM(key)
	clear(key)
	if err != nil {
		return nil, err
	}
	l.over = make(map[uint32]blockRef)
	for i, r := range recs {
		aead, err := recordAEAD(dataKey, r.salt)
		if err != nil {
			return nil, err
		}
		l.recAEAD = append(l.recAEAD, aead)
		l.recAD = append(l.recAD, r.authData(l.ad))
		for j, blk := range r.blocks {
			l.over[blk] = blockRef{rec: int32(i), pos: int32(j)}
		}
	}
	units := (l.size + l.chunk - 1) / l.chunk
	l.plain, l.freePlain = allocPlain(units * l.chunk)
	l.slot = make([]int32, units)
	// The last chunk, whose flag says the body ends there.
	if err := l.load(l.chunks - 1); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	ok = true
	return l, nil
}

// load decrypts unit u of the database (the chunk-sized span at u·chunk)
// into the next slot: the body's chunk u, then the newest copy of each
// block the records carry in that span.
func (l *lazyImage) load(u int) error {
	if l.slot[u] != 0 {
		return nil
	}
	lo, hi := u*l.chunk, min((u+1)*l.chunk, l.size)
	dst := l.plain[l.used*l.chunk : l.used*l.chunk+hi-lo]
	var nonce [12]byte
	if lo < l.base {
		sealed := l.chunk + tagLen
		start := u * sealed
		end := min(start+sealed, l.body.len())
		ct, err := l.body.span(l.sealed[:end-start], start)
		if err != nil {
			return err
		}
		chunkNonce(&nonce, uint64(u), u == l.chunks-1)
		if _, err := l.aead.Open(dst[:0], nonce[:], ct, l.ad[:]); err != nil {
			return fmt.Errorf("chunk %d of %d: %w", u+1, l.chunks, errAuth)
		}
	}
	if len(l.over) > 0 {
		for blk := lo / deltaBlock; blk < hi/deltaBlock; blk++ {
			ref, ok := l.over[uint32(blk)]
			if !ok {
				continue
			}
			r := &l.recs[ref.rec]
			j := int(ref.pos)
			at := r.off + r.headerLen() + j*(deltaBlock+tagLen)
			chunkNonce(&nonce, uint64(j), j == len(r.blocks)-1)
			out := blk*deltaBlock - lo
			if _, err := l.recAEAD[ref.rec].Open(dst[out:out], nonce[:], l.file[at:at+deltaBlock+tagLen], l.recAD[ref.rec][:]); err != nil {
				return fmt.Errorf("delta record %d, block %d: %w", ref.rec+1, blk, errAuth)
			}
		}
	}
	l.used++
	l.slot[u] = int32(l.used)
	return nil
}

// unit is unit u's bytes, decrypted.
func (l *lazyImage) unit(u int) []byte {
	at := int(l.slot[u]-1) * l.chunk
	return l.plain[at : at+min(l.chunk, l.size-u*l.chunk)]
}

// get returns unit u, decrypting it first if need be, with l.mu held. The
// first failure is kept: every read after it fails, and so does a read of
// a dropped image.
func (l *lazyImage) get(u int) ([]byte, error) {
	switch {
	case l.err != nil:
		return nil, l.err
	case l.plain == nil:
		return nil, fs.ErrClosed
	}
	if err := l.load(u); err != nil {
		l.err = fmt.Errorf("%w: %v", ErrDamaged, err)
		return nil, l.err
	}
	return l.unit(u), nil
}

// readAt reads the database like a file, decrypting what it has not yet.
func (l *lazyImage) readAt(p []byte, off int64) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if off < 0 || off >= int64(l.size) {
		return 0, io.EOF
	}
	end := min(int(off)+len(p), l.size)
	n := 0
	for at := int(off); at < end; {
		u := at / l.chunk
		b, err := l.get(u)
		if err != nil {
			return 0, err
		}
		c := copy(p[n:end-int(off)], b[at-u*l.chunk:])
		n += c
		at += c
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// fill decrypts what is left of the image and copies all of it to dst.
func (l *lazyImage) fill(dst []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for u := range l.slot {
		b, err := l.get(u)
		if err != nil {
			return err
		}
		copy(dst[u*l.chunk:], b)
	}
	return nil
}

// dropped reports whether the image is gone (closed, or replaced by a
// full load).
func (l *lazyImage) dropped() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.plain == nil
}

// damage is the damage a read or the body's checksum found, if any: it
// waits for the checksum.
func (l *lazyImage) damage() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.checked()
	return l.err
}

// checked waits for the body's checksum and keeps its failure as the
// image's damage (unless a read failed first). The caller holds l.mu.
func (l *lazyImage) checked() {
	if l.check == nil {
		return
	}
	if err := l.check(); err != nil && l.err == nil {
		l.err = fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	l.check = nil
}

// dropImage wipes and frees what was decrypted and lets the file go: the
// database no longer reads it (closed, or replaced by a full load).
func (l *lazyImage) dropImage() {
	l.mu.Lock()
	defer l.mu.Unlock()
	// The checksum reads the file: it ends before the file closes.
	l.checked()
	if l.plain != nil {
		clear(l.plain[:l.used*l.chunk])
		l.freePlain()
		l.plain, l.slot = nil, nil
	}
	if l.release != nil {
		l.release()
		l.release = nil
	}
	l.body, l.file = bodySrc{}, nil
}

// close drops the image and unregisters the VFS; the database must be
// closed first.
func (l *lazyImage) close() error {
	l.dropImage()
	if l.vfs != nil {
		err := l.vfs.Close()
		l.vfs = nil
		return err
	}
	return nil
}

// openDB registers the image as a read-only file system with SQLite and
// opens it on one connection, as newMemDB does: a reload deserializes a
// full image into that connection (Refresh).
func (l *lazyImage) openDB(ctx context.Context) (*sql.DB, error) {
	name, vfs, err := sqlitevfs.New(lazyFS{l})
	if err != nil {
		return nil, fmt.Errorf("vault: open database: %w", err)
	}
	l.vfs = vfs
	// immutable: SQLite takes no locks and looks for no journal; the file
	// cannot change under it.
	db, err := sql.Open("sqlite", "file:"+lazyName+"?vfs="+name+"&mode=ro&immutable=1")
	if err != nil {
		return nil, fmt.Errorf("vault: open database: %w", err)
	}
	oneConnection(db)
	// Reading the schema is what loadImage checks of a full image.
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema").Scan(&n); err != nil {
		db.Close()
		if derr := l.damage(); derr != nil {
			return nil, derr
		}
		return nil, fmt.Errorf("database image: %w", err)
	}
	if err := setConnection(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("vault: open database: %w", err)
	}
	return db, nil
}

// lazyFS is the one-file file system SQLite reads the image through.
type lazyFS struct{ l *lazyImage }

func (f lazyFS) Open(name string) (fs.File, error) {
	if name != lazyName {
		// The journal, the WAL: there are none.
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &lazyFile{l: f.l}, nil
}

type lazyFile struct {
	l   *lazyImage
	off int64
}

func (f *lazyFile) Read(p []byte) (int, error) {
	n, err := f.l.readAt(p, f.off)
	f.off += int64(n)
	return n, err
}

func (f *lazyFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += f.off
	case io.SeekEnd:
		off += int64(f.l.size)
	default:
		return 0, errors.New("seek: bad whence")
	}
	if off < 0 {
		return 0, errors.New("seek: negative offset")
	}
	f.off = off
	return off, nil
}

func (f *lazyFile) Stat() (fs.FileInfo, error) { return lazyInfo{size: int64(f.l.size)}, nil }
func (f *lazyFile) Close() error               { return nil }

type lazyInfo struct{ size int64 }

func (i lazyInfo) Name() string       { return lazyName }
func (i lazyInfo) Size() int64        { return i.size }
func (i lazyInfo) Mode() fs.FileMode  { return 0o400 }
func (i lazyInfo) ModTime() time.Time { return time.Time{} }
func (i lazyInfo) IsDir() bool        { return false }
func (i lazyInfo) Sys() any           { return nil }
