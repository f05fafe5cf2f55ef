//go:build linux

// Command bench times Penny as a person runs it: whole processes of the
// penny binary on generated histories, each command several times, and
// prints the medians in a table beside ledger and hledger where they are
// installed. scripts/bench builds the binary, starts a Secret Service when
// it can and runs this; see README.md ("Performance").
//
// Everything it makes lives under -dir: the demo histories as OFX files, a
// vault per size imported from them with `penny import`, their ledger
// export, a 140-row statement of new rows imported into a copy of each
// vault, and a 20k-row bank CSV with its hledger rules file. Nothing is
// timed inside Penny's own code: a run is a fresh process, from exec to
// exit (output thrown away), or for the chat's first screen, from exec to
// the write that lists the accounts on a pseudo-terminal.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"penny/demo"
)

// benchPass is the passphrase of the bench's vaults. It only guards
// generated data.
const benchPass = "penny bench passphrase"

type options struct {
	penny string
	// against, when set, is a second build timed in turns with penny on
	// the same vaults (ABBA: the order flips every round), for a before
	// and after that the machine's drift does not tell apart.
	against  string
	dir      string
	sizes    []int
	runs     int
	peerRuns int
	csvRows  int
	// bigCSVRows is the size of a second CSV, imported without rules.
	bigCSVRows int
	keyring    bool
	peers      bool
}

// againstColumn: the table has a column for -against (set once, in main).
var againstColumn bool

// row is one line of the table: a piece of work at one size, its medians
// for Penny and the peers (zero when not measured), and Penny's peak memory.
type row struct {
	work          string
	size          string
	penny         time.Duration
	against       time.Duration // -against's median, in turns with penny
	rss           int64         // KiB, median of the runs' peaks
	ledger        time.Duration
	hledger       time.Duration
	note          string
	pennyN, peerN int
}

func main() {
	var opt options
	var sizes string
	flag.StringVar(&opt.penny, "penny", "", "the penny binary to time (a normal build)")
	flag.StringVar(&opt.against, "against", "", "a second penny binary timed in turns with -penny on the same vaults (optional)")
	flag.StringVar(&opt.dir, "dir", "", "work folder (histories, vaults, journals)")
	flag.StringVar(&sizes, "sizes", "100000,1000000", "history sizes, in transactions, comma-separated")
	flag.IntVar(&opt.runs, "runs", 7, "runs of each Penny command; the median is printed")
	flag.IntVar(&opt.peerRuns, "peer-runs", 0, "runs of each ledger and hledger command (default: -runs, at most 3 from 1M rows up)")
	flag.IntVar(&opt.csvRows, "csv-rows", 20000, "rows of the bank CSV imported with and without rules (0: none)")
	flag.IntVar(&opt.bigCSVRows, "big-csv-rows", 100000, "rows of a second bank CSV imported without rules (0: none)")
	flag.BoolVar(&opt.keyring, "keyring", false, "vaults open with the OS keyring (a Secret Service is reachable)")
	flag.BoolVar(&opt.peers, "peers", true, "also time ledger and hledger where installed")
	gen := flag.String("generate", "", "internal: write the files of one history (ofx:N or csv:N) into -dir and exit")
	flag.Parse()
	if *gen != "" {
		if err := generate(*gen, opt.dir); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if opt.penny == "" || opt.dir == "" {
		fmt.Fprintln(os.Stderr, "bench: -penny and -dir are needed")
		os.Exit(2)
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench: bad size %q\n", s)
			os.Exit(2)
		}
		opt.sizes = append(opt.sizes, n)
	}
	againstColumn = opt.against != ""
	if err := run(opt); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(opt options) error {
	ledger, hledger := "", ""
	if opt.peers {
		ledger, _ = exec.LookPath("ledger")
		hledger, _ = exec.LookPath("hledger")
	}
	unlock := "OS keyring (Secret Service)"
	if !opt.keyring {
		unlock = "passphrase (Argon2id m=64 MiB, t=3, p=2)"
	}
	logf("%s; vaults unlock with the %s; %d runs each", version(opt.penny), unlock, opt.runs)
	// Other work on the machine slows every figure: say how busy it was.
	logf("load average at the start: %s", loadavg())
	defer func() { logf("load average at the end: %s", loadavg()) }()
	if ledger != "" {
		logf("peer: %s", version(ledger))
	}
	if hledger != "" {
		logf("peer: %s", version(hledger))
	}
	var rows []row
	for _, n := range opt.sizes {
		r, err := sizeRows(opt, n, ledger, hledger)
		rows = append(rows, r...)
		if err != nil {
			printTable(rows, opt)
			return err
		}
	}
	if opt.csvRows > 0 {
		r, err := csvRows(opt, ledger, hledger)
		rows = append(rows, r...)
		if err != nil {
			printTable(rows, opt)
			return err
		}
	}
	printTable(rows, opt)
	return nil
}

// base is the environment of every Penny run: the bench's own, which
// scripts/bench set up (HOME, XDG folders, the session bus), plus extra.
func base(extra ...string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PENNY_")
	})
	return append(env, extra...)
}

