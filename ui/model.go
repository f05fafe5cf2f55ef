// Package ui is Penny's terminal messenger, a Bubble Tea v2 program: a
// sidebar of conversations (Penny, Alerts, one per account), a transcript
// of bubbles, and a composer. Questions go to an assistant.Asker; history
// and settings go through the store, always in tea.Cmds, never in Update.
//
// The root model is split by concern: model.go (state, Update), keys.go
// (key map and its rules), msgs.go (what commands report), commands.go
// (every store and assistant call), layout.go (pane sizes), view.go
// (drawing), refresh.go (showing what other writers added while the chat
// runs). Components live in sub-packages: bubble, transcript, sidebar,
// composer and palette.
package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"penny/assistant"
	"penny/store"
	"penny/themes"
	"penny/ui/bubble"
	"penny/ui/cmdpalette"
	"penny/ui/composer"
	"penny/ui/sidebar"
	"penny/ui/transcript"
)

// Options configure the chat.
type Options struct {
	// Store holds accounts, transactions, alerts, settings and the chat
	// history. Nil runs the chat alone, with nothing saved (tests).
	Store *store.Store
	// ColorProfile is the terminal's color profile when the caller found
	// it already (colorprofile.Detect on standard output); Unknown makes
	// Run find it. Inside tmux finding it runs `tmux info`, which the
	// caller can do while it unlocks the vault.
	ColorProfile colorprofile.Profile
	// Asker answers questions.
	Asker assistant.Asker
	// Theme names a theme (themes.Names); "" picks the one saved by
	// /theme, or else dark or light from the terminal's background;
	// "auto" always follows the background.
	Theme string
	// Now is the clock, for timestamps and "Today"; nil means time.Now.
	// Its location is the zone times are shown in.
	Now func() time.Time
	// Title is shown in the header and the window title ("Penny demo").
	Title string
	// ReadOnly keeps everything in memory: no chat history, theme or
	// read marks are written to the store.
	ReadOnly bool
	// Getenv reads the environment (NO_COLOR); nil means os.Getenv.
	Getenv func(string) string
	// Refresh, when set, brings in what another process wrote, such as
	// reloading the vault file into Store after `penny daemon` imported a
	// bank file. It is called every RefreshEvery in a tea.Cmd, never in
	// Update and never while an earlier call is still running, though
	// other commands may be reading Store meanwhile. When it returns nil
	// the chat re-reads Store; ErrUnchanged says that nothing can have
	// changed since the last call, and the chat reads nothing; an error is shown once in the status line
	// (again only after a success) and the next tick tries again.
	Refresh func(ctx context.Context) error
	// RefreshEvery is how often the chat looks for new data: it calls
	// Refresh, if set, then compares a cheap fingerprint of Store (the
	// data version, the newest alert, the accounts' counts and balances)
	// and re-reads the sidebar, the alerts and the loaded account
	// transcripts only when it moved. Zero means every 3 s; a negative
	// value turns it off. Nothing is refreshed without a Store.
	RefreshEvery time.Duration
	// Wake, when set, starts a refresh as soon as a value arrives: a
	// watch on the vault file that reports another process's save the
	// moment it lands, so the chat need not wait for the next tick.
	Wake <-chan struct{}
	// Notes, when set, are lines for the status line from work running
	// beside the chat (a drop-folder round: "Imported statement.ofx: 3
	// new transactions").
	Notes <-chan string
	// Sync, when set, fetches from the live sources now (/sync, or "sync
	// now" typed): it runs in a tea.Cmd and returns a line for the status
	// line. What it writes arrives like any other write.
	Sync func(ctx context.Context) (string, error)
}

// ErrUnchanged is what Options.Refresh returns when nothing the chat shows
// can have changed since its last call (the vault file is the one it saw):
// the chat then skips even its fingerprint, so an idle chat costs a stat
// a tick.
var ErrUnchanged = errors.New("unchanged")

// defaultRefreshEvery is how often the chat looks for new data when
// Options.RefreshEvery is zero.
const defaultRefreshEvery = 3 * time.Second

