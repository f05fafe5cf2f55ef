// Package osproc answers questions about other processes that the
// operating systems answer differently: whether a pid still runs.
package osproc
