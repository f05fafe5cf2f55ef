//go:build !linux

// Package prefault maps the program's code into its page tables as the
// process starts, on Linux; elsewhere it does nothing.
package prefault