// noKeyring is the environment with no reachable Secret Service: no
// session bus address and a runtime folder without a bus socket, so Penny
// unlocks with the passphrase.
func noKeyring(dir string, extra ...string) []string {
	env := slices.DeleteFunc(base(extra...), func(kv string) bool {
		return strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") || strings.HasPrefix(kv, "XDG_RUNTIME_DIR=")
	})
	rt := filepath.Join(dir, "no-bus")
	_ = os.MkdirAll(rt, 0o700)
	return append(env, "XDG_RUNTIME_DIR="+rt)
}

func sizeRows(opt options, n int, ledger, hledger string) ([]row, error) {
	label := sizeLabel(n)
	dir := filepath.Join(opt.dir, label)
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	logf("%s: generating %d transactions", label, n)
	if err := generateApart(dir, fmt.Sprintf("ofx:%d", n)); err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.ofx"))
	if err != nil {
		return nil, err
	}

	// The vault has a passphrase slot always (for the passphrase rows
	// below) and a keyring slot when a Secret Service runs.
	vaultEnv := base("PENNY_DATA_DIR="+data, "PENNY_PASSPHRASE="+benchPass)
	initArgs := []string{"init"}
	if !opt.keyring {
		initArgs = append(initArgs, "--no-keyring")
	}
	_ = os.RemoveAll(data)
	if _, err := pennyRun(opt.penny, vaultEnv, initArgs...); err != nil {
		return nil, err
	}
	// One file per import, the largest first: Penny refuses an import that
	// could take the vault past its size limit, counting 1 KiB a row, and
	// the six files of a 1M history at once would.
	slices.SortFunc(files, func(a, b string) int { return cmpSize(b, a) })
	var rows []row
	logf("%s: penny import of %d OFX files, one at a time", label, len(files))
	var imp sample
	for _, f := range files {
		s, err := pennyRun(opt.penny, vaultEnv, "import", f)
		if err != nil {
			return nil, err
		}
		imp.wall += s.wall
		imp.rss = max(imp.rss, s.rss)
	}
	if st, err := os.Stat(filepath.Join(data, "vault.penny")); err == nil {
		logf("%s: the vault file is %d MiB", label, st.Size()>>20)
	}
	rows = done(rows, row{work: "`penny import` of the whole history (6 OFX files, one import each; total)", size: label, penny: imp.wall, rss: imp.rss, pennyN: 1})
	journal := filepath.Join(dir, "journal.ledger")
	if _, err = pennyRun(opt.penny, vaultEnv, "export", "--format", "ledger", "--out", journal); err != nil {
		return nil, err
	}

	// Timed runs unlock as the machine allows: the keyring when it runs,
	// else the passphrase from the environment.
	runEnv := base("PENNY_DATA_DIR=" + data)
	if !opt.keyring {
		runEnv = vaultEnv
	}
	peerRuns := opt.peerRuns
	if peerRuns <= 0 {
		peerRuns = opt.runs
		if n >= 1_000_000 {
			peerRuns = min(peerRuns, 3)
		}
	}
	type work struct {
		name            string
		args            []string
		ledger, hledger []string
	}
	yearAgo := time.Now().AddDate(-1, 0, 1).Format("2006-01-02")
	works := []work{
		{"`penny balance`", []string{"balance"},
			[]string{"balance"}, []string{"balance"}},
		{"`penny ask \"balance\"`", []string{"ask", "balance"},
			[]string{"balance"}, []string{"balance"}},
		{"`penny ask \"spending by category last month\"`", []string{"ask", "spending by category last month"},
			[]string{"balance", "^Expenses", "-p", "last month"}, []string{"balance", "^Expenses", "-p", "lastmonth"}},
		// "Amazon" alone gets a question back (Amazon, Amazon Prime or
		// Amazon Web Services?), which is no measure of an answer; Safeway
		// is the demo's second most visited shop. Penny answers for the
		// past 12 months; so do the peers.
		{"`penny ask \"how much at Safeway\"`", []string{"ask", "how much at Safeway"},
			[]string{"balance", "^Expenses", "and", "@safeway", "-b", yearAgo}, []string{"balance", "^Expenses", "desc:safeway", "-b", yearAgo}},
	}
	for _, w := range works {
		logf("%s: %s", label, w.name)
		r := row{work: w.name, size: label, pennyN: opt.runs}
		if err := timePenny(opt, &r, func(bin string) (sample, error) { return pennyRun(bin, runEnv, w.args...) }); err != nil {
			return rows, err
		}
		if ledger != "" {
			r.peerN = peerRuns
			if r.ledger, _, err = median(peerRuns, func() (sample, error) { return peerRun(ledger, append([]string{"-f", journal}, w.ledger...)) }); err != nil {
				return rows, err
			}
		}
		if hledger != "" {
			r.peerN = peerRuns
			if r.hledger, _, err = median(peerRuns, func() (sample, error) { return peerRun(hledger, append([]string{"-f", journal}, w.hledger...)) }); err != nil {
				return rows, err
			}
		}
		rows = done(rows, r)
	}

	// A month's download of one account into the long history: what an
	// import costs once the vault is large. Each run imports into a fresh
	// copy of the vault, made before the clock starts.
	newRows := filepath.Join(dir, "new-140.ofx")
	if err := writeNewRows(newRows, 140); err != nil {
		return rows, err
	}
	logf("%s: penny import of a 140-row OFX", label)
	scratch := filepath.Join(dir, "scratch")
	r := row{work: "`penny import` of a 140-row OFX of new rows (a fresh copy of the vault each run)", size: label, pennyN: opt.runs}
	if err := timePenny(opt, &r, func(bin string) (sample, error) {
		_ = os.RemoveAll(scratch)
		// The previous generation too, as a vault in use has it: a save
		// with no vault.penny.prev beside the vault writes a whole new file.
		for _, name := range []string{"vault.penny.prev", "vault.penny"} {
			if err := copyFile(filepath.Join(data, name), filepath.Join(scratch, name)); err != nil {
				return sample{}, err
			}
		}
		env := base("PENNY_DATA_DIR=" + scratch)
		if !opt.keyring {
			env = append(env, "PENNY_PASSPHRASE="+benchPass)
		}
		return pennyRun(bin, env, "import", newRows)
	}); err != nil {
		return rows, err
	}
	_ = os.RemoveAll(scratch)
	rows = done(rows, r)

	// The chat's first screen: from starting penny on a terminal to its
	// output listing the accounts in the sidebar.
	logf("%s: the chat's first screen", label)
	r = row{work: "first screen of the chat: `penny` on a terminal until the sidebar lists the accounts", size: label, pennyN: opt.runs}
	if err := timePenny(opt, &r, func(bin string) (sample, error) {
		return firstScreen(runEnv, "First Example Bank", bin)
	}); err != nil {
		return rows, err
	}
	rows = done(rows, r)

	// The passphrase path: Argon2id in every process, then once for the
	// session with penny unlock.
	passEnv := noKeyring(dir, "PENNY_DATA_DIR="+data, "PENNY_PASSPHRASE="+benchPass)
	logf("%s: penny balance with the passphrase, and after penny unlock", label)
	r = row{work: "`penny balance`, passphrase in every process", size: label, pennyN: opt.runs}
	if err := timePenny(opt, &r, func(bin string) (sample, error) { return pennyRun(bin, passEnv, "balance") }); err != nil {
		return rows, err
	}
	rows = done(rows, r)
	if _, err := pennyRun(opt.penny, passEnv, "unlock", "--for", "10m"); err != nil {
		rows = done(rows, row{work: "`penny balance` after `penny unlock`", size: label, note: "no kernel session keyring here"})
	} else {
		unlocked := noKeyring(dir, "PENNY_DATA_DIR="+data)
		r := row{work: "`penny balance` after `penny unlock`", size: label, pennyN: opt.runs}
		err := timePenny(opt, &r, func(bin string) (sample, error) { return pennyRun(bin, unlocked, "balance") })
		_, lerr := pennyRun(opt.penny, unlocked, "lock")
		if err = errors.Join(err, lerr); err != nil {
			return rows, err
		}
		rows = done(rows, r)
	}
	return rows, nil
}

