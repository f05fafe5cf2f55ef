package fakebank

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// OFXMode is how the OFX server treats sign-on.
type OFXMode int

// The sign-on behaviours banks show.
const (
	// OFXOpen accepts the right user id and password.
	OFXOpen OFXMode = iota
	// OFXApproveClientUID wants a CLIENTUID (15510 without one) and answers
	// 15500 "verify your identity" until the user approves it (Approve), as
	// Chase does.
	OFXApproveClientUID
	// OFXMFA answers 3000: an MFA challenge is required.
	OFXMFA
	// OFXUnknownClientUID answers 15510 "CLIENTUID error" to every
	// CLIENTUID until the user approves it (Approve), as banks that
	// register each client do.
	OFXUnknownClientUID
)

// OFX is an OFX Direct Connect server: it answers sign-on, account
// information (ACCTINFORQ) and bank and credit card statement requests
// (STMTRQ, CCSTMTRQ) posted to /ofx, in OFX 1.0.2 SGML.
type OFX struct {
	server
	User, Password string
	ORG, FID       string
	BankID         string
	Mode           OFXMode
	approved       map[string]bool
	// Seen are the sign-ons received: APPID, APPVER and CLIENTUID, for tests.
	seen []Signon
}

// Signon is what a request's SONRQ carried (but the password).
type Signon struct {
	UserID, AppID, AppVer, ClientUID, Org, Fid string
}

// NewOFX starts an OFX server for bank over loopback TLS signed by ca. Its
// user is "penny-user" with a random password (see Password).
func NewOFX(ca *CA, bank *Bank) *OFX {
	s := &OFX{User: "penny-user", Password: "pw-" + randomHex(10), ORG: "FCB", FID: "10898", BankID: "121000358",
		approved: map[string]bool{}}
	s.bank = bank
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ofx", s.handle)
	s.start(ca, mux)
	return s
}

// Endpoint is the URL OFX requests are posted to.
func (s *OFX) Endpoint() string { return s.URL() + "/ofx" }

// SetMode changes how sign-on is treated.
func (s *OFX) SetMode(m OFXMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Mode = m
}

// Approve approves a CLIENTUID, as the user does on the bank's website.
func (s *OFX) Approve(clientUID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.approved[clientUID] = true
}

// Signons returns the sign-ons received so far.
func (s *OFX) Signons() []Signon {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Signon(nil), s.seen...)
}

var tagRe = regexp.MustCompile(`<([A-Z0-9.]+)>([^<\r\n]*)`)

// tags returns the leaf values of an OFX text, first occurrence of each.
func tags(s string) map[string]string {
	out := map[string]string{}
	for _, m := range tagRe.FindAllStringSubmatch(s, -1) {
		v := strings.TrimSpace(m[2])
		if _, ok := out[m[1]]; !ok && v != "" {
			out[m[1]] = v
		}
	}
	return out
}

// blocks splits s at each occurrence of open, returning the text of each
// block up to the next one.
func blocks(s, open string) []string {
	parts := strings.Split(s, open)
	if len(parts) < 2 {
		return nil
	}
	return parts[1:]
}

func ofxDate(s string) (time.Time, bool) {
	if len(s) < 8 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", s[:8])
	return t, err == nil
}

