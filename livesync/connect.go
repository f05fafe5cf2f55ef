package livesync

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"penny/netguard"
	"penny/sources/ofxdirect"
	"penny/sources/simplefin"
	"penny/store"
)

// Connected is a source just added, with the accounts the server shows.
type Connected struct {
	Source   store.Source
	Accounts []ConnectedAccount
	// Notes are what the server said, in plain words (sanitize before
	// printing).
	Notes []string
}

// ConnectedAccount is an account as the server lists it at connect time.
type ConnectedAccount struct {
	Name, Currency, Balance string
}

// ErrNameTaken is a source name already in use.
var ErrNameTaken = errors.New("a source of that name exists")

func (e *Env) checkName(ctx context.Context, name string) error {
	srcs, err := e.Store.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if strings.EqualFold(s.Name, name) {
			return fmt.Errorf("%w: %q; pick another with --name", ErrNameTaken, name)
		}
	}
	return nil
}

// ConnectSimpleFIN claims a setup token and adds the source. The token can
// be claimed once, so the claim is the last step that can fail before the
// access URL is sealed in the vault together with the source.
func (e *Env) ConnectSimpleFIN(ctx context.Context, name, token string) (*Connected, error) {
	if name == "" {
		name = KindSimpleFIN
	}
	claim, err := simplefin.DecodeToken(token)
	if err != nil {
		return nil, err
	}
	if err := e.checkName(ctx, name); err != nil {
		return nil, err
	}
	log := e.newLog(name, 0)
	g := e.guard(log)
	defer g.CloseIdle()
	if err := g.Allow(claim.String()); err != nil {
		return nil, err
	}
	hc := g.Client(name, nil)
	// The claim URL's last segment is the token: the log keeps the path
	// without it.
	logPath := claim.Path[:strings.LastIndex(claim.Path, "/claim/")] + "/claim/…"
	e.progress("claiming the SimpleFIN token at %s", claim.Host)
	access, err := simplefin.Claim(netguard.WithLogPath(ctx, logPath), hc, claim)
	if err != nil {
		if ferr := log.write(ctx); ferr != nil {
			return nil, errors.Join(err, ferr)
		}
		return nil, err
	}
	var src store.Source
	var settled func()
	err = e.Store.WithTx(ctx, func(tx *store.Store) error {
		set := settings{Root: access.String(), Budget: DefaultBudget, HistoryDays: DefaultHistoryDays}
		raw, err := jsonString(set)
		if err != nil {
			return err
		}
		src, err = tx.CreateSource(ctx, name, KindSimpleFIN, raw)
		if err != nil {
			return err
		}
		if err := saveJSON(ctx, tx, secretKey(src.ID), secret{AccessURL: access.URL()}); err != nil {
			return err
		}
		settled, err = log.flush(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("the token was claimed but the vault could not be saved (%w); make a new token at SimpleFIN", err)
	}
	settled()
	out := &Connected{Source: src}
	// A look at the accounts (balances only, one request of the budget):
	// the user sees at once that the connection works.
	if err := g.Allow(access.Root.String()); err != nil {
		return out, nil
	}
	c := &simplefin.Client{HTTP: g.Client(name, netguard.NewBudget(1, "connect")), Access: access}
	set, _, err := c.Accounts(ctx, simplefin.Query{BalancesOnly: true})
	if ferr := log.write(ctx); ferr != nil {
		return out, ferr
	}
	if err != nil {
		out.Notes = append(out.Notes, "the source is added, but listing its accounts failed: "+err.Error())
		return out, nil
	}
	for _, er := range set.Errors {
		out.Notes = append(out.Notes, set.Explain(er))
	}
	for _, a := range set.Accounts {
		out.Accounts = append(out.Accounts, ConnectedAccount{Name: a.Name, Currency: a.Currency, Balance: string(a.Balance)})
	}
	return out, nil
}

// OFXParams are what `penny connect ofx` asks for.
type OFXParams struct {
	Name                   string
	URL, Org, FID          string
	UserID, Password       string
	AppID, AppVer, Version string
}

// clientUIDKey holds the CLIENTUID this vault sends to OFX servers: made
// once, kept stable, so a bank that asks the user to approve it keeps the
// approval.
const clientUIDKey = "ofx.client_uid"

// ConnectOFX signs on to an OFX server, lists the accounts there and adds
// the source. A refused sign-on adds nothing and says why in plain words.
func (e *Env) ConnectOFX(ctx context.Context, p OFXParams) (*Connected, error) {
	if p.Name == "" {
		p.Name = KindOFX
	}
	if p.URL == "" || p.Org == "" || p.FID == "" || p.UserID == "" || p.Password == "" {
		return nil, errors.New("OFX needs the server URL, ORG, FID, your user id and your password")
	}
	if err := e.checkName(ctx, p.Name); err != nil {
		return nil, err
	}
	uid, err := e.Store.SettingOr(ctx, clientUIDKey, "")
	if err != nil {
		return nil, err
	}
	if uid == "" {
		if uid, err = ofxdirect.NewClientUID(); err != nil {
			return nil, err
		}
		if err := e.Store.SetSetting(ctx, clientUIDKey, uid); err != nil {
			return nil, err
		}
	}
	set := settings{URL: p.URL, Org: p.Org, FID: p.FID, AppID: orDefault(p.AppID, ofxdirect.DefaultAppID),
		AppVer: orDefault(p.AppVer, ofxdirect.DefaultAppVer), Version: orDefault(p.Version, ofxdirect.DefaultVersion),
		ClientUID: uid, Budget: DefaultBudget, HistoryDays: DefaultHistoryDays}
	log := e.newLog(p.Name, 0)
	g := e.guard(log)
	defer g.CloseIdle()
	if err := g.Allow(p.URL); err != nil {
		return nil, err
	}
	c := &ofxdirect.Client{HTTP: g.Client(p.Name, nil), Config: ofxConfig(set, secret{UserID: p.UserID, Password: p.Password})}
	e.progress("signing on to %s", hostOf(p.URL))
	accts, err := c.Accounts(ctx)
	if ferr := log.write(ctx); ferr != nil {
		return nil, errors.Join(err, ferr)
	}
	if err != nil {
		return nil, fmt.Errorf("nothing was added: %w", err)
	}
	if len(accts) == 0 {
		return nil, errors.New("nothing was added: the bank lists no account for this login")
	}
	set.Accounts = accts
	var src store.Source
	err = e.Store.WithTx(ctx, func(tx *store.Store) error {
		raw, err := jsonString(set)
		if err != nil {
			return err
		}
		if src, err = tx.CreateSource(ctx, p.Name, KindOFX, raw); err != nil {
			return err
		}
		return saveJSON(ctx, tx, secretKey(src.ID), secret{UserID: p.UserID, Password: p.Password})
	})
	if err != nil {
		return nil, err
	}
	out := &Connected{Source: src}
	for _, a := range accts {
		name := a.Desc
		if name == "" {
			name = a.AcctID
		}
		out.Accounts = append(out.Accounts, ConnectedAccount{Name: name})
	}
	return out, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
