// Package vault keeps Penny's database sealed on disk. The live SQLite
// database lives in memory (modernc.org/sqlite has no page-level encryption);
// after every committed write its pages are streamed through chunked
// AES-256-GCM into a temp file that is fsynced and renamed over the vault, or,
// when little changed, the changed blocks are sealed and appended to it
// (delta.go), so a crash leaves either the old or the new generation, both
// valid. A random data key
// is wrapped by key slots: the OS keyring and an optional passphrase
// (Argon2id).
//
// The vault seals bytes and knows no schema: it hands the caller its database
// (DB) and a save (Save) to run after every committed write transaction. The
// caller composes it with whatever opens the schema on that database.
package vault

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Errors a caller maps to exit codes.
var (
	// ErrLocked: no key slot could be opened with what was given (exit 3).
	ErrLocked = errors.New("vault is locked")
	// ErrWrongPassphrase is an ErrLocked.
	ErrWrongPassphrase = fmt.Errorf("%w: wrong passphrase", ErrLocked)
	// ErrDamaged: the file fails its checksums or authentication (exit 4).
	ErrDamaged = errors.New("vault is damaged or was tampered with")
	// ErrNoVault: there is no vault file at the path.
	ErrNoVault = errors.New("no vault")
	// ErrExists: Create found a vault already there.
	ErrExists = errors.New("a vault already exists")
	// ErrReadOnly: a write on a vault opened read-only.
	ErrReadOnly = errors.New("vault is open read-only")
)

// FileName is the vault's name inside the data folder.
const FileName = "vault.penny"

// Vault is an open, unlocked vault.
type Vault struct {
	path    string
	hdr     *header
	dataKey []byte
	// keyringKEK and passKEK are the key-encryption keys of the slots this
	// process knows (the one that unlocked the vault, or those it made), kept
	// so Rekey can wrap a new data key without asking again.
	keyringKEK []byte
	passKEK    []byte
	db         *sql.DB
	readOnly   bool
	// mu guards the header, the key and seen: saves and reloads.
	mu sync.Mutex
	// seen is the vault file as last loaded or saved (write.go).
	seen fileID
	// turn lets one write of this process at a time hold the lock; lock is
	// the write lock while writing is true.
	turn     chan struct{}
	lock     *fileLock
	writing  atomic.Bool
	lockWait time.Duration
	// tidied: the first write cleaned up after crashed writers.
	tidied bool
	// maxBytes is the database's size limit, applied again after a reload.
	maxBytes int64
	// legacyV1 makes saves write the version 1 layout: the tests' way to
	// make an older vault.
	legacyV1 bool
	// log is where the file's delta records stand (delta.go), as this
	// process last loaded or saved it; its gen is the generation this
	// process holds.
	log logState
	// sums hashes each block of the database as it is on disk, for a
	// writable vault whose database is in whole blocks (nil otherwise):
	// what a save compares to find the blocks it changed.
	sums []uint64
	seed maphash.Seed
	// track: the vault's saves hash its blocks (a writable vault of its
	// own, not a backup's or restore's copy).
	track bool
	// lazy is the image a lazy read-only vault's database reads (lazy.go),
	// until a reload replaces it with a full one.
	lazy *lazyImage
}

// CreateOptions choose the key slots of a new vault.
type CreateOptions struct {
	// Keyring, when set, adds an OS keyring slot.
	Keyring Keyring
	// Passphrase, when not empty, adds a passphrase slot.
	Passphrase []byte
	// KDF are the Argon2id parameters; zero means DefaultKDF.
	KDF KDFParams
	// LockWait is how long a write waits for another process's write;
	// zero means DefaultLockWait.
	LockWait time.Duration
	// minKDF, when set, replaces MinKDF: the vault's own tests create
	// vaults with cheap parameters through it.
	minKDF KDFParams
	// Init prepares the new, empty database before the vault's first save:
	// the caller creates its schema here, so the first file written already
	// holds it. Nil saves the database empty.
	Init func(ctx context.Context, db *sql.DB) error
}