// Model is the root of the chat: a tea.Model.
type Model struct {
	opt Options
	ctx context.Context
	now func() time.Time
	loc *time.Location

	width, height int
	layout        layout

	theme   themes.Palette
	styles  *themes.Styles
	chosen  bool // a theme was picked, so the background does not override it
	noColor bool
	isDark  bool

	convs    []*conv
	sidebar  sidebar.Model
	composer composer.Model
	palette  cmdpalette.Model
	help     help.Model
	keys     keyMap

	paletteOpen bool
	helpOpen    bool
	status      string
	statusErr   bool
	seq         int // numbers local bubbles ("local:7") until they are stored
	// completions are what tab completes: the slash commands and the
	// assistant's account, category and merchant names.
	completions []string

	// refresh is the state of the refresh timer (refresh.go).
	refresh refreshState
	// syncing: a /sync runs.
	syncing bool
	// confirm holds the transactions /delete asks about until a key
	// answers (corrections.go).
	confirm []store.Transaction
}

// New returns the chat. Run it with Run, or with tea.NewProgram.
func New(opt Options) Model {
	return newModel(context.Background(), opt)
}

// Run runs the chat in the terminal until the user quits (nil) or ctx ends
// (ctx.Err()).
func Run(ctx context.Context, opt Options) error {
	// 30 frames a second is smooth for a chat and wakes an idle process
	// half as often as the default 60.
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(30)}
	if opt.ColorProfile != colorprofile.Unknown {
		opts = append(opts, tea.WithColorProfile(opt.ColorProfile))
	}
	p := tea.NewProgram(newModel(ctx, opt), opts...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		// Cancelled from outside: say so plainly rather than as a crash.
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}

func newModel(ctx context.Context, opt Options) Model {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	getenv := opt.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if opt.Title == "" {
		opt.Title = "Penny"
	}
	if opt.RefreshEvery == 0 {
		opt.RefreshEvery = defaultRefreshEvery
	}
	m := Model{
		opt:     opt,
		ctx:     ctx,
		now:     now,
		loc:     now().Location(),
		width:   80,
		height:  24,
		isDark:  true,
		noColor: themes.NoColor(getenv),
		keys:    defaultKeyMap(),
		help:    help.New(),
	}
	m.theme = themes.Dark()
	switch {
	case m.noColor:
		m.theme, m.chosen = themes.Mono(), true
	case opt.Theme == "auto":
		// Follow the background; Init does not load the saved theme.
	case opt.Theme != "":
		if p, ok := themes.ByName(opt.Theme); ok {
			m.theme, m.chosen = p, true
		} else {
			m.setStatus(true, "No theme named %q; themes: %s", opt.Theme, strings.Join(themes.Names(), ", "))
		}
	}
	st := themes.Build(m.theme)
	m.styles = &st
	m.help.Styles = st.Help
	m.sidebar = sidebar.New(m.styles)
	m.composer = composer.New(m.styles)
	m.palette = cmdpalette.New(m.styles, m.commands())
	m.convs = []*conv{newConv(convPenny, kindPenny, "Penny", transcript.New(m.styles, now))}
	if opt.Store != nil {
		m.convs = append(m.convs, newConv(convAlerts, kindAlerts, "Alerts", transcript.New(m.styles, now)))
	}
	m.completions = commandNames()
	m.composer.SetCandidates(m.completions)
	m.syncSidebar()
	m.resize()
	return m
}

// Init asks for the terminal's background, the sidebar's data, the saved
// theme, the completions and the first page of Penny's history.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	// The completions come after the sidebar: building them reads every
	// month total on the store's one connection, which the sidebar's few
	// queries would otherwise wait for before the first full screen.
	var completions tea.Cmd
	if m.opt.Asker != nil {
		completions = loadCompletions(m.ctx, m.opt.Asker)
	}
	if st := m.opt.Store; st != nil {
		cmds = append(cmds, tea.Sequence(loadAccounts(m.ctx, st), completions))
		if !m.chosen && m.opt.Theme == "" {
			cmds = append(cmds, loadThemeSetting(m.ctx, st))
		}
	} else {
		cmds = append(cmds, completions)
	}
	cmds = append(cmds, m.open(m.current())...)
	cmds = append(cmds, m.tick(), m.waitWake(), m.waitNote())
	return tea.Batch(cmds...)
}

