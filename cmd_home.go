package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

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
	// The chat writes (history, settings, categorize) one transaction at a
	// time, like every other Penny, so a daemon and imports in other
	// terminals write beside it. Where the data folder cannot be written it
	// opens read-only.
	readOnly := canWrite(path) != nil
	v, err := c.openVault(ctx, readOnly)
	if err != nil {
		return err
	}
	defer v.Close()
	if readOnly {
		fmt.Fprintf(c.stderr, "penny: cannot write in %s; the chat opens read-only.\n", filepath.Dir(path))
	}
	return c.chat(ctx, v, readOnly)
}

// chatRefreshEvery is how often the open chat looks at the vault file when
// no watch reported a save: the fallback where inotify is missing, and a
// check that costs one stat when nothing moved.
const chatRefreshEvery = time.Second

// chat opens the messenger on an unlocked vault. What other processes save
// arrives in it: a watch on the vault file wakes it when a save lands, and
// its refresh loads the new generation before it looks for what is new.
func (c *cli) chat(ctx context.Context, v *sealedStore, readOnly bool) error {
	cfg, _ := c.loadConfig()
	asker := assistant.New(v.Store(), assistant.Options{})
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	return ui.Run(ctx, ui.Options{Store: v.Store(), Asker: asker,
		Title: "Penny", Theme: cfg.Theme, ReadOnly: readOnly,
		Refresh: func(ctx context.Context) error {
			reloaded, err := v.Refresh(ctx)
			if reloaded {
				asker.Refresh()
			}
			return err
		},
		RefreshEvery: chatRefreshEvery,
		Wake:         vault.Watch(wctx, v.Path(), chatRefreshEvery),
	})
}
