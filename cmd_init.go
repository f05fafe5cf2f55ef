package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"

	"penny/internal/sessionkey"
	"penny/store/vault"
)

func cmdInit() *command {
	var noKeyring bool
	return &command{
		name:    "init",
		summary: "create your encrypted vault",
		help: `The vault's key is kept in the OS keyring (Secret Service) by default. A
passphrase from --passphrase-file or PENNY_PASSPHRASE adds a passphrase slot,
so the vault also opens where no keyring runs (servers, the daemon).
--no-keyring keeps the key out of the keyring: then a passphrase is required.
With no keyring reachable and no passphrase given, init asks for one in a
terminal and fails otherwise.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&noKeyring, "no-keyring", false, "do not use the OS keyring; protect the vault with a passphrase only")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("init takes no arguments")
			}
			return c.initVault(ctx, noKeyring)
		},
	}
}

func (c *cli) initVault(ctx context.Context, noKeyring bool) error {
	path, err := c.vaultPath()
	if err != nil {
		return err
	}
	var pass []byte
	if src := c.explicitPassphrase(); src != nil {
		if pass, err = src(); err != nil {
			return err
		}
	} else if noKeyring {
		if !c.stdinIsTerminal() {
			return errors.New("--no-keyring needs a passphrase: set PENNY_PASSPHRASE or pass --passphrase-file FILE")
		}
		if pass, err = c.newPassphrase(); err != nil {
			return err
		}
	}
	opt := vault.CreateOptions{Passphrase: pass}
	if !noKeyring {
		opt.Keyring = readBackKeyring{c.systemKeyring()}
	}
	v, err := createSealed(ctx, path, opt)
	if errors.Is(err, vault.ErrKeyringUnavailable) {
		switch {
		case len(pass) > 0:
			fmt.Fprintf(c.stderr, "penny: the OS keyring is not available (%v);\nthe vault is protected by your passphrase only.\n", err)
		case c.stdinIsTerminal():
			fmt.Fprintf(c.stderr, "penny: the OS keyring is not available (%v).\nChoose a passphrase for the vault instead.\n", err)
			if pass, err = c.newPassphrase(); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w\nNo Secret Service answered, so the vault's key has nowhere safe to live.\n"+
				"Give a passphrase instead: PENNY_PASSPHRASE=... penny init --no-keyring, or --passphrase-file FILE", err)
		}
		opt.Keyring, opt.Passphrase = nil, pass
		v, err = createSealed(ctx, path, opt)
	}
	if err != nil {
		return err
	}
	defer v.Close()
	var slots []string
	if v.HasKeyringSlot() {
		slots = append(slots, "the OS keyring")
	}
	if v.HasPassphraseSlot() {
		slots = append(slots, "your passphrase")
	}
	fmt.Fprintf(c.stdout, "Created your vault at %s\nIt opens with %s.\nNext: `penny import FILE` to load a bank export, or `penny demo` to look around.\n",
		path, joinAnd(slots))
	return nil
}

// explicitPassphrase is a passphrase given without a prompt.
func (c *cli) explicitPassphrase() func() ([]byte, error) {
	if c.getenv("PENNY_PASSPHRASE") == "" && c.passFile == "" {
		return nil
	}
	return c.passphraseSource("")
}

func (c *cli) newPassphrase() ([]byte, error) {
	p1, err := c.prompt("New passphrase: ")
	if err != nil {
		return nil, err
	}
	p2, err := c.prompt("Repeat it: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(p1, p2) {
		return nil, errors.New("the two passphrases differ; nothing was changed")
	}
	return p1, nil
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return "nothing"
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " or " + s[len(s)-1]
}

func cmdPasswd() *command {
	var newFile string
	return &command{
		name:    "passwd",
		summary: "add or change the vault's passphrase (and change its key)",
		help: `Unlocks the vault as usual (keyring, PENNY_PASSPHRASE, --passphrase-file or a
prompt), then sets the new passphrase from --new-passphrase-file,
PENNY_NEW_PASSPHRASE, or a prompt. The vault's data key is replaced too, so
the old passphrase opens no file left in the data folder; a copy taken
before still opens with it, and shows only what it held then.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from this file")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("passwd takes no arguments")
			}
			v, err := c.openVault(ctx, false)
			if err != nil {
				return err
			}
			defer v.Close()
			var pass []byte
			switch {
			case newFile != "":
				pass, err = readPassphraseFile(newFile)
			case c.getenv("PENNY_NEW_PASSPHRASE") != "":
				pass = []byte(c.getenv("PENNY_NEW_PASSPHRASE"))
			case c.stdinIsTerminal():
				pass, err = c.newPassphrase()
			default:
				err = errors.New("no new passphrase: pass --new-passphrase-file FILE or set PENNY_NEW_PASSPHRASE")
			}
			if err != nil {
				return err
			}
			had := v.HasPassphraseSlot()
			err = v.Rekey(ctx, vault.RekeyOptions{NewPassphrase: pass, KDF: vault.DefaultKDF, Keyring: vault.NewSystemKeyring()})
			clear(pass)
			if err != nil {
				return err
			}
			// A key `penny unlock` kept belongs to the old passphrase: it
			// opens no new generation, only copies made before.
			_, _ = sessionkey.Forget(sessionKeyName(v.ID()))
			if had {
				fmt.Fprintln(c.stdout, "Passphrase changed.")
			} else {
				fmt.Fprintln(c.stdout, "Passphrase added: the vault now also opens with it.")
			}
			return nil
		},
	}
}

// readBackKeyring is the keyring init stores the new vault's key in: after
// storing, it reads the key back through the same keyring, so init never
// says "It opens with the OS keyring" when the next command could not get
// the key. A key that does not come back counts as no keyring: init then
// offers the passphrase, as when no keyring answers at all.
type readBackKeyring struct{ vault.Keyring }

func (k readBackKeyring) Set(service, user, secret string) error {
	if err := k.Keyring.Set(service, user, secret); err != nil {
		return err
	}
	got, err := k.Keyring.Get(service, user)
	if err == nil && got == secret {
		return nil
	}
	_ = k.Keyring.Delete(service, user)
	if err == nil {
		err = errors.New("it returned a different secret")
	}
	return fmt.Errorf("%w: the key stored in it could not be read back: %v", vault.ErrKeyringUnavailable, err)
}
