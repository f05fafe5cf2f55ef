package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"penny/corrections"
	"penny/sanitize"
	"penny/store"
	"penny/ui/bubble"
)

// Deleting transactions and undoing the last change from the chat, with
// the calls and the words of `penny tx delete` and `penny undo` (package
// corrections). /delete ID asks first; /undo does not, as `penny undo`
// does not. What they change arrives through the refresh, as any write
// does: the deleted rows leave the transcripts, the undone ones come back.

// deleteAskMsg carries the transactions /delete would delete, to confirm.
type deleteAskMsg struct {
	txs []store.Transaction
	err error
}

// deletedMsg is the end of a confirmed delete.
type deletedMsg struct {
	gone []store.Transaction
	err  error
}

// undoneMsg is the end of an /undo.
type undoneMsg struct {
	change store.Change
	err    error
}

// correctionWords reads a line typed in the composer that asks for a
// correction: "undo" (or "undo that", "undo the last change") is /undo,
// and "delete 4211" (or "delete #4211 #4212") is /delete with its ids.
// Anything else is a question for the assistant.
func correctionWords(text string) (string, bool) {
	words := strings.Fields(strings.ToLower(strings.Trim(text, " .!?")))
	if len(words) == 0 {
		return "", false
	}
	switch words[0] {
	case "undo":
		for _, w := range words[1:] {
			switch w {
			case "that", "it", "the", "last", "change", "please":
			default:
				return "", false
			}
		}
		return "/undo", true
	case "delete", "remove", "hide":
		if len(words) == 1 {
			return "/delete", true
		}
		if _, err := corrections.ParseIDs(words[1:]); err == nil {
			return "/delete " + strings.Join(words[1:], " "), true
		}
	}
	return "", false
}

// startDelete is /delete ID...: the rows are looked up, then shown for a y.
func (m Model) startDelete(args []string) (tea.Model, tea.Cmd) {
	switch {
	case !m.canWrite():
		m.setStatus(true, "Nothing can be deleted here: this Penny does not save (run `penny tx delete ID`)")
		return m, nil
	case len(args) == 0:
		m.setStatus(false, "Which one? Type /delete and its number: each transaction shows one, like #1234")
		return m, nil
	}
	ids, err := corrections.ParseIDs(args)
	if err != nil {
		m.setStatus(true, "%v: type /delete and the number a transaction shows, like #1234", err)
		return m, nil
	}
	ctx, st := m.ctx, m.opt.Store
	return m, func() tea.Msg {
		txs, err := corrections.Find(ctx, st, ids)
		return deleteAskMsg{txs: txs, err: err}
	}
}

func (m Model) onDeleteAsk(msg deleteAskMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.setStatus(true, "%s", capital(msg.err.Error()))
		return m, nil
	}
	m.confirm = msg.txs
	return m, nil
}

// confirmKey answers the question /delete asked: y deletes, any other key
// keeps the rows.
func (m Model) confirmKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	txs := m.confirm
	m.confirm = nil
	if msg.String() != "y" && msg.String() != "Y" {
		m.setStatus(false, "Kept; nothing was deleted")
		return m, nil
	}
	ids := make([]int64, len(txs))
	for i, t := range txs {
		ids[i] = t.ID
	}
	m.setStatus(false, "Deleting…")
	ctx, st := m.ctx, m.opt.Store
	return m, func() tea.Msg {
		gone, err := corrections.Delete(ctx, st, ids)
		return deletedMsg{gone: gone, err: err}
	}
}

func (m Model) onDeleted(msg deletedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.setStatus(true, "Could not delete: %v", msg.err)
		return m, nil
	}
	what := corrections.Describe(msg.gone[0])
	if n := len(msg.gone); n > 1 {
		what = fmt.Sprintf("%d transactions", n)
	}
	m.setStatus(false, "Deleted %s; it will not come back on an import. /undo puts it back", what)
	mm, cmd := m.startRefresh(true)
	return mm, cmd
}

// startUndo is /undo: the last change taken back, as `penny undo` does.
func (m Model) startUndo() (tea.Model, tea.Cmd) {
	if !m.canWrite() {
		m.setStatus(true, "Nothing can be undone here: this Penny does not save (run `penny undo`)")
		return m, nil
	}
	m.setStatus(false, "Undoing…")
	ctx, st := m.ctx, m.opt.Store
	return m, func() tea.Msg {
		ch, err := corrections.Undo(ctx, st)
		return undoneMsg{change: ch, err: err}
	}
}

func (m Model) onUndone(msg undoneMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.setStatus(true, "%s", capital(msg.err.Error()))
		return m, nil
	}
	m.setStatus(false, "Undone: %s", sanitize.Line(msg.change.What))
	mm, cmd := m.startRefresh(true)
	return mm, cmd
}

// confirmBox is the question /delete asks, over the bottom of the chat.
func (m Model) confirmBox() string {
	box := m.styles.Overlay
	inner := max(min(m.layout.main-box.GetHorizontalFrameSize()-2, 72), 10)
	title := "Delete this transaction?"
	if len(m.confirm) > 1 {
		title = fmt.Sprintf("Delete these %d transactions?", len(m.confirm))
	}
	lines := []string{m.styles.OverlayTitle.Render(bubble.Fit(title, inner))}
	for i, t := range m.confirm {
		if i == 5 {
			lines = append(lines, bubble.Fit(fmt.Sprintf("… and %d more", len(m.confirm)-5), inner))
			break
		}
		lines = append(lines, bubble.Fit(fmt.Sprintf("#%d  %s", t.ID, corrections.Describe(t)), inner))
	}
	lines = append(lines, m.styles.OverlayHint.Render(bubble.Fit("y deletes · any other key keeps it · /undo puts it back", inner)))
	width := 0
	for _, l := range lines {
		width = max(width, ansi.StringWidth(l))
	}
	for i, l := range lines {
		lines[i] = padTo(l, width)
	}
	return box.Render(strings.Join(lines, "\n"))
}

// capital starts s with a capital letter, for the status line.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
