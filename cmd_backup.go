package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"

	"penny/store"
	"penny/store/vault"
)

// hintError is an error told for a person, with what to do about it (for
// explain); it wraps the error it stands for, which sets the exit code.
type hintError struct {
	err  error
	msg  string // "" keeps err's own message
	hint string
}

func (e hintError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return e.err.Error()
}
func (e hintError) Unwrap() error { return e.err }

// Hint says what to do next.
func (e hintError) Hint() string { return e.hint }

func cmdBackup() *command {
	var passFile string
	return &command{
		name:    "backup",
		args:    "FILE",
		summary: "write an encrypted copy of your vault that opens with its own passphrase",
		help: `The backup is a sealed vault of its own. It opens with the passphrase you choose
now (from --backup-passphrase-file, PENNY_BACKUP_PASSPHRASE, or asked twice in
a terminal) and never with this machine's keyring, so it survives losing the
machine. Penny cannot recover a forgotten backup passphrase.

It copies the last saved state, so it works while the chat or the daemon runs.
It never replaces an existing file. Bring it back with 'penny restore FILE'.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&passFile, "backup-passphrase-file", "", "read the backup's passphrase from this `FILE` (or set PENNY_BACKUP_PASSPHRASE)")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usagef("backup takes one FILE to write, for example: penny backup ~/penny-2026-11.backup")
			}
			path := args[0]
			if _, err := os.Lstat(path); err == nil {
				return fmt.Errorf("%s already exists: choose another name, or remove it first", path)
			}
			pass, err := c.backupPassphrase(passFile, true)
			if err != nil {
				return err
			}
			defer clear(pass)
			v, err := c.openVault(ctx, true)
			if err != nil {
				return err
			}
			defer v.Close()
			accounts, rows, err := counts(ctx, v.Store())
			if err != nil {
				return err
			}
			if err := v.Backup(ctx, path, vault.BackupOptions{Passphrase: pass}); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Backed up %d transactions in %d accounts to %s.\n"+
				"It opens with the backup passphrase alone; restore it with `penny restore %s`.\n",
				rows, accounts, path, path)
			return nil
		},
	}
}

func cmdRestore() *command {
	var (
		passFile  string
		force     bool
		noKeyring bool
	)
	return &command{
		name:    "restore",
		args:    "FILE",
		summary: "restore your vault from a backup",
		help: `Opens the backup with its passphrase (--backup-passphrase-file,
PENNY_BACKUP_PASSPHRASE, or asked in a terminal) and verifies all of it before
anything changes. It refuses to replace an existing vault unless --force is
given; the replaced vault is kept as vault.penny.prev.

The restored vault opens with the OS keyring (unless --no-keyring or no
keyring is reachable) and with the backup's passphrase; change that with
'penny passwd'.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&passFile, "backup-passphrase-file", "", "read the backup's passphrase from this `FILE` (or set PENNY_BACKUP_PASSPHRASE)")
			fs.BoolVar(&force, "force", false, "replace an existing vault (kept as vault.penny.prev)")
			fs.BoolVar(&noKeyring, "no-keyring", false, "do not add an OS keyring slot to the restored vault")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usagef("restore takes the backup FILE, for example: penny restore ~/penny-2026-11.backup")
			}
			backup := args[0]
			if _, err := os.Stat(backup); err != nil {
				return fmt.Errorf("no backup at %s", backup)
			}
			path, err := c.vaultPath()
			if err != nil {
				return err
			}
			if _, err := os.Lstat(path); err == nil && !force {
				return c.refuseRestore(path)
			}
			var accounts, rows int64
			opt := vault.RestoreOptions{
				Force:      force,
				Passphrase: func() ([]byte, error) { return c.backupPassphrase(passFile, false) },
				Check: func(ctx context.Context, db *sql.DB) error {
					st, err := store.Open(ctx, db)
					if err != nil {
						return err
					}
					accounts, rows, err = counts(ctx, st)
					return err
				},
			}
			if !noKeyring {
				opt.Keyring = c.systemKeyring()
			}
			res, err := vault.Restore(ctx, backup, path, opt)
			switch {
			case errors.Is(err, vault.ErrWrongPassphrase):
				return hintError{err, fmt.Sprintf("the passphrase does not open the backup %s", backup),
					"Check the backup's passphrase (PENNY_BACKUP_PASSPHRASE, --backup-passphrase-file or the prompt); nothing was changed."}
			case errors.Is(err, vault.ErrDamaged):
				return hintError{err, fmt.Sprintf("the backup %s is damaged or was tampered with", backup),
					"Nothing was changed. Try another copy of the backup."}
			case errors.Is(err, vault.ErrExists):
				return c.refuseRestore(path)
			case err != nil:
				return err
			}
			fmt.Fprintf(c.stdout, "Restored %d transactions in %d accounts into %s.\n", rows, accounts, path)
			if res.Replaced {
				fmt.Fprintf(c.stdout, "The vault it replaced is kept as %s.prev.\n", path)
			}
			switch {
			case res.Keyring:
				fmt.Fprintln(c.stdout, "It opens with the OS keyring and with the backup's passphrase.")
			case errors.Is(res.KeyringErr, vault.ErrKeyringUnavailable):
				fmt.Fprintln(c.stdout, "It opens with the backup's passphrase (the OS keyring is not available).")
			case res.KeyringErr != nil:
				fmt.Fprintf(c.stdout, "It opens with the backup's passphrase (the OS keyring was not used: %v).\n", res.KeyringErr)
			default:
				fmt.Fprintln(c.stdout, "It opens with the backup's passphrase.")
			}
			return nil
		},
	}
}

func (c *cli) refuseRestore(path string) error {
	return hintError{vault.ErrExists, fmt.Sprintf("a vault already exists at %s: nothing was changed", path),
		"Use --force to replace it (it is kept as vault.penny.prev), or restore into another folder with --data-dir DIR."}
}

// backupPassphrase reads a backup's passphrase: from file, from
// PENNY_BACKUP_PASSPHRASE, or from the terminal (twice for a new one).
func (c *cli) backupPassphrase(file string, confirm bool) ([]byte, error) {
	switch {
	case file != "":
		return readPassphraseFile(file)
	case c.getenv("PENNY_BACKUP_PASSPHRASE") != "":
		return []byte(c.getenv("PENNY_BACKUP_PASSPHRASE")), nil
	case c.stdinIsTerminal() && confirm:
		return c.newPassphrase()
	case c.stdinIsTerminal():
		return c.prompt("Backup passphrase: ")
	}
	return nil, errors.New("no backup passphrase: set PENNY_BACKUP_PASSPHRASE or pass --backup-passphrase-file FILE")
}

// counts returns how many accounts and transactions st holds, for the
// messages of backup and restore.
func counts(ctx context.Context, st *store.Store) (accounts, rows int64, err error) {
	as, err := st.Accounts(ctx)
	if err != nil {
		return 0, 0, err
	}
	n, err := st.CountTransactions(ctx, store.TxQuery{})
	return int64(len(as)), n, err
}
