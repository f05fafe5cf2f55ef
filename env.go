package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/term"

	"penny/internal/configfile"
	"penny/store/vault"
)

// config is what the config file sets for the code that reads it as a
// whole; each key is declared by its owner (configKeys) and read by one
// reader (readConfig). It holds preferences only: never financial data,
// never credentials.
type config struct {
	Theme   string
	Daemon  daemonConfig
	Offline bool // refuse every network connection, as --offline does
}

func (c *cli) configPath() string {
	if c.configFile != "" {
		return c.configFile
	}
	if d := c.getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "penny", "config.toml")
	}
	return filepath.Join(c.home(), ".config", "penny", "config.toml")
}

func (c *cli) home() string {
	if h := c.getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// loadConfig is the config in effect; a missing default file is fine, a
// missing file named with --config is not.
func (c *cli) loadConfig() (config, error) {
	f, err := c.readConfig()
	if err != nil {
		return config{}, err
	}
	get := func(name string) configfile.Value { return f.Get(name, c.getenv, c.configFlags()).Value }
	return config{Theme: get("theme").Str, Offline: get("offline").Bool, Daemon: daemonConfigOf(get)}, nil
}

// dataDirConfig is the data_dir key: --data-dir, then PENNY_DATA_DIR, then
// the config file, then $XDG_DATA_HOME/penny.
func (c *cli) dataDirConfig() configfile.Key {
	def := filepath.Join(c.home(), ".local", "share", "penny")
	if d := c.getenv("XDG_DATA_HOME"); d != "" {
		def = filepath.Join(d, "penny")
	}
	return configfile.Key{Name: "data_dir", Default: configfile.Value{Str: def}, Env: "PENNY_DATA_DIR", Flag: "--data-dir",
		DefaultNote: "$XDG_DATA_HOME/penny, else ~/.local/share/penny", Example: configfile.Value{Str: "~/penny"},
		Doc: "The folder of the vault (~ is expanded). --data-dir and PENNY_DATA_DIR win over it."}
}

// resolveDataDir is the data_dir in effect.
func (c *cli) resolveDataDir() (string, error) {
	f, err := c.readConfig()
	if err != nil {
		return "", err
	}
	dir := f.Get("data_dir", c.getenv, c.configFlags()).Value.Str
	if dir == "" {
		// data_dir = "" in the file says nothing.
		dir = c.dataDirConfig().Default.Str
	}
	return expandHome(dir, c.home()), nil
}

func (c *cli) vaultPath() (string, error) {
	dir, err := c.resolveDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, vault.FileName), nil
}

// passphraseSource returns how this run can get the vault passphrase, or nil
// when it has none: PENNY_PASSPHRASE, --passphrase-file, or a prompt when
// stdin is a terminal.
func (c *cli) passphraseSource(prompt string) func() ([]byte, error) {
	if p := c.getenv("PENNY_PASSPHRASE"); p != "" {
		return func() ([]byte, error) { return []byte(p), nil }
	}
	if c.passFile != "" {
		return func() ([]byte, error) { return readPassphraseFile(c.passFile) }
	}
	if c.stdinIsTerminal() {
		return func() ([]byte, error) { return c.prompt(prompt) }
	}
	return nil
}

func readPassphraseFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("passphrase file: %w", err)
	}
	// A file written by `echo` ends in a newline that is not part of the
	// passphrase.
	b = bytes.TrimRight(b, "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("passphrase file %s is empty", path)
	}
	return b, nil
}

func (c *cli) prompt(label string) ([]byte, error) {
	fmt.Fprint(c.stderr, label)
	b, err := readPassword(int(os.Stdin.Fd()), c.cancelled)
	fmt.Fprintln(c.stderr)
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	if len(b) == 0 {
		return nil, errors.New("empty passphrase")
	}
	return b, nil
}

// openVault unlocks the user's vault: the OS keyring first, then the key
// `penny unlock` kept in the session keyring, then the passphrase. readOnly
// opens without the write lock, for commands that only read, so they work
// while another Penny writes.
func (c *cli) openVault(ctx context.Context, readOnly bool) (*sealedStore, error) {
	v, err := c.openVaultQuiet(ctx, readOnly)
	if err == nil && readOnly {
		c.noteWriter()
	}
	return v, err
}

