package vault

import (
	"crypto/sha256"
	"hash/maphash"
)

// Tests create vaults with cheap Argon2id parameters (CreateOptions.minKDF
// set to testKDF); the production minimum is checked by its own test.
var testKDF = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }

// decryptBody decrypts the body into a buffer of its own; free wipes and
// releases it.
func decryptBody(hdr *header, dataKey, body []byte) (plain []byte, free func(), err error) {
	if uint64(len(body)) > hdr.bodyLen {
		body = body[:hdr.bodyLen]
	}
	n, err := plainLen(len(body), int(hdr.chunkSize))
	if err != nil {
		return nil, nil, err
	}
	buf, release := allocPlain(n)
	free = func() {
		clear(buf)
		release()
	}
	if err := decryptInto(hdr, dataKey, memBody(body), buf, nil, maphash.Seed{}); err != nil {
		free()
		return nil, nil, err
	}
	return buf, free, nil
}
