package main

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// openHome is bare `penny`. The messenger is not built yet, so it shows the
// balances of the user's vault, or on first run says how to create one.
func (c *cli) openHome(ctx context.Context) error {
	path, err := c.vaultPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(c.stdout, `Welcome to Penny. There is no vault at %s yet.

  penny init           create your encrypted vault (key in the OS keyring)
  penny demo           look around with generated data; writes nothing
  penny --help         every command
`, path)
		return nil
	}
	v, err := c.openVault(ctx, true)
	if err != nil {
		return err
	}
	defer v.Close()
	return c.printBalances(ctx, v.Store(), false)
}
