package detect

import (
	"bytes"
	"errors"
	"path/filepath"
	"penny/internal/sharedtest"
	"runtime"
	"strings"
	"testing"

	"penny/statement"
)

// allocated is what fn allocates on the heap, in bytes.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const memoHead = `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>1<ACCTID>12345<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.34<FITID>1<NAME>COFFEE<MEMO>`

const memoTail = "\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"

// A 400 MB memo is refused where it starts, after reading a little more
// than MaxField of it, whichever way the file is read.
// (Not parallel: it measures the heap.)
func TestAHugeFieldIsRefusedWithoutReadingTheFile(t *testing.T) {
	path := sharedtest.SparseFile(t, filepath.Join(t.TempDir(), "memo.ofx"), 400<<20, memoHead, memoTail)
	var err error
	n := allocated(func() { _, err = Read(path, Options{}) })
	var pe *statement.ParseError
	if !errors.As(err, &pe) || pe.Line != 8 || !strings.Contains(err.Error(), "memo.ofx:8: a field longer than 64 KiB") {
		t.Fatalf("a 400 MB memo: %v", err)
	}
	if n > 16<<20 {
		t.Errorf("refusing a 400 MB memo allocated %d MiB", n>>20)
	}
	n = allocated(func() { _, err = ReadHeadFirst(path, func([]byte) bool { return true }, nil) })
	if !errors.As(err, &pe) || n > 16<<20 {
		t.Fatalf("ReadHeadFirst of a 400 MB memo: %v, %d MiB allocated", err, n>>20)
	}
	// Bytes in memory already (the daemon's) are scanned before parsing.
	raw := []byte(memoHead + strings.Repeat("A", MaxField+1) + memoTail)
	if _, err := Parse("memo.ofx", raw, Options{}); !errors.As(err, &pe) || pe.Line != 8 {
		t.Fatalf("Parse of a long memo: %v", err)
	}
}

// The budget is asked first from the file's size alone, then as rows are
// counted, and a refusal stops the read: the part of the file past it is
// never read (here a hole of zeros, which would be refused as one long field
// if it were).
// (Not parallel: it measures the heap.)
func TestABudgetStopsTheReadEarly(t *testing.T) {
	var rows bytes.Buffer
	rows.WriteString("Date,Amount,Description\n")
	for rows.Len() < 8<<20 {
		rows.WriteString("2026-03-01,-12.34,COFFEE SHOP 123 000\n")
	}
	path := sharedtest.SparseFile(t, filepath.Join(t.TempDir(), "big.csv"), 300<<20, rows.String(), "\n")
	tooMany := errors.New("too many rows")
	var calls [][2]int64
	budget := func(r, b int64) error {
		calls = append(calls, [2]int64{r, b})
		if r > 50_000 {
			return tooMany
		}
		return nil
	}
	var err error
	n := allocated(func() { _, err = Read(path, Options{Budget: budget}) })
	if err != tooMany {
		t.Fatalf("the budget's refusal came back as %v", err)
	}
	if len(calls) < 2 || calls[0] != [2]int64{0, 300 << 20} {
		t.Fatalf("the budget was asked %v; first from the size alone", calls)
	}
	if last := calls[len(calls)-1]; last[0] <= 50_000 || last[0] > 50_000+2*readChunk/38 || last[1] != 300<<20 {
		t.Fatalf("the budget's last question was %v", last)
	}
	if n > 16<<20 {
		t.Errorf("refusing a 300 MB file after 50,000 rows allocated %d MiB", n>>20)
	}
	// A refusal from the size alone reads nothing.
	calls = nil
	n = allocated(func() {
		_, err = Read(path, Options{Budget: func(r, b int64) error {
			calls = append(calls, [2]int64{r, b})
			return tooMany
		}})
	})
	if err != tooMany || len(calls) != 1 || n > 1<<20 {
		t.Fatalf("refused from the size: %v after %v, %d bytes allocated", err, calls, n)
	}
}

// Bytes in memory already are counted once, before they are parsed.
func TestParseAsksTheBudgetBeforeParsing(t *testing.T) {
	t.Parallel()
	raw := []byte("Date,Amount,Description\n2026-03-01,-1.00,A\n2026-03-02,-2.00,B\n")
	var asked [][2]int64
	p, err := Parse("a.csv", raw, Options{Budget: func(r, b int64) error {
		asked = append(asked, [2]int64{r, b})
		return nil
	}})
	if err != nil || len(p.Statements) != 1 || len(p.Statements[0].Transactions) != 2 {
		t.Fatalf("parse: %v", err)
	}
	if len(asked) != 1 || asked[0] != [2]int64{3, int64(len(raw))} {
		t.Fatalf("the budget was asked %v", asked)
	}
}
