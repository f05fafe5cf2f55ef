package vault

import (
	"github.com/godbus/dbus/v5"
)

// secretServiceGet reads one secret from the Secret Service's login
// collection in two round trips: the item search and the session's opening
// go out together, then the secret is asked for; the session is closed
// without waiting for the answer. go-keyring's Get makes seven calls, one
// after the other (the collection list, an unlock of the collection, the
// search, the session, an unlock of the item, the secret, the close): on a
// busy machine the keyring was a tenth of `penny ask`. Anything but the
// plain case (no login collection, no such item, a locked item, an error)
// reports ok=false, and the caller asks go-keyring, which unlocks and
// prompts as it always did.
func secretServiceGet(service, user string) (secret string, ok bool) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return "", false
	}
	const name = "org.freedesktop.secrets"
	search := conn.Object(name, "/org/freedesktop/secrets/collection/login").Go(
		"org.freedesktop.Secret.Collection.SearchItems", 0, nil, map[string]string{"username": user, "service": service})
	open := conn.Object(name, "/org/freedesktop/secrets").Go(
		"org.freedesktop.Secret.Service.OpenSession", 0, nil, "plain", dbus.MakeVariant(""))
	<-search.Done
	<-open.Done
	var (
		output  dbus.Variant
		session dbus.ObjectPath
	)
	if open.Err != nil || open.Store(&output, &session) != nil || !session.IsValid() {
		return "", false
	}
	defer conn.Object(name, session).Go("org.freedesktop.Secret.Session.Close", dbus.FlagNoReplyExpected, nil)
	var items []dbus.ObjectPath
	if search.Err != nil || search.Store(&items) != nil || len(items) == 0 {
		return "", false
	}
	var got struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}
	if err := conn.Object(name, items[0]).Call("org.freedesktop.Secret.Item.GetSecret", 0, session).Store(&got); err != nil {
		return "", false
	}
	defer clear(got.Value)
	return string(got.Value), true
}
