package demo

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteOFX writes one account's transactions as an OFX 1.02 SGML bank
// statement, the way many banks export them, with a ledger balance. It is
// how tests and benchmarks get realistic OFX files of any size.
func (d *Data) WriteOFX(w io.Writer, accountKey string) error {
	acct, ok := d.account(accountKey)
	if !ok {
		return fmt.Errorf("demo: no account %q", accountKey)
	}
	b := bufio.NewWriterSize(w, 256<<10)
	msg := "CREDITCARDMSGSRSV1"
	stmt, from := "CCSTMTRS", "<CCACCTFROM><ACCTID>"+acct.Key+"</CCACCTFROM>"
	if acct.Type != "credit" {
		msg, stmt = "BANKMSGSRSV1", "STMTRS"
		from = "<BANKACCTFROM><BANKID>121000248<ACCTID>" + acct.Key + "<ACCTTYPE>" + ofxType(acct.Type) + "</BANKACCTFROM>"
	}
	wrap := "STMTTRNRS"
	if acct.Type == "credit" {
		wrap = "CCSTMTTRNRS"
	}
	first, last := "", ""
	for _, t := range d.Transactions {
		if t.AccountKey == accountKey {
			if first == "" {
				first = ofxDate(t)
			}
			last = ofxDate(t)
		}
	}
	fmt.Fprintf(b, "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"+
		"COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"+
		"<DTSERVER>20261120120000<LANGUAGE>ENG<FI><ORG>%s<FID>1001</FI></SONRS></SIGNONMSGSRSV1>\r\n"+
		"<%s><%s><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><%s><CURDEF>%s%s\r\n<BANKTRANLIST><DTSTART>%s<DTEND>%s\r\n",
		sgml(acct.Institution), msg, wrap, stmt, acct.Currency, from, first, last)
	for _, t := range d.Transactions {
		if t.AccountKey != accountKey || t.Pending {
			continue
		}
		typ := "DEBIT"
		if t.Amount > 0 {
			typ = "CREDIT"
		}
		b.WriteString("<STMTTRN><TRNTYPE>")
		b.WriteString(typ)
		b.WriteString("<DTPOSTED>")
		b.WriteString(ofxDate(t))
		b.WriteString("<TRNAMT>")
		b.WriteString(amount(t.Amount))
		b.WriteString("<FITID>")
		b.WriteString(t.ExternalID)
		b.WriteString("<NAME>")
		b.WriteString(sgml(t.Payee))
		if t.Memo != "" {
			b.WriteString("<MEMO>")
			b.WriteString(sgml(t.Memo))
		}
		b.WriteString("</STMTTRN>\r\n")
	}
	fmt.Fprintf(b, "</BANKTRANLIST><LEDGERBAL><BALAMT>%s<DTASOF>%s</LEDGERBAL></%s></%s></%s>\r\n</OFX>\r\n",
		amount(acct.BankBalance), acct.BankBalanceDate.Format("20060102"), stmt, wrap, msg)
	return b.Flush()
}

// WriteCSV writes one account's posted transactions as a plain bank CSV:
// Date,Description,Amount.
func (d *Data) WriteCSV(w io.Writer, accountKey string) error {
	if _, ok := d.account(accountKey); !ok {
		return fmt.Errorf("demo: no account %q", accountKey)
	}
	b := bufio.NewWriterSize(w, 256<<10)
	b.WriteString("Date,Description,Amount\r\n")
	for _, t := range d.Transactions {
		if t.AccountKey != accountKey || t.Pending {
			continue
		}
		b.WriteString(t.Posted.Format("2006-01-02"))
		b.WriteByte(',')
		desc := t.Payee
		if strings.ContainsAny(desc, ",\"") {
			desc = `"` + strings.ReplaceAll(desc, `"`, `""`) + `"`
		}
		b.WriteString(desc)
		b.WriteByte(',')
		b.WriteString(amount(t.Amount))
		b.WriteString("\r\n")
	}
	return b.Flush()
}

func (d *Data) account(key string) (Account, bool) {
	for _, a := range d.Accounts {
		if a.Key == key {
			return a, true
		}
	}
	return Account{}, false
}

func ofxType(t string) string {
	switch t {
	case "savings":
		return "SAVINGS"
	case "brokerage":
		return "MONEYMRKT"
	}
	return "CHECKING"
}

func ofxDate(t Transaction) string { return t.Posted.Format("20060102") }

// amount formats minor units with two decimals (USD and EUR, all demo
// currencies), sign first.
func amount(minor int64) string {
	if minor < 0 {
		return "-" + decimal(-minor, 2)
	}
	return decimal(minor, 2)
}

func sgml(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
