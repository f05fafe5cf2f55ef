package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestSyncNowWords(t *testing.T) {
	for text, want := range map[string]bool{
		"sync": true, "sync now": true, "Sync now!": true, "refresh my banks": true, "fetch my transactions please": true,
		"when did I last sync?": false, "sync status": false, "spending now": false, "now": false, "": false,
	} {
		if got := syncNow(text); got != want {
			t.Errorf("syncNow(%q) = %v, want %v", text, got, want)
		}
	}
}

// /sync and "sync now" run Options.Sync once, say so while it runs and say
// what it did; a failure is shown as an error; a chat without the hook
// says where syncing works.
func TestSyncFromTheChat(t *testing.T) {
	calls := 0
	result, fail := "Synced bank: 3 new", error(nil)
	sync := func(context.Context) (string, error) { calls++; return result, fail }
	m := start(t, Options{Store: demoStore(t, 20), Sync: sync}, 100, 30)
	m = typeLine(t, m, "/sync")
	if calls != 1 || m.status != "Synced bank: 3 new" || m.statusErr || m.syncing {
		t.Fatalf("/sync: %d calls, status %q", calls, m.status)
	}
	m = typeLine(t, m, "sync now")
	if calls != 2 {
		t.Fatalf("sync now: %d calls", calls)
	}
	fail = errors.New("reconnect your bank at SimpleFIN")
	m = typeLine(t, m, "/sync")
	if !m.statusErr || !strings.Contains(m.status, "reconnect your bank") {
		t.Errorf("a failed sync: status %q (error %v)", m.status, m.statusErr)
	}
	m = start(t, Options{Store: demoStore(t, 20)}, 100, 30)
	m = typeLine(t, m, "/sync")
	if !strings.Contains(m.status, "penny sync") {
		t.Errorf("without a sync hook: %q", m.status)
	}
}

// typeLine puts a line in the composer and presses enter.
func typeLine(t *testing.T, m Model, line string) Model {
	t.Helper()
	m.composer.SetValue(line)
	return send(t, m, press(tea.KeyEnter))
}
