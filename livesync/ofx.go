package livesync

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"penny/netguard"
	"penny/sources/ofxdirect"
	"penny/store"
)

func ofxConfig(set settings, sec secret) ofxdirect.Config {
	return ofxdirect.Config{URL: set.URL, Org: set.Org, FID: set.FID, UserID: sec.UserID, Password: sec.Password,
		AppID: set.AppID, AppVer: set.AppVer, Version: set.Version, ClientUID: set.ClientUID}
}

// fetchOFX downloads every account's statement for the report's window in
// one request.
func (e *Env) fetchOFX(ctx context.Context, src store.Source, set settings, sec secret, g *netguard.Guard, log *netlog, bud Budget, rep *Report, opt Options) (*fetched, *netguard.Budget, error) {
	cfg := ofxConfig(set, sec)
	if err := g.Allow(cfg.URL); err != nil {
		return nil, nil, err
	}
	need := 1
	if len(set.Accounts) == 0 {
		need = 2 // the account list first
	}
	if need > bud.Left() {
		return nil, nil, budgetError(src, bud, need)
	}
	if u, err := url.Parse(cfg.URL); err == nil {
		planned := netguard.Event{Method: "POST", Host: hostPort(u.Scheme, u.Host), Path: u.Path}
		if err := prereserve(ctx, src, log, planned, need, bud); err != nil {
			return nil, nil, err
		}
	}
	budget := netguard.NewBudget(bud.Left(), fmt.Sprintf("%d requests a day for source %s", bud.Limit, src.Name))
	c := &ofxdirect.Client{HTTP: g.Client(src.Name, budget), Config: cfg}
	accts := set.Accounts
	if len(accts) == 0 {
		e.progress("%s: listing accounts", src.Name)
		err := e.retry(ctx, "OFX account list", func() error {
			var err error
			accts, err = c.Accounts(ctx)
			return err
		})
		if err != nil {
			return nil, budget, fmt.Errorf("source %s: %w", src.Name, err)
		}
		if len(accts) == 0 {
			return nil, budget, fmt.Errorf("source %s: the bank lists no account for this login", src.Name)
		}
	}
	f := &fetched{name: "OFX " + hostOf(cfg.URL), format: "ofx", complete: true, balancesOnly: opt.BalancesOnly}
	e.progress("%s: downloading %d statement(s)", src.Name, len(accts))
	err := e.retry(ctx, "OFX statements", func() error {
		var err error
		f.stmts, f.raw, err = c.Statements(ctx, accts, rep.Start, rep.End)
		return err
	})
	if err != nil {
		return nil, budget, fmt.Errorf("source %s: %w; nothing was written", src.Name, err)
	}
	// Statements carry no account name; the account list does.
	desc := map[string]string{}
	for _, a := range accts {
		desc[a.AcctID] = a.Desc
	}
	for i := range f.stmts {
		if st := &f.stmts[i]; st.Account.Name == "" {
			st.Account.Name = desc[st.Account.ExternalID]
		}
		if opt.BalancesOnly {
			f.stmts[i].Transactions = nil
		}
	}
	return f, budget, nil
}

func hostOf(u string) string {
	for _, p := range []string{"https://", "http://"} {
		if len(u) > len(p) && u[:len(p)] == p {
			u = u[len(p):]
		}
	}
	for i := 0; i < len(u); i++ {
		if u[i] == '/' {
			return u[:i]
		}
	}
	return u
}

// hostPort is host (with or without a port) as the network log keeps it:
// host:port, the port filled in from the scheme.
func hostPort(scheme, host string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return strings.ToLower(host)
	}
	port := "443"
	if strings.EqualFold(scheme, "http") {
		port = "80"
	}
	return net.JoinHostPort(strings.ToLower(host), port)
}