// csvRows times the import of a bank CSV into an empty vault, with the
// demo's hledger rules file and without, each run on a fresh copy of the
// same empty vault.
func csvRows(opt options, ledger, hledger string) ([]row, error) {
	label := sizeLabel(opt.csvRows)
	dir := filepath.Join(opt.dir, "csv")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := generateApart(dir, fmt.Sprintf("csv:%d", opt.csvRows)); err != nil {
		return nil, err
	}
	csvPath := filepath.Join(dir, "card.csv")
	rulesPath := filepath.Join(dir, "card.hledger-rules")
	plainRules := filepath.Join(dir, "plain.hledger-rules")
	blocks, patterns := ruleStats(rulesPath)
	logf("csv: %d rows; rules: %d if blocks, %d patterns", opt.csvRows, blocks, patterns)

	importInto, err := freshImports(opt, dir)
	if err != nil {
		return nil, err
	}
	peerRuns := opt.peerRuns
	if peerRuns <= 0 {
		peerRuns = opt.runs
	}
	var rows []row
	logf("csv: penny import with the rules file")
	r := row{work: fmt.Sprintf("`penny import` of a %s-row bank CSV with an hledger rules file (%d if blocks, %d patterns)", label, blocks, patterns),
		size: "into an empty vault", pennyN: opt.runs}
	if err := timePenny(opt, &r, importInto("--account", "Visa Signature", csvPath, "--rules", rulesPath)); err != nil {
		return rows, err
	}
	if hledger != "" {
		r.peerN = peerRuns
		if r.hledger, _, err = median(peerRuns, func() (sample, error) {
			return peerRun(hledger, []string{"-f", csvPath, "--rules-file", rulesPath, "print"})
		}); err != nil {
			return rows, err
		}
	}
	rows = done(rows, r)
	logf("csv: penny import without rules")
	r = row{work: "`penny import` of the same CSV without rules", size: "into an empty vault", pennyN: opt.runs}
	if err := timePenny(opt, &r, importInto("--account", "Visa Signature", csvPath)); err != nil {
		return rows, err
	}
	if ledger != "" {
		r.peerN = peerRuns
		if r.ledger, _, err = median(peerRuns, func() (sample, error) {
			return peerRun(ledger, []string{"-f", "/dev/null", "convert", csvPath, "--input-date-format", "%Y-%m-%d", "--account", "Liabilities:Visa"})
		}); err != nil {
			return rows, err
		}
	}
	if hledger != "" {
		r.peerN = peerRuns
		if r.hledger, _, err = median(peerRuns, func() (sample, error) {
			return peerRun(hledger, []string{"-f", csvPath, "--rules-file", plainRules, "print"})
		}); err != nil {
			return rows, err
		}
	}
	rows = done(rows, r)
	if opt.bigCSVRows > 0 {
		if err := generateApart(dir, fmt.Sprintf("csv:%d", opt.bigCSVRows)); err != nil {
			return rows, err
		}
		logf("csv: penny import of %d rows without rules", opt.bigCSVRows)
		r = row{work: fmt.Sprintf("`penny import` of a %s-row bank CSV without rules", sizeLabel(opt.bigCSVRows)), size: "into an empty vault", pennyN: opt.runs}
		if err := timePenny(opt, &r, importInto("--account", "Visa Signature", csvPath)); err != nil {
			return rows, err
		}
		rows = done(rows, r)
		// The same card's rows as an OFX statement.
		if err := generateApart(dir, fmt.Sprintf("card-ofx:%d", opt.bigCSVRows)); err != nil {
			return rows, err
		}
		logf("csv: penny import of %d rows of OFX", opt.bigCSVRows)
		r = row{work: fmt.Sprintf("`penny import` of a %s-row OFX statement of the same card", sizeLabel(opt.bigCSVRows)), size: "into an empty vault", pennyN: opt.runs}
		if err := timePenny(opt, &r, importInto("--account", "Visa Signature", filepath.Join(dir, "card.ofx"))); err != nil {
			return rows, err
		}
		rows = done(rows, r)
	}
	return rows, nil
}