func (s *OFX) handle(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	body := string(raw)
	s.mu.Lock()
	son := tags(body[:max(strings.Index(body, "</SONRQ>"), 0)])
	s.seen = append(s.seen, Signon{UserID: son["USERID"], AppID: son["APPID"], AppVer: son["APPVER"],
		ClientUID: son["CLIENTUID"], Org: son["ORG"], Fid: son["FID"]})
	code, msg := 0, "SUCCESS"
	switch {
	case son["USERID"] != s.User || son["USERPASS"] != s.Password:
		code, msg = 15500, "Signon invalid"
	case s.Mode == OFXMFA:
		code, msg = 3000, "MFA challenge authentication is required"
	case s.Mode == OFXApproveClientUID && son["CLIENTUID"] == "":
		code, msg = 15510, "CLIENTUID error"
	case s.Mode == OFXUnknownClientUID && !s.approved[son["CLIENTUID"]]:
		code, msg = 15510, "CLIENTUID error"
	case s.Mode == OFXApproveClientUID && !s.approved[son["CLIENTUID"]]:
		code, msg = 15500, "Please verify your identity within the next 7 days. Using your desktop computer, go to your bank's website and visit the Secure Message Center for instructions."
	}
	var b ofxWriter
	b.header()
	b.signon(code, msg, s.ORG, s.FID, s.bank.Today)
	f := Fault(0)
	if code == 0 {
		if strings.Contains(body, "<ACCTINFORQ>") {
			b.acctInfo(s.bank, s.BankID)
		}
		bank := blocks(body, "<STMTTRNRQ>")
		cc := blocks(body, "<CCSTMTTRNRQ>")
		if len(bank)+len(cc) > 0 {
			f = s.nextFault()
			var bankRs, ccRs []string
			for _, blk := range bank {
				bankRs = append(bankRs, s.statement(blk, false))
			}
			for _, blk := range cc {
				ccRs = append(ccRs, s.statement(blk, true))
			}
			if len(bankRs) > 0 {
				b.line("<BANKMSGSRSV1>")
				b.WriteString(strings.Join(bankRs, ""))
				b.line("</BANKMSGSRSV1>")
			}
			if len(ccRs) > 0 {
				b.line("<CREDITCARDMSGSRSV1>")
				b.WriteString(strings.Join(ccRs, ""))
				b.line("</CREDITCARDMSGSRSV1>")
			}
		}
	}
	b.line("</OFX>")
	status := 200
	if f == Fault500 {
		status = 500
	}
	s.log(r, status)
	s.mu.Unlock()
	s.deliver(w, r, f, "application/x-ofx", []byte(b.String()))
}

// statement answers one STMTTRNRQ or CCSTMTTRNRQ block; call with the lock
// held.
func (s *OFX) statement(blk string, card bool) string {
	t := tags(blk)
	var b ofxWriter
	wrap, rs, from := "STMTTRNRS", "STMTRS", "BANKACCTFROM"
	if card {
		wrap, rs, from = "CCSTMTTRNRS", "CCSTMTRS", "CCACCTFROM"
	}
	b.line("<" + wrap + ">")
	b.leaf("TRNUID", t["TRNUID"])
	a := s.bank.account(t["ACCTID"])
	if a == nil || (a.Kind == "CC") != card {
		b.status(2003, "Account not found")
		b.line("</" + wrap + ">")
		return b.String()
	}
	b.status(0, "")
	b.line("<" + rs + ">")
	b.leaf("CURDEF", a.Currency)
	b.line("<" + from + ">")
	if !card {
		b.leaf("BANKID", s.BankID)
	}
	b.leaf("ACCTID", a.ID)
	if !card {
		b.leaf("ACCTTYPE", a.Kind)
	}
	b.line("</" + from + ">")
	start, hasStart := ofxDate(t["DTSTART"])
	end, hasEnd := ofxDate(t["DTEND"])
	if !hasEnd {
		end = s.bank.Today.AddDate(0, 0, 1)
	}
	if !hasStart {
		start = end.Add(-MaxRange)
	}
	b.line("<BANKTRANLIST>")
	b.leaf("DTSTART", start.Format("20060102"))
	b.leaf("DTEND", end.Format("20060102"))
	for _, x := range a.Txns {
		if x.Pending || x.Posted.Before(start) || !x.Posted.Before(end) {
			continue
		}
		typ := "DEBIT"
		if x.Amount > 0 {
			typ = "CREDIT"
		}
		b.line("<STMTTRN>")
		b.leaf("TRNTYPE", typ)
		b.leaf("DTPOSTED", x.Posted.Format("20060102")+"120000")
		b.leaf("DTUSER", x.Transacted.Format("20060102150405"))
		b.leaf("TRNAMT", amountString(x.Amount))
		b.leaf("FITID", x.ID)
		b.leaf("NAME", x.Description)
		if x.Memo != "" {
			b.leaf("MEMO", x.Memo)
		}
		b.line("</STMTTRN>")
	}
	b.line("</BANKTRANLIST>")
	b.line("<LEDGERBAL>")
	b.leaf("BALAMT", amountString(a.Balance()))
	b.leaf("DTASOF", s.bank.Today.Format("20060102")+"180000")
	b.line("</LEDGERBAL>")
	b.line("</" + rs + ">")
	b.line("</" + wrap + ">")
	return b.String()
}

