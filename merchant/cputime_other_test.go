//go:build !unix

package merchant

// cpuNanos is not measured here; the benchmark reports wall time only.
func cpuNanos() int64 { return 0 }