// noteWriter says on stderr that another Penny holds the vault for writing,
// when one does: what a reader shows is that Penny's last saved state.
func (c *cli) noteWriter() {
	path, err := c.vaultPath()
	if err != nil {
		return
	}
	if pid := lockHolder(path); pid > 0 {
		fmt.Fprintf(c.stderr, "penny: another Penny (pid %d) is writing the vault; this answer is its last saved state, read-only.\n", pid)
	}
}

// openVaultQuiet is openVault without the note about another writer.
func (c *cli) openVaultQuiet(ctx context.Context, readOnly bool) (*sealedStore, error) {
	return c.openVaultKeeping(ctx, readOnly, nil)
}

// openVaultKeeping is openVaultQuiet that, given kept, keeps the passphrase
// slot's key the open unlocked with there and opens with the key kept there
// first: a command that opens the vault twice asks for the passphrase once.
func (c *cli) openVaultKeeping(ctx context.Context, readOnly bool, kept *keptKey) (*sealedStore, error) {
	path, err := c.vaultPath()
	if err != nil {
		return nil, err
	}
	wait, err := c.lockWait()
	if err != nil {
		return nil, err
	}
	opt := vault.OpenOptions{
		ReadOnly:   readOnly,
		Lazy:       readOnly,
		Keyring:    c.systemKeyring(),
		KeyCache:   sessionKeys{c},
		Passphrase: c.passphraseSource("Vault passphrase: "),
		LockWait:   wait,
	}
	if kept != nil {
		opt.KeyCache = keyCaches{kept, sessionKeys{c}}
		opt.KeepKey = kept.keep
	}
	v, err := openSealed(ctx, path, opt)
	if err == nil {
		c.opened = append(c.opened, v.Vault)
	}
	return v, err
}

// keptKey holds a passphrase slot's key-encryption key in this process, for
// one command's second open of the vault.
type keptKey struct {
	id  string
	kek []byte
}

func (k *keptKey) keep(vaultID string, kek []byte) {
	clear(k.kek)
	k.id, k.kek = vaultID, kek
}

func (k *keptKey) Key(vaultID string) ([]byte, error) {
	if k.kek == nil || k.id != vaultID {
		return nil, errors.New("no key kept in this process")
	}
	return bytes.Clone(k.kek), nil
}

func (k *keptKey) Forget(vaultID string) error {
	if k.id == vaultID {
		clear(k.kek)
		k.kek = nil
	}
	return nil
}

// keyCaches tries each cache in turn.
type keyCaches []vault.KeyCache

func (cs keyCaches) Key(vaultID string) ([]byte, error) {
	var errs []error
	for _, c := range cs {
		k, err := c.Key(vaultID)
		if err == nil {
			return k, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

func (cs keyCaches) Forget(vaultID string) error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Forget(vaultID))
	}
	return errors.Join(errs...)
}

// lockWait is how long a write waits for another Penny's write to end:
// PENNY_LOCK_WAIT (a duration such as "5s"), else vault.DefaultLockWait.
func (c *cli) lockWait() (time.Duration, error) {
	s := c.getenv("PENNY_LOCK_WAIT")
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usagef("PENNY_LOCK_WAIT=%q is not a duration such as 5s", s)
	}
	return d, nil
}

// interactive reports whether a person is at a terminal on both ends, so a
// full-screen chat makes sense.
func (c *cli) interactive() bool {
	out, ok := c.terminal.(*os.File)
	return ok && c.stdinIsTerminal() && term.IsTerminal(int(out.Fd()))
}

// readPassword reads a line from the terminal fd without echo, as
// term.ReadPassword does, but gives up once cancelled is closed: Ctrl-C at
// a prompt sends SIGINT, which cancels the command. The terminal is put
// back as it was; the read itself cannot be interrupted, so it is left
// blocked, to end with the process.
func readPassword(fd int, cancelled <-chan struct{}) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	type line struct {
		b   []byte
		err error
	}
	read := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		read <- line{b, err}
	}()
	select {
	case l := <-read:
		return l.b, l.err
	case <-cancelled:
		_ = term.Restore(fd, state)
		return nil, context.Canceled
	}
}
