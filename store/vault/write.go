package vault

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Many processes, one vault. Every Penny process (the chat, the daemon, an
// import in another terminal) holds the whole database in memory, and the
// write lock is held for one write transaction, never for a session:
//
//	BeginWrite: take the lock (waiting for another writer), and when the
//	            file's generation moved since this process loaded it,
//	            reload the database from the file
//	the caller's transaction, then Save (generation + 1)
//	EndWrite:   let the lock go
//
// so two writers never lose each other's work. Readers, and a writer
// between writes, call Refresh to pick up what others saved: it costs a
// stat when nothing moved, and reads the header, not the body, when only
// the file's metadata moved.

// ErrStale: a save outside BeginWrite found that another process saved
// since this one loaded; saving would have thrown that work away.
var ErrStale = errors.New("another Penny saved the vault since it was loaded")

// ErrReplaced: the file at the vault's path is another vault now (restored
// from a backup, or made anew); this process's keys do not open it.
var ErrReplaced = errors.New("the vault file was replaced by another vault; open it again")

// DefaultLockWait is how long a write waits for another process's write to
// end before it gives up with ErrInUse. Writes are single transactions
// (an import of a large file is the longest, seconds), so a writer that
// holds the lock longer than this is stuck or stopped.
const DefaultLockWait = 30 * time.Second

// fileID tells cheaply whether the vault file changed: a full save renames
// a new file over it, which changes the inode, and a delta save appends to
// it, which changes its size. Stamp hands it to
// callers that keep their own "last seen" (the chat's refresh).
type fileID struct {
	dev, ino uint64
	size     int64
	mtime    int64
}

// Stamp is what a stat of a vault file says of it: equal stamps mean no
// save landed in between. The zero Stamp is a file that could not be read.
type Stamp = fileID

// StampOf stats the file at path.
func StampOf(path string) Stamp { return statFile(path) }

func statFile(path string) fileID {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}
	}
	id := fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	id.dev, id.ino = fileIdentity(fi)
	return id
}

// Generation is the number of saves that made the database this process
// holds: the generation of the file it last loaded or saved.
func (v *Vault) Generation() uint64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.log.gen
}

// FileGeneration reads the generation of the vault file at path from its
// header and delta records, without a key.
func FileGeneration(path string) (uint64, error) {
	_, log, err := readState(path)
	if err != nil {
		return 0, err
	}
	return log.gen, nil
}

// readState reads and checks the header of the file at path and walks its
// delta records, without a key: the body is not read (the file is mapped,
// so only the header's and the records' pages are).
func readState(path string) (*header, logState, error) {
	file, _, release, err := mapFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, logState{}, fmt.Errorf("vault: %s: %w", path, ErrNoVault)
		}
		return nil, logState{}, fmt.Errorf("vault: read %s: %w", path, err)
	}
	defer release()
	hdr, hlen, err := checkHeader(file)
	if err != nil {
		return nil, logState{}, fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err)
	}
	_, log, err := readLog(file, hdr, hlen)
	if err != nil {
		return nil, logState{}, fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err)
	}
	return hdr, log, nil
}

// BeginWrite starts one write: it takes the vault's write lock, waiting up
// to the vault's lock wait (OpenOptions.LockWait) for another writer to
// finish, and brings the database up to the newest generation on disk. It
// reports whether the database was reloaded, so the caller can drop what
// it derived from the old one. Every BeginWrite that succeeds is ended by
// EndWrite; Save in between is the write's commit. Writes of one process
// take turns.
func (v *Vault) BeginWrite(ctx context.Context) (reloaded bool, err error) {
	if v.readOnly {
		return false, ErrReadOnly
	}
	select {
	case v.turn <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	lock, err := acquireLockWait(ctx, v.path, v.lockWait)
	if err != nil {
		<-v.turn
		return false, err
	}
	v.lock = lock
	v.writing.Store(true)
	if !v.tidied {
		// Only a writer may clean up after a crashed one: a temp file may
		// be another writer's save under way.
		removeStaleTemps(v.path)
		if err := healPrevious(v.path, v.hdr.id, v.dataKey); err != nil {
			v.EndWrite()
			return false, fmt.Errorf("vault: %s: %w", v.path, err)
		}
		v.tidied = true
	}
	reloaded, err = v.Refresh(ctx)
	if err != nil {
		v.EndWrite()
		return false, err
	}
	return reloaded, nil
}

// EndWrite lets the write lock go.
func (v *Vault) EndWrite() {
	if !v.writing.Load() {
		return
	}
	v.writing.Store(false)
	_ = v.lock.Release()
	v.lock = nil
	<-v.turn
}

// saveAlone is Save outside a write: a write of its own that refuses to
// replace a generation this process has not seen.
func (v *Vault) saveAlone(ctx context.Context) error {
	select {
	case v.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-v.turn }()
	lock, err := acquireLockWait(ctx, v.path, v.lockWait)
	if err != nil {
		return err
	}
	defer lock.Release()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.seen != statFile(v.path) {
		if hdr, log, err := readState(v.path); err == nil && (log.gen != v.log.gen || hdr.bodySalt != v.hdr.bodySalt) {
			return fmt.Errorf("vault: save %s: %w", v.path, ErrStale)
		}
	}
	defer boundGarbage()()
	if err := v.commit(ctx); err != nil {
		return fmt.Errorf("vault: save %s: %w", v.path, err)
	}
	return nil
}

// Changed reports, at the cost of a stat, whether the vault file may hold
// a generation this process has not loaded. Refresh says for sure.
func (v *Vault) Changed() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.seen != statFile(v.path)
}

