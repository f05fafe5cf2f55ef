// Package ofxdirect is an OFX Direct Connect client: it signs on to a
// bank's OFX server with the user's own id and password, lists the
// accounts there (ACCTINFO) and downloads bank and credit card statements.
// Requests are built with github.com/aclindsa/ofxgo; answers are read with
// Penny's own tolerant OFX parser (formats/ofx), the one file imports use,
// so a downloaded statement and an exported file become the same rows.
//
// HTTP goes through the *http.Client the caller gives (Penny's egress
// guard). Nothing here keeps or logs the password; Config's String hides
// it.
package ofxdirect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aclindsa/ofxgo"

	"penny/formats/ofx"
	"penny/statement"
)

// Defaults banks accept: many OFX servers refuse clients that are not
// Quicken.
const (
	DefaultAppID   = "QWIN"
	DefaultAppVer  = "2700"
	DefaultVersion = "103"
)

// Config is how to reach and sign on to one bank.
type Config struct {
	URL       string
	Org, FID  string
	UserID    string
	Password  string
	AppID     string
	AppVer    string
	Version   string // OFX version: 102, 103, 151, 160 (SGML) or 200 ... 220 (XML)
	ClientUID string // generated once per source, kept stable
}

// String describes the config without the password.
func (c Config) String() string {
	return fmt.Sprintf("OFX %s (ORG %s, FID %s, user %s, %s/%s)", c.URL, c.Org, c.FID, c.UserID, c.appID(), c.appVer())
}

// GoString hides the password from %#v too.
func (c Config) GoString() string { return c.String() }

func (c Config) appID() string {
	if c.AppID == "" {
		return DefaultAppID
	}
	return c.AppID
}

func (c Config) appVer() string {
	if c.AppVer == "" {
		return DefaultAppVer
	}
	return c.AppVer
}

// NewClientUID makes a CLIENTUID: generate it once when the source is
// added and send the same one every time, as banks that ask for approval
// remember it.
func NewClientUID() (string, error) {
	uid, err := ofxgo.RandomUID()
	if err != nil {
		return "", err
	}
	return string(*uid), nil
}

// Account is one account the server lists.
type Account struct {
	// Kind is "bank" or "creditcard".
	Kind     string `json:"kind"`
	BankID   string `json:"bank_id,omitempty"`
	AcctID   string `json:"acct_id"`
	AcctType string `json:"acct_type,omitempty"` // CHECKING, SAVINGS, MONEYMRKT, CREDITLINE, CD
	Desc     string `json:"desc,omitempty"`
}

// ErrIncomplete is an answer cut off in transit: worth retrying.
var ErrIncomplete = errors.New("the answer was cut off in transit")

// SignonError is a refused sign-on, with what it means in plain words.
type SignonError struct {
	Code    int
	Message string // the server's message, as received
}

func (e *SignonError) Error() string {
	// The advice first and short: a status line or an alert that cuts the
	// message keeps what to do and loses the code.
	return fmt.Sprintf("sign-on refused: %s (OFX code %d)", e.Explain(), e.Code)
}

// Explain says what the user should do.
func (e *SignonError) Explain() string {
	switch e.Code {
	case 15500:
		return "the user id or password is wrong, or the bank waits for you to approve this computer: " +
			"look in its Secure Message Center or your email, then sync again"
	case 15510:
		return "the bank has not approved this Penny (its CLIENTUID) yet: approve it on the bank's website " +
			"(Secure Message Center or security settings), then sync again"
	case 3000:
		return "the bank asks for an extra security check (MFA) that Penny cannot answer; " +
			"download statements from the bank's website and use `penny import`"
	case 15501, 15502:
		return "the bank locked this login after failed attempts or because it is in use; sign in on the bank's website to unlock it"
	case 2000:
		return "the bank's server had a general error; try again later"
	}
	if m, err := (&ofxgo.Status{Code: ofxgo.Int(e.Code)}).CodeMeaning(); err == nil {
		return m
	}
	return "unknown OFX status"
}

// Client talks to one bank's OFX server.
type Client struct {
	HTTP   *http.Client
	Config Config
}

