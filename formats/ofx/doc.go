// Package ofx reads OFX, QFX and QBO bank files (OFX 1.x SGML and 2.x XML)
// into statement.Statements: bank statements (STMTRS), credit card statements
// (CCSTMTRS) and the cash side of investment statements (INVSTMTRS).
//
// # Why its own tokenizer
//
// Real OFX files are rarely what the spec says: OFX 2 headers on SGML
// bodies, leaf tags closed in SGML files, whole files on one line, CR-only or
// "\r\r\n" line ends, proprietary tags with dots (Amex's DOWNLOAD.FLAG),
// truncated headers. github.com/aclindsa/ofxgo is strict where that matters
// (it refuses an OFX 2 header on an SGML body) and gives no line numbers,
// which every error message here needs, so this package reads the text with a
// small tolerant scanner of its own: a start tag followed by text is a leaf,
// one followed by its own end tag is a leaf, anything else is an aggregate;
// an end tag closes everything opened since its start tag. ofxgo serves as a
// second opinion in the tests.
//
// # What is taken from the file
//
//   - Account: FI/ORG as Institution; FI/FID, else BANKID or BROKERID, as
//     InstitutionID; ACCTID as given (spaces and '~' kept) as ExternalID;
//     ACCTTYPE as a lower-case word (checking, savings, moneymarket,
//     creditline, cd), "credit" for card statements and "brokerage" for
//     investment ones; CURDEF as Currency; when it is absent or empty,
//     Options.Currency, else USD marked as assumed.
//   - Rows: FITID (may be empty), DTPOSTED as Posted, DTUSER as Transacted,
//     TRNAMT, NAME (else PAYEE/NAME) as Payee, MEMO, TRNTYPE as Type,
//     CHECKNUM, the line of <STMTTRN>. The sign of TRNAMT is trusted over
//     TRNTYPE: a CREDIT with a negative amount is money out. A row with its
//     own CURRENCY/CURSYM keeps its amount in that currency, unconverted.
//   - Investment statements: INVBANKTRAN rows as above, and the cash effect
//     of buys, sells, income, expenses, margin interest and returns of
//     capital, as rows with their TOTAL, dated DTSETTLE (else DTTRADE),
//     Type the aggregate name (BUYSTOCK, INCOME...), Payee the security's
//     name from SECLIST and Memo the INVTRAN memo. Rows whose SUBACCTFUND is
//     OTHER did not move this account's cash (a 401(k) contribution bought
//     from payroll) and are left out; so are reinvestments, transfers of
//     securities and splits, which move no cash. Positions are not read. The
//     cash balance is INVBAL/AVAILCASH as of the statement's DTASOF.
//   - Balances: LEDGERBAL as Balance and AVAILBAL as Available; Start and End
//     from DTSTART and DTEND of the transaction list. A statement without a
//     transaction list is returned with its balances only.
//   - Several statements in one file (even for the same ACCTID) stay separate
//     statements, each with Origin "name statement N".
//
// # Policies
//
// Dates: the wall-clock date and time written are kept, in UTC, and the
// time-zone bracket ([-5:EST]) is not applied, so that a row keeps the day
// the bank shows. Posted is that date at midnight. Accepted forms are
// YYYYMMDD, then optionally HH, HHMM (ofxtools' 12-digit DTASOF) or HHMMSS,
// optionally .XXX, optionally [offset:TZ].
//
// Amounts: a sign, digits and a decimal point or comma ("-12,50" is
// -12.50), "+" and "-0" included, read through money.ParseMinor into minor
// units. An amount with more decimals than its currency
// ("+00000000000115.8331", "-995.4190396554627") is rounded half away from
// zero on the decimal text, never through a float, and counted in
// Details.Rounded with a note, because brokers write such amounts for values
// that settle in cents and refusing them would refuse whole brokers.
//
// Comment rows: a row with amount zero and the same DTPOSTED as the row
// before it is a bank comment carrying text (ledger-autosync's rule); it is
// dropped and counted in Details.CommentRows. Other zero rows are kept.
//
// Text: entities (&amp; &lt; &#233;...) are decoded and a bare '&' stays as
// it is; CDATA sections are taken literally; values are trimmed at both ends
// and keep their inner runs of spaces; NULs are dropped. Control characters
// are left for the display layer to neutralize. The charset policy (valid
// UTF-8 wins over the header, otherwise the declared single-byte charset or
// Windows-1252, invalid bytes never passed on) is described at prepare.
//
// Errors: a file is taken whole or not at all. Anything that is not OFX, a
// broken amount or date in a row or a balance, a missing TRNAMT or DTPOSTED,
// an unknown currency, a file that ends inside a statement or a row, or
// elements nested deeper than any OFX file nests them gives a
// *statement.ParseError naming the file, line, element and field, and no
// statements. Parse never panics, and its time stays linear in the size of
// the file whatever the input. ParseDetails also reports comment rows
// dropped and amounts rounded.
package ofx
