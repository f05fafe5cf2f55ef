package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"penny/themes"
	"penny/ui/cmdpalette"
)

// Slash commands, typed in the composer or picked in the palette.

// commands lists what the palette offers.
func (m Model) commands() []cmdpalette.Command {
	var out []cmdpalette.Command
	for _, n := range themes.Names() {
		out = append(out, cmdpalette.Command{Name: "/theme " + n, Desc: "switch to the " + n + " theme"})
	}
	out = append(out,
		cmdpalette.Command{Name: "/theme auto", Desc: "dark or light, following the terminal"},
		cmdpalette.Command{Name: "/help", Desc: "show every key"},
		cmdpalette.Command{Name: "/read", Desc: "mark every chat read"},
		cmdpalette.Command{Name: "/sync", Desc: "fetch from your connected banks now"},
		cmdpalette.Command{Name: "/delete", Desc: "delete a transaction: /delete and its #number"},
		cmdpalette.Command{Name: "/undo", Desc: "take back the last delete, rename or currency change"},
		cmdpalette.Command{Name: "/clear", Desc: "clear this chat's screen (history stays saved)"},
		cmdpalette.Command{Name: "/quit", Desc: "leave Penny"},
	)
	return out
}

// commandNames are the completions for commands.
func commandNames() []string {
	out := []string{"/theme", "/help", "/read", "/sync", "/delete", "/undo", "/clear", "/quit", "/theme auto"}
	for _, n := range themes.Names() {
		out = append(out, "/theme "+n)
	}
	return out
}

func (m Model) runCommand(line string) (tea.Model, tea.Cmd) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return m, nil
	}
	arg := strings.Join(fields[1:], " ")
	switch strings.ToLower(fields[0]) {
	case "/theme":
		return m.setTheme(arg)
	case "/help", "/keys":
		m.helpOpen = true
	case "/quit", "/exit":
		return m, tea.Quit
	case "/clear":
		c := m.current()
		c.t.Clear()
		c.cleared = true
		m.setStatus(false, "Cleared the screen; the history is still saved")
	case "/read":
		return m.readAll()
	case "/sync":
		return m.startSync()
	case "/delete":
		return m.startDelete(fields[1:])
	case "/undo":
		return m.startUndo()
	default:
		m.setStatus(true, "No command %s; press / for the list", fields[0])
	}
	return m, nil
}

func (m Model) setTheme(name string) (tea.Model, tea.Cmd) {
	name = strings.ToLower(strings.TrimSpace(name))
	switch {
	case name == "":
		m.setStatus(false, "Theme %s; others: %s, auto", m.theme.Name, strings.Join(themes.Names(), ", "))
		return m, nil
	case m.noColor:
		m.setStatus(false, "NO_COLOR is set, so colours stay off")
		return m, nil
	case name == "auto":
		m.chosen = false
		m.applyTheme(themes.Auto(m.isDark))
	default:
		p, ok := themes.ByName(name)
		if !ok {
			m.setStatus(true, "No theme %q; themes: %s, auto", name, strings.Join(themes.Names(), ", "))
			return m, nil
		}
		m.chosen = true
		m.applyTheme(p)
	}
	m.setStatus(false, "Theme %s", m.theme.Name)
	if !m.canWrite() {
		return m, nil
	}
	return m, saveSetting(m.ctx, m.opt.Store, "theme", name)
}

// readAll is /read: every badge cleared, and the store told so.
func (m Model) readAll() (tea.Model, tea.Cmd) {
	var ids []int64
	for _, c := range m.convs {
		c.unread = 0
		if c.kind == kindAccount {
			ids = append(ids, c.account.ID)
		}
	}
	m.syncSidebar()
	m.setStatus(false, "Everything marked read")
	if !m.canWrite() {
		return m, nil
	}
	return m, tea.Batch(markAllAlertsRead(m.ctx, m.opt.Store), markAccountsRead(m.ctx, m.opt.Store, ids))
}

// startSync is /sync: the live sources fetched now, in a Cmd; what arrives
// shows like any other write.
func (m Model) startSync() (tea.Model, tea.Cmd) {
	switch {
	case m.opt.Sync == nil || !m.canWrite():
		m.setStatus(true, "Syncing works in Penny on your vault, not here; run `penny sync` in a terminal")
		return m, nil
	case m.syncing:
		m.setStatus(false, "Already syncing…")
		return m, nil
	}
	m.syncing = true
	m.setStatus(false, "Syncing your connected banks…")
	sync, ctx := m.opt.Sync, m.ctx
	return m, func() tea.Msg {
		line, err := sync(ctx)
		return syncDoneMsg{line: line, err: err}
	}
}

// syncNow reports whether a line typed in the composer asks to sync now
// ("sync", "sync now", "refresh my banks"), rather than asks about syncing
// ("when did I last sync?"), which the assistant answers.
func syncNow(text string) bool {
	words := strings.Fields(strings.ToLower(strings.Trim(text, " .!?")))
	verb := false
	for _, w := range words {
		switch w {
		case "sync", "resync", "refresh", "fetch", "update":
			verb = true
		case "now", "my", "the", "banks", "bank", "accounts", "account", "please", "all", "sources", "transactions":
		default:
			return false
		}
	}
	return verb
}
