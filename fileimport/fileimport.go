// Package fileimport is the import of bank files, the one pipeline behind
// `penny import`, the first-run setup and the daemon's drop folders: each
// file is read and parsed by formats/detect, then all of them are applied by
// ingest.Apply in one transaction, which raises the alerts in that same
// transaction. Opening the vault, checking its size limit and printing stay
// with the callers.
package fileimport

import (
	"context"

	"penny/formats/detect"
	"penny/ingest"
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
	parsed := make([]*detect.Parsed, 0, len(files))
	inputs := make([]ingest.Input, 0, len(files))
	for i, f := range files {
		if opt.Reading != nil {
			opt.Reading(f.Path, i, len(files))
		}
		var p *detect.Parsed
		var err error
		if f.Raw != nil {
			p, err = detect.ParseContext(ctx, f.Path, f.Raw, opt.Detect)
		} else {
			p, err = detect.ReadContext(ctx, f.Path, opt.Detect)
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, p)
		inputs = append(inputs, ingest.Input{Name: f.Path, Format: p.Format, Source: "file", Raw: p.Raw, Statements: p.Statements})
	}
	if opt.Check != nil {
		if err := opt.Check(parsed); err != nil {
			return nil, err
		}
	}
	res, err := ingest.Apply(ctx, st, inputs, opt.Ingest)
	if err != nil {
		return nil, err
	}
	return &Result{Parsed: parsed, Result: res}, nil
}
