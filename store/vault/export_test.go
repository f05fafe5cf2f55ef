package vault

import "crypto/sha256"

// Tests create vaults with cheap Argon2id parameters (CreateOptions.minKDF
// set to testKDF); the production minimum is checked by its own test.
var testKDF = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
