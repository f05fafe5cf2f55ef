// Package fileimport is the import of bank files, the one pipeline behind
// `penny import`, the first-run setup and the daemon's drop folders: each
// file is read and parsed by formats/detect, then all of them are applied by
// ingest.Apply in one transaction, which raises the alerts in that same
// transaction. Opening the vault, checking its size limit and printing stay
// with the callers.
package fileimport

import (
	"context"
	"errors"
	"fmt"

	"penny/formats/detect"
	"penny/ingest"
	"penny/merchant"
	"penny/store"
)

// File is one file to import. Raw holds its bytes when the caller has read
// them already (the daemon reads a file to hash it before it decides to
// import it); when Raw is nil the file is read from Path.
type File struct {
	Path string
	Raw  []byte
}

// Options change how files are read and applied.
type Options struct {
	// Detect says how to read the files: format, CSV rules, currency.
	Detect detect.Options
	// Ingest says how to apply them: target account, dry run, progress,
	// the time alert rules evaluate at.
	Ingest ingest.Options
	// Reading, when set, is told before each file is read (i counts from 0).
	Reading func(path string, i, n int)
	// Check, when set, sees every parsed file before anything is applied;
	// an error from it refuses the import and is returned unchanged.
	Check func(parsed []*detect.Parsed) error
	// Limit is the most the vault's database may hold, in bytes; zero means
	// the store's own page budget (store.Size), which the vault sets.
	Limit int64
}

// RowBytes is what one imported transaction adds to the vault, at most,
// counting its indexes and the raw statement it came from.
const RowBytes = 1024

// FullError is an import refused because the vault would pass its size
// limit: the database's size now plus the files' raw bytes plus RowBytes a
// transaction. It is said before anything is inserted: while the files are
// read (Partial: from their sizes and the rows counted so far, so that a
// file far too large is never held whole in memory), and again once they
// are parsed.
type FullError struct {
	Limit, Used, Add int64 // bytes
	Partial          bool
}

func (e *FullError) Error() string {
	more := ""
	if e.Partial {
		more = "more than "
	}
	return fmt.Sprintf("the vault would exceed %d MiB, the most Penny keeps in one vault (it holds %.1f MiB, and these files add up to %s%.1f MiB); "+
		"import fewer or smaller files", e.Limit>>20, float64(e.Used)/(1<<20), more, float64(e.Add)/(1<<20))
}

func (e *FullError) Unwrap() error { return store.ErrFull }

// roomIn is the check of FullError for an import into st, up to limit (zero:
// the store's page budget): it refuses rows and bytes that would not fit.
func roomIn(ctx context.Context, st *store.Store, limit int64) (func(rows, bytes int64, partial bool) error, error) {
	used, budget, err := st.Size(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = budget
	}
	return func(rows, bytes int64, partial bool) error {
		if add := bytes + rows*RowBytes; used+add > limit {
			return &FullError{Limit: limit, Used: used, Add: add, Partial: partial}
		}
		return nil
	}, nil
}

// Budget is the check Run makes while a file is read, for a caller that
// reads a file itself before it imports it (detect.ReadHeadFirst's
// budget): a *FullError for a file that would not fit in st's vault now.
func Budget(ctx context.Context, st *store.Store) (func(rows, bytes int64) error, error) {
	room, err := roomIn(ctx, st, 0)
	if err != nil {
		return nil, err
	}
	return func(rows, bytes int64) error { return room(rows, bytes, true) }, nil
}

// Result is what an import read and what it changed.
type Result struct {
	// Parsed are the files as read, in the order given.
	Parsed []*detect.Parsed
	*ingest.Result
}

// NewTransactions counts the transactions the import added, over all
// accounts.
func (r *Result) NewTransactions() int {
	n := 0
	for _, a := range r.Accounts {
		n += a.New
	}
	return n
}

