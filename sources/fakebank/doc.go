// Package fakebank is a bank in the box: a SimpleFIN-compatible server and an
// OFX Direct Connect server, both over loopback TLS with a certificate
// authority of their own, serving scenario data that exercises what real
// banks do to a client (a pending charge that posts under a new id and a
// different amount, a duplicate charge, a subscription whose price goes up,
// a transfer between two of the user's accounts, an account re-linked under
// a new id, con.auth and act.missingdata errors, a EUR account, a custom
// currency, descriptions carrying terminal escape sequences and bidi
// overrides) and what networks do (a connection closed mid-response, a 500,
// truncated JSON, a server that never answers).
//
// Tests and the demo use it; nothing in it talks to anything but loopback.
package fakebank
