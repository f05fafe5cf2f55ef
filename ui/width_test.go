package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"penny/assistant"
	"penny/store"
)

// wideReply stresses the layout: long words, double-width characters,
// emoji, a wide table and both kinds of chart.
func wideReply() assistant.Reply {
	r := spendingReply()
	r.Text = "東京のとても長い店舗名でのお支払い 🍣🍣🍣 and a very long account reference " +
		"DE89370400440532013000DE89370400440532013000DE89370400440532013000 to wrap."
	r.Table.Columns = append(r.Table.Columns, "説明 (description)", "Category")
	for i := range r.Table.Rows {
		r.Table.Rows[i] = append(r.Table.Rows[i],
			assistant.Cell{Text: "コーヒーショップ・ブルーボトル 清澄白河"},
			assistant.Cell{Text: "Groceries and household supplies"})
	}
	return r
}

func sparkReply() assistant.Reply {
	vals := make([]int64, 365)
	labels := make([]string, 365)
	for i := range vals {
		vals[i] = int64((i*7919)%50000 - 20000)
		labels[i] = fmt.Sprintf("day %d", i+1)
	}
	return assistant.Reply{
		Text:  "Your checking balance over the past year.",
		Chart: &assistant.Chart{Kind: "sparkline", Title: "Everyday Checking", Labels: labels, Values: vals, Currency: "USD"},
	}
}

func TestNoLineExceedsTheWidth(t *testing.T) {
	st := demoStore(t, 3000)
	ctx := context.Background()
	if _, _, err := st.AddAlert(ctx, store.Alert{
		Rule: "duplicate", Severity: "warning", Title: "Possible duplicate charge at NETFLIX.COM 866-579-7172 CA",
		Body: "Two charges of 15.49 USD on the same day", Why: "same amount and merchant within 24 hours", DedupKey: "d",
	}); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{60, 20}, {200, 60}} {
		w, h := size[0], size[1]
		for _, theme := range []string{"dark", "mono"} {
			t.Run(fmt.Sprintf("%dx%d/%s", w, h, theme), func(t *testing.T) {
				a := &fakeAsker{reply: wideReply()}
				m := start(t, Options{Store: st, Asker: a, Theme: theme, Title: "Penny demo", ReadOnly: true}, w, h)
				frames := map[string]string{"start": m.Render()}
				m = send(t, m, typeText("groceries 東京 with a long question that has to wrap over several lines of the bubble")...)
				frames["typing"] = m.Render()
				m = send(t, m, press(tea.KeyEnter))
				frames["wide answer"] = m.Render()
				a.reply = sparkReply()
				m = send(t, m, typeText("balance history")...)
				m = send(t, m, press(tea.KeyEnter))
				frames["sparkline"] = m.Render()
				m = send(t, m, press(tea.KeyPgUp))
				frames["scrolled"] = m.Render()
				for i := 1; i < len(m.convs); i++ {
					m = send(t, m, ctrl('j'))
					frames[m.current().title] = m.Render()
					m = send(t, m, press(tea.KeyPgUp), press(tea.KeyPgUp))
					frames[m.current().title+" scrolled"] = m.Render()
				}
				m = send(t, m, typeText("/")...)
				frames["palette"] = m.Render()
				m = send(t, m, typeText("theme")...)
				frames["palette filtered"] = m.Render()
				m = send(t, m, press(tea.KeyEscape), typeText("?")[0])
				frames["help"] = m.Render()
				for name, f := range frames {
					t.Run(name, func(t *testing.T) {
						checkFrame(t, f, w, h)
					})
				}
				if w == 200 && !strings.Contains(frames["wide answer"], "東京") {
					t.Error("the wide answer is not on screen")
				}
			})
		}
	}
}
