package vault

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
)

// Save seals the database into the vault file. A save that changed little
// appends the blocks it changed as one record and fsyncs it (delta.go);
// otherwise pages → chunks → AES-256-GCM → temp file → fsync → rename over
// the vault → fsync the folder, the previous file kept as vault.penny.prev.
// A crash at any instant leaves the old or the new generation, both
// complete (a torn record reads as the save that never returned). A save
// does not start once ctx is cancelled, and one cancelled before its rename
// or append leaves the vault file as it was.
//
// Save belongs inside a write (BeginWrite … EndWrite), where it is the
// commit. Called outside one it takes the write lock itself, and refuses
// (ErrStale) when another process saved since this one loaded: writing then
// would throw that process's work away.
func (v *Vault) Save(ctx context.Context) error {
	if v.readOnly {
		return ErrReadOnly
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("vault: save %s: %w", v.path, err)
	}
	if !v.writing.Load() {
		return v.saveAlone(ctx)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	defer boundGarbage()()
	if err := v.commit(ctx); err != nil {
		return fmt.Errorf("vault: save %s: %w", v.path, err)
	}
	return nil
}

// commit writes the next generation as a delta record when that is the
// smaller write (delta.go), else as a full save. The caller holds the write
// lock and v.mu.
func (v *Vault) commit(ctx context.Context) error {
	if done, err := v.saveDelta(ctx); done || err != nil {
		return err
	}
	return v.save(ctx)
}

// save writes the next generation as a new file: the whole database, no
// delta records. Key rotations, backups and restores always save this way.
// The caller holds the write lock and v.mu.
func (v *Vault) save(ctx context.Context) error {
	dir := filepath.Dir(v.path)
	hdr := *v.hdr
	if !v.legacyV1 {
		hdr.version = formatVersion
	}
	hdr.generation = v.log.gen + 1
	if _, err := rand.Read(hdr.bodySalt[:]); err != nil {
		return err
	}
	hdr.bodyLen, hdr.bodyCRC = 0, 0
	// The header's size does not depend on the body, so a placeholder is
	// written first and the real header over it once the body is known.
	placeholder := hdr.encode()
	hlen := len(placeholder)
	ad := hdr.authData()

	key, err := bodyKey(v.dataKey, hdr.bodySalt)
	if err != nil {
		return err
	}
	aead, err := newGCM(key)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(v.path)+".tmp-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(placeholder); err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 256<<10)
	crc := crc32.New(castagnoli)
	var bodyLen uint64
	s := &sealer{aead: aead, ad: ad[:]}
	chunkSize := int(hdr.chunkSize)
	buf := make([]byte, 0, chunkSize)
	sealed := make([]byte, 0, chunkSize+tagLen)
	// A writable vault hashes each block as it goes, for the delta
	// records of the saves after this one.
	var sums []uint64
	track := v.track
	var plain int64
	// What is written is handed to the disk every writebackStep bytes
	// while the rest is sealed, so the fsync below waits for the tail:
	// at a million rows the fsync of the whole file took as long as
	// sealing and writing it.
	var kicked int64
	emit := func(last bool) error {
		if track && len(buf)%deltaBlock == 0 {
			for b := 0; b < len(buf); b += deltaBlock {
				sums = append(sums, maphash.Bytes(v.seed, buf[b:b+deltaBlock]))
			}
		} else {
			track = false
		}
		plain += int64(len(buf))
		sealed = s.seal(sealed[:0], buf, last)
		crc.Write(sealed)
		bodyLen += uint64(len(sealed))
		_, err := w.Write(sealed)
		buf = buf[:0]
		if written := int64(hlen) + int64(bodyLen) - int64(w.Buffered()); written-kicked >= writebackStep {
			startWriteback(tmp, kicked, written-kicked)
			kicked = written
		}
		return err
	}
	err = pages(ctx, v.db, func(page []byte) error {
		for len(page) > 0 {
			if len(buf) == chunkSize {
				// Only now is it known that this full chunk is not the last.
				if err := emit(false); err != nil {
					return err
				}
			}
			n := min(chunkSize-len(buf), len(page))
			buf = append(buf, page[:n]...)
			page = page[n:]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := emit(true); err != nil {
		return err
	}
	clear(buf[:cap(buf)])
	if err := w.Flush(); err != nil {
		return err
	}
	hdr.bodyLen, hdr.bodyCRC = bodyLen, crc.Sum32()
	final := hdr.encode()
	if _, err := tmp.WriteAt(final, 0); err != nil {
		return err
	}
	if len(final) != hlen {
		return fmt.Errorf("header changed size while saving")
	}
	// Until the rename a cancelled save can still leave the vault as it
	// was; the fsync is the step that can take long.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := keepPrevious(v.path); err != nil {
		return err
	}
	if err := replaceFile(tmp.Name(), v.path); err != nil {
		return err
	}
	ok = true
	v.hdr.version, v.hdr.generation = hdr.version, hdr.generation
	v.hdr.bodySalt = hdr.bodySalt
	v.hdr.bodyLen, v.hdr.bodyCRC = hdr.bodyLen, hdr.bodyCRC
	v.log = logState{gen: hdr.generation, end: int64(hlen) + int64(bodyLen), base: plain, image: plain}
	v.sums = nil
	if track && chunkSize%deltaBlock == 0 {
		v.sums = sums
	}
	v.seen = statFile(v.path)
	return syncDir(dir)
}

// writebackStep is how much of a save is written before it is handed to
// the disk.
const writebackStep = 8 << 20

// boundGarbage caps the Go heap's growth while a save runs. The SQLite driver
// hands every page over as a fresh Go slice, so a save makes as much garbage
// as the database is large; with the default GC pacing that garbage would
// raise the process's peak memory by a large fraction of the database. A
// soft memory limit a few MiB above the current use makes the collector keep
// up instead, at little cost since Penny's own heap is small (the database
// itself lives outside it). It returns the function that restores the limit.
func boundGarbage() func() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	prev := debug.SetMemoryLimit(int64(ms.Sys-ms.HeapReleased) + saveSlack)
	return func() { debug.SetMemoryLimit(prev) }
}

const saveSlack = 8 << 20

// keepPrevious hard-links the current vault to vault.penny.prev (through a
// temp name and a rename, so .prev is always whole) before the new one
// replaces it.
func keepPrevious(path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	tmp := path + ".prev.tmp-" + fmt.Sprint(os.Getpid())
	_ = os.Remove(tmp)
	if err := os.Link(path, tmp); err != nil {
		return fmt.Errorf("keep previous generation: %w", err)
	}
	if err := replaceFile(tmp, path+".prev"); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("keep previous generation: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	if !canSyncDir {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