// ofxWriter writes OFX 1.0.2 SGML: leaf elements are not closed.
type ofxWriter struct{ strings.Builder }

func (b *ofxWriter) line(s string) { b.WriteString(s + "\r\n") }

// leaf writes one leaf. Only '<' and '&' are escaped, as SGML needs: every
// other byte (escape sequences included) goes out as the bank has it.
func (b *ofxWriter) leaf(tag, v string) {
	v = strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(v)
	b.line("<" + tag + ">" + v)
}

func (b *ofxWriter) header() {
	for _, l := range []string{"OFXHEADER:100", "DATA:OFXSGML", "VERSION:102", "SECURITY:NONE", "ENCODING:USASCII",
		"CHARSET:1252", "COMPRESSION:NONE", "OLDFILEUID:NONE", "NEWFILEUID:NONE", ""} {
		b.line(l)
	}
	b.line("<OFX>")
}

func (b *ofxWriter) status(code int, msg string) {
	b.line("<STATUS>")
	b.leaf("CODE", fmt.Sprint(code))
	sev := "INFO"
	if code != 0 {
		sev = "ERROR"
	}
	b.leaf("SEVERITY", sev)
	if msg != "" {
		b.leaf("MESSAGE", msg)
	}
	b.line("</STATUS>")
}

func (b *ofxWriter) signon(code int, msg, org, fid string, today time.Time) {
	b.line("<SIGNONMSGSRSV1>")
	b.line("<SONRS>")
	b.status(code, msg)
	b.leaf("DTSERVER", today.Format("20060102")+"120000")
	b.leaf("LANGUAGE", "ENG")
	b.line("<FI>")
	b.leaf("ORG", org)
	b.leaf("FID", fid)
	b.line("</FI>")
	b.line("</SONRS>")
	b.line("</SIGNONMSGSRSV1>")
}

func (b *ofxWriter) acctInfo(bank *Bank, bankID string) {
	b.line("<SIGNUPMSGSRSV1>")
	b.line("<ACCTINFOTRNRS>")
	b.leaf("TRNUID", "0")
	b.status(0, "")
	b.line("<ACCTINFORS>")
	b.leaf("DTACCTUP", bank.Today.Format("20060102"))
	for _, a := range bank.Accounts {
		if strings.Contains(a.Currency, "/") {
			continue
		}
		b.line("<ACCTINFO>")
		b.leaf("DESC", a.Name)
		if a.Kind == "CC" {
			b.line("<CCACCTINFO>")
			b.line("<CCACCTFROM>")
			b.leaf("ACCTID", a.ID)
			b.line("</CCACCTFROM>")
		} else {
			b.line("<BANKACCTINFO>")
			b.line("<BANKACCTFROM>")
			b.leaf("BANKID", bankID)
			b.leaf("ACCTID", a.ID)
			b.leaf("ACCTTYPE", a.Kind)
			b.line("</BANKACCTFROM>")
		}
		b.leaf("SUPTXDL", "Y")
		b.leaf("XFERSRC", "N")
		b.leaf("XFERDEST", "N")
		b.leaf("SVCSTATUS", "ACTIVE")
		if a.Kind == "CC" {
			b.line("</CCACCTINFO>")
		} else {
			b.line("</BANKACCTINFO>")
		}
		b.line("</ACCTINFO>")
	}
	b.line("</ACCTINFORS>")
	b.line("</ACCTINFOTRNRS>")
	b.line("</SIGNUPMSGSRSV1>")
}
