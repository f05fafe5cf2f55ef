package alerts

import (
	"strings"

	"penny/store"
)

// PrivateBody is the body of every notification in private mode.
const PrivateBody = "Open Penny to see the details."

// Describe returns the title and body of a notification for a. In private
// mode (the default) a lock screen or a shared desktop shows what kind of
// alert it is and on which account ("Large charge on Visa Signature") but no
// amount and no merchant: alert titles never carry them, and the body is
// replaced. With details, the body says it all. Both are sanitized: they
// carry bank text, and a notification is a terminal like any other.
func Describe(a store.Alert, private bool) (title, body string) {
	title = strings.TrimSpace(line(a.Title))
	if title == "" {
		title = "New alert"
	}
	if private {
		return title, PrivateBody
	}
	return title, strings.TrimSpace(line(a.Body))
}
