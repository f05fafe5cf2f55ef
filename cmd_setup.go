package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/colorprofile"

	"penny/demo"
	"penny/store/vault"
)

// firstRun is bare `penny` in a terminal with no vault yet: a short setup
// that creates the vault (keyring, or a passphrase where no keyring runs),
// offers to import a first bank file, or starts the demo instead.
func (c *cli) firstRun(ctx context.Context, path string) error {
	fmt.Fprintf(c.stdout, `Welcome to Penny: a messenger for your own money. Your bank data will live
in an encrypted vault on this computer, at %s. Nothing leaves it.

  1  create my vault now
  2  try the demo first (generated data, nothing is written)
  q  quit

`, path)
	switch strings.ToLower(c.ask("Your choice [1]: ")) {
	case "", "1":
	case "2", "demo", "d":
		return c.runDemo(ctx, 5000, 1, "", true, demo.DefaultEvery)
	default:
		fmt.Fprintln(c.stdout, "Nothing was created. Run `penny` again whenever you like.")
		return nil
	}
	noKeyring := false
	var pass []byte
	v, err := createSealed(ctx, path, vault.CreateOptions{Keyring: c.systemKeyring()})
	if errors.Is(err, vault.ErrKeyringUnavailable) {
		fmt.Fprintf(c.stdout, "\nThe OS keyring is not available here (%v).\nChoose a passphrase for the vault instead; you will type it when you open Penny.\n", err)
		noKeyring = true
		if pass, err = c.newPassphrase(); err != nil {
			return err
		}
		v, err = createSealed(ctx, path, vault.CreateOptions{Passphrase: pass})
	}
	if err != nil {
		return err
	}
	defer v.Close()
	if noKeyring {
		fmt.Fprintln(c.stdout, "\nYour vault is created; it opens with your passphrase.")
	} else {
		fmt.Fprintln(c.stdout, "\nYour vault is created; its key is in your OS keyring.")
		if yes(c.ask("Add a passphrase too, to open it where the keyring is not (recommended)? [y/N]: ")) {
			if pass, err = c.newPassphrase(); err != nil {
				return err
			}
			if err := v.SetPassphrase(ctx, pass, vault.DefaultKDF); err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, "Passphrase added.")
		}
	}
	for {
		file := c.ask("\nImport a bank file now (OFX, QFX, QIF, CSV, CAMT.053)? Its path, or enter to skip: ")
		if file == "" {
			break
		}
		file = expandHome(strings.Trim(file, `'"`), c.home())
		if err := c.importInto(ctx, v, []string{file}); err != nil {
			if ctx.Err() != nil {
				// Ctrl-C during the import stops the setup too: the vault
				// is made, and bare `penny` opens it.
				return err
			}
			fmt.Fprintf(c.stdout, "%v\n", explain(err))
			continue
		}
		if !yes(c.ask("Another one? [y/N]: ")) {
			break
		}
	}
	fmt.Fprintln(c.stdout, "\nOpening the chat. Ask \"balance\", or press ? for the keys.")
	return c.chat(ctx, v, false, colorprofile.Unknown)
}

// ask prints a prompt and reads one line from stdin, byte by byte so that
// nothing is buffered away from a later passphrase prompt.
func (c *cli) ask(prompt string) string {
	fmt.Fprint(c.stdout, prompt)
	var b []byte
	buf := make([]byte, 1)
	for {
		n, err := c.stdin.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			b = append(b, buf[0])
		}
		if err != nil {
			break
		}
	}
	return strings.TrimSpace(string(b))
}

func yes(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "y" || s == "yes"
}