// OpenOptions say how to unlock a vault.
type OpenOptions struct {
	// ReadOnly opens without the write lock; the database refuses writes.
	ReadOnly bool
	// Keyring is tried first when the vault has a keyring slot.
	Keyring Keyring
	// Passphrase is asked for when the keyring did not unlock the vault and
	// the vault has a passphrase slot. It may prompt.
	Passphrase func() ([]byte, error)
	// LockWait is how long a write waits for another process's write;
	// zero means DefaultLockWait.
	LockWait time.Duration
	// KeyCache, when set and the vault has a passphrase slot, is tried after
	// the keyring slot and before Passphrase: a key-encryption key kept from
	// an earlier unlock opens the vault without Argon2id. A kept key that
	// does not open the slot (forged, or stale after a passphrase change) is
	// forgotten, and Passphrase is asked as if there had been none.
	KeyCache KeyCache
	// KeepKey, when set, is given the passphrase slot's key-encryption key
	// once that slot opened the vault, so the caller can keep it in a
	// KeyCache (penny unlock). The slice is the callee's own copy.
	KeepKey func(vaultID string, kek []byte)
	// Lazy, with ReadOnly, decrypts the database a chunk at a time as it is
	// read instead of all of it at open (lazy.go): for commands that read
	// a little of a large vault. A chunk read is authenticated as it is
	// decrypted; the body's plain checksum is checked beside the queries,
	// and a caller asks for it (Damage) before it shows what it read.
	Lazy bool
}

// KeyCache holds passphrase-slot key-encryption keys that a caller kept
// from an earlier unlock, by vault id. The vault only reads and forgets
// them: where they live and for how long is the caller's choice. Keeping
// the slot's key-encryption key rather than the data key means a key
// rotation (Rekey keeps the passphrase's salt) leaves the kept key valid,
// and a passphrase change makes it stale.
type KeyCache interface {
	// Key returns the key kept for the vault, or an error when none is
	// kept or the cache cannot be read.
	Key(vaultID string) ([]byte, error)
	// Forget drops the key kept for the vault.
	Forget(vaultID string) error
}

// Create makes a new vault at path with an empty database, prepared by
// opt.Init, and saves it. It refuses to replace an existing file.
func Create(ctx context.Context, path string, opt CreateOptions) (*Vault, error) {
	if opt.Keyring == nil && len(opt.Passphrase) == 0 {
		return nil, fmt.Errorf("vault: create: a vault needs the OS keyring or a passphrase")
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	if opt.minKDF == (KDFParams{}) {
		opt.minKDF = MinKDF
	}
	if len(opt.Passphrase) > 0 {
		if err := opt.KDF.check(opt.minKDF); err != nil {
			return nil, err
		}
	}
	if err := ensureDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("vault: create %s: %w", path, ErrExists)
	}
	v := &Vault{path: path, dataKey: randomBytes(32), turn: make(chan struct{}, 1), lockWait: opt.LockWait, tidied: true,
		seed: maphash.MakeSeed(), track: true}
	// The new vault's first save is a write like any other.
	v.turn <- struct{}{}
	lock, err := acquireLockWait(ctx, path, opt.LockWait)
	if err != nil {
		return nil, err
	}
	v.lock = lock
	v.writing.Store(true)
	defer v.EndWrite()
	v.hdr = &header{version: formatVersion, cipher: cipherAES256, chunkSize: defaultChunk}
	copy(v.hdr.id[:], randomBytes(16))
	fail := func(err error) (*Vault, error) {
		_ = v.Close()
		return nil, err
	}
	if opt.Keyring != nil {
		kek := randomBytes(32)
		wrapped, err := wrapKey(kek, v.dataKey, slotAD(v.hdr.id, slotKeyring))
		if err != nil {
			return fail(err)
		}
		if err := opt.Keyring.Set(KeyringService, v.ID(), base64.StdEncoding.EncodeToString(kek)); err != nil {
			return fail(fmt.Errorf("vault: store the key in the OS keyring: %w", err))
		}
		v.hdr.setSlot(slot{typ: slotKeyring, data: wrapped})
		v.keyringKEK = kek
	}
	if len(opt.Passphrase) > 0 {
		s, kek, err := newPassphraseSlot(v.hdr.id, v.dataKey, opt.Passphrase, opt.KDF)
		if err != nil {
			return fail(err)
		}
		v.hdr.setSlot(s)
		v.passKEK = kek
	}
	db, err := newMemDB(ctx)
	if err != nil {
		return fail(err)
	}
	v.db = db
	if opt.Init != nil {
		if err := opt.Init(ctx, db); err != nil {
			return fail(err)
		}
	}
	if _, err := os.Stat(path); err == nil {
		return fail(fmt.Errorf("vault: create %s: %w", path, ErrExists))
	}
	if err := v.Save(ctx); err != nil {
		if opt.Keyring != nil {
			_ = opt.Keyring.Delete(KeyringService, v.ID())
		}
		_ = os.Remove(path)
		return fail(err)
	}
	return v, nil
}

