package vault

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzHeader feeds arbitrary bytes to the header reader: it never panics,
// and whatever it accepts keeps the Argon2id parameters inside the bounds,
// so a forged header can never make Penny derive for hours.
func FuzzHeader(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.penny")
	v, err := Create(f.Context(), path, CreateOptions{Passphrase: []byte("seed"), KDF: testKDF, minKDF: testKDF})
	if err != nil {
		f.Fatal(err)
	}
	if err := v.Close(); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("PENNYVLT"))
	f.Fuzz(func(t *testing.T, b []byte) {
		hdr, hlen, err := checkHeader(b)
		if err != nil {
			return
		}
		if hlen <= 0 || hlen > len(b) {
			t.Fatalf("header length %d of %d bytes", hlen, len(b))
		}
		if s, ok := hdr.slot(slotPassphrase); ok {
			kdf, err := passphraseSlotParams(s)
			if err != nil || kdf.checkBounds() != nil {
				t.Fatalf("accepted a passphrase slot out of bounds: %+v %v", kdf, err)
			}
		}
	})
}
