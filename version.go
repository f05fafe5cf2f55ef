package main

import (
	"runtime/debug"
	"strings"
)

// versionString is what `penny --version` and `penny version` print: the
// module version when Penny was installed from a tagged module, else the
// version this source calls itself, then the commit it was built from (as
// Go stamps it from the checkout), its date, whether the checkout had
// uncommitted changes, and the Go version.
func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "penny version " + v
	}
	if mv := info.Main.Version; mv != "" && mv != "(devel)" {
		v = strings.TrimPrefix(mv, "v")
	}
	var details []string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			details = append(details, "commit "+s.Value[:min(12, len(s.Value))])
		case "vcs.time":
			details = append(details, s.Value[:min(10, len(s.Value))])
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified {
		details = append(details, "modified")
	}
	details = append(details, info.GoVersion)
	return "penny version " + v + " (" + strings.Join(details, ", ") + ")"
}
