package notify

import (
	"context"
	"strconv"

	"penny/store"
)

// The notification settings the chat sets and penny daemon reads, as typed
// reads and edits: how they are stored under QuietHoursKey and DetailsKey
// is known here only.

// StoredQuietHours returns the quiet hours stored in the vault
// ("22:00-07:00"; "" for none).
func StoredQuietHours(ctx context.Context, st *store.Store) (string, error) {
	return st.SettingOr(ctx, QuietHoursKey, "")
}

// StoredDetails reports whether the vault says notifications show amounts
// and merchants; private, the default, is false.
func StoredDetails(ctx context.Context, st *store.Store) (bool, error) {
	v, err := st.SettingOr(ctx, DetailsKey, "")
	return v == "true", err
}

// SetQuietHours stores quiet hours v ("" turns them off; anything else must
// read with ParseQuiet) in one write transaction, and returns what was
// stored before. Storing what is there already writes nothing.
func SetQuietHours(ctx context.Context, st *store.Store, v string) (old string, err error) {
	if v != "" {
		if _, err := ParseQuiet(v); err != nil {
			return "", err
		}
	}
	err = st.WithTx(ctx, func(tx *store.Store) error {
		var err error
		if old, err = StoredQuietHours(ctx, tx); err != nil || old == v {
			return err
		}
		return tx.SetSetting(ctx, QuietHoursKey, v)
	})
	return old, err
}

// SetDetails stores whether notifications show amounts and merchants, in
// one write transaction, and reports whether they did before. Storing what
// is there already writes nothing, nor does asking for private
// notifications when nothing was ever stored.
func SetDetails(ctx context.Context, st *store.Store, on bool) (was bool, err error) {
	v := strconv.FormatBool(on)
	err = st.WithTx(ctx, func(tx *store.Store) error {
		old, err := tx.SettingOr(ctx, DetailsKey, "")
		if err != nil {
			return err
		}
		was = old == "true"
		if old == v || old == "" && !on {
			return nil
		}
		return tx.SetSetting(ctx, DetailsKey, v)
	})
	return was, err
}
