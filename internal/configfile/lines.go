package configfile

import (
	"strings"
)

// keyLines maps each key the file defines (dotted, with its table) to the
// line that defines it. The TOML decoder keeps positions to itself, so the
// lines are found again here, with just enough of TOML to do it: table
// headers, bare, quoted and dotted keys, comments, and multi-line strings
// and arrays, whose inner lines define nothing. A key it cannot place maps
// to 0, which is shown as no line.
func keyLines(text string) map[string]int {
	out := map[string]int{}
	table := ""
	inString := "" // the quotes that close the multi-line string we are in
	depth := 0     // open brackets of a multi-line array or inline table
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if inString != "" {
			if _, after, ok := strings.Cut(line, inString); ok {
				inString = ""
				depth += brackets(after, &inString)
			}
			continue
		}
		if depth > 0 {
			depth += brackets(line, &inString)
			continue
		}
		s := strings.TrimSpace(line)
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "["):
			name := strings.TrimPrefix(s, "[")
			name = strings.TrimPrefix(name, "[")
			if end := strings.Index(name, "]"); end >= 0 {
				table = joinKey(parseKey(name[:end]))
				out[table] = n
			}
			continue
		}
		key, rest, ok := splitKey(s)
		if !ok {
			continue
		}
		name := joinKey(key)
		if table != "" {
			name = table + "." + name
		}
		if _, seen := out[name]; !seen {
			out[name] = n
		}
		// Dotted keys define their tables on the same line.
		for j := 1; j < len(key); j++ {
			t := joinKey(key[:j])
			if table != "" {
				t = table + "." + t
			}
			if _, seen := out[t]; !seen {
				out[t] = n
			}
		}
		depth += brackets(rest, &inString)
	}
	return out
}

// splitKey reads `key = value` into the key's parts and what follows "=".
func splitKey(s string) ([]string, string, bool) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		var part string
		switch {
		case strings.HasPrefix(s, `"`):
			end := strings.Index(s[1:], `"`)
			if end < 0 {
				return nil, "", false
			}
			part, s = s[1:1+end], s[2+end:]
		case strings.HasPrefix(s, "'"):
			end := strings.Index(s[1:], "'")
			if end < 0 {
				return nil, "", false
			}
			part, s = s[1:1+end], s[2+end:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
			})
			if end <= 0 {
				return nil, "", false
			}
			part, s = s[:end], s[end:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		switch {
		case strings.HasPrefix(s, "."):
			s = s[1:]
		case strings.HasPrefix(s, "="):
			return parts, s[1:], true
		default:
			return nil, "", false
		}
	}
}

// parseKey splits a table header's name into its parts.
func parseKey(s string) []string {
	parts, _, ok := splitKey(s + "=")
	if !ok {
		return []string{strings.TrimSpace(s)}
	}
	return parts
}

func joinKey(parts []string) string { return strings.Join(parts, ".") }

// brackets is how many brackets and braces a value's text leaves open,
// outside strings and comments; a multi-line string it opens and does not
// close is noted in inString.
func brackets(s string, inString *string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '#':
			return depth
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			q := string(c)
			if strings.HasPrefix(s[i:], q+q+q) {
				end := strings.Index(s[i+3:], q+q+q)
				if end < 0 {
					*inString = q + q + q
					return depth
				}
				i += 3 + end + 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return depth
}
