package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"

	"penny/ingest"
)

// progressLine draws a one-line progress report on stderr while a long
// command works, when stderr is a terminal: nothing is ever written to a
// pipe or a file, so redirected and --json output stay clean. The working
// goroutine only stores what to say (status, report); a ticker of the line's
// own draws it, a few times a second, once the work has taken long enough to
// be worth a line. done clears the line before anything else is printed.
type progressLine struct {
	w     io.Writer
	on    bool
	width int // of the terminal; the line is cut to it, or a wrap would leave lines behind

	mu    sync.Mutex
	text  string // what the line says now
	file  string // the file being read, for the "read" and "parse" phases
	drawn bool
	frame int

	stopOnce sync.Once
	stop     chan struct{} // closed by done
	ended    chan struct{} // closed by the ticker as it returns
}

// progressDelay is how long work goes before the line appears: a quick
// import prints only its summary.
const progressDelay = 300 * time.Millisecond

// progressTick is how often the line is redrawn.
const progressTick = 100 * time.Millisecond

func (c *cli) progress() *progressLine {
	f, ok := c.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progressLine{w: c.stderr}
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return startProgressLine(c.stderr, width, progressDelay)
}

// startProgressLine starts drawing on w, after delay.
func startProgressLine(w io.Writer, width int, delay time.Duration) *progressLine {
	p := &progressLine{w: w, on: true, width: width, stop: make(chan struct{}), ended: make(chan struct{})}
	go p.run(delay, p.stop, p.ended)
	return p
}

func (p *progressLine) run(delay time.Duration, stop <-chan struct{}, ended chan<- struct{}) {
	defer close(ended)
	select {
	case <-time.After(delay):
	case <-stop:
		return
	}
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		p.draw()
		select {
		case <-t.C:
		case <-stop:
			return
		}
	}
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func (p *progressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.text == "" {
		return
	}
	p.frame = (p.frame + 1) % len(spinner)
	line := ansi.Truncate(spinner[p.frame]+" "+p.text, max(p.width-1, 1), "…")
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

// status says what is going on now. s must be safe to print (sanitized).
func (p *progressLine) status(s string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.text = s
	p.mu.Unlock()
}

// reading names the file the next "read" and "parse" reports are about: the
// i-th (from 0) of n.
func (p *progressLine) reading(path string, i, n int) {
	if !p.on {
		return
	}
	name := sanitizeLine(path)
	if n > 1 {
		name = fmt.Sprintf("%s (%d/%d)", name, i+1, n)
	}
	p.mu.Lock()
	p.file = name
	p.mu.Unlock()
	p.status("Reading " + name)
}

// report is the progress.Func of an import: it turns the phases of the
// readers, the parsers and the ingest engine into the line's text.
func (p *progressLine) report(phase string, done, total int64) {
	if !p.on {
		return
	}
	p.mu.Lock()
	file := p.file
	p.mu.Unlock()
	var s string
	switch phase {
	case "read":
		s = fmt.Sprintf("Reading %s: %s of %s", file, mib(done), mib(total))
	case "parse":
		s = "Reading " + file
		if total > 0 {
			s += fmt.Sprintf(": %d%%", 100*min(done, total)/total)
		}
	case ingest.PhaseApply:
		s = rowsBar("Importing", done, total)
	case ingest.PhaseInsert:
		s = fmt.Sprintf("Writing %s new transaction(s)", count(total))
	case ingest.PhaseAlerts:
		s = "Checking alerts"
	case ingest.PhaseSave:
		s = "Saving the vault"
	default:
		return
	}
	p.status(s)
}

// rowsBar is "Importing [████░░░░] 40% (4000/10000 rows)".
func rowsBar(what string, done, total int64) string {
	const width = 30
	done = min(done, total)
	fill := width * done / max(total, 1)
	return fmt.Sprintf("%s [%s%s] %d%% (%d/%d rows)", what, strings.Repeat("█", int(fill)), strings.Repeat("░", int(width-fill)),
		100*done/max(total, 1), done, total)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// count writes n with thousands separators: 100,000.
func count(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// done stops the line and clears it, so whatever is printed next starts on
// a clean line. It may be called more than once.
func (p *progressLine) done() {
	if !p.on {
		return
	}
	p.stopOnce.Do(func() { close(p.stop) })
	<-p.ended
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	p.text = ""
}

// lateProgress passes on the reports of a read begun before its progress
// line exists (an import's files are read while the vault opens, when a
// passphrase prompt may be on the terminal): it keeps the last of them
// until attach, then hands that one and every later one to the line.
type lateProgress struct {
	mu   sync.Mutex
	line *progressLine
	// The last reading, and the last report after it, heard before
	// attach: the calls to make on the line.
	lastReading, lastReport func(*progressLine)
}

func (l *lateProgress) reading(path string, i, n int) {
	l.pass(func(p *progressLine) { p.reading(path, i, n) }, true)
}

func (l *lateProgress) report(phase string, done, total int64) {
	l.pass(func(p *progressLine) { p.report(phase, done, total) }, false)
}

// pass makes call on the line, or keeps it for attach.
func (l *lateProgress) pass(call func(*progressLine), reading bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.line != nil:
		call(l.line)
	case reading:
		l.lastReading, l.lastReport = call, nil
	default:
		l.lastReport = call
	}
}

// attach hands what was heard so far, and all that follows, to p.
func (l *lateProgress) attach(p *progressLine) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.line = p
	for _, call := range []func(*progressLine){l.lastReading, l.lastReport} {
		if call != nil {
			call(p)
		}
	}
}
