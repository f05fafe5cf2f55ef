// Package mt940 recognizes SWIFT MT940 (and MT942) statement files so that
// the importer can name them, but does not import them yet.
//
// MT940 carries little structure in practice: the :86: narrative is free
// text whose layout differs per bank (ABN AMRO's "BEA NR:", the German
// "?20".."?32" subfields), and amounts and signs are spread over a
// compressed :61: line. Guessing at those would put wrong payees and
// amounts into the vault, so Parse refuses every file with a clear message
// until a proper parser exists. Most banks that send MT940 can also export
// CAMT.053 or OFX, which the importer reads.
package mt940

import (
	"bytes"
	"io"

	"penny/statement"
)

// Unsupported is the message Parse gives for every file.
const Unsupported = "MT940 is not supported yet; export the statement as CAMT.053 (ISO 20022 XML) or OFX from your bank instead"

// Parse refuses the file: it always returns a *statement.ParseError saying that
// MT940 is not supported yet, and no statements. It does not read r.
func Parse(r io.Reader, name string) ([]statement.Statement, error) {
	return nil, &statement.ParseError{File: name, Msg: Unsupported}
}

// Sniff reports whether head, the first bytes of a file, looks like an
// MT940 or MT942 statement: a SWIFT "{1:" basic header block, or at least
// two of the statement tags :20: (reference), :25: (account), :28:/:28C:
// (statement number), :60F:/:60M: (opening balance) and :61: at the start
// of a line. Two tags, not one, because a lone ":20:" line can occur in
// any text file.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("{1:")) {
		return true
	}
	tags := [][]byte{[]byte(":20:"), []byte(":25:"), []byte(":28:"), []byte(":28C:"), []byte(":60F:"), []byte(":60M:"), []byte(":61:")}
	seen := 0
	for _, tag := range tags {
		if bytes.HasPrefix(head, tag) || bytes.Contains(head, append([]byte("\n"), tag...)) || bytes.Contains(head, append([]byte("\r"), tag...)) {
			seen++
		}
	}
	return seen >= 2
}
