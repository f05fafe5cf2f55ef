// Package daemon is Penny's background work for one data folder: it looks
// in drop folders for bank files, imports each new one once (through
// fileimport, the pipeline `penny import` runs), and delivers the alerts
// that raised, and any others not delivered yet, as notifications.
//
// The work is done in rounds (Daemon.Round), each returning a Report of what
// it did. `penny daemon` runs rounds on its own, holding the folder's daemon
// lock (Acquire) so that one daemon runs per folder; the chat can run the
// same rounds while no daemon runs (RunWhileNoDaemon). What depends on the
// process is given to the Daemon: how to open the vault, the notification
// senders, the clock. So the package knows nothing of package main, and its
// tests drive rounds directly with a clock of their own.
package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"penny/fileimport"
	"penny/formats/detect"
	"penny/ingest"
	"penny/notify"
	"penny/sanitize"
	"penny/store"
	"penny/store/vault"
)

// SeenKey is the store setting where the daemon remembers, inside the vault,
// which files it has taken or refused (by the SHA-256 of their content), so
// each file is imported once and a bad one is not retried in a loop.
const SeenKey = "daemon.seen"

// DefaultSettle is how long a file must have gone untouched to be taken in
// the first round that sees it. A younger file is taken once its size and
// modification time held from one round to the next.
const DefaultSettle = 2 * time.Second

// Session is the vault opened for one round: the store on it, and how to let
// it go.
type Session interface {
	Store() *store.Store
	Close() error
}

// Daemon does the rounds. Set its fields before the first round and leave
// them; one round runs at a time.
type Daemon struct {
	// Watch lists the drop folders.
	Watch []string
	// Open (required) opens the vault; each round opens it once and closes
	// it at its end. It must never ask for a passphrase. An error that is
	// vault.ErrInUse makes the round skip, to be tried again.
	Open func(ctx context.Context) (Session, error)
	// Senders deliver notifications. With none, rounds import and raise
	// alerts and deliver nothing.
	Senders []notify.Sender
	// Quiet, when set, holds notifications in its hours; when nil, the
	// quiet hours stored in the vault (notify.QuietHoursKey, set from the
	// chat) apply, read each round so a change needs no restart.
	Quiet *notify.Quiet
	// Details shows amounts and merchants in notifications; when false, the
	// vault's notify.DetailsKey decides.
	Details bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Settle is the age of an untouched file that is taken at once; zero
	// means DefaultSettle.
	Settle time.Duration
	// Logf, when set, is told in a line what each round did, as it goes.
	Logf func(format string, args ...any)
	// Sync, when set, fetches from the live sources, every SyncEvery
	// (zero means DefaultSyncEvery) by the sources' last sync times.
	Sync      SyncFunc
	SyncEvery time.Duration

	// lastSync is when this process last ran Sync.
	lastSync time.Time

	// files holds each candidate's size and modification time as the last
	// round saw them: a file is taken once they held still, so a download
	// still being written is not imported half.
	files map[string]fileState
	// irregular holds the paths already reported as not regular files or
	// unreadable, so that is said once, not every round.
	irregular map[string]bool
	// held is what the last round said quiet hours held, so the line is not
	// repeated every round of the night.
	held heldState
}

type fileState struct {
	size  int64
	mtime time.Time
}

type heldState struct {
	alerts int
	until  time.Time
}

type seenFile struct {
	Path  string `json:"path"`
	Error string `json:"error,omitempty"`
	At    string `json:"at"`
}

// Outcome is what a round did with a file.
type Outcome int

const (
	// Imported: the file was new and applied.
	Imported Outcome = iota + 1
	// Refused: the file could not be read or applied; it is not retried
	// until its content changes.
	Refused
	// Waiting: the file changed since the last round, or is too young to
	// tell; a later round takes it.
	Waiting
	// NotRegular: a FIFO, a device or a socket, never opened. Reported in
	// the first round that sees it only.
	NotRegular
	// Postponed: another Penny held the vault when the file was to be
	// applied; the next round tries again.
	Postponed
)

