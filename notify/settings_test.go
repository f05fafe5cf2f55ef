package notify

import (
	"testing"

	"penny/store"
)

func TestNotificationSettingsReadBackAndWriteOnlyChanges(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, closeFn, err := store.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeFn() })
	if q, err := StoredQuietHours(ctx, st); err != nil || q != "" {
		t.Fatalf("quiet hours of a new vault: %q %v", q, err)
	}
	if _, err := SetQuietHours(ctx, st, "25:00-07:00"); err == nil {
		t.Error("quiet hours that are no hours were stored")
	}
	if old, err := SetQuietHours(ctx, st, "22:00-07:00"); err != nil || old != "" {
		t.Fatalf("set quiet hours: %q %v", old, err)
	}
	if old, err := SetQuietHours(ctx, st, ""); err != nil || old != "22:00-07:00" {
		t.Fatalf("turn quiet hours off: old %q %v", old, err)
	}
	// Private is the default: asking for it stores nothing.
	if was, err := SetDetails(ctx, st, false); err != nil || was {
		t.Fatalf("private: %v %v", was, err)
	}
	if _, err := st.Setting(ctx, DetailsKey); err == nil {
		t.Error("private notifications were written over nothing")
	}
	if was, err := SetDetails(ctx, st, true); err != nil || was {
		t.Fatalf("details: %v %v", was, err)
	}
	if on, err := StoredDetails(ctx, st); err != nil || !on {
		t.Errorf("details read back as %v %v", on, err)
	}
	if was, err := SetDetails(ctx, st, false); err != nil || !was {
		t.Errorf("back to private: was %v %v", was, err)
	}
}
