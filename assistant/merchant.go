package assistant

import (
	"strings"

	"penny/merchant"
)

// MerchantName returns a display name for a bank descriptor, as package
// merchant (the one home of merchant identity, which the import engine and
// the alerts use too) reads it: "SQ *BLUE BOTTLE COFFEE OAKLAND CA" is
// "Blue Bottle Coffee". A descriptor that names nobody keeps its own text.
func MerchantName(payee string) string {
	if m := merchant.Identify(payee); m.Name != "" {
		return m.Name
	}
	return strings.TrimSpace(payee)
}
