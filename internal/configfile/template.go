package configfile

import (
	"strings"
)

// Template is a config file that sets nothing: intro (comment lines,
// without their "# "), then every key with its Doc and its default (or its
// Example) on a commented-out line, under its table. Uncommenting a line
// sets that key; Read accepts the file as it is.
func Template(intro string, keys []Key) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(intro), "\n") {
		b.WriteString(comment(l))
	}
	var tables []string
	byTable := map[string][]Key{}
	for _, k := range keys {
		t := ""
		if i := strings.LastIndex(k.Name, "."); i >= 0 {
			t = k.Name[:i]
		}
		if _, ok := byTable[t]; !ok && t != "" {
			tables = append(tables, t)
		}
		byTable[t] = append(byTable[t], k)
	}
	write := func(ks []Key) {
		for _, k := range ks {
			b.WriteString("\n")
			for _, l := range strings.Split(strings.TrimSpace(k.Doc), "\n") {
				b.WriteString(comment(l))
			}
			name := k.Name[strings.LastIndex(k.Name, ".")+1:]
			line := "# " + name + " = "
			def := k.DefaultNote
			if def == "" {
				def = k.Default.Text(k.Kind)
			}
			switch {
			case !k.Example.empty() && def != "":
				line += k.Example.TOML(k.Kind) + "    # for example; default: " + def
			case !k.Example.empty():
				line += k.Example.TOML(k.Kind) + "    # for example; default: none"
			case k.DefaultNote != "":
				line += k.Default.TOML(k.Kind) + "    # " + k.DefaultNote
			default:
				line += k.Default.TOML(k.Kind)
			}
			b.WriteString(line + "\n")
		}
	}
	write(byTable[""])
	for _, t := range tables {
		b.WriteString("\n[" + t + "]\n")
		write(byTable[t])
	}
	return b.String()
}

func comment(l string) string {
	if l = strings.TrimRight(l, " "); l == "" {
		return "#\n"
	}
	return "# " + l + "\n"
}

func (v Value) empty() bool { return v.Str == "" && !v.Bool && len(v.List) == 0 }