func (o Outcome) String() string {
	switch o {
	case Imported:
		return "imported"
	case Refused:
		return "refused"
	case Waiting:
		return "waiting"
	case NotRegular:
		return "not a regular file"
	case Postponed:
		return "postponed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// File is what a round did with one file of a drop folder. Files the round
// had taken before, and files that are no bank files, are not reported.
type File struct {
	Path    string
	Outcome Outcome
	// New and Alerts count the transactions added and the alerts raised
	// (Imported).
	New, Alerts int
	// Err says why the file was refused or postponed.
	Err error
}

// Report says what a round did.
type Report struct {
	// At is when the round started, by the Daemon's clock.
	At time.Time
	// LeftToDaemon: a `penny daemon` (DaemonPID, 0 when it could not be
	// read) runs for the folder, so RoundIfNoDaemon left the round to it
	// and did nothing.
	LeftToDaemon bool
	DaemonPID    int
	// NotOpened is why the vault could not be opened; the round did nothing
	// else. See InUse.
	NotOpened error
	// Files are the drop folders' files the round did something with, in
	// path order.
	Files []File
	// Alerts counts the alerts the round's imports and syncs raised.
	Alerts int
	// Synced is what the live sources did, when the round synced them.
	Synced []Synced
	// Sent notifications, for Delivered alerts.
	Sent, Delivered int
	// Held counts the alerts whose notifications quiet hours hold, until
	// HeldUntil.
	Held      int
	HeldUntil time.Time
	// Errors are what went wrong outside any one file: a drop folder that
	// cannot be read, the record of files seen, a delivery, a sender. Each
	// says where.
	Errors []error
}

// InUse reports whether the round was skipped because another Penny held
// the vault.
func (r Report) InUse() bool { return errors.Is(r.NotOpened, vault.ErrInUse) }

// WriteErr is why the round could not write, or nil: the vault could not
// be opened, or a file was postponed because another Penny's write did not
// end in time or the data folder cannot be written. `penny daemon --once`
// exits with it.
func (r Report) WriteErr() error {
	if r.NotOpened != nil {
		return r.NotOpened
	}
	for _, f := range r.Files {
		if f.Outcome == Postponed && f.Err != nil {
			return f.Err
		}
	}
	return nil
}

// Count is how many files had outcome o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, f := range r.Files {
		if f.Outcome == o {
			n++
		}
	}
	return n
}

func (d *Daemon) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Daemon) logf(format string, args ...any) {
	if d.Logf != nil {
		d.Logf(format, args...)
	}
}

// fail records err in the report and logs it.
func (d *Daemon) fail(rep *Report, err error) {
	rep.Errors = append(rep.Errors, err)
	d.logf("%v", err)
}