func (c *Client) request() (*ofxgo.Request, error) {
	ver, err := ofxgo.NewOfxVersion(strings.TrimSpace(orDefault(c.Config.Version, DefaultVersion)))
	if err != nil {
		return nil, fmt.Errorf("OFX version: %w", err)
	}
	req := &ofxgo.Request{URL: c.Config.URL, Signon: ofxgo.SignonRequest{
		UserID: ofxgo.String(c.Config.UserID), UserPass: ofxgo.String(c.Config.Password),
		Org: ofxgo.String(c.Config.Org), Fid: ofxgo.String(c.Config.FID), ClientUID: ofxgo.UID(c.Config.ClientUID),
	}}
	req.SetClientFields(&ofxgo.BasicClient{SpecVersion: ver, AppID: c.Config.appID(), AppVer: c.Config.appVer()})
	return req, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// post sends req and returns the raw answer after checking the sign-on.
func (c *Client) post(ctx context.Context, req *ofxgo.Request) ([]byte, error) {
	body, err := req.Marshal()
	if err != nil {
		return nil, fmt.Errorf("OFX request: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Config.URL, bytes.NewReader(body.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("OFX: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/x-ofx")
	hreq.Header.Set("Accept", "application/x-ofx, application/xml;q=0.9, */*;q=0.8")
	hreq.Header.Set("User-Agent", "InetClntApp/3.0")
	resp, err := c.HTTP.Do(hreq)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				err = fmt.Errorf("no answer within the timeout: %w", ue.Err)
			} else {
				err = ue.Err
			}
		}
		return nil, fmt.Errorf("OFX: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("OFX: %w: %w", ErrIncomplete, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Status: resp.StatusCode}
	}
	// File imports forgive a missing end, but an answer cut off in transit
	// would silently lose rows: a Direct Connect answer must be whole.
	tail := bytes.ToUpper(bytes.TrimRight(raw[max(len(raw)-64, 0):], " \t\r\n\x00"))
	if !bytes.HasSuffix(tail, []byte("</OFX>")) {
		return nil, fmt.Errorf("OFX: %w (it does not end with </OFX>)", ErrIncomplete)
	}
	code, msg, ok := signonStatus(raw)
	if !ok {
		return nil, errors.New("OFX: the answer has no sign-on status (not OFX, or cut off in transit)")
	}
	if code != 0 {
		return nil, &SignonError{Code: code, Message: msg}
	}
	return raw, nil
}

// StatusError is an HTTP status other than 200. 5xx ones are worth
// retrying.
type StatusError struct{ Status int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("OFX: the server answered %d %s", e.Status, http.StatusText(e.Status))
}

// Temporary reports whether trying again later may help.
func (e *StatusError) Temporary() bool { return e.Status >= 500 }

var (
	sonrsRe   = regexp.MustCompile(`(?is)<SONRS>(.*?)(?:</SONRS>|<SIGNUPMSGSRSV1>|<BANKMSGSRSV1>|<CREDITCARDMSGSRSV1>|</OFX>)`)
	codeRe    = regexp.MustCompile(`(?i)<CODE>\s*([0-9]+)`)
	messageRe = regexp.MustCompile(`(?i)<MESSAGE>([^<\r\n]*)`)
)

// signonStatus finds SONRS's STATUS code and message in an OFX answer of
// either syntax.
func signonStatus(raw []byte) (code int, msg string, ok bool) {
	m := sonrsRe.FindSubmatch(raw)
	if m == nil {
		return 0, "", false
	}
	c := codeRe.FindSubmatch(m[1])
	if c == nil {
		return 0, "", false
	}
	code, err := strconv.Atoi(string(c[1]))
	if err != nil {
		return 0, "", false
	}
	if mm := messageRe.FindSubmatch(m[1]); mm != nil {
		msg = strings.TrimSpace(string(mm[1]))
	}
	return code, msg, true
}

// Accounts lists the accounts the server offers this user (ACCTINFO).
func (c *Client) Accounts(ctx context.Context) ([]Account, error) {
	req, err := c.request()
	if err != nil {
		return nil, err
	}
	uid, err := ofxgo.RandomUID()
	if err != nil {
		return nil, err
	}
	req.Signup = append(req.Signup, &ofxgo.AcctInfoRequest{TrnUID: *uid, DtAcctUp: ofxgo.Date{Time: time.Unix(0, 0)}})
	raw, err := c.post(ctx, req)
	if err != nil {
		return nil, err
	}
	resp, err := ofxgo.ParseResponse(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("OFX account list: %w", err)
	}
	var out []Account
	for _, m := range resp.Signup {
		air, ok := m.(*ofxgo.AcctInfoResponse)
		if !ok {
			continue
		}
		if air.Status.Code != 0 {
			return nil, fmt.Errorf("OFX account list: the bank answered code %d: %s", air.Status.Code, air.Status.Message)
		}
		for _, ai := range air.AcctInfo {
			switch {
			case ai.BankAcctInfo != nil:
				b := ai.BankAcctInfo.BankAcctFrom
				out = append(out, Account{Kind: "bank", BankID: string(b.BankID), AcctID: string(b.AcctID),
					AcctType: b.AcctType.String(), Desc: string(ai.Desc)})
			case ai.CCAcctInfo != nil:
				out = append(out, Account{Kind: "creditcard", AcctID: string(ai.CCAcctInfo.CCAcctFrom.AcctID), Desc: string(ai.Desc)})
			}
		}
	}
	return out, nil
}

// Statements downloads the statements of accts for [start, end) in one
// request, and returns them with the raw answer.
func (c *Client) Statements(ctx context.Context, accts []Account, start, end time.Time) ([]statement.Statement, []byte, error) {
	req, err := c.request()
	if err != nil {
		return nil, nil, err
	}
	from := ofxgo.Date{Time: start}
	to := ofxgo.Date{Time: end}
	for _, a := range accts {
		uid, err := ofxgo.RandomUID()
		if err != nil {
			return nil, nil, err
		}
		switch a.Kind {
		case "creditcard":
			req.CreditCard = append(req.CreditCard, &ofxgo.CCStatementRequest{TrnUID: *uid,
				CCAcctFrom: ofxgo.CCAcct{AcctID: ofxgo.String(a.AcctID)}, DtStart: &from, DtEnd: &to, Include: true})
		default:
			typ, err := ofxgo.NewAcctType(orDefault(a.AcctType, "CHECKING"))
			if err != nil {
				return nil, nil, fmt.Errorf("OFX account %s: %w", a.AcctID, err)
			}
			req.Bank = append(req.Bank, &ofxgo.StatementRequest{TrnUID: *uid,
				BankAcctFrom: ofxgo.BankAcct{BankID: ofxgo.String(a.BankID), AcctID: ofxgo.String(a.AcctID), AcctType: typ},
				DtStart:      &from, DtEnd: &to, Include: true})
		}
	}
	raw, err := c.post(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	stmts, err := ofx.Parse(bytes.NewReader(raw), "OFX answer from "+hostOf(c.Config.URL))
	if err != nil {
		return nil, nil, fmt.Errorf("OFX statements: %w", err)
	}
	return stmts, raw, nil
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}
