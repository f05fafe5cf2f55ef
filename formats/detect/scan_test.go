package detect

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"penny/statement"
)

// naiveScan is the scan's contract written plainly: the longest field, the
// line it starts on, and the markers in the whole file.
func naiveScan(b []byte, markers [][]byte) (over bool, line int, marks int64) {
	run, ln := 0, 1
	for _, c := range b {
		if c == '\n' {
			ln++
		}
		if c == '\n' || c == '\r' || c == '<' || c == '>' {
			run = 0
			continue
		}
		if run++; run > MaxField && !over {
			over, line = true, ln
		}
	}
	for _, m := range markers {
		marks += int64(bytes.Count(b, m))
	}
	return over, line, marks
}

// feedChunks feeds b to a new scan in chunks of random sizes.
func feedChunks(r *rand.Rand, b []byte, format string) (*scan, error) {
	sc := newScan("f", format)
	for len(b) > 0 {
		n := min(len(b), 1+r.IntN(3*MaxField))
		if r.IntN(4) == 0 {
			n = min(len(b), 1+r.IntN(12)) // tiny chunks cut markers apart
		}
		if err := sc.feed(b[:n]); err != nil {
			return sc, err
		}
		b = b[n:]
	}
	return sc, nil
}

func TestScanFindsLongFieldsAndCountsRowsInAnyChunking(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	long := strings.Repeat("A", MaxField)
	pieces := []string{"<STMTTRN>", "<stmttrn>", "<Ntry>", "\n^", "^", "\n", "\r", "<", ">", "x", "NAME", "STMTTRN", long[:MaxField/3], long}
	for i := range 300 {
		var b bytes.Buffer
		for range 5 + r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		for _, format := range []string{"ofx", "qif", "camt053", "csv"} {
			wantOver, wantLine, wantMarks := naiveScan(b.Bytes(), recordMarkers[format])
			sc, err := feedChunks(r, b.Bytes(), format)
			var pe *statement.ParseError
			switch {
			case wantOver && (!errors.As(err, &pe) || pe.Line != wantLine):
				t.Fatalf("case %d %s: want a long field on line %d, got %v", i, format, wantLine, err)
			case !wantOver && err != nil:
				t.Fatalf("case %d %s: %v", i, format, err)
			case wantOver:
				continue
			}
			want := wantMarks
			if format == "csv" {
				want = int64(bytes.Count(b.Bytes(), []byte{'\n'}))
			}
			if got := sc.rows(); got != want {
				t.Fatalf("case %d %s: %d rows, want %d", i, format, got, want)
			}
		}
	}
}

func TestAFieldOfMaxFieldIsRead(t *testing.T) {
	t.Parallel()
	field := strings.Repeat("m", MaxField)
	ok := "OFXHEADER:100\n<OFX><MEMO>" + field + "</MEMO>\n<NAME>" + field + "\r" + field + ">" + field
	if _, err := feedChunks(rand.New(rand.NewPCG(3, 4)), []byte(ok), "ofx"); err != nil {
		t.Fatalf("fields of %d bytes: %v", MaxField, err)
	}
	bad := "line 1\nline 2\n<MEMO>" + field + "m<"
	_, err := feedChunks(rand.New(rand.NewPCG(5, 6)), []byte(bad), "ofx")
	var pe *statement.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || !strings.Contains(err.Error(), "longer than 64 KiB") {
		t.Fatalf("a field of %d bytes: %v", MaxField+1, err)
	}
}

func BenchmarkScanCSV(b *testing.B) {
	var buf bytes.Buffer
	for buf.Len() < 32<<20 {
		buf.WriteString("2026-03-01,-12.34,COFFEE SHOP 123 000\n")
	}
	raw := buf.Bytes()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		sc := newScan("bench.csv", "csv")
		for c := raw; len(c) > 0; c = c[min(len(c), readChunk):] {
			if err := sc.feed(c[:min(len(c), readChunk)]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// readRest returns the bytes as they are, whatever the file's size says
// about them: sizes at the edges of its chunks and first buffer, a file
// that grew or shrank since its size was taken, and the size refused past
// MaxSize.
func TestReadRestReturnsTheBytesWhateverTheSize(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 511, readChunk - 1, readChunk, readChunk + 1, firstBuffer - 1, firstBuffer, firstBuffer + 1, 2*firstBuffer + 3} {
		data := make([]byte, n)
		for i := range data {
			data[i] = "abc,12\n"[r.IntN(7)]
		}
		headLen := min(n, 300)
		for _, said := range []int{n, n / 2, n + 1000, 0} {
			got, err := readRest(t.Context(), bytes.NewReader(data[headLen:]), data[:headLen], int64(said), newScan("f", "csv"), nil)
			if err != nil {
				t.Fatalf("%d bytes said to be %d: %v", n, said, err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("%d bytes said to be %d: got %d bytes back, not the same", n, said, len(got))
			}
		}
	}
}