// freshImports makes an empty vault and returns a function that times
// `penny import args...` into a fresh copy of it, made before the clock
// starts.
func freshImports(opt options, dir string) (func(args ...string) func(bin string) (sample, error), error) {
	template := filepath.Join(dir, "empty")
	_ = os.RemoveAll(template)
	initArgs := []string{"init"}
	if !opt.keyring {
		initArgs = append(initArgs, "--no-keyring")
	}
	if _, err := pennyRun(opt.penny, base("PENNY_DATA_DIR="+template, "PENNY_PASSPHRASE="+benchPass), initArgs...); err != nil {
		return nil, err
	}
	empty, err := os.ReadFile(filepath.Join(template, "vault.penny"))
	if err != nil {
		return nil, err
	}
	i := 0
	return func(args ...string) func(bin string) (sample, error) {
		return func(bin string) (sample, error) {
			i++
			data := filepath.Join(dir, fmt.Sprintf("run-%d", i))
			if err := os.MkdirAll(data, 0o700); err != nil {
				return sample{}, err
			}
			defer os.RemoveAll(data)
			if err := os.WriteFile(filepath.Join(data, "vault.penny"), empty, 0o600); err != nil {
				return sample{}, err
			}
			env := base("PENNY_DATA_DIR=" + data)
			if !opt.keyring {
				env = append(env, "PENNY_PASSPHRASE="+benchPass)
			}
			return pennyRun(bin, env, append([]string{"import"}, args...)...)
		}
	}, nil
}

