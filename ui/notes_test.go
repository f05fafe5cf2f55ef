package ui

import (
	"context"
	"strings"
	"testing"
)

// Lines from work beside the chat reach the status line, in order; a line
// starting "!" is shown as an error; the end of the lines ends the wait.
func TestNotesReachTheStatusLine(t *testing.T) {
	notes := make(chan string, 2)
	notes <- "Imported statement.ofx from the drop folder: 3 new"
	notes <- "!Could not import broken.csv: no header row"
	close(notes)
	m := start(t, Options{Store: demoStore(t, 20), Notes: notes}, 100, 30)
	if m.status != "Could not import broken.csv: no header row" || !m.statusErr {
		t.Errorf("status %q (error %v), want the last note as an error", m.status, m.statusErr)
	}
	if !strings.Contains(plain(m), "Could not import broken.csv") {
		t.Error("the note is not on screen")
	}
}

// A report from the vault watch starts a refresh, which reads what another
// process wrote.
func TestWakeStartsARefresh(t *testing.T) {
	st := demoStore(t, 50)
	calls := 0
	m := start(t, Options{Store: st, Refresh: func(ctx context.Context) error { calls++; return nil }}, 100, 30)
	// The watch has ended by the time its last report is handled, so the
	// wait that the report re-arms returns at once.
	wake := make(chan struct{})
	close(wake)
	m.opt.Wake = wake
	m = send(t, m, refreshTickMsg{}) // the first look: nothing in it is news
	before := calls
	addAlert(t, st, "Large charge on Visa Signature", "test:wake", 0)
	m = send(t, m, wakeMsg{ok: true})
	if calls != before+1 || !strings.Contains(m.status, "Large charge on Visa Signature") {
		t.Errorf("after a wake: %d refreshes (was %d), status %q", calls, before, m.status)
	}
}
