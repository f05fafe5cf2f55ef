package main

import (
	"context"
	"fmt"

	"penny/store/vault"
)

func cmdRekey() *command {
	return &command{
		name:    "rekey",
		summary: "change the vault's data key, keeping its passphrase and keyring entry",
		help: `Unlocks the vault as usual, draws a new data key, wraps it in every key slot
and seals the vault under it; vault.penny.prev is replaced by the new
generation. The passphrase and the OS keyring entry stay the same. When the
keyring unlocked a vault that also has a passphrase, the current passphrase
is asked for (PENNY_PASSPHRASE, --passphrase-file or a prompt) to keep its
slot. A copy of the vault taken before still opens as it did, and shows only
what it held then.`,
		built: true,
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("rekey takes no arguments")
			}
			v, err := c.openVault(ctx, false)
			if err != nil {
				return err
			}
			defer v.Close()
			err = v.Rekey(ctx, vault.RekeyOptions{
				Keyring:    vault.NewSystemKeyring(),
				Passphrase: c.passphraseSource("Current passphrase (to keep it): "),
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, "The vault's key was changed; it opens as before.")
			return nil
		},
	}
}
