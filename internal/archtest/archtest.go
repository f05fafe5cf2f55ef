// Package archtest checks the import rules of docs/design.md ("Import rules
// (what may import what)") on the program's import graph, as `go list
// -deps -json` reports it. Test files are not part of that graph: a test may
// compose packages that the program keeps apart.
package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
)

// Module is the module path of the packages the rules speak of.
const Module = "penny"

// Rule forbids packages matching From to depend, directly or through other
// packages of the module, on packages matching To, except those matching
// Except. A pattern is an import path, or a path ending in "/..." that
// matches the path and everything below it.
type Rule struct {
	From   []string
	To     []string
	Except []string
	Why    string
}

// Rules are the forbidden arrows of docs/design.md. Change both together.
var Rules = []Rule{
	{
		From: []string{"penny/store"},
		To: []string{"penny/ui/...", "penny/assistant/...", "penny/alerts/...", "penny/ingest/...",
			"penny/formats/...", "penny/notify/...", "penny/store/vault/..."},
		Why: "the store is the schema and its queries, nothing above it",
	},
	{
		From:   []string{"penny/store/vault/..."},
		To:     []string{"penny/..."},
		Except: []string{"penny/store/vault/...", "penny/internal/sqlitehandle"},
		Why:    "the vault seals bytes and knows no schema; package main composes it with the store",
	},
	{
		From: []string{"penny/themes/..."},
		To:   []string{"penny/ui/..."},
		Why:  "themes are tokens and styles; the UI uses them, not the other way",
	},
	{
		From: []string{"penny/statement/...", "penny/formats/..."},
		To:   []string{"penny/ingest/...", "penny/store/...", "penny/alerts/...", "penny/assistant/..."},
		Why:  "a parser turns bytes into statements and links nothing of the engine",
	},
	{
		From: []string{"penny/assistant/plain/..."},
		To:   []string{"penny/ui/..."},
		Why:  "the chat draws replies with the plain renderer's measures, not the other way",
	},
	{
		From: []string{"penny/assistant/...", "penny/ui/..."},
		To:   []string{"penny/notify/desktop/..."},
		Why:  "the chat never sends a desktop notification itself",
	},
	{
		From: []string{"penny/daemon/..."},
		To:   []string{"penny/notify/desktop/...", "penny/ui/..."},
		Why:  "the daemon is given its senders (package main links the D-Bus one), and the chat uses the daemon, not the other way",
	},
	{
		From: []string{"penny/recurring/..."},
		To:   []string{"penny/..."},
		Except: []string{"penny/recurring/...", "penny/store", "penny/money/...", "penny/merchant/...", "penny/category/...",
			"penny/internal/sqlitehandle"},
		Why: "what repeats is decided on the store's rows alone, so that the alerts and the assistant can both use it",
	},
	{
		From: []string{"penny/internal/jsonout/..."},
		To:   []string{"penny/..."},
		Except: []string{"penny/internal/jsonout/...", "penny/store", "penny/money/...", "penny/merchant/...",
			"penny/category/...", "penny/sanitize/...", "penny/internal/sqlitehandle"},
		Why: "the --json contract describes data; it links the store's types and the leaves, nothing that computes",
	},
	{
		From:   []string{"penny/internal/sqlitehandle"},
		To:     []string{"penny/..."},
		Except: []string{"penny/internal/sqlitehandle"},
		Why:    "the SQLite handle is a leaf below the store and the vault",
	},
	{
		From:   []string{"penny/money/..."},
		To:     []string{"penny/..."},
		Except: []string{"penny/money/..."},
		Why:    "money is a leaf",
	},
	{
		From:   []string{"penny/merchant/...", "penny/category/..."},
		To:     []string{"penny/..."},
		Except: []string{"penny/merchant/...", "penny/category/...", "penny/money/..."},
		Why:    "the merchant and category taxonomies are leaves (they may use each other and money)",
	},
}

// Graph maps each package of the module to the packages it imports
// directly (test files excluded).
type Graph map[string][]string

// Violation is one forbidden dependency, with the chain of imports that
// makes it.
type Violation struct {
	Rule *Rule
	Path []string // from the importing package to the forbidden one
}

func (v Violation) String() string {
	return fmt.Sprintf("%s must not depend on %s (%s): %s",
		v.Path[0], v.Path[len(v.Path)-1], v.Rule.Why, strings.Join(v.Path, " -> "))
}

// Match reports whether path matches pattern.
func Match(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

func matchAny(patterns []string, path string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return Match(p, path) })
}

// Check returns every violation of rules in g, each importing package and
// forbidden package once, with the shortest chain of imports between them.
func Check(g Graph, rules []Rule) []Violation {
	var out []Violation
	pkgs := make([]string, 0, len(g))
	for p := range g {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for i := range rules {
		r := &rules[i]
		for _, from := range pkgs {
			if !matchAny(r.From, from) {
				continue
			}
			for _, path := range reach(g, from) {
				to := path[len(path)-1]
				if matchAny(r.To, to) && !matchAny(r.Except, to) {
					out = append(out, Violation{Rule: r, Path: path})
				}
			}
		}
	}
	return out
}

// reach walks g breadth first from start and returns, for every package of
// the module it reaches, the shortest chain of imports to it.
func reach(g Graph, start string) [][]string {
	prev := map[string]string{start: ""}
	queue := []string{start}
	var found [][]string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		imports := slices.Clone(g[p])
		sort.Strings(imports)
		for _, q := range imports {
			if _, seen := prev[q]; seen || !inModule(q) {
				continue
			}
			prev[q] = p
			queue = append(queue, q)
			var path []string
			for x := q; x != ""; x = prev[x] {
				path = append(path, x)
			}
			slices.Reverse(path)
			found = append(found, path)
		}
	}
	return found
}

func inModule(path string) bool { return path == Module || strings.HasPrefix(path, Module+"/") }

// Load runs `go list -deps -json ./...` in dir, the module's root, and
// returns the import graph of the module's packages.
func Load(dir string) (Graph, error) {
	cmd := exec.Command("go", "list", "-deps", "-json", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("archtest: go list: %w: %s", err, stderr.String())
	}
	return Decode(bytes.NewReader(out))
}

// Decode reads the stream of JSON objects `go list -json` prints.
func Decode(r io.Reader) (Graph, error) {
	g := Graph{}
	dec := json.NewDecoder(r)
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			return nil, fmt.Errorf("archtest: go list output: %w", err)
		}
		if inModule(p.ImportPath) {
			g[p.ImportPath] = p.Imports
		}
	}
}