func (m Model) current() *conv { return m.convs[m.sidebar.Selected()] }

func (m Model) find(id string) *conv {
	for _, c := range m.convs {
		if c.id == id {
			return c
		}
	}
	return nil
}

func (m Model) canWrite() bool { return m.opt.Store != nil && !m.opt.ReadOnly }

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		// A taller window may show more than is loaded.
		return m, tea.Batch(m.fetch(m.current())...)
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		if !m.chosen {
			m.applyTheme(themes.Auto(m.isDark))
		}
		return m, nil
	case themeSettingMsg:
		if msg.err != nil {
			m.setStatus(true, "Could not read the saved theme: %v", msg.err)
			return m, nil
		}
		if p, ok := themes.ByName(msg.name); ok && !m.chosen {
			m.chosen = true
			m.applyTheme(p)
		}
		return m, nil
	case completionsMsg:
		if msg.err != nil {
			m.setStatus(true, "Completions unavailable: %v", msg.err)
		}
		m.completions = append(commandNames(), msg.items...)
		m.composer.SetCandidates(m.completions)
		return m, nil
	case accountsMsg:
		return m.onAccounts(msg)
	case syncDoneMsg:
		m.syncing = false
		if msg.err != nil {
			m.setStatus(true, "Sync failed: %v", msg.err)
			return m, nil
		}
		m.setStatus(false, "%s", msg.line)
		// What the sync wrote arrives through the refresh.
		mm, cmd := m.startRefresh(true)
		return mm, cmd
	case noteMsg:
		if !msg.ok {
			return m, nil
		}
		m.setStatus(msg.err, "%s", msg.text)
		return m, m.waitNote()
	case wakeMsg:
		if !msg.ok {
			return m, nil
		}
		mm, cmd := m.startRefresh(true)
		return mm, tea.Batch(cmd, m.waitWake())
	case deleteAskMsg:
		return m.onDeleteAsk(msg)
	case deletedMsg:
		return m.onDeleted(msg)
	case undoneMsg:
		return m.onUndone(msg)
	case refreshTickMsg:
		return m.onRefreshTick()
	case refreshMsg:
		return m.onRefresh(msg)
	case pageMsg:
		return m.onPage(msg)
	case replyMsg:
		return m.onReply(msg)
	case savedMsg:
		if msg.err != nil {
			m.setStatus(true, "Could not save the message: %v", msg.err)
			return m, nil
		}
		if c := m.find(msg.conv); c != nil {
			if c.shown[msg.id] {
				// A page loaded it already: drop the local copy.
				c.t.Remove(msg.key)
			}
			c.shown[msg.id] = true
		}
		return m, nil
	case storeDoneMsg:
		if msg.err != nil {
			m.setStatus(true, "Could not %s: %v", msg.what, msg.err)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		c := m.current()
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			c.t.ScrollUp(3)
			return m, tea.Batch(m.fetch(c)...)
		case tea.MouseWheelDown:
			c.t.ScrollDown(3)
		}
		return m, nil
	case tea.MouseClickMsg:
		mo := msg.Mouse()
		if mo.Button == tea.MouseLeft && m.layout.side > 0 && mo.X < m.layout.side && mo.Y >= chromeTop {
			if i := m.sidebar.EntryAt(mo.Y - chromeTop); i >= 0 {
				return m, m.selectConv(i)
			}
		}
		return m, nil
	case tea.PasteMsg:
		if m.paletteOpen {
			m.palette, _ = m.palette.Update(msg)
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(msg)
	return m, cmd
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.status, m.statusErr = "", false
	if key.Matches(msg, m.keys.ForceQuit) {
		return m, tea.Quit
	}
	if m.confirm != nil {
		return m.confirmKey(msg)
	}
	if m.helpOpen {
		// Any key closes the help; it does nothing else.
		m.helpOpen = false
		return m, nil
	}
	if m.paletteOpen {
		var act cmdpalette.Action
		m.palette, act = m.palette.Update(msg)
		switch act.Outcome {
		case cmdpalette.Close:
			m.paletteOpen = false
		case cmdpalette.Run:
			m.paletteOpen = false
			return m.runCommand(act.Command)
		}
		return m, nil
	}
	c := m.current()
	empty := m.composer.Empty()
	switch {
	case key.Matches(msg, m.keys.NextChat):
		return m, m.selectConv(m.step(1))
	case key.Matches(msg, m.keys.PrevChat):
		return m, m.selectConv(m.step(-1))
	case key.Matches(msg, m.keys.Tab), key.Matches(msg, m.keys.ShiftTab):
		forward := key.Matches(msg, m.keys.Tab)
		if m.composer.CanComplete() {
			if !m.composer.Complete(forward) {
				m.setStatus(false, "Nothing to complete here")
			}
			return m, nil
		}
		if forward {
			return m, m.selectConv(m.step(1))
		}
		return m, m.selectConv(m.step(-1))
	case key.Matches(msg, m.keys.PageUp):
		c.t.PageUp()
		return m, tea.Batch(m.fetch(c)...)
	case key.Matches(msg, m.keys.PageDown):
		c.t.PageDown()
		return m, nil
	case key.Matches(msg, m.keys.Older):
		m.composer.Older()
		return m, nil
	case key.Matches(msg, m.keys.Newer):
		m.composer.Newer()
		return m, nil
	case key.Matches(msg, m.keys.Send):
		return m.submit()
	case key.Matches(msg, m.keys.Esc):
		if !c.t.AtBottom() {
			c.t.GotoBottom()
		} else {
			m.composer.Reset()
		}
		return m, nil
	case empty && key.Matches(msg, m.keys.Palette):
		m.palette = cmdpalette.New(m.styles, m.commands())
		m.palette.SetSize(min(m.layout.main, 60), max(m.layout.body, 5))
		m.paletteOpen = true
		return m, nil
	case empty && key.Matches(msg, m.keys.Help):
		m.helpOpen = true
		return m, nil
	case empty && key.Matches(msg, m.keys.Quit):
		return m, tea.Quit
	}
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(msg)
	return m, cmd
}