// Run reads every file, then applies them all together or not at all. A
// file that cannot be read stops the import before anything is written; its
// error names the file. Reading, parsing and applying stop soon after ctx
// is cancelled, and then nothing is written; progress is reported through
// the ctx's reporter (internal/progress).
func Run(ctx context.Context, st *store.Store, files []File, opt Options) (*Result, error) {
	room, err := roomIn(ctx, st, opt.Limit)
	if err != nil {
		return nil, err
	}
	read, err := readFiles(ctx, files, opt, room)
	if err != nil {
		return nil, err
	}
	return read.apply(ctx, st, opt, room)
}

// Read reads every file before the vault they go into is open, so that the
// parse and the open (most of it waiting for the keyring) go on together:
// Run is then ReadFiles's Run once the vault is open. opt.Limit bounds the
// files on their own; how much the vault holds already is told in Run,
// which refuses files too large for it then, with its figures. An error
// is a file that cannot be read or parsed, or ctx's.
func Read(ctx context.Context, files []File, opt Options) (*ReadFiles, error) {
	over := false
	room := func(rows, bytes int64, partial bool) error {
		if opt.Limit > 0 && bytes+rows*RowBytes > opt.Limit {
			// Refused again in Run, which knows what the vault holds.
			over = true
			return errOver
		}
		return nil
	}
	read, err := readFiles(ctx, files, opt, room)
	if over {
		read.over = true
		return read, nil
	}
	if err != nil {
		return nil, err
	}
	return read, nil
}

var errOver = errors.New("the files alone are larger than the vault may be")

// ReadFiles are files read and parsed, not applied yet.
type ReadFiles struct {
	parsed      []*detect.Parsed
	inputs      []ingest.Input
	rows, bytes int64
	// over: the read stopped as the files passed the vault's limit on
	// their own, after rows and bytes.
	over bool
}

// readFiles reads and parses files through room, which refuses files that
// would not fit (partial: while they are read).
func readFiles(ctx context.Context, files []File, opt Options, room func(rows, bytes int64, partial bool) error) (*ReadFiles, error) {
	// The merchant table (7 ms) is built on another core while the files
	// are parsed on this one.
	go merchant.Prepare()
	r := &ReadFiles{parsed: make([]*detect.Parsed, 0, len(files)), inputs: make([]ingest.Input, 0, len(files))}
	for i, f := range files {
		if opt.Reading != nil {
			opt.Reading(f.Path, i, len(files))
		}
		dopt := opt.Detect
		dopt.Budget = func(rows, bytes int64) error {
			err := room(r.rows+rows, r.bytes+bytes, true)
			if err != nil {
				r.rows, r.bytes = r.rows+rows, r.bytes+bytes
			}
			return err
		}
		var p *detect.Parsed
		var err error
		if f.Raw != nil {
			p, err = detect.ParseContext(ctx, f.Path, f.Raw, dopt)
		} else {
			p, err = detect.ReadContext(ctx, f.Path, dopt)
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return r, err
		}
		r.parsed = append(r.parsed, p)
		r.inputs = append(r.inputs, ingest.Input{Name: f.Path, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements})
		r.bytes += int64(len(p.Raw))
		for _, s := range p.Statements {
			r.rows += int64(len(s.Transactions))
		}
	}
	return r, nil
}

// Run applies the files read to st, all together or not at all, once they
// are known to fit in its vault.
func (r *ReadFiles) Run(ctx context.Context, st *store.Store, opt Options) (*Result, error) {
	room, err := roomIn(ctx, st, opt.Limit)
	if err != nil {
		return nil, err
	}
	return r.apply(ctx, st, opt, room)
}

// apply is Run with st's room.
func (r *ReadFiles) apply(ctx context.Context, st *store.Store, opt Options, room func(rows, bytes int64, partial bool) error) (*Result, error) {
	if err := room(r.rows, r.bytes, r.over); err != nil {
		return nil, err
	}
	if r.over {
		return nil, fmt.Errorf("fileimport: files over the limit passed its check")
	}
	if opt.Check != nil {
		if err := opt.Check(r.parsed); err != nil {
			return nil, err
		}
	}
	res, err := ingest.Apply(ctx, st, r.inputs, opt.Ingest)
	if err != nil {
		return nil, err
	}
	return &Result{Parsed: r.parsed, Result: res}, nil
}