// Refresh loads the newest generation on disk when it is not the one this
// process holds, and reports whether it did. A process may call it at any
// time outside its own write transactions; a write's BeginWrite calls it
// under the lock. The database keeps its connection: whoever reads it
// afterwards reads the new generation.
func (v *Vault) Refresh(ctx context.Context) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	id := statFile(v.path)
	if id == v.seen {
		return false, nil
	}
	file, f, release, err := mapFile(v.path)
	if err != nil {
		return false, fmt.Errorf("vault: read %s: %w", v.path, err)
	}
	defer release()
	// The stat is taken again with the file open: what is mapped is the
	// file that stat describes, or a newer one that the next call sees.
	hdr, hlen, err := checkHeader(file)
	if err != nil {
		return false, fmt.Errorf("vault: %s: %w: %v", v.path, ErrDamaged, err)
	}
	if hdr.id != v.hdr.id {
		return false, fmt.Errorf("vault: %s: %w", v.path, ErrReplaced)
	}
	recs, log, err := readLog(file, hdr, hlen)
	if err != nil {
		return false, fmt.Errorf("vault: %s: %w: %v", v.path, ErrDamaged, err)
	}
	if log.gen == v.log.gen && hdr.bodySalt == v.hdr.bodySalt {
		// Only the metadata moved, or a torn record a crashed save left.
		v.seen = id
		return false, nil
	}
	dataKey := v.dataKey
	if !sameSlots(hdr, v.hdr) {
		// Another process rotated the data key: the key-encryption keys
		// this process holds open the new slots unless the passphrase
		// itself changed.
		if dataKey, err = v.unwrapKnown(hdr); err != nil {
			return false, fmt.Errorf("vault: %s: %w", v.path, err)
		}
	}
	body := bodyIn(file, f, hdr, hlen)
	sums, err := loadBody(ctx, v.db, hdr, dataKey, file, body, recs, log, v.readOnly, v.seed)
	if err != nil {
		if cerr := checkBody(body, hdr, 0); cerr != nil {
			err = cerr
		}
		return false, fmt.Errorf("vault: %s: %w: %v", v.path, ErrDamaged, err)
	}
	release()
	if v.lazy != nil {
		// The connection reads the full image now; SQLite closed the lazy
		// one's file. Its VFS stays registered until the database closes:
		// the connection still refers to it.
		v.lazy.dropImage()
	}
	if err := v.afterLoad(ctx); err != nil {
		return false, fmt.Errorf("vault: %s: %w", v.path, err)
	}
	if subtle.ConstantTimeCompare(dataKey, v.dataKey) != 1 {
		clear(v.dataKey)
		v.dataKey = dataKey
	}
	v.hdr, v.log, v.sums = hdr, log, sums
	v.seen = id
	return true, nil
}

// sameSlots reports whether two headers wrap the data key the same way.
func sameSlots(a, b *header) bool {
	if len(a.slots) != len(b.slots) {
		return false
	}
	for i := range a.slots {
		if a.slots[i].typ != b.slots[i].typ || subtle.ConstantTimeCompare(a.slots[i].data, b.slots[i].data) != 1 {
			return false
		}
	}
	return true
}

// unwrapKnown opens hdr's data key with a key-encryption key this process
// holds.
func (v *Vault) unwrapKnown(hdr *header) ([]byte, error) {
	if s, ok := hdr.slot(slotKeyring); ok && v.keyringKEK != nil {
		if key, err := unwrapKey(v.keyringKEK, s.data, slotAD(hdr.id, slotKeyring)); err == nil {
			return key, nil
		}
	}
	if s, ok := hdr.slot(slotPassphrase); ok && v.passKEK != nil && len(s.data) == passphraseSlotLen {
		if key, err := unwrapKey(v.passKEK, s.data[25:], slotAD(hdr.id, slotPassphrase)); err == nil {
			return key, nil
		}
	}
	return nil, fmt.Errorf("%w: another Penny changed the vault's passphrase or keys; open it again", ErrLocked)
}

// afterLoad applies what a loaded image does not carry: the read-only mode
// and the size limit.
func (v *Vault) afterLoad(ctx context.Context) error {
	if v.readOnly {
		if _, err := v.db.ExecContext(ctx, "PRAGMA query_only=ON"); err != nil {
			return err
		}
	}
	if v.maxBytes > 0 {
		return setSizeLimit(ctx, v.db, v.maxBytes)
	}
	return nil
}

// SetSizeLimit makes the database refuse to grow past limit bytes, now and
// after every reload: a write that would fails with SQLite's "database or
// disk is full".
func (v *Vault) SetSizeLimit(ctx context.Context, limit int64) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.maxBytes = limit
	return setSizeLimit(ctx, v.db, limit)
}

// acquireLockWait takes the write lock, trying again until wait has passed
// or ctx ends. The first tries come quickly (a write of the chat's history
// lasts milliseconds), later ones every 50 ms.
func acquireLockWait(ctx context.Context, vaultPath string, wait time.Duration) (*fileLock, error) {
	if wait <= 0 {
		wait = DefaultLockWait
	}
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	for {
		lock, err := acquireLock(vaultPath)
		var iu *InUseError
		if err == nil || !errors.As(err, &iu) || !time.Now().Before(deadline) {
			return lock, err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		pause = min(pause*2, 50*time.Millisecond)
	}
}

// setSizeLimit sets the database's page budget to limit bytes.
func setSizeLimit(ctx context.Context, db *sql.DB, limit int64) error {
	var pageSize int64
	if err := db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil || pageSize <= 0 {
		return fmt.Errorf("page size: %v", err)
	}
	var got int64
	return db.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count=%d", max(limit/pageSize, 1))).Scan(&got)
}