// step is the index d conversations away from the selected one, wrapping.
func (m Model) step(d int) int {
	n := len(m.convs)
	return ((m.sidebar.Selected()+d)%n + n) % n
}

// selectConv shows conversation i, loading its history the first time, and
// marks it read.
func (m *Model) selectConv(i int) tea.Cmd {
	m.sidebar.Select(i)
	c := m.current()
	cmds := m.open(c)
	cmds = append(cmds, m.markRead(c)...)
	m.syncSidebar()
	return tea.Batch(cmds...)
}

// open starts loading a conversation's history the first time it is shown.
func (m *Model) open(c *conv) []tea.Cmd {
	if c.opened {
		return nil
	}
	c.opened = true
	return m.fetch(c)
}

// fetch asks for the next page of every source of c that needs one.
func (m *Model) fetch(c *conv) []tea.Cmd {
	if !c.opened {
		return nil
	}
	if m.opt.Store == nil {
		for _, s := range c.sources {
			s.done, s.fetched = true, true
		}
		m.greet(c)
		return nil
	}
	var cmds []tea.Cmd
	for _, i := range c.wanted() {
		s := c.sources[i]
		s.loading = true
		cmds = append(cmds, loadPage(m.ctx, m.opt.Store, pageRequest{
			conv: c.id, src: i, kind: s.kind, accountID: c.account.ID, cursor: s.cursor, loc: m.loc,
		}))
	}
	return cmds
}

