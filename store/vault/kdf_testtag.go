//go:build pennytestkdf

package vault

// Test-only Argon2id parameters. The root package's tests build the penny
// binary they run with -tags pennytestkdf, so the dozens of vaults they
// create and open cost microseconds instead of 64 MiB and three passes
// each. A normal build (no tag) never compiles this file: it keeps the
// parameters of kdf.go and refuses weaker ones.
var (
	defaultKDF = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}
	minKDF     = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}
)