// generateApart writes a history's files in a process of its own: the peak
// memory the kernel reports for a child includes its parent's at the fork,
// so the process that times Penny never holds a history.
func generateApart(dir, what string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-generate", what, "-dir", dir)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// generate writes, for "ofx:N", one OFX file per account of an N-row
// history; for "csv:N", the newest N rows of the demo's Visa card as a
// bank CSV (card.csv) with the demo's hledger rules file for it
// (card.hledger-rules; not card.csv.rules, which Penny would read by
// itself) and a rules file that only names the fields.
func generate(what, dir string) error {
	kind, num, _ := strings.Cut(what, ":")
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return fmt.Errorf("-generate %q: want ofx:N, csv:N or card-ofx:N", what)
	}
	switch kind {
	case "ofx":
		d := demo.Generate(demo.Options{Seed: 1, Transactions: n, End: time.Now()})
		for _, a := range d.Accounts {
			if err := writeWith(filepath.Join(dir, a.Key+".ofx"), func(w io.Writer) error { return d.WriteOFX(w, a.Key) }); err != nil {
				return err
			}
		}
		return nil
	case "csv", "card-ofx":
		const key = "demo-visa"
		// A history big enough that the card alone has the rows; the rules
		// come from all of the card's rows.
		d := demo.Generate(demo.Options{Seed: 3, Transactions: n * 3, End: time.Now()})
		var card []demo.Transaction
		for _, t := range d.Transactions {
			if t.AccountKey == key && !t.Pending {
				card = append(card, t)
			}
		}
		if len(card) < n {
			return fmt.Errorf("the card has %d rows, fewer than %d", len(card), n)
		}
		csvData := *d
		csvData.Transactions = card[len(card)-n:]
		if kind == "card-ofx" {
			return writeWith(filepath.Join(dir, "card.ofx"), func(w io.Writer) error { return csvData.WriteOFX(w, key) })
		}
		if err := writeWith(filepath.Join(dir, "card.csv"), func(w io.Writer) error { return csvData.WriteCSV(w, key) }); err != nil {
			return err
		}
		if err := writeWith(filepath.Join(dir, "card.hledger-rules"), func(w io.Writer) error { return d.WriteRules(w, key) }); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "plain.hledger-rules"),
			[]byte("skip 1\nfields date, description, amount\ndate-format %Y-%m-%d\ncurrency USD\naccount1 Liabilities:Visa\n"), 0o600)
	}
	return fmt.Errorf("-generate %q: want ofx:N, csv:N or card-ofx:N", what)
}