// Open reads, checks, unlocks and loads the vault at path. The file is never
// written by Open: a vault Penny cannot open stays byte-identical.
func Open(ctx context.Context, path string, opt OpenOptions) (*Vault, error) {
	v := &Vault{path: path, readOnly: opt.ReadOnly, turn: make(chan struct{}, 1), lockWait: opt.LockWait, seed: maphash.MakeSeed(), track: !opt.ReadOnly}
	fail := func(err error) (*Vault, error) {
		_ = v.Close()
		return nil, err
	}
	v.seen = statFile(path)
	file, f, release, err := mapFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fail(fmt.Errorf("vault: %s: %w", path, ErrNoVault))
		}
		return fail(fmt.Errorf("vault: read %s: %w", path, err))
	}
	defer func() { release() }()
	hdr, hlen, err := checkHeader(file)
	if err != nil {
		return fail(fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err))
	}
	recs, log, err := readLog(file, hdr, hlen)
	if err != nil {
		return fail(fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err))
	}
	v.hdr, v.log = hdr, log
	var kek []byte
	var kekSlot byte
	lazy := opt.ReadOnly && opt.Lazy && lazyFits(hdr, log)
	body := bodyIn(file, f, hdr, hlen)
	bodyCheck := func() error { return checkBody(body, hdr, 0) }
	if v.dataKey, kek, kekSlot, err = unlock(hdr, opt); err != nil {
		// Only now is the body's plain checksum needed: a damaged body must
		// be reported as damage, not as a wrong key. On the way to a
		// successful open the AEAD checks every byte anyway.
		if cerr := bodyCheck(); cerr != nil {
			return fail(fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, cerr))
		}
		return fail(fmt.Errorf("vault: %s: %w", path, err))
	}
	if lazy {
		// A lazy open decrypts only what is read, so it checks the body's
		// plain checksum too, on a goroutine beside the queries: Damage
		// waits for it. It starts only now: running beside the keyring's
		// round trips, it kept the bus and keyring daemons from the cores
		// they answer on. One core: on two, the queries waited for the
		// checksum's goroutines (at 1M, 91 against 80 ms for penny ask).
		done := make(chan error, 1)
		go func() { done <- checkBody(body, hdr, 1) }()
		check := sync.OnceValue(func() error { return <-done })
		// The image keeps the mapping: it reads the file until it closes.
		l, err := newLazyImage(hdr, file, body, release, recs, log, v.dataKey, check)
		release = func() {}
		if err != nil {
			return fail(fmt.Errorf("vault: %s: %w", path, err))
		}
		v.lazy = l
		if v.db, err = l.openDB(ctx); err != nil {
			return fail(fmt.Errorf("vault: %s: %w", path, err))
		}
	} else {
		db, err := newMemDB(ctx)
		if err != nil {
			return fail(err)
		}
		v.db = db
		if v.sums, err = loadBody(ctx, db, hdr, v.dataKey, file, body, recs, log, opt.ReadOnly, v.seed); err != nil {
			if cerr := bodyCheck(); cerr != nil {
				err = cerr
			}
			return fail(fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err))
		}
		// The file is not read again: its pages go now, not when Open
		// returns.
		release()
	}
	switch kekSlot {
	case slotKeyring:
		v.keyringKEK = kek
	case slotPassphrase:
		v.passKEK = kek
	}
	if opt.ReadOnly {
		if _, err := v.db.ExecContext(ctx, "PRAGMA query_only=ON"); err != nil {
			return fail(err)
		}
	}
	if !opt.ReadOnly {
		// A key rotation that stopped between its save and replacing
		// vault.penny.prev left a previous generation under the old key;
		// crashed saves left temp files. Both are mended now when no other
		// Penny is writing, or else by this one's first write.
		if lock, err := acquireLock(path); err == nil {
			removeStaleTemps(path)
			err := healPrevious(path, hdr.id, v.dataKey)
			_ = lock.Release()
			if err != nil {
				return fail(fmt.Errorf("vault: %s: %w", path, err))
			}
			v.tidied = true
		}
	}
	if kekSlot == slotPassphrase && opt.KeepKey != nil {
		opt.KeepKey(v.ID(), bytes.Clone(kek))
	}
	return v, nil
}

