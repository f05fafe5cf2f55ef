package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"sync"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id parameters of the passphrase slot.
type KDFParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultKDF costs about 60 ms and 64 MiB on a two-core machine: slow enough
// to make guessing expensive, quick enough for a command-line tool.
var DefaultKDF = defaultKDF

// MinKDF is the weakest setting Create accepts.
var MinKDF = minKDF

// maxKDF bounds what a header may ask for, so a crafted file cannot make
// Penny allocate or compute without limit: at most 1 GiB, 16 passes and 16
// lanes, about 16 times the default cost. It is the same in every build.
var maxKDF = KDFParams{MemoryKiB: 1 << 20, Time: 16, Threads: 16}

// kdfFloor is the least a header may ask for, the same in every build: the
// cheapest parameters any Penny build writes (the test build's, see
// kdf_testtag.go). It cannot be this build's MinKDF: the root package's
// tests run untagged and open vaults that a binary built with the tag made.
// A normal build never writes below MinKDF (Create, SetPassphrase and Rekey
// refuse it); a forged slot below it only fails to unwrap.
var kdfFloor = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}

// checkBounds refuses a header's Argon2id parameters outside [kdfFloor,
// maxKDF]. It runs while the header is parsed, before any derivation, and a
// failure is damage: Penny never writes such a header, and the header
// checksum is unkeyed, so whoever forged it could recompute that too.
func (p KDFParams) checkBounds() error {
	if p.MemoryKiB < kdfFloor.MemoryKiB || p.Time < kdfFloor.Time || p.Threads < max(kdfFloor.Threads, 1) ||
		p.MemoryKiB > maxKDF.MemoryKiB || p.Time > maxKDF.Time || p.Threads > maxKDF.Threads {
		return fmt.Errorf("passphrase slot asks for Argon2id m=%d KiB t=%d p=%d, outside m=%d…%d KiB, t=%d…%d, p=%d…%d",
			p.MemoryKiB, p.Time, p.Threads, kdfFloor.MemoryKiB, maxKDF.MemoryKiB,
			kdfFloor.Time, maxKDF.Time, max(kdfFloor.Threads, 1), maxKDF.Threads)
	}
	return nil
}