// sample is one timed process: its wall time and its peak resident memory.
type sample struct {
	wall time.Duration
	rss  int64 // KiB
}

func pennyRun(bin string, env []string, args ...string) (sample, error) {
	return timed(bin, env, args)
}

func peerRun(bin string, args []string) (sample, error) {
	return timed(bin, os.Environ(), args)
}

// timed runs one process to its end, output discarded, and fails on a
// non-zero exit with what it said on stderr.
func timed(bin string, env []string, args []string) (sample, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return sample{wall: wall, rss: rss}, nil
}

// median runs f n times and returns the median wall time and peak memory.
func median(n int, f func() (sample, error)) (time.Duration, int64, error) {
	var ss []sample
	for range n {
		s, err := f()
		if err != nil {
			return 0, 0, err
		}
		ss = append(ss, s)
	}
	wall, rss := medianOf(ss)
	return wall, rss, nil
}

// medianOf is the median wall time and peak memory of samples.
func medianOf(ss []sample) (time.Duration, int64) {
	walls := make([]time.Duration, len(ss))
	rss := make([]int64, len(ss))
	for i, s := range ss {
		walls[i], rss[i] = s.wall, s.rss
	}
	slices.Sort(walls)
	slices.Sort(rss)
	return walls[len(walls)/2], rss[len(rss)/2]
}

// timePenny times f(bin) opt.runs times for -penny into r, and as many
// times for -against when set, in turns: A B, B A, A B... so that neither
// build always runs right after the other's heavier work.
func timePenny(opt options, r *row, f func(bin string) (sample, error)) error {
	bins := []string{opt.penny}
	if opt.against != "" {
		bins = append(bins, opt.against)
	}
	samples := make([][]sample, len(bins))
	for i := range opt.runs {
		for j := range bins {
			b := j
			if i%2 == 1 {
				b = len(bins) - 1 - j
			}
			s, err := f(bins[b])
			if err != nil {
				return err
			}
			samples[b] = append(samples[b], s)
		}
	}
	r.penny, r.rss = medianOf(samples[0])
	if len(bins) == 2 {
		r.against, _ = medianOf(samples[1])
	}
	return nil
}

func printTable(rows []row, opt options) {
	fmt.Println()
	fmt.Printf("Medians of whole processes (%d runs of each Penny command; peers as noted).\n\n", opt.runs)
	if againstColumn {
		fmt.Printf("\"against\" is %s, timed in turns with penny (%s).\n\n", opt.against, opt.penny)
	}
	fmt.Println(markdownRow("work", "size", "penny", "against", "penny peak RSS", "ledger", "hledger"))
	fmt.Println(markdownRow("---", "---", "---:", "---:", "---:", "---:", "---:"))
	for _, r := range rows {
		fmt.Println(r.markdown())
	}
}

// done adds a measured row and logs it at once, so a long run that is
// stopped still shows what it measured.
func done(rows []row, r row) []row {
	logf("%s", r.markdown())
	return append(rows, r)
}

func (r row) markdown() string {
	if r.note != "" {
		return markdownRow(r.work, r.size, r.note, "", "", "", "")
	}
	peers := func(d time.Duration) string {
		if d == 0 {
			return ""
		}
		s := seconds(d)
		switch {
		case r.peerN == 1 && r.pennyN != 1:
			s += " (1 run)"
		case r.peerN != r.pennyN:
			s += fmt.Sprintf(" (%d runs)", r.peerN)
		}
		return s
	}
	rss := ""
	if r.rss > 0 {
		rss = fmt.Sprintf("%d MiB", r.rss>>10)
	}
	against := ""
	if r.against != 0 {
		against = seconds(r.against)
	}
	return markdownRow(r.work, r.size, seconds(r.penny), against, rss, peers(r.ledger), peers(r.hledger))
}