// checkHeader verifies what needs no key and costs nothing: the header
// checksum and the body length. From version 3 delta records may follow
// the body (readLog).
func checkHeader(file []byte) (*header, int, error) {
	hdr, hlen, err := parseHeader(file)
	if err != nil {
		return nil, 0, err
	}
	body := uint64(len(file) - hlen)
	if body != hdr.bodyLen && (hdr.version < 3 || body < hdr.bodyLen) {
		return nil, 0, fmt.Errorf("body is %d bytes, header says %d (truncated or appended to)", body, hdr.bodyLen)
	}
	if hdr.bodyLen < tagLen {
		return nil, 0, fmt.Errorf("body is too short")
	}
	return hdr, hlen, nil
}

// bodyOf is the body of a file whose header checkHeader read.
func bodyOf(file []byte, hdr *header, hlen int) []byte {
	return file[hlen : hlen+int(hdr.bodyLen)]
}

// checkBody verifies the body's plain CRC-32C on up to cores cores (0:
// every core).
func checkBody(body bodySrc, hdr *header, cores int) error {
	sum, err := parallelCRC(body, cores)
	if err != nil {
		return err
	}
	if sum != hdr.bodyCRC {
		return fmt.Errorf("body checksum mismatch")
	}
	return nil
}

// checkFile verifies everything that needs no key.
func checkFile(file []byte) (*header, int, error) {
	hdr, hlen, err := checkHeader(file)
	if err != nil {
		return nil, 0, err
	}
	return hdr, hlen, checkBody(memBody(bodyOf(file, hdr, hlen)), hdr, 0)
}

// decryptInto decrypts the body into plain, whose size is the body's
// plainLen; sums, when not nil, gets the hash of each block.
func decryptInto(hdr *header, dataKey []byte, body bodySrc, plain []byte, sums []uint64, seed maphash.Seed) error {
	key, err := bodyKey(dataKey, hdr.bodySalt)
	if err != nil {
		return err
	}
	defer clear(key)
	ad := hdr.authData()
	return openBody(key, ad[:], body, int(hdr.chunkSize), plain, sums, seed)
}

