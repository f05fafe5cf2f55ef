// Package fastget tests the vault's two-round-trip read of a keyring secret
// (vault.FastKeyring) against a real Secret Service. It has a package of
// its own because the test makes go-keyring fail, for the whole process,
// to prove the secret came the fast way.
package fastget
