package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"penny/internal/sessionkey"
	"penny/store/vault"
)

// defaultUnlockFor is how long `penny unlock` lasts without --for: long
// enough for a batch of scripted questions, short enough to be forgotten
// soon after.
const defaultUnlockFor = 15 * time.Minute

// sessionKeyName names a vault's entry in the kernel's session keyring. The
// vault id tells vaults apart, so several vaults, and the test processes
// sharing one session keyring, never meet.
func sessionKeyName(vaultID string) string { return "penny:vault:" + vaultID }

// sessionKeys is the vault's KeyCache in the kernel's session keyring: what
// `penny unlock` kept there opens the vault without the passphrase.
type sessionKeys struct{ c *cli }

func (k sessionKeys) Key(vaultID string) ([]byte, error) {
	return sessionkey.Get(sessionKeyName(vaultID))
}

func (k sessionKeys) Forget(vaultID string) error {
	found, err := sessionkey.Forget(sessionKeyName(vaultID))
	if found {
		fmt.Fprintln(k.c.stderr, "penny: the key `penny unlock` kept for this session does not open the vault (its passphrase changed, or the entry is not Penny's); it was forgotten.")
	}
	return err
}

func cmdUnlock() *command {
	var keepFor time.Duration
	return &command{
		name:    "unlock",
		summary: "ask for the vault's passphrase once for this login session (Linux)",
		help: `Unlocks a passphrase vault once (PENNY_PASSPHRASE, --passphrase-file or a
prompt) and keeps the passphrase slot's key in the Linux kernel's session
keyring for --for (default 15m, at most 24h). Until then every Penny command
of this login session opens the vault without asking and without the key
derivation (Argon2id, about half a second per command), so a script that
calls penny ask ten times pays it once. Nothing is written to disk. The
kernel forgets the key when the time is up; 'penny lock' forgets it at once,
and 'penny passwd' ends the unlock. 'penny unlock' again asks for the
passphrase and starts a new period.

The trade-off: while the vault is unlocked, any program running as you in
this login session can read that key from the kernel and, with the vault
file, open it (and any copy made since its passphrase was set) without
knowing the passphrase; it never learns the passphrase itself. Unlock for a
batch of work, keep --for short, and lock when done. Off unless you run it.

A vault that opens with the OS keyring needs no unlock, and penny daemon
does not use one. Other systems than Linux have no session keyring for
Penny; there the command says so.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.DurationVar(&keepFor, "for", defaultUnlockFor, "how long the vault stays unlocked, 1s to 24h")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unlock takes no arguments")
			}
			if keepFor < time.Second || keepFor > sessionkey.MaxTimeout {
				return usagef("--for must be between 1s and 24h")
			}
			if err := sessionkey.Available(); err != nil {
				return fmt.Errorf("penny unlock keeps the key in the Linux kernel's session keyring, and there is none here: %w", err)
			}
			path, err := c.vaultPath()
			if err != nil {
				return err
			}
			var id string
			var kek []byte
			defer func() { clear(kek) }()
			// The passphrase is asked for every time: an unlock is never
			// extended by what an earlier one kept.
			v, err := vault.Open(ctx, path, vault.OpenOptions{
				ReadOnly:   true,
				Lazy:       true,
				Keyring:    c.systemKeyring(),
				Passphrase: c.passphraseSource("Vault passphrase: "),
				KeepKey:    func(vaultID string, k []byte) { id, kek = vaultID, k },
			})
			if err != nil {
				return err
			}
			_ = v.Close()
			if kek == nil {
				fmt.Fprintln(c.stdout, "This vault opens with the OS keyring, without its passphrase: there is nothing to unlock.")
				return nil
			}
			if err := sessionkey.Keep(sessionKeyName(id), kek, keepFor); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Unlocked for %s, until %s: Penny commands in this login session open the vault without its passphrase. `penny lock` ends it sooner.\n",
				keepFor, time.Now().Add(keepFor).Format("15:04"))
			return nil
		},
	}
}

func cmdLock() *command {
	return &command{
		name:    "lock",
		summary: "forget what 'penny unlock' kept: the passphrase is needed again",
		help: `Removes the vault's key from the Linux kernel's session keyring, where
'penny unlock' kept it; the next command asks for the passphrase again. It
needs no passphrase, and saying there was nothing to forget is no error.`,
		built: true,
		run: func(c *cli, _ context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("lock takes no arguments")
			}
			path, err := c.vaultPath()
			if err != nil {
				return err
			}
			in, err := vault.Describe(path)
			if err != nil {
				return err
			}
			found, err := sessionkey.Forget(sessionKeyName(in.ID))
			if err != nil && !errors.Is(err, sessionkey.ErrUnavailable) {
				return err
			}
			if found {
				fmt.Fprintln(c.stdout, "Locked: the next command asks for the vault's passphrase again.")
			} else {
				fmt.Fprintln(c.stdout, "Nothing to lock: this session keeps no key for the vault.")
			}
			return nil
		},
	}
}
