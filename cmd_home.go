package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"penny/assistant"
	"penny/store/vault"
	"penny/ui"
)

// openHome is bare `penny`: the chat on the user's vault. On first run it
// walks through creating one (outside a terminal it says how); outside a
// terminal it prints the balances.
func (c *cli) openHome(ctx context.Context) error {
	path, err := c.vaultPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if c.interactive() {
			return c.firstRun(ctx, path)
		}
		fmt.Fprintf(c.stdout, `Welcome to Penny. There is no vault at %s yet.

  penny init           create your encrypted vault (key in the OS keyring)
  penny demo           look around with generated data; writes nothing
  penny --help         every command
`, path)
		return nil
	}
	if !c.interactive() {
		v, err := c.openVault(ctx, true)
		if err != nil {
			return err
		}
		defer v.Close()
		return c.printBalances(ctx, v.Store(), false)
	}
	// The chat writes (history, settings, categorize): it takes the write
	// lock, and falls back to reading when another Penny holds it.
	v, err := c.openVault(ctx, false)
	readOnly := false
	if errors.Is(err, vault.ErrInUse) {
		fmt.Fprintf(c.stderr, "penny: %v; opening read-only.\n", err)
		v, err = c.openVault(ctx, true)
		readOnly = true
	}
	if err != nil {
		return err
	}
	defer v.Close()
	return c.chat(ctx, v, readOnly)
}

// chat opens the messenger on an unlocked vault.
func (c *cli) chat(ctx context.Context, v *sealedStore, readOnly bool) error {
	cfg, _ := c.loadConfig()
	return ui.Run(ctx, ui.Options{Store: v.Store(), Asker: assistant.New(v.Store(), assistant.Options{}),
		Title: "Penny", Theme: cfg.Theme, ReadOnly: readOnly})
}
