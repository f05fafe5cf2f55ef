package camt

import (
	"fmt"
	"math"
	"strings"

	"penny/statement"
)

// pendingStatus lists the entry statuses that are not (yet) booked:
// pending, for information only, and future-dated.
var pendingStatus = map[string]bool{"PDNG": true, "INFO": true, "FUTR": true}

// part is a transaction's share of an entry: the whole entry, or one
// TxDtls of a batch.
type part struct {
	tx     *node // the TxDtls, nil when the entry has none
	amount int64
	ccy    string
}

// entry converts one Ntry into its transactions: one, or one per TxDtls
// for a batch that adds up (see the package comment).
func (p *parser) entry(n *node, s *stmtState) ([]statement.Transaction, error) {
	amt, ccy, err := p.signedAmount(n, n.child("Amt"), n.child("CdtDbtInd"), s.currency)
	if err != nil {
		return nil, err
	}
	base := statement.Transaction{Currency: ccy, Line: n.line}

	status := n.textAt("Sts")
	if c := n.textAt("Sts", "Cd"); c != "" {
		status = c
	}
	base.Pending = pendingStatus[status]

	switch {
	case n.child("BookgDt") != nil:
		if base.Posted, _, err = p.dateOf(n.child("BookgDt")); err != nil {
			return nil, err
		}
	case n.child("ValDt") == nil:
		return nil, p.errAt(n, "entry has neither <BookgDt> nor <ValDt>", nil)
	}
	if v := n.child("ValDt"); v != nil {
		day, exact, err := p.dateOf(v)
		if err != nil {
			return nil, err
		}
		base.Transacted = exact
		if base.Posted.IsZero() {
			// A pending entry may not be booked yet; its value date is
			// the best date there is.
			base.Posted = day
		}
	}

	var txs []*node
	for _, d := range n.all("NtryDtls") {
		txs = append(txs, d.all("TxDtls")...)
	}
	// Check every TxDtls amount that is there, split or not: a broken
	// amount anywhere means the file is not what it claims to be.
	parts := make([]part, len(txs))
	for i, tx := range txs {
		parts[i].tx = tx
		a := tx.child("Amt")
		if a == nil {
			a = tx.at("AmtDtls", "TxAmt", "Amt")
		}
		if a == nil {
			continue
		}
		v, c, err := p.amount(a, s.currency)
		if err != nil {
			return nil, err
		}
		switch ind := tx.child("CdtDbtInd"); {
		case ind == nil:
			if amt < 0 {
				v = -v
			}
		case ind.text == "DBIT":
			v = -v
		case ind.text != "CRDT":
			return nil, p.errAt(ind, fmt.Sprintf("CdtDbtInd is %q, not CRDT or DBIT", clip(ind.text)), nil)
		}
		parts[i].amount, parts[i].ccy = v, c
	}

	entryRef := n.textAt("AcctSvcrRef")
	if entryRef == "" {
		entryRef = n.textAt("NtryRef")
	}
	typ := bankTxCode(n.child("BkTxCd"))
	if typ == "" && len(txs) > 0 {
		typ = bankTxCode(txs[0].child("BkTxCd"))
	}
	if rv := n.textAt("RvslInd"); rv == "true" || rv == "1" {
		typ += " RVSL"
		typ = strings.TrimSpace(typ)
	}
	base.Type = typ
	addtl := n.textAt("AddtlNtryInf")

	if len(txs) > 1 && splits(parts, amt, ccy) {
		out := make([]statement.Transaction, 0, len(parts))
		seen := map[string]bool{}
		for i, pt := range parts {
			t := base
			t.Amount = pt.amount
			t.Line = pt.tx.line
			t.Payee = counterparty(pt.tx, pt.amount)
			t.Memo = memo(pt.tx, addtl)
			t.ExternalID = pt.tx.textAt("Refs", "AcctSvcrRef")
			if t.ExternalID == "" {
				t.ExternalID = endToEnd(pt.tx)
			}
			if t.ExternalID == "" && entryRef != "" {
				t.ExternalID = fmt.Sprintf("%s/%d", entryRef, i+1)
			}
			if t.ExternalID != "" {
				// Two parts with one reference would look like a
				// duplicate to the engine and one would be dropped.
				if seen[t.ExternalID] {
					t.ExternalID = fmt.Sprintf("%s/%d", t.ExternalID, i+1)
				}
				seen[t.ExternalID] = true
			}
			out = append(out, t)
		}
		return out, nil
	}

	t := base
	t.Amount = amt
	switch len(txs) {
	case 0:
		t.Memo = addtl
		t.ExternalID = entryRef
	case 1:
		tx := txs[0]
		t.Payee = counterparty(tx, amt)
		t.Memo = memo(tx, addtl)
		t.ExternalID = tx.textAt("Refs", "AcctSvcrRef")
		if t.ExternalID == "" {
			t.ExternalID = entryRef
		}
		if t.ExternalID == "" {
			t.ExternalID = endToEnd(tx)
		}
	default:
		// A batch that cannot be split: the payee only if all parts
		// agree, and each part's remittance text.
		t.Payee = counterparty(txs[0], amt)
		var memos []string
		for _, tx := range txs {
			if counterparty(tx, amt) != t.Payee {
				t.Payee = ""
			}
			if m := memo(tx, ""); m != "" && !contains(memos, m) {
				memos = append(memos, m)
			}
		}
		t.Memo = addtl
		if t.Memo == "" {
			t.Memo = strings.Join(memos, "; ")
		}
		t.ExternalID = entryRef
	}
	return []statement.Transaction{t}, nil
}