// check refuses parameters weaker than min (MinKDF, except in the vault's
// own tests).
func (p KDFParams) check(min KDFParams) error {
	if p.MemoryKiB < min.MemoryKiB || p.Time < min.Time || p.Threads < 1 {
		return fmt.Errorf("vault: Argon2id parameters m=%d KiB t=%d p=%d are below the minimum m=%d KiB t=%d",
			p.MemoryKiB, p.Time, p.Threads, min.MemoryKiB, min.Time)
	}
	return nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// bodyKey derives the key of one save from the data key and that save's
// random salt, so no (key, nonce) pair is ever used twice across saves even
// though the chunk nonces are plain counters.
func bodyKey(dataKey []byte, salt [32]byte) ([]byte, error) {
	return hkdf.Key(sha256.New, dataKey, salt[:], "penny vault v1 body", 32)
}

// chunkNonce is the STREAM construction of age: an 11-byte big-endian chunk
// counter and a last-chunk flag. Reordering chunks breaks the counter;
// truncating at a chunk boundary leaves no chunk carrying the flag.
func chunkNonce(n *[12]byte, counter uint64, last bool) {
	*n = [12]byte{}
	binary.BigEndian.PutUint64(n[3:11], counter)
	if last {
		n[11] = 1
	}
}

// sealer encrypts a stream of plaintext into chunks.
type sealer struct {
	aead    cipher.AEAD
	ad      []byte
	counter uint64
	nonce   [12]byte
}

func (s *sealer) seal(dst, chunk []byte, last bool) []byte {
	chunkNonce(&s.nonce, s.counter, last)
	s.counter++
	return s.aead.Seal(dst, s.nonce[:], chunk, s.ad)
}

var errAuth = errors.New("chunk authentication failed")

// plainLen is the size of the plaintext of a sealed body of n bytes in
// chunks of chunkSize, or an error when no sealed body has that size.
func plainLen(n, chunkSize int) (int, error) {
	sealed := chunkSize + tagLen
	chunks := (n + sealed - 1) / sealed
	if chunks == 0 || n-(chunks-1)*sealed < tagLen {
		return 0, fmt.Errorf("the last chunk is truncated")
	}
	return n - chunks*tagLen, nil
}

// openBody decrypts a sealed body into plain, which has the size plainLen
// gives. Chunks are independent, so the work is split over the CPUs:
// opening is on the path of every command. sums, when not nil, gets the
// hash of each of plain's blocks (delta.go), taken while the chunk is in
// the cache. On failure plain is wiped.
func openBody(key, ad []byte, body bodySrc, chunkSize int, plain []byte, sums []uint64, seed maphash.Seed) error {
	n, err := plainLen(body.len(), chunkSize)
	if err != nil {
		return err
	}
	if n != len(plain) {
		return fmt.Errorf("the body holds %d bytes, not %d", n, len(plain))
	}
	sealed := chunkSize + tagLen
	chunks := (body.len() + sealed - 1) / sealed
	workers := min(runtime.GOMAXPROCS(0), 4, chunks)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			aead, err := newGCM(key)
			if err != nil {
				errs[w] = err
				return
			}
			var nonce [12]byte
			buf := make([]byte, sealed)
			for i := w * chunks / workers; i < (w+1)*chunks/workers; i++ {
				start := i * sealed
				end := min(start+sealed, body.len())
				sealedChunk, err := body.span(buf[:end-start], start)
				if err != nil {
					errs[w] = err
					return
				}
				chunkNonce(&nonce, uint64(i), i == chunks-1)
				out, err := aead.Open(plain[i*chunkSize:i*chunkSize], nonce[:], sealedChunk, ad)
				if err != nil {
					errs[w] = fmt.Errorf("chunk %d of %d: %w", i+1, chunks, errAuth)
					return
				}
				if sums != nil {
					for b := 0; b < len(out); b += deltaBlock {
						sums[(i*chunkSize+b)/deltaBlock] = maphash.Bytes(seed, out[b:b+deltaBlock])
					}
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			clear(plain)
			return err
		}
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("vault: no randomness: " + err.Error())
	}
	return b
}

// wrapKey seals the data key under kek; ad binds it to the vault and slot.
func wrapKey(kek, dataKey, ad []byte) ([]byte, error) {
	aead, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	nonce := randomBytes(aead.NonceSize())
	return aead.Seal(nonce, nonce, dataKey, ad), nil
}

func unwrapKey(kek, wrapped, ad []byte) ([]byte, error) {
	aead, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	if len(wrapped) < aead.NonceSize()+aead.Overhead() {
		return nil, errAuth
	}
	ns := aead.NonceSize()
	key, err := aead.Open(nil, wrapped[:ns], wrapped[ns:], ad)
	if err != nil {
		return nil, errAuth
	}
	return key, nil
}

func slotAD(id [16]byte, typ byte) []byte {
	return append([]byte{'p', 'e', 'n', 'n', 'y', typ}, id[:]...)
}

// passphrase slot data: salt [16] | m u32 | t u32 | p u8 | wrapped key.
func makePassphraseSlot(id [16]byte, dataKey, pass []byte, p KDFParams) (slot, error) {
	s, kek, err := newPassphraseSlot(id, dataKey, pass, p)
	clear(kek)
	return s, err
}

// newPassphraseSlot makes a passphrase slot with a new salt and returns it
// with its key-encryption key.
func newPassphraseSlot(id [16]byte, dataKey, pass []byte, p KDFParams) (slot, []byte, error) {
	salt := randomBytes(16)
	kek := argon2.IDKey(pass, salt, p.Time, p.MemoryKiB, p.Threads, 32)
	s, err := wrapPassphraseSlot(id, dataKey, kek, salt, p)
	if err != nil {
		clear(kek)
		return slot{}, nil, err
	}
	return s, kek, nil
}

// wrapPassphraseSlot wraps dataKey under kek, the Argon2id key of the
// passphrase with salt and p.
func wrapPassphraseSlot(id [16]byte, dataKey, kek, salt []byte, p KDFParams) (slot, error) {
	wrapped, err := wrapKey(kek, dataKey, slotAD(id, slotPassphrase))
	if err != nil {
		return slot{}, err
	}
	d := append([]byte(nil), salt...)
	d = binary.LittleEndian.AppendUint32(d, p.MemoryKiB)
	d = binary.LittleEndian.AppendUint32(d, p.Time)
	d = append(d, p.Threads)
	d = append(d, wrapped...)
	return slot{typ: slotPassphrase, data: d}, nil
}

// passphraseSlotLen is the size of a passphrase slot's data: salt, the three
// parameters, and the wrapped key (nonce, key, tag).
const passphraseSlotLen = 16 + 4 + 4 + 1 + 12 + 32 + 16

func passphraseSlotParams(s slot) (KDFParams, error) {
	if len(s.data) < 25 {
		return KDFParams{}, fmt.Errorf("passphrase slot too short")
	}
	return KDFParams{
		MemoryKiB: binary.LittleEndian.Uint32(s.data[16:20]),
		Time:      binary.LittleEndian.Uint32(s.data[20:24]),
		Threads:   s.data[24],
	}, nil
}

// openPassphraseSlot derives the slot's key-encryption key from pass and
// unwraps the data key; it returns both.
func openPassphraseSlot(id [16]byte, s slot, pass []byte) (dataKey, kek []byte, err error) {
	p, err := passphraseSlotParams(s)
	if err != nil {
		return nil, nil, err
	}
	// parseHeader checked the bounds already; checked again so that no path
	// reaches Argon2id with a header's unchecked parameters.
	if err := p.checkBounds(); err != nil {
		return nil, nil, err
	}
	kek = argon2.IDKey(pass, s.data[:16], p.Time, p.MemoryKiB, p.Threads, 32)
	dataKey, err = unwrapKey(kek, s.data[25:], slotAD(id, slotPassphrase))
	if err != nil {
		clear(kek)
		return nil, nil, err
	}
	return dataKey, kek, nil
}
