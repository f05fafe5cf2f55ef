package store

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// normalizeReference is what NormalizePayee means, said another way: the
// runs of letters and digits, lower-cased, one space between them. The
// oracle for both of its paths.
func normalizeReference(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(strings.Fields(strings.Map(unicode.ToLower, strings.Join(words, " "))), " ")
}

// contentKeyReference is ContentKeyNormalized through a hash.Hash, as it was
// first written: keys are stored, so the faster one must give the same.
func contentKeyReference(posted time.Time, amount int64, currency, normPayee, normMemo string) []byte {
	h := sha256.New()
	h.Write([]byte(strconv.FormatInt(amount, 10)))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToUpper(currency)))
	h.Write([]byte{0})
	h.Write([]byte(normPayee))
	h.Write([]byte{0})
	h.Write([]byte(normMemo))
	key := binary.BigEndian.AppendUint32(nil, uint32(DateInt(posted)))
	return h.Sum(key)[:12]
}

// Payees and keys come out as the reference makes them, for bank-shaped
// descriptors, punctuation and spacing of every kind, non-ASCII text, and
// text long enough to leave the hashed text's stack buffer.
func TestNormalizeAndContentKeyMatchTheReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"SQ *", "BLUE", "bottle", " ", "  ", "#1234", "AMZN Mktp", "US*2K4", "café", "ÉPICERIE", "–", "\\t", "\t",
		"PAYPAL *", "0412", "OAKLAND CA", "-", ".", "ß", "İ", "日本", "x", "Z", "9", "@", "\\x00", "\x00", "\xff"}
	fixed := []string{"", " ", "   ", "A", " a ", "SQ *BLUE BOTTLE 0412 OAKLAND CA", "café au lait", "\xff\xfe", strings.Repeat("WALMART ", 60)}
	for i := 0; i < 20000; i++ {
		var s string
		if i < len(fixed) {
			s = fixed[i]
		} else {
			var b strings.Builder
			for range rng.IntN(12) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			s = b.String()
		}
		if got, want := NormalizePayee(s), normalizeReference(s); got != want {
			t.Fatalf("NormalizePayee(%q) = %q, want %q", s, got, want)
		}
		day := time.Date(2000+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		amount := rng.Int64N(2_000_000_00) - 1_000_000_00
		cur := []string{"usd", "EUR", "", "gbp"}[rng.IntN(4)]
		p, m := NormalizePayee(s), NormalizePayee(strings.Repeat(s, rng.IntN(3)))
		if got, want := ContentKeyNormalized(day, amount, cur, p, m), contentKeyReference(day, amount, cur, p, m); string(got) != string(want) {
			t.Fatalf("content key of %q, %q: %x, want %x", p, m, got, want)
		}
	}
}

// BenchmarkContentKeys is the per-row key work of an import: two
// descriptors normalized and the content key hashed, per 1,000 rows.
func BenchmarkContentKeys(b *testing.B) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		for i := range 1000 {
			p, m := NormalizePayee("SQ *BLUE BOTTLE 0412 OAKLAND CA"), NormalizePayee("Card purchase 4411")
			_ = ContentKeyNormalized(day, int64(i), "usd", p, m)
		}
	}
}
