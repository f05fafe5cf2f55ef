package vault

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// RekeyOptions say how Rekey re-wraps the new data key.
type RekeyOptions struct {
	// NewPassphrase, when not empty, replaces the passphrase slot (or adds
	// one) with a new salt; otherwise the slot keeps its passphrase.
	NewPassphrase []byte
	// KDF are the Argon2id parameters of a new passphrase; zero means
	// DefaultKDF.
	KDF KDFParams
	// minKDF, when set, replaces MinKDF (the vault's own tests).
	minKDF KDFParams
	// Keyring is read for the keyring slot's key when the vault was not
	// unlocked through the keyring.
	Keyring Keyring
	// Passphrase gives the current passphrase when the vault keeps its
	// passphrase slot and was not unlocked with it.
	Passphrase func() ([]byte, error)
}

// Rekey rotates the data key: it draws a new one, wraps it in every slot,
// seals the database under it and replaces vault.penny.prev with the new
// generation, so no file Penny leaves beside the vault opens with the old
// data key. A copy of the vault taken before still opens with what opened it
// then (the old passphrase or data key) and shows its own contents, never
// anything written after the rotation.
//
// The keyring slot keeps its keyring entry: the new data key is wrapped under
// the same key-encryption key, which never leaves the OS keyring. On any
// error before the save nothing has changed.
func (v *Vault) Rekey(ctx context.Context, opt RekeyOptions) error {
	if v.readOnly {
		return ErrReadOnly
	}
	if opt.minKDF == (KDFParams{}) {
		opt.minKDF = MinKDF
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	if len(opt.NewPassphrase) > 0 {
		if err := opt.KDF.check(opt.minKDF); err != nil {
			return err
		}
	}
	// A rotation is a write: under the lock, on the newest generation. It
	// must not be called from inside another write of this process.
	if _, err := v.BeginWrite(ctx); err != nil {
		return err
	}
	defer v.EndWrite()
	v.mu.Lock()
	defer v.mu.Unlock()
	defer boundGarbage()()

	newKey := randomBytes(32)
	hdr := *v.hdr
	hdr.slots = nil
	var keyringKEK, passKEK []byte
	fail := func(err error) error {
		clear(newKey)
		if !bytes.Equal(keyringKEK, v.keyringKEK) {
			clear(keyringKEK)
		}
		if !bytes.Equal(passKEK, v.passKEK) {
			clear(passKEK)
		}
		return fmt.Errorf("vault: change the key of %s: %w", v.path, err)
	}
	if s, ok := v.hdr.slot(slotKeyring); ok {
		kek, err := v.keyringKey(s, opt.Keyring)
		if err != nil {
			return fail(err)
		}
		keyringKEK = kek
		wrapped, err := wrapKey(kek, newKey, slotAD(hdr.id, slotKeyring))
		if err != nil {
			return fail(err)
		}
		hdr.slots = append(hdr.slots, slot{typ: slotKeyring, data: wrapped})
	}
	if len(opt.NewPassphrase) > 0 {
		s, kek, err := newPassphraseSlot(hdr.id, newKey, opt.NewPassphrase, opt.KDF)
		if err != nil {
			return fail(err)
		}
		passKEK = kek
		hdr.slots = append(hdr.slots, s)
	} else if s, ok := v.hdr.slot(slotPassphrase); ok {
		kek, err := v.passphraseKey(s, opt.Passphrase)
		if err != nil {
			return fail(err)
		}
		passKEK = kek
		p, _ := passphraseSlotParams(s)
		ns, err := wrapPassphraseSlot(hdr.id, newKey, kek, s.data[:16], p)
		if err != nil {
			return fail(err)
		}
		hdr.slots = append(hdr.slots, ns)
	}

	oldHdr, oldKey := v.hdr, v.dataKey
	v.hdr, v.dataKey = &hdr, newKey
	if err := v.save(ctx); err != nil {
		v.hdr, v.dataKey = oldHdr, oldKey
		return fail(err)
	}
	clear(oldKey)
	if !bytes.Equal(v.keyringKEK, keyringKEK) {
		clear(v.keyringKEK)
	}
	if !bytes.Equal(v.passKEK, passKEK) {
		clear(v.passKEK)
	}
	v.keyringKEK, v.passKEK = keyringKEK, passKEK
	// The save kept the generation under the old key as vault.penny.prev.
	if err := replacePrevious(v.path); err != nil {
		return fmt.Errorf("vault: the key of %s was changed, but %s.prev still holds the old one: %w", v.path, v.path, err)
	}
	return nil
}

// keyringKey returns the keyring slot's key-encryption key: the one that
// unlocked the vault, or the one kr holds, checked against the slot.
func (v *Vault) keyringKey(s slot, kr Keyring) ([]byte, error) {
	if v.keyringKEK != nil {
		return v.keyringKEK, nil
	}
	if kr == nil {
		return nil, errors.New("the vault has an OS keyring slot, and the OS keyring was not given")
	}
	secret, err := kr.Get(KeyringService, v.ID())
	if err != nil {
		return nil, fmt.Errorf("the keyring slot needs the OS keyring: %w", err)
	}
	kek, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret))
	if err != nil || len(kek) != 32 {
		return nil, errors.New("the OS keyring entry for this vault is not a Penny key")
	}
	key, err := unwrapKey(kek, s.data, slotAD(v.hdr.id, slotKeyring))
	if err != nil || !bytes.Equal(key, v.dataKey) {
		return nil, errors.New("the key in the OS keyring does not open this vault")
	}
	clear(key)
	return kek, nil
}

