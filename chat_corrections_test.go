package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// waitShown polls the screen until it shows re (shown) or no longer does.
func (s *tmuxSession) waitShown(re *regexp.Regexp, shown bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.screen()
		if re.MatchString(scr) == shown {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen shows %s: %v, want %v:\n%s", re, !shown, shown, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// idMark matches the id a bubble ends with, as a whole number.
func idMark(id int64) *regexp.Regexp {
	return regexp.MustCompile(`·[ \x{00a0}]#` + strconv.FormatInt(id, 10) + `\b`)
}

func (s *tmuxSession) typeLine(line string) {
	s.t.Helper()
	s.run("send-keys", "-t", s.name, "-l", line)
	s.run("send-keys", "-t", s.name, "Enter")
}

// TestDeleteAndUndoInTheChat drives the real binary in a terminal: a
// transaction deleted in the chat leaves it, "undo" brings it back, and one
// deleted by `penny tx delete` in another terminal leaves the open chat
// too.
func TestDeleteAndUndoInTheChat(t *testing.T) {
	t.Parallel()
	env := newVault(t)
	d, key := oneAccount(40)
	file := writeFile(t, env["HOME"], "history.ofx", func(b *bytes.Buffer) error { return d.WriteOFX(b, key) })
	mustRun(t, env, 0, "import", file)
	newest := txList(t, env)[0]
	id := strconv.FormatInt(newest.ID, 10)
	mark := idMark(newest.ID)

	s := openChecking(t, env)
	s.waitShown(mark, true)
	s.typeLine("/delete " + id)
	s.waitFor("Delete this transaction?")
	if _, err := reopen(t, env).Transaction(t.Context(), newest.ID); err != nil {
		t.Fatalf("asking deleted it: %v", err)
	}
	s.run("send-keys", "-t", s.name, "y")
	s.waitFor("Deleted ")
	s.waitShown(mark, false)
	if rows := txList(t, env); len(rows) != 39 || rows[0].ID == newest.ID {
		t.Fatalf("after the delete in the chat the vault has %d rows, the newest %d", len(rows), rows[0].ID)
	}

	s.typeLine("undo")
	s.waitFor("Undone: deleted the transaction")
	s.waitShown(mark, true)
	if rows := txList(t, env); len(rows) != 40 || rows[0] != newest {
		t.Fatalf("after the undo in the chat the vault has %d rows, the newest %+v", len(rows), rows[0])
	}

	// Another terminal deletes an older row: the open chat drops it.
	older := txList(t, env)[5]
	oldMark := idMark(older.ID)
	s.waitShown(oldMark, true)
	mustRun(t, env, 0, "tx", "delete", strconv.FormatInt(older.ID, 10))
	s.waitShown(oldMark, false)
	s.run("send-keys", "-t", s.name, "C-c")
	s.waitFor("CHAT-EXIT=0")
}
