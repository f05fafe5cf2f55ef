package main

import (
	"context"
	"flag"
	"fmt"

	"penny/internal/jsonout"
	"penny/store"
)

func cmdAlerts() *command {
	var jsonOut, unread, markRead bool
	return &command{
		name:    "alerts",
		summary: "list alerts",
		help: `Newest first; • marks the unread ones. --mark-read marks the alerts listed
as read once they are shown (as opening the Alerts conversation does).`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
			fs.BoolVar(&unread, "unread", false, "only alerts not read yet")
			fs.BoolVar(&markRead, "mark-read", false, "mark the listed alerts as read")
		},
		run: func(c *cli, ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("alerts takes no arguments")
			}
			v, err := c.openVault(ctx, !markRead)
			if err != nil {
				return err
			}
			defer v.Close()
			st := v.Store()
			alerts, err := st.Alerts(ctx, storeAlertQuery(unread))
			if err != nil {
				return err
			}
			names := map[int64]string{}
			accounts, err := st.Accounts(ctx)
			if err != nil {
				return err
			}
			for _, a := range accounts {
				names[a.ID] = a.Name
			}
			if jsonOut {
				if err := jsonout.Write(c.stdout, jsonout.AlertListOf(alerts, names)); err != nil {
					return err
				}
				return markAlerts(ctx, st, alerts, markRead)
			}
			if len(alerts) == 0 {
				fmt.Fprintln(c.stdout, "No alerts.")
				return nil
			}
			t := &table{header: []string{"WHEN", "", "ALERT", "ACCOUNT"}}
			for _, a := range alerts {
				mark := " "
				if !a.Read {
					mark = "•"
				}
				t.add(a.Created.Local().Format("2006-01-02 15:04"), mark, a.Title, names[a.AccountID])
			}
			if err := c.writeTable(t); err != nil {
				return err
			}
			return markAlerts(ctx, st, alerts, markRead)
		},
	}
}

func storeAlertQuery(unread bool) store.AlertQuery { return store.AlertQuery{UnreadOnly: unread} }

// markAlerts marks the alerts that were shown as read.
func markAlerts(ctx context.Context, st *store.Store, alerts []store.Alert, mark bool) error {
	if !mark {
		return nil
	}
	var ids []int64
	for _, a := range alerts {
		if !a.Read {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return st.MarkAlertsRead(ctx, ids...)
}
