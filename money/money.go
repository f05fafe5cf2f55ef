// Package money holds exact amounts of money: int64 minor units plus an ISO 4217
// currency whose exponent says where the decimal point sits. There is no float
// anywhere in this package, on purpose: a bank balance must add up to the cent.
package money

import "errors"

// Currency is an ISO 4217 currency: its three-letter code and the number of
// digits after the decimal point of its minor unit (USD 2, JPY 0, BHD 3).
type Currency struct {
	Code     string
	Exponent int
}

// Amount is an exact amount of money in minor units (cents for USD) of one
// currency code.
type Amount struct {
	Minor    int64
	Currency string
}

// Sentinel errors callers can test with errors.Is.
var (
	ErrUnknownCurrency  = errors.New("unknown currency")
	ErrCurrencyMismatch = errors.New("currencies differ")
	ErrOverflow         = errors.New("amount out of range")
	ErrSyntax           = errors.New("not an amount")
)
