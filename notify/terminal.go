package notify

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unicode"
)

// TermKind is how a terminal is asked to show a notification.
type TermKind int

// Terminal notification protocols.
const (
	// TermNone writes nothing (no terminal, or TERM=dumb).
	TermNone TermKind = iota
	// TermBell rings the bell; a terminal or multiplexer that knows no
	// notification escape still marks the window.
	TermBell
	// TermOSC9 is iTerm2's "ESC ] 9 ; text BEL" (also WezTerm, ghostty).
	TermOSC9
	// TermOSC777 is "ESC ] 777 ; notify ; title ; body BEL" (urxvt, foot,
	// VTE terminals such as GNOME Terminal).
	TermOSC777
	// TermOSC99 is kitty's desktop notification protocol.
	TermOSC99
)

func (k TermKind) String() string {
	switch k {
	case TermNone:
		return "none"
	case TermBell:
		return "bell"
	case TermOSC9:
		return "osc9"
	case TermOSC777:
		return "osc777"
	case TermOSC99:
		return "osc99"
	}
	return fmt.Sprintf("TermKind(%d)", int(k))
}

// DetectTerm picks the protocol of the terminal Penny runs in from its
// environment (pass os.Getenv). Inside tmux or screen an escape would reach
// the multiplexer, not the terminal, so only the bell is used there.
func DetectTerm(getenv func(string) string) TermKind {
	term := strings.ToLower(getenv("TERM"))
	prog := strings.ToLower(getenv("TERM_PROGRAM"))
	switch {
	case getenv("TMUX") != "" || getenv("STY") != "" || strings.HasPrefix(term, "screen") ||
		strings.HasPrefix(term, "tmux") || prog == "tmux":
		return TermBell
	case term == "xterm-kitty" || getenv("KITTY_WINDOW_ID") != "":
		return TermOSC99
	case prog == "iterm.app" || prog == "wezterm" || prog == "ghostty" || term == "xterm-ghostty" || term == "wezterm":
		return TermOSC9
	case strings.HasPrefix(term, "foot") || strings.Contains(term, "rxvt") || getenv("VTE_VERSION") != "":
		return TermOSC777
	case term == "" || term == "dumb":
		return TermNone
	}
	return TermBell
}

// kittyID numbers kitty notifications: one id per notification, so the
// title and body chunks are joined and two notifications do not replace
// each other.
var kittyID atomic.Uint64

// Terminal writes n to w as a terminal notification of the given kind. The
// title and body are sanitized first, so no byte of them can end the
// sequence early or start another: ESC, BEL and the C1 controls become
// visible symbols.
func Terminal(w io.Writer, n Notification, kind TermKind) error {
	n = Clean(n)
	var seq string
	switch kind {
	case TermNone:
		return nil
	case TermBell:
		seq = "\a"
	case TermOSC9:
		text := n.Title
		if n.Body != "" {
			text += ": " + n.Body
		}
		// "ESC ] 9 ; 4 ; ..." is ConEmu's progress bar: a message must not
		// start with a digit and a semicolon.
		if r := []rune(text); len(r) > 0 && unicode.IsDigit(r[0]) {
			text = n.AppName + ": " + text
		}
		seq = "\x1b]9;" + text + "\a"
	case TermOSC777:
		// The title ends at the first ';'.
		title := strings.ReplaceAll(n.Title, ";", ",")
		seq = "\x1b]777;notify;" + title + ";" + n.Body + "\a"
	case TermOSC99:
		// Base64 payloads (e=1): nothing in them can be read as metadata or
		// a terminator.
		id := fmt.Sprintf("penny%d", kittyID.Add(1))
		enc := base64.StdEncoding.EncodeToString
		seq = "\x1b]99;i=" + id + ":d=0:e=1:p=title;" + enc([]byte(n.Title)) + "\x1b\\" +
			"\x1b]99;i=" + id + ":d=1:e=1:p=body;" + enc([]byte(n.Body)) + "\x1b\\"
	default:
		return fmt.Errorf("notify: unknown terminal kind %d", int(kind))
	}
	_, err := io.WriteString(w, seq)
	return err
}

// TerminalSender sends notifications to a terminal.
type TerminalSender struct {
	W    io.Writer
	Kind TermKind
}

// Send writes n to the terminal.
func (t TerminalSender) Send(_ context.Context, n Notification) error {
	return Terminal(t.W, n, t.Kind)
}
