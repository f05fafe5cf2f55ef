package detect

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"penny/ingest"
	"penny/internal/sharedtest"
	"penny/store"
)

func testdata(t *testing.T) string {
	t.Helper()
	return sharedtest.Dir(t, "ofx")
}

// rulesFor pairs the shared CSV files with the rules files MANIFEST names
// for them; the others are detected.
var rulesFor = map[string]string{
	"csv/ofxstatement-dutch/ing_ok.csv": "csv/hledger/ING.rules",
	"csv/hledger/sample.fr.cp1252.csv":  "csv/hledger/sample.csv.cp1252.rules",
}

// TestEverySharedFile imports every shared bank file (SimpleFIN JSON is not
// a file format) into a fresh store: each imports, or is refused with a
// message naming the file; importing it a second time adds nothing.
func TestEverySharedFile(t *testing.T) {
	root := testdata(t)
	var paths []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if strings.HasSuffix(p, ".rules") || strings.HasSuffix(p, ".md") || strings.HasPrefix(rel, "simplefin") {
			return nil
		}
		paths = append(paths, rel)
		return nil
	})
	sort.Strings(paths)
	if len(paths) < 45 {
		t.Fatalf("only %d shared files found", len(paths))
	}
	var report []string
	for _, rel := range paths {
		t.Run(rel, func(t *testing.T) {
			opt := Options{}
			if r, ok := rulesFor[rel]; ok {
				opt.RulesFile = filepath.Join(root, r)
			}
			p, err := Read(filepath.Join(root, rel), opt)
			if err != nil {
				if !strings.Contains(err.Error(), filepath.Base(rel)) {
					t.Errorf("refusal does not name the file: %v", err)
				}
				if !strings.HasPrefix(rel, "mt940/") {
					t.Errorf("refused: %v", err)
				}
				report = append(report, "| "+rel+" | refused | "+strings.ReplaceAll(err.Error(), "|", "/")+" |")
				return
			}
			st, closeDB, err := store.OpenMemory(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer closeDB()
			in := []ingest.Input{{Name: rel, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements}}
			res, err := ingest.Apply(context.Background(), st, in, ingest.Options{})
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			again, err := ingest.Apply(context.Background(), st, in, ingest.Options{})
			if err != nil {
				t.Fatalf("second apply: %v", err)
			}
			rows := 0
			var parts []string
			for i, a := range res.Accounts {
				rows += a.New
				s := a.Account + ": " + itoa(a.New) + " new"
				if a.Balance != nil {
					s += ", balance " + a.Balance.Bank.Format() + " on " + a.Balance.Date.Format("2006-01-02")
				}
				parts = append(parts, s)
				if again.Accounts[i].New != 0 {
					t.Errorf("second import of %s added %d rows", a.Account, again.Accounts[i].New)
				}
			}
			n, _ := st.CountTransactions(context.Background(), storeQuery())
			if int(n) != rows {
				t.Errorf("store holds %d rows, the import reported %d", n, rows)
			}
			report = append(report, "| "+rel+" | "+p.Format+", "+itoa(len(p.Statements))+" statement(s) | "+strings.Join(parts, "; ")+" |")
		})
	}
	t.Log("\n" + strings.Join(report, "\n"))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"x.txt", "OFXHEADER:100\r\nDATA:OFXSGML", "ofx"},
		{"x.dat", "<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?>", "ofx"},
		{"x.xml", `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">`, "camt053"},
		{"x.txt", "!Type:Bank\nD1/1/2020\n", "qif"},
		{"x.sta", ":20:STARTUMS\n:25:12345\n:28C:1\n", "mt940"},
		{"x.csv", "Date,Description,Amount\n2026-03-01,Coffee,-4.50\n", "csv"},
		{"x.qfx", "garbage that is not OFX", "ofx"},
		{"x.bin", "\x00\x01\x02\xff", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func storeQuery() store.TxQuery { return store.TxQuery{} }

func TestAFileWithoutACurrencyGetsANote(t *testing.T) {
	t.Parallel()
	csv := []byte("Date,Description,Amount\n2024-01-02,Coffee,-4.50\n")
	ofxEmpty := []byte("<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF></CURDEF><BANKACCTFROM><ACCTID>A<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST><STMTTRN><TRNTYPE>OTHER<DTPOSTED>20240101<TRNAMT>-1.50<FITID>a<NAME>x</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>")
	qif := []byte("!Type:Bank\nD01/02/2024\nT-4.50\nPCoffee\n^\n")
	for _, tc := range []struct {
		name     string
		raw      []byte
		currency string
		want     string // the currency the note names; "" for no note
	}{
		{"x.csv", csv, "", "USD"},
		{"x.csv", csv, "DKK", ""},
		{"x.ofx", ofxEmpty, "", "USD"},
		{"x.ofx", ofxEmpty, "DKK", ""},
		{"x.qif", qif, "", "USD"},
		{"x.qif", qif, "NOK", ""},
	} {
		p, err := Parse(tc.name, tc.raw, Options{Currency: tc.currency})
		if err != nil {
			t.Fatalf("%s --currency %q: %v", tc.name, tc.currency, err)
		}
		var note string
		for _, n := range p.Notes {
			if strings.Contains(n, "currency") {
				note = n
			}
		}
		switch {
		case tc.want == "" && note != "":
			t.Errorf("%s --currency %s: a note %q", tc.name, tc.currency, note)
		case tc.want != "" && (!strings.Contains(note, "takes "+tc.want) || !strings.Contains(note, "--currency")):
			t.Errorf("%s: note %q, want one naming %s and --currency", tc.name, note, tc.want)
		}
		if want := cmp.Or(tc.currency, "USD"); p.Statements[0].Account.Currency != want {
			t.Errorf("%s --currency %q: account currency %s", tc.name, tc.currency, p.Statements[0].Account.Currency)
		}
	}
}
