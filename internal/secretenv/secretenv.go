// Package secretenv takes the variables that may carry a passphrase out of
// the process environment while the program initializes, before any other
// package's initialization can start a program that would inherit them.
// (lipgloss, the chat's styling, runs `tmux info` from its package
// variables when the output is a terminal inside tmux.) Go initializes a
// package once everything it imports is initialized, the earliest by
// import path first: this one imports only os, so it runs long before the
// terminal libraries, whose imports are many. TestNoChildOutlivesPennyOrCarriesThePassphrase
// in package main checks the order with a real tmux.
package secretenv

import "os"

// Names are the variables that may carry a passphrase.
var Names = []string{"PENNY_PASSPHRASE", "PENNY_NEW_PASSPHRASE", "PENNY_BACKUP_PASSPHRASE"}

var taken = take(os.Getenv, os.Unsetenv, Names)

// take reads keys once, removes them with unset, and returns what it read.
func take(getenv func(string) string, unset func(string) error, keys []string) map[string]string {
	kept := map[string]string{}
	for _, k := range keys {
		kept[k] = getenv(k)
		_ = unset(k)
	}
	return kept
}

// Getenv is os.Getenv, but answers Names from what was taken out of the
// environment at start.
func Getenv(k string) string {
	if v, ok := taken[k]; ok {
		return v
	}
	return os.Getenv(k)
}
