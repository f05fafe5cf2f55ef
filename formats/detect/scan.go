package detect

import (
	"bytes"
	"fmt"

	"penny/statement"
)

// MaxField is the longest field Penny reads: a run of bytes with no line
// break and no markup bracket ('<', '>'). A bank's longest field is a memo
// of a few hundred characters; a file with a field past this is no bank
// export (or a hostile one), and is refused where that field starts, before
// the rest of it is read into memory.
const MaxField = 64 << 10

// fieldBreak marks the bytes that end a field for MaxField: line breaks of
// every convention, and the brackets of OFX and XML tags (an OFX or CAMT
// file may be one long line).
var fieldBreak = [256]bool{'\n': true, '\r': true, '<': true, '>': true}

// splitters are the field breaks fieldRuns looks for with bytes.IndexByte,
// in turn: most files break their lines often, and an OFX or XML file on one
// line opens a tag often, so the byte-by-byte look at fieldBreak is kept for
// the rare stretch that is long without either.
var splitters = []byte{'\n', '<'}

// fieldRuns looks for a run of more than MaxField bytes with no field break
// in b, counting carried bytes of a run before b. It returns the offset of
// the first byte past MaxField (or -1) and the length of the run at b's end.
func fieldRuns(b []byte, carried, level int) (over, end int) {
	if level == len(splitters) {
		for i, c := range b {
			if fieldBreak[c] {
				carried = 0
				continue
			}
			if carried++; carried > MaxField {
				return i, 0
			}
		}
		return -1, carried
	}
	sep := splitters[level]
	for start := 0; ; {
		i := bytes.IndexByte(b[start:], sep)
		seg := b[start:]
		if i >= 0 {
			seg = seg[:i]
		}
		// A segment that, with the run carried into it, is no longer than
		// MaxField holds no long field; only the last one's end matters.
		if carried+len(seg) > MaxField || i < 0 {
			o, e := fieldRuns(seg, carried, level+1)
			if o >= 0 {
				return start + o, 0
			}
			carried = e
		}
		if i < 0 {
			return -1, carried
		}
		carried = 0
		start += i + 1
	}
}

// recordMarkers are, per format, the bytes that start (or, for QIF, end) one
// transaction. Counting them while a file is read gives the least number of
// rows it will bring before it is parsed, so that a file far too large for
// the vault is refused after reading a part of it. A marker in another case
// or form is not counted: the estimate can only be low, and the count after
// parsing is exact.
var recordMarkers = map[string][][]byte{
	"ofx":     {[]byte("<STMTTRN>"), []byte("<stmttrn>")},
	"qif":     {[]byte("\n^")},
	"camt053": {[]byte("<Ntry>")},
	// "csv" counts lines; "mt940" is refused after reading.
}

// scan follows a file as it is read, chunk by chunk: it refuses a field
// longer than MaxField and counts the rows the file holds at least.
type scan struct {
	name    string
	csv     bool
	markers [][]byte
	lines   int64 // line breaks seen
	run     int   // bytes since the last field break
	marks   int64 // record markers seen
	carry   []byte
}

func newScan(name, format string) *scan {
	return &scan{name: name, csv: format == "csv", markers: recordMarkers[format]}
}

// rows is the least number of transactions the bytes seen so far hold.
func (s *scan) rows() int64 {
	if s.csv {
		return s.lines
	}
	return s.marks
}

// feed takes the next bytes of the file.
func (s *scan) feed(b []byte) error {
	over, run := fieldRuns(b, s.run, 0)
	if over >= 0 {
		line := s.lines + int64(bytes.Count(b[:over], []byte{'\n'})) + 1
		return &statement.ParseError{File: s.name, Line: int(line),
			Msg: fmt.Sprintf("a field longer than %d KiB, which no bank file has; Penny reads no further", MaxField>>10)}
	}
	s.run = run
	s.lines += int64(bytes.Count(b, []byte{'\n'}))
	if len(s.markers) == 0 {
		return nil
	}
	for _, m := range s.markers {
		s.marks += int64(bytes.Count(b, m))
	}
	// A marker cut in two by the chunk boundary: the carried tail of the
	// previous chunk, too short to hold one, joined to the head of this one.
	for _, m := range s.markers {
		k := len(m) - 1
		tail := s.carry[max(0, len(s.carry)-k):]
		joint := append(append(make([]byte, 0, 2*k), tail...), b[:min(len(b), k)]...)
		s.marks += int64(bytes.Count(joint, m))
	}
	keep := s.longest() - 1
	s.carry = append(s.carry, b[max(0, len(b)-keep):]...)
	s.carry = s.carry[max(0, len(s.carry)-keep):]
	return nil
}

func (s *scan) longest() int {
	n := 0
	for _, m := range s.markers {
		n = max(n, len(m))
	}
	return n
}
