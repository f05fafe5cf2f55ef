package mt940

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"penny/internal/sharedtest"
	"penny/statement"
)

// sharedDir returns the shared bank-file collection, read in place: those
// files belong to other projects under their own licenses and are not
// copied into this repository.
func sharedDir(t *testing.T) string {
	t.Helper()
	return sharedtest.Dir(t, "mt940")
}

func TestParseRefusesEveryFile(t *testing.T) {
	shared := []string{"mt940/mt940/abnamro.sta", "mt940/mt940/sepa_snippet.sta"}
	own := []string{"testdata/minimal.sta", "testdata/swift_blocks.sta"}
	for _, path := range append(own, shared...) {
		t.Run(path, func(t *testing.T) {
			full := path
			if strings.HasPrefix(path, "mt940/") {
				full = filepath.Join(sharedDir(t), path)
			}
			f, err := os.Open(full)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sts, err := Parse(f, filepath.Base(path))
			if sts != nil {
				t.Errorf("got %d statements, want none", len(sts))
			}
			var pe *statement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *statement.ParseError", err)
			}
			if pe.File != filepath.Base(path) {
				t.Errorf("File = %q, want %q", pe.File, filepath.Base(path))
			}
			if !strings.Contains(err.Error(), "MT940 is not supported yet") {
				t.Errorf("message %q does not say MT940 is not supported yet", err)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"statement tags at line starts are MT940", ":20:REF\n:25:123\n:28C:1/1\n:60F:C240101EUR1,00\n", true},
		{"a bank preamble before the tags is MT940", "ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:517852257\r\n", true},
		{"a SWIFT basic header block is MT940", "{1:F01BANKDEFFAXXX0000000000}{2:I940}", true},
		{"a byte order mark before the tags is MT940", "\xef\xbb\xbf:20:REF\n:25:123\n", true},
		{"one tag alone is not enough", "notes\n:20: something\n", false},
		{"tags inside a line do not count", "a :20:b :25:c", false},
		{"a QIF file is not MT940", "!Type:Bank\nD1/1/20\nT1.00\n^\n", false},
		{"XML is not MT940", "<?xml version=\"1.0\"?><Document/>", false},
		{"empty input is not MT940", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func TestSniffSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	for _, path := range []string{"mt940/mt940/abnamro.sta", "mt940/mt940/sepa_snippet.sta"} {
		t.Run(path, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, path))
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > 512 {
				b = b[:512]
			}
			if !Sniff(b) {
				t.Errorf("Sniff does not recognize %s", path)
			}
		})
	}
}
