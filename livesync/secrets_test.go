package livesync

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"penny/sources/fakebank"
	"penny/store"
)

// After connecting and syncing both kinds of source, the setup token, the
// access URL's credentials and the OFX password are nowhere outside the
// sealed vault: not in any file beside it, not in any progress line, error,
// note, source setting or network log entry.
func TestSecretsStayInTheVault(t *testing.T) {
	h := newHarness(t)
	token := h.sf.NewToken()
	claim, _ := base64.StdEncoding.DecodeString(token)
	tokenID := string(claim[strings.LastIndex(string(claim), "/")+1:])
	con, err := h.env.ConnectSimpleFIN(t.Context(), "bank", token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.env.ConnectOFX(t.Context(), h.ofxParams()); err != nil {
		t.Fatal(err)
	}
	reps, err := h.env.Sync(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.sf.Fail(fakebank.Fault500, attempts) // an error path too
	failed, _ := h.env.Sync(t.Context(), Options{Source: "bank"})
	user, pass := h.sf.Credentials()
	secrets := map[string]string{"setup token": token, "token id": tokenID, "access user": user, "access password": pass,
		"access URL": h.sf.AccessURL(), "OFX password": h.ofx.Password}

	var out strings.Builder
	out.WriteString(h.progress.String())
	fmt.Fprintf(&out, "%v %+v", con, con)
	for _, r := range append(reps, failed...) {
		fmt.Fprintf(&out, "%v %+v %v %q", r, r, r.Err, r.Notes)
	}
	srcs, _ := h.st.Sources(t.Context())
	for _, s := range srcs {
		fmt.Fprintf(&out, "%+v", s)
	}
	log, _ := h.st.NetLog(t.Context(), 1000)
	fmt.Fprintf(&out, "%+v", log)
	st, _ := h.env.Statuses(t.Context())
	fmt.Fprintf(&out, "%+v", st)
	var raws int
	h.st.DB().QueryRow(`SELECT count(*) FROM raw_payloads`).Scan(&raws)
	for id := range int64(raws) {
		fmt.Fprintf(&out, "%s", h.rawData(id+1))
	}
	for what, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Errorf("the %s appears in output, settings or the network log", what)
		}
	}
	if failed[0].Err == nil {
		t.Error("the failing sync did not fail")
	}

	// Inside the vault the secret is there, and readable only through it.
	sec, err := loadSecret(t.Context(), h.st, srcs[0])
	if err != nil || sec.AccessURL != h.sf.AccessURL() {
		t.Errorf("the access URL is not kept in the vault: %v", err)
	}
	h.reopen()
	err = filepath.WalkDir(filepath.Dir(h.path), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for what, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("the %s is in %s in plain text", what, p)
			}
		}
		if bytes.Contains(b, []byte("Everyday Checking")) {
			t.Errorf("%s holds bank data in plain text", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := h.st.CountTransactions(t.Context(), store.TxQuery{}); n == 0 {
		t.Error("nothing synced")
	}
}
