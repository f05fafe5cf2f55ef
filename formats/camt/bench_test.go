package camt

import (
	"bytes"
	"fmt"
	"testing"
)

// genFile writes one statement of n entries shaped like a real bank's:
// references, bank transaction code, parties and remittance text, with a
// two-part batch every hundredth entry.
func genFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2024-01-01T00:00:00</CreDtTm></GrpHdr>
<Stmt><Id>BENCH-1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BICFI>ABNANL2A</BICFI></FinInstnId></Svcr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-12-31</Dt></Dt></Bal>
`)
	for i := 0; i < n; i++ {
		ind, role := "DBIT", "Cdtr"
		if i%3 == 0 {
			ind, role = "CRDT", "Dbtr"
		}
		day := fmt.Sprintf("2024-%02d-%02d", i%12+1, i%28+1)
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%d.%02d</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>REF%08d</AcctSvcrRef>`+
			`<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>`,
			200+i%500, i%100, ind, day, day, i)
		if i%100 == 0 {
			fmt.Fprintf(&b, `<TxDtls><Amt Ccy="EUR">200.00</Amt><RltdPties><%[1]s><Pty><Nm>Party A%[2]d</Nm></Pty></%[1]s></RltdPties></TxDtls>`+
				`<TxDtls><Amt Ccy="EUR">%[3]d.%02[4]d</Amt><RltdPties><%[1]s><Pty><Nm>Party B%[2]d</Nm></Pty></%[1]s></RltdPties></TxDtls>`, role, i, i%500, i%100)
		} else {
			fmt.Fprintf(&b, `<TxDtls><Refs><EndToEndId>E2E%d</EndToEndId></Refs><RltdPties><%[2]s><Pty><Nm>Counterparty %[3]d</Nm></Pty></%[2]s></RltdPties><RmtInf><Ustrd>Invoice %[1]d</Ustrd></RmtInf></TxDtls>`, i, role, i%977)
		}
		b.WriteString("</NtryDtls></Ntry>\n")
	}
	b.WriteString("</Stmt></BkToCstmrStmt></Document>\n")
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := genFile(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sts, err := Parse(bytes.NewReader(data), "bench.xml")
		if err != nil {
			b.Fatal(err)
		}
		if len(sts) != 1 || len(sts[0].Transactions) != 101_000 {
			b.Fatalf("got %d statements, %d transactions", len(sts), len(sts[0].Transactions))
		}
	}
}