// splits reports whether a batch's parts can stand for the entry: each has
// an amount in the entry's currency and together they make the entry.
func splits(parts []part, total int64, ccy string) bool {
	var sum int64
	for _, pt := range parts {
		if pt.ccy != ccy {
			return false
		}
		if (pt.amount > 0 && sum > math.MaxInt64-pt.amount) || (pt.amount < 0 && sum < math.MinInt64-pt.amount) {
			return false
		}
		sum += pt.amount
	}
	return sum == total
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// endToEnd returns the payer's EndToEndId unless it is the placeholder
// banks write when there was none.
func endToEnd(tx *node) string {
	id := tx.textAt("Refs", "EndToEndId")
	if strings.EqualFold(id, "NOTPROVIDED") {
		return ""
	}
	return id
}

// counterparty names the other side of the transaction: who was paid for
// money going out, who paid for money coming in. Version 8 wraps the
// party in Pty.
func counterparty(tx *node, amount int64) string {
	roles := []string{"Dbtr", "UltmtDbtr"}
	if amount < 0 {
		roles = []string{"Cdtr", "UltmtCdtr"}
	}
	rp := tx.child("RltdPties")
	for _, role := range roles {
		if nm := rp.textAt(role, "Nm"); nm != "" {
			return nm
		}
		if nm := rp.textAt(role, "Pty", "Nm"); nm != "" {
			return nm
		}
	}
	return ""
}

// memo picks the text a person wrote or the bank added, most specific
// first.
func memo(tx *node, addtl string) string {
	var lines []string
	for _, u := range tx.at("RmtInf").all("Ustrd") {
		if u.text != "" {
			lines = append(lines, u.text)
		}
	}
	if len(lines) > 0 {
		return strings.Join(lines, " ")
	}
	if addtl != "" {
		return addtl
	}
	if a := tx.textAt("AddtlTxInf"); a != "" {
		return a
	}
	for _, s := range tx.at("RmtInf").all("Strd") {
		if r := s.textAt("CdtrRefInf", "Ref"); r != "" {
			return r
		}
	}
	return ""
}

// bankTxCode writes a BkTxCd as "Domain/Family/SubFamily", or the
// proprietary code when there is no ISO one.
func bankTxCode(n *node) string {
	if n == nil {
		return ""
	}
	if d := n.child("Domn"); d != nil {
		parts := []string{d.textAt("Cd"), d.textAt("Fmly", "Cd"), d.textAt("Fmly", "SubFmlyCd")}
		var kept []string
		for _, s := range parts {
			if s != "" {
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			return strings.Join(kept, "/")
		}
	}
	return n.textAt("Prtry", "Cd")
}
