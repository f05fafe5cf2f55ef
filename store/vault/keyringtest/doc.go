// Package keyringtest holds the tests of the vault against a real Secret
// Service. They live apart from package vault because go-keyring's mock,
// which those tests install, replaces the real provider for the whole process
// with no way back. scripts/test runs them inside a private D-Bus session with
// an unlocked gnome-keyring.
package keyringtest
