// Package configfile reads Penny's config file (TOML, preferences only)
// against the keys the program declares, and says where each value in
// effect comes from: a flag, an environment variable, a line of the file,
// or the default.
//
// The keys are declared by the code that uses them (package main gathers
// them into one list); this package knows none of them. A key the file
// holds that nobody declared is reported with its line and the nearest
// declared name, never silently ignored.
package configfile

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"penny/internal/suggest"
)

// Kind is the TOML type a key takes.
type Kind int

// The kinds of key.
const (
	String Kind = iota
	Bool
	List // an array of strings
)

func (k Kind) String() string {
	switch k {
	case Bool:
		return "true or false"
	case List:
		return `a list of strings, such as ["a", "b"]`
	}
	return "a string in quotes"
}

// Key is one setting of the file. Name is its path, dotted for a key in a
// table ("daemon.watch" is watch under [daemon]).
type Key struct {
	Name string
	Kind Kind
	// Default is the value when nothing sets it ("" or nil for none), as
	// the file would spell it: "30s", "true", or a list's items.
	Default Value
	// DefaultNote says what the default means when the value alone does
	// not ("follows the terminal's background").
	DefaultNote string
	// Doc is one or two lines on what it does, for `penny config --init`.
	Doc string
	// Example is the value the written default file shows, commented out;
	// the zero Value shows the default.
	Example Value
	// Env is an environment variable that wins over the file, "" for none.
	Env string
	// Flag is a flag that wins over the file and Env ("--data-dir"), or
	// names where one does ("penny daemon --interval"), "" for none.
	Flag string
	// Check, when set, says what is wrong with a value; `penny config`
	// reports it with the value's line.
	Check func(Value) error
}

// Value is a key's value: one of Str, Bool or List, by the key's Kind.
type Value struct {
	Str  string
	Bool bool
	List []string
}

// Text is the value as a person reads it in a listing: a list is joined
// with ", ", an unset string is "".
func (v Value) Text(k Kind) string {
	switch k {
	case Bool:
		return strconv.FormatBool(v.Bool)
	case List:
		return strings.Join(v.List, ", ")
	}
	return v.Str
}

