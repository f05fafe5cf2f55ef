// Package initenv keeps TMUX out of the environment while the program's
// packages initialize; main puts it back (Restore) before it does anything
// else. lipgloss works out the color profile of standard output in a
// package variable that Penny never uses, and inside tmux that runs `tmux
// info`: tens of milliseconds on every command. The chat finds its own
// profile, with TMUX back, while the vault unlocks.
//
// Like internal/secretenv, this package imports only os, so Go
// initializes it long before the terminal libraries (see secretenv's
// comment); TestTmuxIsNotAskedWhileInitializing checks it with a real
// tmux.
package initenv

import "os"

var tmux, inTmux = os.LookupEnv("TMUX")

var _ = hide()

func hide() bool {
	if inTmux {
		_ = os.Unsetenv("TMUX")
	}
	return true
}

// Restore puts TMUX back as the program found it.
func Restore() {
	if inTmux {
		_ = os.Setenv("TMUX", tmux)
	}
}
