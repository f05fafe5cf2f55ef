package notify

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetectTerm(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want TermKind
	}{
		{map[string]string{"TERM": "xterm-kitty"}, TermOSC99},
		{map[string]string{"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, TermOSC99},
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, TermOSC9},
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, TermOSC9},
		{map[string]string{"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"}, TermOSC9},
		{map[string]string{"TERM": "foot"}, TermOSC777},
		{map[string]string{"TERM": "foot-extra"}, TermOSC777},
		{map[string]string{"TERM": "rxvt-unicode-256color"}, TermOSC777},
		{map[string]string{"TERM": "xterm-256color", "VTE_VERSION": "7600"}, TermOSC777},
		{map[string]string{"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/tmux-0/default,1,0"}, TermBell},
		{map[string]string{"TERM": "screen-256color", "KITTY_WINDOW_ID": "1"}, TermBell},
		{map[string]string{"TERM": "xterm-kitty", "TMUX": "x"}, TermBell},
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, TermBell},
		{map[string]string{"TERM": "dumb"}, TermNone},
		{map[string]string{}, TermNone},
	} {
		if got := DetectTerm(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}

func TestTerminalSequences(t *testing.T) {
	n := Notification{Title: "Large charge on Visa", Body: "Open Penny to see the details.", Urgency: Normal}
	for _, c := range []struct {
		kind TermKind
		want string
	}{
		{TermNone, ""},
		{TermBell, "\a"},
		{TermOSC9, "\x1b]9;Large charge on Visa: Open Penny to see the details.\a"},
		{TermOSC777, "\x1b]777;notify;Large charge on Visa;Open Penny to see the details.\a"},
		{TermOSC99, "\x1b]99;i=ID:d=0:e=1:p=title;" + base64.StdEncoding.EncodeToString([]byte(n.Title)) + "\x1b\\" +
			"\x1b]99;i=ID:d=1:e=1:p=body;" + base64.StdEncoding.EncodeToString([]byte(n.Body)) + "\x1b\\"},
	} {
		var b bytes.Buffer
		if err := Terminal(&b, n, c.kind); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if c.kind == TermOSC99 {
			// The id changes with every notification; both chunks share it.
			id := strings.TrimPrefix(strings.SplitN(got, ":", 2)[0], "\x1b]99;i=")
			if !strings.HasPrefix(id, "penny") || strings.Count(got, "i="+id+":") != 2 {
				t.Errorf("kitty ids in %q", got)
			}
			got = strings.ReplaceAll(got, id, "ID")
		}
		if got != c.want {
			t.Errorf("%v:\n got %q\nwant %q", c.kind, got, c.want)
		}
	}
	var b bytes.Buffer
	if err := Terminal(&b, Notification{Title: "4;1;50 done", Body: "x;y"}, TermOSC9); err != nil {
		t.Fatal(err)
	}
	if b.String() != "\x1b]9;Penny: 4;1;50 done: x;y\a" {
		t.Errorf("a digit-led message can read as a progress report: %q", b.String())
	}
	b.Reset()
	if err := Terminal(&b, Notification{Title: "a;b", Body: "c;d"}, TermOSC777); err != nil {
		t.Fatal(err)
	}
	if b.String() != "\x1b]777;notify;a,b;c;d\a" {
		t.Errorf("a ';' ends the OSC 777 title: %q", b.String())
	}
	if err := Terminal(&b, n, TermKind(42)); err == nil {
		t.Error("unknown kind accepted")
	}
}

// controls counts what could act on a terminal: ESC, BEL, and any other C0
// or C1 control or DEL. Invalid UTF-8 counts as a control too (a raw 0x9b
// byte is CSI to an 8-bit terminal).
func controls(s string) (esc, bel, other int) {
	if !utf8.ValidString(s) {
		other++
	}
	for _, r := range s {
		switch {
		case r == 0x1b:
			esc++
		case r == 0x07:
			bel++
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			other++
		}
	}
	return esc, bel, other
}

// The sequences' own controls, by kind: bank text adds none.
var ownControls = map[TermKind][3]int{
	TermNone:   {0, 0, 0},
	TermBell:   {0, 1, 0},
	TermOSC9:   {1, 1, 0},
	TermOSC777: {1, 1, 0},
	TermOSC99:  {4, 0, 0},
}

var hostile = []string{
	"\x1b]0;owned\x07",
	"\x1b]52;c;cGF5bG9hZA==\x1b\\",
	"\x1b[2J\x1b[H",
	"\x9b31m\x9d0;x\x9c",
	"\u009b31m\u009d8;;http://evil\u009c",
	"bell\a\a\a",
	"line\nbreak\rreturn\ttab",
	"\u202eRTL override\u2066",
	"\xff\xfe invalid utf-8 \xc0\x80",
	"\x1bP+q\x1b\\ dcs",
	"semi;colons;everywhere",
	"CAFÉ\x1b[2J\x07 after a non-ASCII letter",
	"ʐ\n",
}

func TestTerminalHostileText(t *testing.T) {
	for _, h := range hostile {
		for kind, own := range ownControls {
			var b bytes.Buffer
			if err := Terminal(&b, Notification{Title: h, Body: h, AppName: h}, kind); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			esc, bel, c1 := controls(out)
			if [3]int{esc, bel, c1} != own {
				t.Errorf("%v with %q: %d ESC, %d BEL, %d other controls in %q, want %v", kind, h, esc, bel, c1, out, own)
			}
			if strings.ContainsRune(out, '\u202e') || strings.ContainsRune(out, '\u2066') {
				t.Errorf("%v: bidi override in %q", kind, out)
			}
		}
	}
}

func FuzzTerminal(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, h)
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		for kind, own := range ownControls {
			var b bytes.Buffer
			if err := Terminal(&b, Notification{Title: title, Body: body}, kind); err != nil {
				t.Fatal(err)
			}
			esc, bel, c1 := controls(b.String())
			if [3]int{esc, bel, c1} != own {
				t.Fatalf("%v: controls %d %d %d in %q", kind, esc, bel, c1, b.String())
			}
		}
	})
}

func TestAppleScript(t *testing.T) {
	n := Clean(Notification{Title: `Say "hi" \ bye`, Body: "line\nbreak \"quoted\" \x1b[2J end\\"})
	got := appleScript(n)
	want := `display notification "line break \"quoted\" ␛[2J end\\" with title "Say \"hi\" \\ bye"` + "\n"
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// Whatever the text, the literal ends where it should: an unescaped
	// quote would end the string and let the rest run as script.
	for _, h := range append(hostile, `"; do shell script "rm -rf ~"; "`, `\"`, `\\"`) {
		s := appleString(Clean(Notification{Title: h}).Title)
		inner := s[1 : len(s)-1]
		for i := 0; i < len(inner); i++ {
			switch inner[i] {
			case '\\':
				i++ // the escaped character
			case '"':
				t.Fatalf("%q: unescaped quote in %s", h, s)
			}
		}
	}
}