// Run does a round, then another each time every has passed since the last
// one ended, until ctx ends.
func (d *Daemon) Run(ctx context.Context, every time.Duration) {
	for {
		d.Round(ctx)
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Round opens the vault, imports the new files of the drop folders, delivers
// the alerts not delivered yet, and closes the vault. What fails is reported
// (and logged), never returned: the next round tries again.
func (d *Daemon) Round(ctx context.Context) Report {
	rep := Report{At: d.now()}
	s, err := d.Open(ctx)
	if err != nil {
		rep.NotOpened = err
		if rep.InUse() {
			d.logf("skipped this round: %v", err)
		} else {
			d.logf("cannot open the vault: %v", err)
		}
		return rep
	}
	defer s.Close()
	st := s.Store()
	d.importNew(ctx, st, &rep)
	if d.Sync != nil && ctx.Err() == nil {
		d.syncSources(ctx, st, &rep)
	}
	if len(d.Senders) > 0 && ctx.Err() == nil {
		d.deliver(ctx, st, &rep)
	}
	return rep
}

// candidates lists the drop folders' files, leaving out folders, hidden
// files and names of downloads still being written.
func (d *Daemon) candidates(rep *Report) []string {
	var out []string
	for _, dir := range d.Watch {
		entries, err := os.ReadDir(dir)
		if err != nil {
			d.fail(rep, fmt.Errorf("watch %s: %w", dir, err))
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || partial(name) {
				continue
			}
			out = append(out, filepath.Join(dir, name))
		}
	}
	sort.Strings(out)
	return out
}

func (d *Daemon) importNew(ctx context.Context, st *store.Store, rep *Report) {
	if len(d.Watch) == 0 {
		// No drop folders (a chat whose config names none): nothing to
		// look at, not even the record of files taken.
		return
	}
	// A first look at the record, on what others saved: files taken
	// before are passed over without reading more than their head. The
	// import itself checks again under the write lock.
	if _, err := st.Refresh(ctx); err != nil {
		d.fail(rep, fmt.Errorf("import: %w", err))
		return
	}
	seen, err := readSeen(ctx, st)
	if err != nil {
		d.fail(rep, fmt.Errorf("import: %w", err))
		return
	}
	if d.irregular == nil {
		d.irregular = map[string]bool{}
	}
	settle := d.Settle
	if settle <= 0 {
		settle = DefaultSettle
	}
	candidates := d.candidates(rep)
	files := make(map[string]fileState, len(candidates))
	irregular := map[string]bool{}
	for _, path := range candidates {
		if ctx.Err() != nil {
			// Stopping: a file cut short is neither taken nor refused.
			break
		}
		info, err := os.Stat(path)
		if err != nil {
			continue
		}
		if !info.Mode().IsRegular() {
			// A FIFO, a device or a socket is never opened: reading one
			// could block the round forever while it holds the vault.
			irregular[path] = true
			if !d.irregular[path] {
				rep.Files = append(rep.Files, File{Path: path, Outcome: NotRegular})
				d.logf("skipped %s: not a regular file", sanitize.Line(path))
			}
			continue
		}
		if info.Size() == 0 || info.Size() > detect.MaxSize {
			continue
		}
		// A file still being written is left for a later round: it is taken
		// when its size and time held since the last round, or when it has
		// not been touched for the settle time.
		cur := fileState{size: info.Size(), mtime: info.ModTime()}
		prev, ok := d.files[path]
		files[path] = cur
		still := ok && prev.size == cur.size && prev.mtime.Equal(cur.mtime)
		if !still && d.now().Sub(cur.mtime) < settle {
			rep.Files = append(rep.Files, File{Path: path, Outcome: Waiting})
			continue
		}
		// Only the first bytes of a file are read to tell whether it is a
		// bank file: a photo in Downloads is none of Penny's business.
		// A file too large for the vault is refused as it is read, not
		// held whole first (the import checks again under the lock).
		budget, err := fileimport.Budget(ctx, st)
		if err != nil {
			d.fail(rep, fmt.Errorf("import: %w", err))
			return
		}
		raw, err := detect.ReadHeadFirst(path, func(head []byte) bool { return detect.Detect(filepath.Base(path), head) != "" }, budget)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			// A file read no further (a field no bank file has, too large
			// for the vault) is said once, like one that is not regular,
			// until it reads.
			irregular[path] = true
			if !d.irregular[path] {
				rep.Files = append(rep.Files, File{Path: path, Outcome: Refused, Err: err})
				d.logf("refused %s: %s", sanitize.Line(path), sanitize.Line(err.Error()))
			}
			continue
		}
		if raw == nil {
			continue // no bank file, or gone
		}
		sum := sha256.Sum256(raw)
		key := hex.EncodeToString(sum[:])
		if _, ok := seen[key]; ok {
			continue
		}
		now := d.now()
		rec := seenFile{Path: path, At: now.UTC().Format(time.RFC3339)}
		// The import and its record in daemon.seen are one write, made on
		// the newest generation: a chat running rounds and a daemon that
		// started meanwhile never both take the file.
		var res *fileimport.Result
		taken := false
		err = st.WithTx(ctx, func(tx *store.Store) error {
			cur, err := readSeen(ctx, tx)
			if err != nil {
				return err
			}
			if _, ok := cur[key]; ok {
				taken = true
				return nil
			}
			if res, err = fileimport.Run(ctx, tx, []fileimport.File{{Path: path, Raw: raw}}, fileimport.Options{Ingest: ingest.Options{Now: now}}); err != nil {
				return err
			}
			cur[key] = rec
			return writeSeen(ctx, tx, cur)
		})
		switch {
		case taken:
			continue
		case err != nil && postpone(ctx, err):
			// Nothing is wrong with the file: it is tried again.
			rep.Files = append(rep.Files, File{Path: path, Outcome: Postponed, Err: err})
			d.logf("left %s for the next round: %v", sanitize.Line(path), err)
			continue
		case err != nil:
			rep.Files = append(rep.Files, File{Path: path, Outcome: Refused, Err: err})
			d.logf("refused %s (not retried until it changes): %s", sanitize.Line(path), sanitize.Line(err.Error()))
			// The refusal is recorded on its own, after the import rolled
			// back: nothing of the file is kept but the note.
			rec.Error = err.Error()
			rerr := st.WithTx(context.WithoutCancel(ctx), func(tx *store.Store) error {
				cur, err := readSeen(ctx, tx)
				if err != nil {
					return err
				}
				cur[key] = rec
				return writeSeen(ctx, tx, cur)
			})
			if rerr != nil {
				d.fail(rep, fmt.Errorf("import: %w", rerr))
			}
		default:
			f := File{Path: path, Outcome: Imported, New: res.NewTransactions(), Alerts: len(res.Alerts)}
			rep.Files = append(rep.Files, f)
			rep.Alerts += f.Alerts
			d.logf("imported %s: %d new transaction(s), %d alert(s)", sanitize.Line(path), f.New, f.Alerts)
		}
		seen[key] = rec
	}
	// Paths gone from the folders are forgotten.
	d.files, d.irregular = files, irregular
}

// readSeen is the record of files taken, as the store holds it now.
func readSeen(ctx context.Context, st *store.Store) (map[string]seenFile, error) {
	seen := map[string]seenFile{}
	raw, err := st.SettingOr(ctx, SeenKey, "{}")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(raw), &seen); err != nil {
		seen = map[string]seenFile{}
	}
	return seen, nil
}