// greet says what a conversation is for when it turns out to have no
// history at all. The note is not stored.
func (m *Model) greet(c *conv) {
	if c.greeted || c.t.Len() > 0 || c.loading() {
		return
	}
	for _, s := range c.sources {
		if !s.done || len(s.buf) > 0 {
			return
		}
	}
	c.greeted = true
	it := bubble.Item{Key: "greeting", Role: bubble.Penny, Time: m.now().In(m.loc)}
	switch c.kind {
	case kindPenny:
		it.Text = "Hi, I'm Penny. I answer from the accounts on this computer; nothing leaves it. " +
			"Ask about balances, spending, merchants or anything odd."
		it.Reply = &assistant.Reply{Text: it.Text, Suggestions: []string{"balance", "spending last month", "any duplicate charges?"}}
	case kindAlerts:
		it.Text = "No alerts yet. Large charges, duplicates, price increases and low balances will appear here."
	default:
		it.Text = "No transactions in this account yet."
	}
	c.t.Append(it)
}

// markRead clears c's badge and remembers in the store what was seen: the
// alerts shown are marked read, an account's newest transaction is saved.
func (m *Model) markRead(c *conv) []tea.Cmd {
	c.unread = 0
	if !m.canWrite() {
		return nil
	}
	switch c.kind {
	case kindAlerts:
		var ids []int64
		for i := range c.t.Len() {
			if a := c.t.Item(i).Alert; a != nil && !a.Read && !c.markedAlerts[a.ID] {
				ids = append(ids, a.ID)
				c.markedAlerts[a.ID] = true
			}
		}
		if len(ids) > 0 {
			return []tea.Cmd{markAlertsRead(m.ctx, m.opt.Store, ids)}
		}
	case kindAccount:
		if c.newestTx > c.markedTx {
			c.markedTx = c.newestTx
			return []tea.Cmd{saveSetting(m.ctx, m.opt.Store, readKey(c.account.ID), strconv.FormatInt(c.newestTx, 10))}
		}
	}
	return nil
}

func (m Model) onAccounts(msg accountsMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.setStatus(true, "Could not load accounts: %v", msg.err)
		return m, nil
	}
	if a := m.find(convAlerts); a != nil && a != m.current() {
		a.unread = msg.alertsUnread
	}
	m.setAccounts(msg.fp.accounts, func(c *conv, _ store.Account, isNew bool) {
		if isNew {
			c.unread = msg.unread[c.account.ID]
		}
	})
	m.refresh.adopt(msg.fp, msg.alertMax)
	return m, nil
}

// setAccounts rebuilds the list of conversations: Penny, Alerts, then one
// per account of accts in their order, keeping the conversations that
// exist and the selection. badge sets an account conversation's unread
// count; it sees the conversation with the account already updated, the
// account as it was, and whether the conversation is new.
func (m *Model) setAccounts(accts []store.Account, badge func(c *conv, old store.Account, isNew bool)) {
	selected := m.current().id
	byID := map[string]*conv{}
	for _, c := range m.convs {
		byID[c.id] = c
	}
	convs := []*conv{byID[convPenny]}
	if a := byID[convAlerts]; a != nil {
		convs = append(convs, a)
	}
	for _, a := range accts {
		id := accountConv(a.ID)
		c := byID[id]
		isNew := c == nil
		if isNew {
			c = newConv(id, kindAccount, a.Name, transcript.New(m.styles, m.now))
			c.t.SetSize(m.layout.chat(), m.layout.transcript)
		}
		old := c.account
		c.account, c.title = a, a.Name
		badge(c, old, isNew)
		convs = append(convs, c)
	}
	m.convs = convs
	m.syncSidebar()
	for i, c := range m.convs {
		if c.id == selected {
			m.sidebar.Select(i)
		}
	}
}

func (m Model) onPage(msg pageMsg) (tea.Model, tea.Cmd) {
	c := m.find(msg.conv)
	if c == nil {
		return m, nil
	}
	if msg.err != nil {
		m.setStatus(true, "Could not load %s: %v", c.title, msg.err)
	}
	if c.cleared {
		c.sources[msg.src].loading = false
		return m, nil
	}
	c.receive(msg)
	c.t.Prepend(c.release()...)
	if len(msg.questions) > 0 {
		m.composer.PrependHistory(msg.questions)
	}
	cmds := m.fetch(c)
	m.greet(c)
	if c == m.current() {
		cmds = append(cmds, m.markRead(c)...)
		m.syncSidebar()
	}
	return m, tea.Batch(cmds...)
}

