// Package simplefin is a SimpleFIN client: it decodes a setup token, claims
// it once for an access URL, and fetches the account set (protocol 1.0 and
// 2.0 shapes) in windows of at most 90 days, turning it into
// statement.Statements. HTTP goes through the *http.Client the caller gives
// (Penny's egress guard); this package keeps nothing and logs nothing.
//
// The access URL carries Basic-auth credentials. Access never prints them:
// its String is the root URL alone, and requests send them in the
// Authorization header, never in the URL.
package simplefin

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// Errors with a plain-words explanation for the user.
var (
	// ErrTokenClaimed is a 403 on claim.
	ErrTokenClaimed = errors.New("this SimpleFIN token was already claimed, or does not exist. If you did not claim it yourself, it may be compromised: disable it at SimpleFIN and make a new one")
	// ErrForbidden is a 403 on /accounts.
	ErrForbidden = errors.New("SimpleFIN refused the access (403): the connection was disabled at SimpleFIN, or blocked after too many requests. Make a new setup token at SimpleFIN and run `penny connect simplefin` again")
	// ErrPaymentRequired is a 402 on /accounts.
	ErrPaymentRequired = errors.New("SimpleFIN says payment is required (402): the SimpleFIN subscription has lapsed; renew it at SimpleFIN, then sync again")
	// ErrIncomplete is an answer cut off in transit: worth retrying.
	ErrIncomplete = errors.New("the answer was cut off in transit")
	// ErrBadToken is a token that is not Base64 of a claim URL.
	ErrBadToken = errors.New("this is not a SimpleFIN setup token (Base64 of a claim URL): copy the whole token SimpleFIN shows you")
)

// StatusError is an HTTP status the protocol gives no meaning to. 5xx ones
// are worth retrying.
type StatusError struct {
	Op     string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("SimpleFIN %s: the server answered %d %s", e.Op, e.Status, http.StatusText(e.Status))
}

// Temporary reports whether trying again later may help.
func (e *StatusError) Temporary() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests
}

// DecodeToken turns a setup token into its claim URL. Whitespace anywhere
// (a token pasted across lines) is ignored; standard and URL-safe Base64,
// padded or not, are accepted.
func DecodeToken(token string) (*url.URL, error) {
	token = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, token)
	if token == "" {
		return nil, ErrBadToken
	}
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(token); err == nil {
			break
		}
	}
	if err != nil {
		return nil, ErrBadToken
	}
	u, err := url.Parse(strings.TrimSpace(string(raw)))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil ||
		!strings.Contains(u.Path, "/claim/") {
		return nil, ErrBadToken
	}
	return u, nil
}

// Claim swaps the one-time claim URL for the access URL (POST with an empty
// body). A 403 means the token was claimed before: ErrTokenClaimed.
func Claim(ctx context.Context, hc *http.Client, claim *url.URL) (Access, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, claim.String(), http.NoBody)
	if err != nil {
		return Access{}, fmt.Errorf("SimpleFIN claim: %w", err)
	}
	req.ContentLength = 0
	resp, err := hc.Do(req)
	if err != nil {
		// The claim URL holds the token: say what failed without it.
		return Access{}, fmt.Errorf("SimpleFIN claim: %w", withoutURL(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return Access{}, fmt.Errorf("SimpleFIN claim: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusForbidden:
		return Access{}, ErrTokenClaimed
	case resp.StatusCode != http.StatusOK:
		return Access{}, &StatusError{Op: "claim", Status: resp.StatusCode}
	}
	a, err := ParseAccess(strings.TrimSpace(string(body)))
	if err != nil {
		return Access{}, fmt.Errorf("SimpleFIN claim: the server's answer is not an access URL: %w", err)
	}
	return a, nil
}

// Access is an access URL split into its root and its credentials.
type Access struct {
	Root       *url.URL // without credentials
	user, pass string
}

// ParseAccess splits an access URL, https://USER:PASS@host/path.
func ParseAccess(s string) (Access, error) {
	u, err := url.Parse(s)
	if err != nil {
		// url's error quotes the URL, credentials and all.
		return Access{}, errors.New("not a URL")
	}
	if u.User == nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return Access{}, errors.New("not an access URL with credentials (https://user:password@host/path)")
	}
	pass, _ := u.User.Password()
	a := Access{user: u.User.Username(), pass: pass}
	u.User = nil
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	a.Root = u
	return a, nil
}

// URL is the whole access URL, credentials included, for storing it in the
// vault; never print it.
func (a Access) URL() string {
	u := *a.Root
	u.User = url.UserPassword(a.user, a.pass)
	return u.String()
}

// String is the root URL without credentials.
func (a Access) String() string {
	if a.Root == nil {
		return ""
	}
	return a.Root.String()
}

// GoString hides the credentials from %#v too.
func (a Access) GoString() string { return "simplefin.Access{" + a.String() + "}" }

// Secrets returns the credentials, so callers can check that they appear
// nowhere they should not.
func (a Access) Secrets() []string { return []string{a.user, a.pass} }

// withoutURL drops the URL an *url.Error quotes: a claim URL carries the
// one-time token, and no URL belongs in an error a person or a log keeps.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("no answer within the timeout: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