func writeSeen(ctx context.Context, st *store.Store, seen map[string]seenFile) error {
	b, err := json.Marshal(seen)
	if err != nil {
		return err
	}
	return st.SetSetting(ctx, SeenKey, string(b))
}

// postpone reports whether an import failed for a reason outside the file:
// another Penny's write, a folder that cannot be written, or the daemon
// stopping. Such a file is tried again, never refused.
func postpone(ctx context.Context, err error) bool {
	return errors.Is(err, vault.ErrInUse) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || ctx.Err() != nil
}

func (d *Daemon) deliver(ctx context.Context, st *store.Store, rep *Report) {
	quiet, policy := d.Quiet, notify.Policy{Details: d.Details}
	// Without a flag or a config value, what the user set in the chat
	// ("quiet hours 22:00-07:00", "show details in notifications") applies.
	if quiet == nil {
		if v, _ := notify.StoredQuietHours(ctx, st); v != "" {
			if q, err := notify.ParseQuiet(v); err == nil {
				quiet = &q
			}
		}
	}
	if !d.Details {
		if on, _ := notify.StoredDetails(ctx, st); on {
			policy.Details = true
		}
	}
	dl := &notify.Deliverer{Store: st, Senders: d.Senders, Policy: policy, Quiet: quiet, Now: d.now}
	nr, err := dl.Deliver(ctx)
	rep.Sent, rep.Delivered = nr.Notifications, nr.Alerts
	if nr.Held {
		rep.Held, rep.HeldUntil = nr.Waiting, nr.Until
	}
	switch {
	case err != nil:
		d.fail(rep, fmt.Errorf("notifications: %w", err))
	case rep.Held > 0:
		h := heldState{alerts: rep.Held, until: rep.HeldUntil}
		if h.alerts != d.held.alerts || !h.until.Equal(d.held.until) {
			d.logf("quiet hours: holding notifications until %s", rep.HeldUntil.Format("15:04"))
		}
		d.held = h
	case rep.Sent > 0:
		d.logf("sent %d notification(s) for %d alert(s)", rep.Sent, rep.Delivered)
	}
	if rep.Held == 0 {
		d.held = heldState{}
	}
	for _, e := range nr.Failed {
		d.fail(rep, fmt.Errorf("a notification sender failed: %w", e))
	}
}

// partial reports names browsers and tools give files still being written.
func partial(name string) bool {
	for _, suf := range []string{".crdownload", ".part", ".partial", ".download", ".tmp", "~"} {
		if strings.HasSuffix(strings.ToLower(name), suf) {
			return true
		}
	}
	return false
}
