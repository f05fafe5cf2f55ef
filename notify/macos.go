package notify

import (
	"context"
	"strings"
)

// MacOS shows notifications through osascript's "display notification". It
// works only on darwin; elsewhere Send returns an error wrapping
// errors.ErrUnsupported.
type MacOS struct{}

// Send shows n in the macOS Notification Center.
func (MacOS) Send(ctx context.Context, n Notification) error {
	return runOsascript(ctx, appleScript(Clean(n)))
}

// appleScript is the script that shows n. It goes to osascript on standard
// input, not as an argument, so that the text is not in the process list for
// other users to read.
func appleScript(n Notification) string {
	return "display notification " + appleString(n.Body) + " with title " + appleString(n.Title) + "\n"
}

// appleString quotes s as an AppleScript string literal: inside double
// quotes only the backslash and the double quote need escaping once the
// text is one line without controls (clean sees to that).
func appleString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