// loadBody decrypts the body, then the delta records readLog found, straight
// into db's database (loadImage), with room to grow unless the vault is
// read-only. A writable vault whose database is in whole blocks gets the
// hash of each block back (delta.go). An error from decrypting is returned
// as it is; one from loading the image is wrapped.
func loadBody(ctx context.Context, db *sql.DB, hdr *header, dataKey, file []byte, body bodySrc, recs []record, log logState, readOnly bool, seed maphash.Seed) ([]uint64, error) {
	n := int(log.image)
	var sums []uint64
	if !readOnly && tracks(int(log.base), int(hdr.chunkSize)) && tracks(n, deltaBlock) {
		sums = make([]uint64, n/deltaBlock)
	}
	spare := 0
	if !readOnly {
		spare = growRoom(n)
	}
	err := loadImage(ctx, db, n, spare, func(dst []byte) error {
		if err := decryptInto(hdr, dataKey, body, dst[:log.base], sums, seed); err != nil {
			return err
		}
		return applyLog(dst, file, recs, hdr, dataKey, sums, seed)
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}

// growRoom is the room a writable database of n bytes gets to grow before
// SQLite reallocates it (a copy of the whole database into memory paged in
// 4 KiB at a time): an eighth of it, at least 64 MiB, so the import of a
// large statement into a new or small vault grows in place. Room never
// written is address space, not memory.
func growRoom(n int) int { return max(n/8, 64<<20) }

// unlock tries the keyring slot, then the passphrase slot. It returns the
// data key, and the key-encryption key that opened it with its slot type.
func unlock(hdr *header, opt OpenOptions) (dataKey, kek []byte, kekSlot byte, err error) {
	id := hex.EncodeToString(hdr.id[:])
	var reasons []string
	if s, ok := hdr.slot(slotKeyring); ok {
		if opt.Keyring == nil {
			reasons = append(reasons, "the OS keyring was not tried")
		} else if secret, err := opt.Keyring.Get(KeyringService, id); err != nil {
			reasons = append(reasons, err.Error())
		} else if kek, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret)); err != nil || len(kek) != 32 {
			reasons = append(reasons, "the OS keyring entry for this vault is not a Penny key")
		} else if key, err := unwrapKey(kek, s.data, slotAD(hdr.id, slotKeyring)); err != nil {
			reasons = append(reasons, "the key in the OS keyring does not open this vault")
		} else {
			return key, kek, slotKeyring, nil
		}
	}
	if s, ok := hdr.slot(slotPassphrase); ok {
		if key, kek, stale := unlockCached(hdr, s, opt.KeyCache); key != nil {
			return key, kek, slotPassphrase, nil
		} else if stale {
			reasons = append(reasons, "the key kept by an earlier unlock does not open this vault, and was forgotten")
		}
		if opt.Passphrase == nil {
			reasons = append(reasons, "no passphrase was given (set PENNY_PASSPHRASE, use --passphrase-file, or run in a terminal)")
		} else {
			pass, err := opt.Passphrase()
			if err != nil {
				return nil, nil, 0, fmt.Errorf("%w: %v", ErrLocked, err)
			}
			key, kek, err := openPassphraseSlot(hdr.id, s, pass)
			clear(pass)
			if errors.Is(err, errAuth) {
				return nil, nil, 0, ErrWrongPassphrase
			}
			if err != nil {
				return nil, nil, 0, fmt.Errorf("%w: %v", ErrLocked, err)
			}
			return key, kek, slotPassphrase, nil
		}
	} else {
		reasons = append(reasons, "the vault has no passphrase slot")
	}
	return nil, nil, 0, fmt.Errorf("%w: %s", ErrLocked, strings.Join(reasons, "; "))
}

// unlockCached opens the passphrase slot s with the key cache holds for
// the vault: it returns the data key and that key-encryption key, or nil.
// A kept key that does not open the slot is forgotten, and stale says so.
func unlockCached(hdr *header, s slot, cache KeyCache) (dataKey, kek []byte, stale bool) {
	if cache == nil {
		return nil, nil, false
	}
	id := hex.EncodeToString(hdr.id[:])
	kek, err := cache.Key(id)
	if err != nil {
		return nil, nil, false
	}
	if len(kek) == 32 {
		if key, err := unwrapKey(kek, s.data[25:], slotAD(hdr.id, slotPassphrase)); err == nil {
			return key, kek, false
		}
	}
	clear(kek)
	_ = cache.Forget(id)
	return nil, nil, true
}

// LoadAll makes a lazy vault's database an in-memory one like any other
// vault's: the whole image decrypted and deserialized into the connection,
// which can then be changed in memory (a migration of an older vault opened
// read-only). Other vaults are loaded already.
func (v *Vault) LoadAll(ctx context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.lazy == nil || v.lazy.dropped() {
		return nil
	}
	if err := loadImage(ctx, v.db, v.lazy.size, 0, v.lazy.fill); err != nil {
		return fmt.Errorf("vault: %s: %w", v.path, err)
	}
	v.lazy.dropImage()
	return v.afterLoad(ctx)
}

// Damage is the damage a lazy vault found after it opened, nil if none: a
// chunk that failed to authenticate when read (the query that met it failed
// with SQLite's I/O error), or the body's plain checksum, which runs beside
// the queries and which Damage waits for. A lazy open authenticates what it
// reads, as it reads it; the checksum is what tells a flipped bit anywhere
// else, so a caller asks for Damage before it shows anything it read. A
// vault opened whole checked all of it at open.
func (v *Vault) Damage() error {
	if v.lazy == nil {
		return nil
	}
	if err := v.lazy.damage(); err != nil {
		return fmt.Errorf("vault: %s: %w", v.path, err)
	}
	return nil
}

