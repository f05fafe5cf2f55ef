//go:build !unix

package main

// noCoreDumps has nothing to set where there is no RLIMIT_CORE.
func noCoreDumps() {}
