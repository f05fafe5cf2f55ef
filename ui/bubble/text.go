package bubble

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Span is a run of text in one style. Text must already be sanitized: Wrap
// measures it as plain text.
type Span struct {
	Text  string
	Style lipgloss.Style
}

// Line is one drawn line and its display width, kept so that padding it to
// a column never has to measure styled text again.
type Line struct {
	Text  string
	Width int
}

// token is a word, a run of spaces or a hard line break from one span.
type token struct {
	text  string
	span  int
	width int
	space bool
	brk   bool
}

// Wrap lays spans out in lines no wider than width: words wrap at spaces,
// words longer than a line are cut, "\n" starts a new line. Styling is
// applied per line after wrapping, so a wrapped line never carries a style
// open into the next one.
func Wrap(spans []Span, width int) []Line {
	if width < 1 {
		width = 1
	}
	var (
		out  []Line
		line []token
		lw   int
	)
	flush := func() {
		for len(line) > 0 && line[len(line)-1].space {
			lw -= line[len(line)-1].width
			line = line[:len(line)-1]
		}
		out = append(out, render(spans, line, width))
		line, lw = line[:0], 0
	}
	for _, tk := range tokenize(spans) {
		switch {
		case tk.brk:
			flush()
		case tk.space:
			if len(line) == 0 {
				continue // no leading spaces on a wrapped line
			}
			if lw+tk.width > width {
				flush()
				continue
			}
			line = append(line, tk)
			lw += tk.width
		case lw+tk.width <= width:
			line = append(line, tk)
			lw += tk.width
		default:
			if tk.width <= width {
				flush()
				line = append(line, tk)
				lw = tk.width
				continue
			}
			// A word longer than a whole line (an IBAN, a URL): cut it,
			// starting on the current line when there is room.
			for tk.text != "" {
				room := width - lw
				if room <= 0 {
					flush()
					room = width
				}
				head, hw, rest := cut(tk.text, room)
				if hw == 0 {
					if lw > 0 {
						flush()
						continue
					}
					// One character wider than the whole line; place it
					// anyway and let render's guard cut it.
					head, hw, rest = firstCluster(tk.text)
				}
				line = append(line, token{text: head, span: tk.span, width: hw})
				lw += hw
				tk.text = rest
			}
		}
	}
	if len(line) > 0 || len(out) == 0 {
		flush()
	}
	return out
}

func tokenize(spans []Span) []token {
	var out []token
	for i, sp := range spans {
		s := sp.Text
		for len(s) > 0 {
			switch {
			case s[0] == '\n':
				out = append(out, token{span: i, brk: true})
				s = s[1:]
			case s[0] == ' ':
				n := len(s) - len(strings.TrimLeft(s, " "))
				out = append(out, token{text: s[:n], span: i, width: n, space: true})
				s = s[n:]
			default:
				n := strings.IndexAny(s, " \n")
				if n < 0 {
					n = len(s)
				}
				out = append(out, token{text: s[:n], span: i, width: ansi.StringWidth(s[:n])})
				s = s[n:]
			}
		}
	}
	return out
}

// cut splits s after at most n cells, a grapheme cluster at a time, so a
// wide character is never split and a character with a variation selector
// (a digit made an emoji, two cells) is measured whole.
func cut(s string, n int) (head string, width int, rest string) {
	for i := 0; i < len(s); {
		g, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if width+w > n {
			return s[:i], width, s[i:]
		}
		width += w
		i += len(g)
	}
	return s, width, ""
}

// firstCluster splits off s's first grapheme cluster.
func firstCluster(s string) (string, int, string) {
	g, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return g, w, s[len(g):]
}

// render styles one wrapped line, one Render call per run of tokens that
// share a span.
func render(spans []Span, line []token, width int) Line {
	var b strings.Builder
	for i := 0; i < len(line); {
		j := i
		var seg strings.Builder
		for j < len(line) && line[j].span == line[i].span {
			seg.WriteString(line[j].text)
			j++
		}
		b.WriteString(spans[line[i].span].Style.Render(seg.String()))
		i = j
	}
	// Summing rune widths can undercount a grapheme (an emoji with a
	// variation selector), and a character wider than the whole line is
	// placed anyway: measure the whole line and cut if it overflows. It is
	// measured as drawn: a style's escape between two spans parts what
	// would be one grapheme in plain text (U+0600 joins the space after
	// it).
	lw := ansi.StringWidth(b.String())
	// ansi.Truncate can keep a last cluster that overflows (a digit with a
	// variation selector counts one cell there, two in StringWidth): cut
	// shorter until the line fits.
	for n := width; lw > width; n-- {
		t := ansi.Truncate(b.String(), n, "")
		if w := ansi.StringWidth(t); w <= width || n == 0 {
			return Line{Text: t, Width: w}
		}
	}
	return Line{Text: b.String(), Width: lw}
}

// Pad returns l padded with spaces to exactly width cells (or cut to it).
func Pad(l Line, width int) string {
	switch {
	case l.Width == width:
		return l.Text
	case l.Width < width:
		return l.Text + strings.Repeat(" ", width-l.Width)
	default:
		return ansi.Truncate(l.Text, width, "")
	}
}

// PadLeft right-aligns l in width cells.
func PadLeft(l Line, width int) string {
	if l.Width >= width {
		return Pad(l, width)
	}
	return strings.Repeat(" ", width-l.Width) + l.Text
}

// Plain makes a Line of one styled run that is known to fit.
func Plain(s string, st lipgloss.Style) Line {
	return Line{Text: st.Render(s), Width: ansi.StringWidth(s)}
}

// Fit truncates sanitized text to width cells with an ellipsis.
func Fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
