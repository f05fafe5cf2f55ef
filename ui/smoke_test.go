package ui

import (
	"fmt"
	"testing"
)

func TestSmoke(t *testing.T) {
	st := demoStore(t, 2000)
	a := &fakeAsker{reply: spendingReply(), completions: []string{"Groceries", "Blue Bottle Coffee", "Everyday Checking"}}
	m := start(t, Options{Store: st, Asker: a, Title: "Penny demo"}, 100, 30)
	fmt.Println(plain(m))
	m = send(t, m, typeText("groceries last month")...)
	m = send(t, m, press(13))
	fmt.Println(plain(m))
	m = send(t, m, ctrl('j'), ctrl('j'))
	fmt.Println(plain(m))
	m = send(t, m, ctrl('k'))
	fmt.Println(plain(m))
}
