//go:build !pennytestkdf

package vault

// The Argon2id parameters of every normal build: see DefaultKDF and MinKDF.
// A build with the tag pennytestkdf replaces them (kdf_testtag.go); nothing
// else can lower them.
var (
	defaultKDF = KDFParams{MemoryKiB: 64 << 10, Time: 3, Threads: 2}
	minKDF     = KDFParams{MemoryKiB: 64 << 10, Time: 3, Threads: 1}
)