func (m Model) submit() (tea.Model, tea.Cmd) {
	text := strings.TrimSpace(m.composer.Value())
	if text == "" {
		return m, nil
	}
	m.composer.AddHistory(text)
	m.composer.Reset()
	if strings.HasPrefix(text, "/") {
		return m.runCommand(text)
	}
	if m.opt.Sync != nil && syncNow(text) {
		return m.runCommand("/sync")
	}
	if line, ok := correctionWords(text); ok {
		return m.runCommand(line)
	}
	c := m.current()
	now := m.now().In(m.loc)
	userKey, thinkKey := m.nextKey(), m.nextKey()
	c.t.Append(
		bubble.Item{Key: userKey, Role: bubble.User, Time: now, Text: text},
		bubble.Item{Key: thinkKey, Role: bubble.Penny, Time: now, Thinking: true},
	)
	c.t.GotoBottom()
	askCtx := m.ctx
	if c.account.ID != 0 {
		// A question in an account's conversation is about that account
		// unless it names another.
		askCtx = assistant.WithAccount(askCtx, c.account.Name)
	}
	askCmd := ask(askCtx, m.opt.Asker, c.id, text, thinkKey)
	if !m.canWrite() {
		return m, askCmd
	}
	// Saved before asking, in sequence, so the question is stored before
	// its answer and reloads in the same order.
	save := saveMessage(m.ctx, m.opt.Store, store.Message{
		Conversation: c.id, Role: "user", Body: text, Created: now,
	}, userKey)
	return m, tea.Sequence(save, askCmd)
}

func (m Model) onReply(msg replyMsg) (tea.Model, tea.Cmd) {
	c := m.find(msg.conv)
	if c == nil {
		return m, nil
	}
	r, failed := msg.reply, msg.err != nil
	if failed {
		r = failure(msg.err)
	}
	now := m.now().In(m.loc)
	k := m.nextKey()
	it := bubble.Item{Key: k, Role: bubble.Penny, Time: now, Text: r.Text, Failed: failed}
	if r.Table != nil || r.Chart != nil || len(r.Suggestions) > 0 {
		it.Reply = &r
	}
	if !c.t.Replace(msg.key, it) {
		c.t.Append(it)
	}
	if c != m.current() {
		c.unread++
		m.syncSidebar()
	}
	if !m.canWrite() {
		return m, nil
	}
	return m, saveMessage(m.ctx, m.opt.Store, replyMessage(c.id, r, failed, now), k)
}

func (m *Model) nextKey() string {
	m.seq++
	return "local:" + strconv.Itoa(m.seq)
}

func (m *Model) setStatus(isErr bool, format string, args ...any) {
	m.status, m.statusErr = fmt.Sprintf(format, args...), isErr
}

// applyTheme rebuilds the styles and hands them to every component.
func (m *Model) applyTheme(p themes.Palette) {
	m.theme = p
	st := themes.Build(p)
	m.styles = &st
	m.help.Styles = st.Help
	m.sidebar.SetStyles(m.styles)
	m.composer.SetStyles(m.styles)
	m.palette.SetStyles(m.styles)
	for _, c := range m.convs {
		c.t.SetStyles(m.styles)
	}
}

// syncSidebar rebuilds the sidebar's entries from the conversations.
func (m *Model) syncSidebar() {
	es := make([]sidebar.Entry, len(m.convs))
	for i, c := range m.convs {
		e := sidebar.Entry{Section: "Chats", Title: c.title, Badge: c.unread}
		if c.kind == kindAccount {
			e.Section = "Accounts"
			e.Detail = c.account.Balance.Format()
			e.Money = true
			e.Sign = c.account.Balance.Sign()
		}
		es[i] = e
	}
	m.sidebar.SetEntries(es)
}