// passphraseKey returns the passphrase slot's key-encryption key: the one
// that unlocked the vault, or the one derived from the current passphrase.
func (v *Vault) passphraseKey(s slot, pass func() ([]byte, error)) ([]byte, error) {
	if v.passKEK != nil {
		return v.passKEK, nil
	}
	if pass == nil {
		return nil, errors.New("the vault has a passphrase slot: its current passphrase is needed to keep it")
	}
	p, err := pass()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLocked, err)
	}
	key, kek, err := openPassphraseSlot(v.hdr.id, s, p)
	clear(p)
	if errors.Is(err, errAuth) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLocked, err)
	}
	defer clear(key)
	if !bytes.Equal(key, v.dataKey) {
		clear(kek)
		return nil, ErrWrongPassphrase
	}
	return kek, nil
}

// replacePrevious makes vault.penny.prev the current generation (a hard
// link, through a temp name and a rename, so .prev is always whole).
func replacePrevious(path string) error {
	tmp := path + ".prev.tmp-" + fmt.Sprint(os.Getpid())
	_ = os.Remove(tmp)
	if err := os.Link(path, tmp); err != nil {
		if rerr := os.Remove(path + ".prev"); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return errors.Join(err, rerr)
		}
		return syncDir(filepath.Dir(path))
	}
	if err := replaceFile(tmp, path+".prev"); err != nil {
		_ = os.Remove(tmp)
		if rerr := os.Remove(path + ".prev"); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return errors.Join(err, rerr)
		}
	}
	return syncDir(filepath.Dir(path))
}

// healPrevious replaces vault.penny.prev when it is a generation of this
// vault (same id) that the current data key does not open: what a key
// rotation that stopped before replacing it leaves. A .prev of another vault
// (the one a restore replaced) is left alone.
//
// It runs on every open for writing, so it reads the header and the first
// chunk only, not the whole file.
func healPrevious(path string, id [16]byte, dataKey []byte) error {
	hdr, first, err := readHead(path + ".prev")
	if err != nil || hdr.id != id || opensFirstChunk(hdr, dataKey, first) {
		return nil
	}
	return replacePrevious(path)
}

// readHead reads and checks a vault file's header (checkHeader) and
// returns it with the start of the body, up to its first sealed chunk.
func readHead(path string) (*header, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, min(st.Size(), maxHeaderLen))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, nil, err
	}
	hdr, hlen, err := parseHeader(head)
	if err != nil {
		return nil, nil, err
	}
	if body := uint64(st.Size() - int64(hlen)); body != hdr.bodyLen && (hdr.version < 3 || body < hdr.bodyLen) {
		return nil, nil, fmt.Errorf("body is %d bytes, header says %d", st.Size()-int64(hlen), hdr.bodyLen)
	}
	first := make([]byte, min(uint64(hdr.chunkSize)+tagLen, hdr.bodyLen))
	if _, err := f.ReadAt(first, int64(hlen)); err != nil {
		return nil, nil, err
	}
	return hdr, first, nil
}

// opensFirstChunk reports whether dataKey authenticates the first chunk of
// a body (all of it, or its start up to that chunk's end): enough to tell
// which data key sealed it, at the cost of one chunk. The header's body
// length says whether that chunk is also the last.
func opensFirstChunk(hdr *header, dataKey, body []byte) bool {
	key, err := bodyKey(dataKey, hdr.bodySalt)
	if err != nil {
		return false
	}
	aead, err := newGCM(key)
	if err != nil {
		return false
	}
	sealed := int(hdr.chunkSize) + tagLen
	end := min(sealed, len(body))
	var nonce [12]byte
	chunkNonce(&nonce, 0, hdr.bodyLen <= uint64(sealed))
	ad := hdr.authData()
	plain, err := aead.Open(nil, nonce[:], body[:end], ad[:])
	clear(plain)
	return err == nil
}