// ID is the vault's random id, in hex; it names the vault's keyring entry.
func (v *Vault) ID() string { return hex.EncodeToString(v.hdr.id[:]) }

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// DB is the vault's database: in memory, on one pinned connection, read-only
// when the vault was opened so. Whoever writes to it calls Save after each
// committed write transaction (a store's commit hook), so the write is sealed
// to disk before the call that made it returns.
func (v *Vault) DB() *sql.DB { return v.db }

// HasKeyringSlot reports whether the OS keyring can unlock the vault.
func (v *Vault) HasKeyringSlot() bool { _, ok := v.hdr.slot(slotKeyring); return ok }

// HasPassphraseSlot reports whether a passphrase can unlock the vault.
func (v *Vault) HasPassphraseSlot() bool { _, ok := v.hdr.slot(slotPassphrase); return ok }

// SetPassphrase adds the passphrase slot, or replaces it, and rotates the
// data key as Rekey does, so the old passphrase opens no file Penny leaves
// beside the vault. A keyring slot is re-wrapped under the key that unlocked
// it; a vault with a keyring slot unlocked by its passphrase needs Rekey
// with the keyring instead.
func (v *Vault) SetPassphrase(ctx context.Context, pass []byte, p KDFParams) error {
	return v.setPassphrase(ctx, pass, p, MinKDF)
}

// setPassphrase is SetPassphrase with the minimum parameters it accepts.
func (v *Vault) setPassphrase(ctx context.Context, pass []byte, p, min KDFParams) error {
	if v.readOnly {
		return ErrReadOnly
	}
	if len(pass) == 0 {
		return fmt.Errorf("vault: the passphrase is empty")
	}
	return v.Rekey(ctx, RekeyOptions{NewPassphrase: pass, KDF: p, minKDF: min})
}

// Close releases the database and the write lock. It does not save: every
// committed write was saved already.
func (v *Vault) Close() error {
	var errs []error
	if v.db != nil {
		errs = append(errs, v.db.Close())
		v.db = nil
	}
	if v.lazy != nil {
		// v.lazy stays: Damage reports what it found after the close.
		errs = append(errs, v.lazy.close())
	}
	clear(v.dataKey)
	clear(v.keyringKEK)
	clear(v.passKEK)
	if v.writing.Load() {
		v.EndWrite()
	}
	return errors.Join(errs...)
}

// Inspect describes a vault file without unlocking it.
type Inspect struct {
	ID            string
	Keyring       bool
	Passphrase    bool
	PassphraseKDF KDFParams
	Size          int64
}

// Describe reads a vault's header and checks it, its body and its delta
// records' plain checksums, without any key.
func Describe(path string) (Inspect, error) {
	file, f, release, err := mapFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Inspect{}, fmt.Errorf("vault: %s: %w", path, ErrNoVault)
		}
		return Inspect{}, err
	}
	defer release()
	hdr, hlen, err := checkHeader(file)
	if err == nil {
		err = checkBody(bodyIn(file, f, hdr, hlen), hdr, 0)
	}
	if err == nil {
		_, _, err = readLog(file, hdr, hlen)
	}
	if err != nil {
		return Inspect{}, fmt.Errorf("vault: %s: %w: %v", path, ErrDamaged, err)
	}
	in := Inspect{ID: hex.EncodeToString(hdr.id[:]), Size: int64(len(file))}
	_, in.Keyring = hdr.slot(slotKeyring)
	if s, ok := hdr.slot(slotPassphrase); ok {
		in.Passphrase = true
		in.PassphraseKDF, _ = passphraseSlotParams(s)
	}
	return in, nil
}

func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("vault: create folder %s: %w", dir, err)
	}
	return nil
}

// removeStaleTemps deletes temp files a crashed save left behind; they are
// ciphertext, but clutter.
func removeStaleTemps(path string) {
	matches, _ := filepath.Glob(path + ".tmp-*")
	for _, m := range matches {
		_ = os.Remove(m)
	}
	matches, _ = filepath.Glob(path + ".prev.tmp-*")
	for _, m := range matches {
		_ = os.Remove(m)
	}
}
