package vault

import (
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// The combined checksum is the checksum of the whole, for any split, and
// parallelCRC equals the one-core checksum at sizes that split and not,
// of a body in memory and of one read from its file.
func TestCRCCombineIsTheWholeChecksum(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	b := make([]byte, 1<<16)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	for range 300 {
		i := rng.IntN(len(b) + 1)
		want := crc32.Checksum(b, castagnoli)
		if got := crc32Combine(crc32.Checksum(b[:i], castagnoli), crc32.Checksum(b[i:], castagnoli), int64(len(b)-i)); got != want {
			t.Fatalf("split at %d: %08x, want %08x", i, got, want)
		}
	}
	big := make([]byte, 13<<20+7)
	for i := range big {
		big[i] = byte(i*7 + i>>9)
	}
	// The file holds a header's worth of other bytes before the body.
	const at = 100
	path := filepath.Join(t.TempDir(), "body")
	if err := os.WriteFile(path, append(make([]byte, at), big...), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, n := range []int{0, 1, 256<<10 + 1, 4 << 20, 8<<20 + 3, len(big)} {
		want := crc32.Checksum(big[:n], castagnoli)
		// The file's body is read from the file, not from mem, which
		// only gives its length.
		for name, b := range map[string]bodySrc{"memory": memBody(big[:n]), "file": {mem: make([]byte, n), f: f, off: at}} {
			for _, cores := range []int{0, 1, 3} {
				if got, err := parallelCRC(b, cores); err != nil || got != want {
					t.Fatalf("%d bytes from %s on %d cores: %08x, %v; want %08x", n, name, cores, got, err, want)
				}
			}
		}
	}
}
