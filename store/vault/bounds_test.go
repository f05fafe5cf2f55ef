package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

// forgeKDF sets the passphrase slot's Argon2id parameters in a vault file and
// recomputes the header checksum, as an attacker who wants Penny to spend
// without limit would.
func forgeKDF(t *testing.T, orig []byte, p KDFParams) []byte {
	t.Helper()
	b := bytes.Clone(orig)
	if b[fixedHeaderLen] != slotPassphrase {
		t.Fatalf("the first slot is of type %d, not the passphrase slot", b[fixedHeaderLen])
	}
	params := fixedHeaderLen + 3 + 16
	binary.LittleEndian.PutUint32(b[params:], p.MemoryKiB)
	binary.LittleEndian.PutUint32(b[params+4:], p.Time)
	b[params+8] = p.Threads
	n := int(binary.LittleEndian.Uint32(b[10:14]))
	sum := sha256Sum(b[:n-checksumLen])
	copy(b[n-checksumLen:n], sum[:])
	return b
}

func TestForgedKDFParametersAreDamage(t *testing.T) {
	t.Parallel()
	path, orig := sealedVault(t)
	hdr, _, err := checkFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := hdr.slot(slotPassphrase)
	base, _ := passphraseSlotParams(s)
	at := func(m, tm uint32, p uint8) KDFParams { return KDFParams{MemoryKiB: m, Time: tm, Threads: p} }
	cases := map[string]KDFParams{
		"memory 1 GiB + 1 KiB":  at(maxKDF.MemoryKiB+1, base.Time, base.Threads),
		"memory 4 GiB":          at(4<<20, base.Time, base.Threads),
		"memory 2^32-1 KiB":     at(^uint32(0), base.Time, base.Threads),
		"time 17":               at(base.MemoryKiB, 17, base.Threads),
		"time 64":               at(base.MemoryKiB, 64, base.Threads),
		"time 2^32-1":           at(base.MemoryKiB, ^uint32(0), base.Threads),
		"threads 17":            at(base.MemoryKiB, base.Time, 17),
		"threads 255":           at(base.MemoryKiB, base.Time, 255),
		"all three at the max+": at(4<<20, 64, 16),
		"memory below floor":    at(kdfFloor.MemoryKiB-1, base.Time, base.Threads),
		"time zero":             at(base.MemoryKiB, 0, base.Threads),
		"threads zero":          at(base.MemoryKiB, base.Time, 0),
	}
	for what, p := range cases {
		b := forgeKDF(t, orig, p)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		// A passphrase source that fails the test proves no slot was tried,
		// so no Argon2id ran with the forged parameters.
		asked := false
		_, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: func() ([]byte, error) {
			asked = true
			return nil, errors.New("asked")
		}})
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: err = %v, want ErrDamaged", what, err)
		}
		if asked {
			t.Errorf("%s: the passphrase was asked for: the header passed", what)
		}
		if _, err := Describe(path); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: Describe: err = %v, want ErrDamaged", what, err)
		}
	}
	// The bounds themselves are accepted: parsing only, nothing derived.
	for _, p := range []KDFParams{maxKDF, at(maxKDF.MemoryKiB, 1, 1), kdfFloor} {
		if _, _, err := parseHeader(forgeKDF(t, orig, p)); err != nil {
			t.Errorf("%+v: %v, want accepted", p, err)
		}
	}
}

// The bounds are the documented ones in every build, whatever the build's
// minimum.
func TestKDFUpperBoundsAreDocumented(t *testing.T) {
	if maxKDF != (KDFParams{MemoryKiB: 1 << 20, Time: 16, Threads: 16}) {
		t.Fatalf("maxKDF = %+v, want m=1 GiB t=16 p=16 as docs/vault-format.md says", maxKDF)
	}
	if kdfFloor != (KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}) || testKDF != kdfFloor {
		t.Fatalf("kdfFloor = %+v, want m=64 KiB t=1 p=1 as docs/vault-format.md says", kdfFloor)
	}
	if MinKDF.MemoryKiB > maxKDF.MemoryKiB || MinKDF.Time > maxKDF.Time || DefaultKDF.MemoryKiB > maxKDF.MemoryKiB ||
		DefaultKDF.Time > maxKDF.Time || DefaultKDF.Threads > maxKDF.Threads {
		t.Fatalf("the defaults %+v or minimum %+v are outside the bounds", DefaultKDF, MinKDF)
	}
}

// A passphrase slot of the wrong size is damage too.
func TestPassphraseSlotSizeIsDamage(t *testing.T) {
	t.Parallel()
	_, orig := sealedVault(t)
	hdr, _, err := checkFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := hdr.slot(slotPassphrase)
	for _, n := range []int{0, 24, 25, passphraseSlotLen - 1, passphraseSlotLen + 1} {
		h := *hdr
		h.slots = []slot{{typ: slotPassphrase, data: append(bytes.Clone(s.data), make([]byte, 8)...)[:n]}}
		b := h.encode()
		if _, _, err := parseHeader(b); err == nil {
			t.Errorf("a passphrase slot of %d bytes was accepted", n)
		}
	}
}
