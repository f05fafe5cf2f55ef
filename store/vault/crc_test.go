package vault

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// The combined checksum is the checksum of the whole, for any split, and
// parallelCRC equals the one-core checksum at sizes that split and not.
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
	for _, n := range []int{0, 1, 4 << 20, 8<<20 + 3, len(big)} {
		if got, want := parallelCRC(big[:n]), crc32.Checksum(big[:n], castagnoli); got != want {
			t.Fatalf("%d bytes: %08x, want %08x", n, got, want)
		}
	}
}
