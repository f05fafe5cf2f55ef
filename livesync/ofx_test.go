package livesync

import (
	"errors"
	"strings"
	"testing"

	"penny/sources/fakebank"
	"penny/sources/ofxdirect"
	"penny/store"
)

func (h *harness) ofxParams() OFXParams {
	return OFXParams{Name: "cu", URL: h.ofx.Endpoint(), Org: h.ofx.ORG, FID: h.ofx.FID, UserID: h.ofx.User, Password: h.ofx.Password}
}

func TestOFXConnectAndSync(t *testing.T) {
	h := newHarness(t)
	con, err := h.env.ConnectOFX(t.Context(), h.ofxParams())
	if err != nil {
		t.Fatal(err)
	}
	if len(con.Accounts) != 4 {
		t.Fatalf("accounts %+v", con.Accounts)
	}
	rep := h.mustSync()
	if rep.Requests != 1 {
		t.Errorf("%d requests, want one for every statement", rep.Requests)
	}
	h.reopen()
	accts, _ := h.st.Accounts(t.Context())
	if len(accts) != 4 {
		t.Fatalf("%d accounts", len(accts))
	}
	var eur, hostile bool
	for _, a := range accts {
		if a.Currency == "EUR" {
			eur = true
		}
		if a.BankBalance == nil || a.Balance != *a.BankBalance {
			t.Errorf("%s: balance %v, bank %v", a.Name, a.Balance, a.BankBalance)
		}
	}
	rows, _ := h.st.Transactions(t.Context(), store.TxQuery{})
	for _, r := range rows {
		if r.Payee == fakebank.HostileOSC52 {
			hostile = true
		}
	}
	if !eur || !hostile {
		t.Errorf("EUR account: %v; hostile payee stored as received: %v", eur, hostile)
	}
	uid, _ := h.st.Setting(t.Context(), clientUIDKey)
	for _, so := range h.ofx.Signons() {
		if so.AppID != "QWIN" || so.AppVer != "2700" || so.ClientUID != uid || uid == "" {
			t.Errorf("sign-on %+v (vault CLIENTUID %q)", so, uid)
		}
	}
	before := h.snapshot()
	h.mustSync()
	if h.snapshot() != before {
		t.Error("a second OFX sync changed data")
	}
}

func TestOFXApprovalKeepsTheCLIENTUID(t *testing.T) {
	h := newHarness(t)
	h.ofx.SetMode(fakebank.OFXApproveClientUID)
	_, err := h.env.ConnectOFX(t.Context(), h.ofxParams())
	var se *ofxdirect.SignonError
	if !errors.As(err, &se) || se.Code != 15500 || !strings.Contains(err.Error(), "approve this computer") || !strings.Contains(err.Error(), "nothing was added") {
		t.Fatalf("err %v", err)
	}
	if srcs, _ := h.st.Sources(t.Context()); len(srcs) != 0 {
		t.Fatalf("a refused sign-on added %d sources", len(srcs))
	}
	uid, _ := h.st.Setting(t.Context(), clientUIDKey)
	h.ofx.Approve(uid)
	if _, err := h.env.ConnectOFX(t.Context(), h.ofxParams()); err != nil {
		t.Fatalf("after approval: %v", err)
	}
	h.mustSync()
	h.ofx.SetMode(fakebank.OFXMFA)
	rep := h.sync(Options{})
	if !errors.As(rep.Err, &se) || se.Code != 3000 || !strings.Contains(rep.Err.Error(), "penny import") || rep.Requests != 1 {
		t.Errorf("MFA: %v after %d requests", rep.Err, rep.Requests)
	}
}

func TestOFXFaultWritesNothing(t *testing.T) {
	h := newHarness(t)
	if _, err := h.env.ConnectOFX(t.Context(), h.ofxParams()); err != nil {
		t.Fatal(err)
	}
	h.ofx.Fail(fakebank.FaultTruncated, attempts)
	rep := h.sync(Options{})
	if rep.Err == nil || !strings.Contains(rep.Err.Error(), "cut off") {
		t.Fatalf("err %v", rep.Err)
	}
	if n, _ := h.st.CountTransactions(t.Context(), store.TxQuery{}); n != 0 {
		t.Fatalf("%d rows after a failed sync", n)
	}
	h.mustSync()
}