// markdownRow is one line of the table; the -against column is there only
// when that build is timed.
func markdownRow(work, size, penny, against, rss, ledger, hledger string) string {
	cells := []string{work, size, penny}
	if againstColumn {
		cells = append(cells, against)
	}
	cells = append(cells, rss, ledger, hledger)
	return "| " + strings.Join(cells, " | ") + " |"
}

// writeNewRows writes an OFX statement of the demo's checking account
// with n rows that no history of the bench holds (their ids are the
// bench's own), dated in the past weeks.
func writeNewRows(path string, n int) error {
	const key = "demo-checking"
	d := demo.Generate(demo.Options{Seed: 9, Transactions: 10 * n, End: time.Now()})
	var rows []demo.Transaction
	for _, t := range d.Transactions {
		if t.AccountKey == key {
			t.ExternalID = "bench-new-" + t.ExternalID
			rows = append(rows, t)
		}
	}
	if len(rows) < n {
		return fmt.Errorf("the demo made %d rows for %s, fewer than %d", len(rows), key, n)
	}
	d.Transactions = rows[len(rows)-n:]
	return writeWith(path, func(w io.Writer) error { return d.WriteOFX(w, key) })
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	// Everything on disk before the clock starts, the copy and what the
	// bench wrote before it (the ledger export, the vault itself): with
	// ext4's ordered journal, the timed import's first fsync, a delta
	// save's included, would otherwise write all of it.
	syscall.Sync()
	return nil
}

// firstScreen runs a program on a new pseudo-terminal of 120x40 and
// times from its start until its output holds want: the moment a terminal
// would draw it. Nothing answers the program's queries to the terminal,
// as in a terminal that does not know them.
func firstScreen(env []string, want string, prog ...string) (sample, error) {
	master, slave, err := openPTY(120, 40)
	if err != nil {
		return sample{}, err
	}
	defer master.Close()
	cmd := exec.Command(prog[0], prog[1:]...)
	cmd.Env = append(slices.Clone(env), "TERM=xterm-256color")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		slave.Close()
		return sample{}, err
	}
	slave.Close()
	found := make(chan time.Duration, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 64<<10)
		sent := false
		for {
			n, err := master.Read(buf)
			if n > 0 && !sent {
				seen = append(seen, buf[:n]...)
				if bytes.Contains(seen, []byte(want)) {
					found <- time.Since(start)
					sent = true
				}
			}
			if err != nil {
				return
			}
		}
	}()
	var s sample
	select {
	case d := <-found:
		s.wall = d
	case <-time.After(time.Minute):
		err = fmt.Errorf("%s did not show %q within a minute", prog[0], want)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return s, err
}

// openPTY opens a pseudo-terminal pair of the given size.
func openPTY(cols, rows uint16) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*os.File, *os.File, error) {
		master.Close()
		return nil, nil, fmt.Errorf("pseudo-terminal: %w", err)
	}
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fail(err)
	}
	n, err := unix.IoctlGetUint32(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fail(err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail(err)
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: rows, Col: cols}); err != nil {
		slave.Close()
		return fail(err)
	}
	return master, slave, nil
}

// seconds prints a duration as a person reads a timing: two significant
// figures below ten seconds.
func seconds(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 0.1:
		return fmt.Sprintf("%.3f s", s)
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.1f s", s)
}

func sizeLabel(n int) string {
	switch {
	case n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

// ruleStats counts the if blocks and the patterns of a rules file.
func ruleStats(path string) (blocks, patterns int) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.TrimSpace(line) == "if":
			blocks++
		case strings.HasPrefix(line, "%"):
			patterns++
		}
	}
	return blocks, patterns
}

// cmpSize orders files by size.
func cmpSize(a, b string) int {
	sa, _ := os.Stat(a)
	sb, _ := os.Stat(b)
	if sa == nil || sb == nil {
		return 0
	}
	return int(sa.Size() - sb.Size())
}

func writeWith(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func version(bin string) string {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return filepath.Base(bin)
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// loadavg is the 1, 5 and 15 minute load averages, where the system has
// them.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "%s bench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}