// TOML is the value as the file spells it.
func (v Value) TOML(k Kind) string {
	switch k {
	case Bool:
		return strconv.FormatBool(v.Bool)
	case List:
		q := make([]string, len(v.List))
		for i, s := range v.List {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return strconv.Quote(v.Str)
}

// JSON is the value as a JSON document holds it: a string, a bool, or a
// list of strings ([] when empty).
func (v Value) JSON(k Kind) any {
	switch k {
	case Bool:
		return v.Bool
	case List:
		if v.List == nil {
			return []string{}
		}
		return v.List
	}
	return v.Str
}

// Origin is where a value in effect came from.
type Origin int

// The origins, weakest first.
const (
	FromDefault Origin = iota
	FromFile
	FromEnv
	FromFlag
)

func (o Origin) String() string {
	return [...]string{"default", "file", "env", "flag"}[o]
}

// Source says where a value came from: Line of the file, or the variable
// or flag Name.
type Source struct {
	Origin Origin
	Line   int
	Name   string
}

// Setting is a key and the value in effect.
type Setting struct {
	Key    Key
	Value  Value
	Source Source
	// Problem is what Key.Check found wrong with the value, if anything.
	Problem error
}

// Unknown is a key of the file that no code declared.
type Unknown struct {
	Key  string
	Line int
	// Suggestion is the declared key nearest to it, "" when none is near.
	Suggestion string
}

// File is the config file as read: the values it sets and the keys it
// holds that nobody declared.
type File struct {
	Path string
	// Exists is false when there is no file at Path: every value is then
	// a default.
	Exists  bool
	Unknown []Unknown
	keys    []Key
	set     map[string]Setting
}

// Error is a mistake in the file, at a line (0 when the line is not known).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("config %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("config %s: %s", e.Path, e.Msg)
}

// Read reads the file at path against keys. A missing file is no error
// unless required (a file named on the command line); it reads as one
// that sets nothing. A syntax error, or a value of the wrong type for its
// key, is an *Error naming the line.
func Read(path string, keys []Key, required bool) (*File, error) {
	f := &File{Path: path, keys: keys, set: map[string]Setting{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	f.Exists = true
	return f, f.parse(string(b))
}

func (f *File) parse(text string) error {
	var raw map[string]any
	md, err := toml.Decode(text, &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &Error{Path: f.Path, Line: pe.Position.Line, Msg: pe.Message}
		}
		return &Error{Path: f.Path, Msg: err.Error()}
	}
	lines := keyLines(text)
	declared := map[string]Key{}
	tables := map[string]bool{}
	var names []string
	for _, k := range f.keys {
		declared[k.Name] = k
		names = append(names, k.Name)
		parts := strings.Split(k.Name, ".")
		for i := 1; i < len(parts); i++ {
			tables[strings.Join(parts[:i], ".")] = true
		}
	}
	var reported []string
	for _, path := range md.Keys() {
		name := strings.Join(path, ".")
		if slices.ContainsFunc(reported, func(r string) bool { return strings.HasPrefix(name, r+".") }) {
			continue // inside a table already reported
		}
		k, ok := declared[name]
		if !ok {
			if tables[name] {
				continue
			}
			// A key inside a value of a declared key (an inline table in
			// a list) is the value's business, reported by its type.
			if slices.ContainsFunc(names, func(d string) bool { return strings.HasPrefix(name, d+".") }) {
				continue
			}
			u := Unknown{Key: name, Line: lines[name]}
			u.Suggestion, _ = suggest.Closest(name, slices.Concat(names, slices.Sorted(maps.Keys(tables))))
			if u.Suggestion == "" && len(path) > 1 {
				// "daemon.intervall": the nearest key of the same table.
				var leaves []string
				for _, n := range names {
					if strings.HasPrefix(n, strings.Join(path[:len(path)-1], ".")+".") {
						leaves = append(leaves, n)
					}
				}
				u.Suggestion, _ = suggest.Closest(name, leaves)
			}
			f.Unknown = append(f.Unknown, u)
			reported = append(reported, name)
			continue
		}
		v, err := convert(k, lookup(raw, path))
		if err != nil {
			return &Error{Path: f.Path, Line: lines[name], Msg: err.Error()}
		}
		f.set[name] = Setting{Key: k, Value: v, Source: Source{Origin: FromFile, Line: lines[name]}}
	}
	return nil
}

// lookup finds the value at path in the decoded document.
func lookup(m map[string]any, path []string) any {
	var v any = m
	for _, p := range path {
		t, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = t[p]
	}
	return v
}

// convert checks that a decoded value has the key's type.
func convert(k Key, raw any) (Value, error) {
	wrong := func() (Value, error) {
		return Value{}, fmt.Errorf("%s must be %s", k.Name, k.Kind)
	}
	switch k.Kind {
	case Bool:
		b, ok := raw.(bool)
		if !ok {
			return wrong()
		}
		return Value{Bool: b}, nil
	case List:
		items, ok := raw.([]any)
		if !ok {
			return wrong()
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				return wrong()
			}
			out = append(out, s)
		}
		return Value{List: out}, nil
	}
	s, ok := raw.(string)
	if !ok {
		return wrong()
	}
	return Value{Str: s}, nil
}

// Keys are the declared keys, in their order.
func (f *File) Keys() []Key { return f.keys }

// Resolve is every declared key with the value in effect, in the order of
// the keys: flags[name] when the key's flag was given, else its
// environment variable when set (getenv), else the file's value, else the
// default. Each Setting carries what its Check says of the value.
func (f *File) Resolve(getenv func(string) string, flags map[string]string) []Setting {
	out := make([]Setting, 0, len(f.keys))
	for _, k := range f.keys {
		s := f.resolve(k, getenv, flags)
		if k.Check != nil {
			s.Problem = k.Check(s.Value)
		}
		out = append(out, s)
	}
	return out
}

// Get is the setting in effect of the key called name, as Resolve has it
// (without its Check). It panics on a name no key declares: that is a
// mistake in the program, not in the file.
func (f *File) Get(name string, getenv func(string) string, flags map[string]string) Setting {
	for _, k := range f.keys {
		if k.Name == name {
			return f.resolve(k, getenv, flags)
		}
	}
	panic("configfile: no key " + name)
}

func (f *File) resolve(k Key, getenv func(string) string, flags map[string]string) Setting {
	if v, ok := flags[k.Name]; ok && k.Flag != "" {
		return Setting{Key: k, Value: fromText(k, v), Source: Source{Origin: FromFlag, Name: k.Flag}}
	}
	if k.Env != "" && getenv != nil {
		if v := getenv(k.Env); v != "" {
			return Setting{Key: k, Value: fromText(k, v), Source: Source{Origin: FromEnv, Name: k.Env}}
		}
	}
	if s, ok := f.set[k.Name]; ok {
		return s
	}
	return Setting{Key: k, Value: k.Default, Source: Source{Origin: FromDefault}}
}

// fromText reads a flag's or a variable's text as a value of k's kind: a
// bool is true for "1", "true", "yes" or "on"; a list is split at commas.
func fromText(k Key, s string) Value {
	switch k.Kind {
	case Bool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "1", "true", "yes", "on":
			return Value{Bool: true}
		}
		return Value{}
	case List:
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return Value{List: out}
	}
	return Value{Str: s}
}

// Where is a setting's source for a listing: "default", "FILE:LINE" (the
// file's base name), "env NAME" or "flag NAME".
func (s Setting) Where(fileName string) string {
	switch s.Source.Origin {
	case FromFile:
		if s.Source.Line > 0 {
			return fmt.Sprintf("%s:%d", fileName, s.Source.Line)
		}
		return fileName
	case FromEnv:
		return "env " + s.Source.Name
	case FromFlag:
		return "flag " + s.Source.Name
	}
	return "default"
}

// Warning is one line about an unknown key, for stderr or a log.
func (u Unknown) Warning(path string) string {
	msg := fmt.Sprintf("config %s", path)
	if u.Line > 0 {
		msg += fmt.Sprintf(":%d", u.Line)
	}
	msg += fmt.Sprintf(": unknown key %q", u.Key)
	if u.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", u.Suggestion)
	}
	return msg + "; it is ignored"
}
