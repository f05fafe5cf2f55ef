package jsonout

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONEscapesWhatCouldAct(t *testing.T) {
	payee := "A\u009b31mB \u202e00.005 DEL\x7f ZW\u200bSP LS\u2028PS\u2029 \ufeff Café 東京 \x1b[2J"
	var b bytes.Buffer
	if err := Write(&b, map[string]string{"payee": payee}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, esc := range []string{`\u009b`, `\u202e`, `\u007f`, `\u200b`, `\u2028`, `\u2029`, `\ufeff`, `\u001b`} {
		if !strings.Contains(out, esc) {
			t.Errorf("%s missing from %s", esc, out)
		}
	}
	for _, r := range out {
		if r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e || r == 0x200b || r == 0x1b || r == 0xfeff {
			t.Errorf("%U left raw in %s", r, out)
		}
	}
	if !strings.Contains(out, "Café 東京") {
		t.Errorf("ordinary text was escaped: %s", out)
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["payee"] != payee {
		t.Fatalf("the escaped document does not decode to the same text: %q %v", back["payee"], err)
	}
}
