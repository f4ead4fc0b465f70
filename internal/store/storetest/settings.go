package storetest

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// settings returns every stored setting.
func settings(t *testing.T, s gatehouse.Store) map[string]string {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (map[string]string, error) { return tx.GetSettings(ctx) })
}

// putSetting stores value under name.
func putSetting(t *testing.T, s gatehouse.Store, name, value string) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutSetting(ctx, name, value) })
}

func testSettings(t *testing.T, s gatehouse.Store) {
	if got := settings(t, s); len(got) != 0 {
		t.Fatalf("a new store has settings: %v", got)
	}
	putSetting(t, s, "lockout.threshold", "6")
	putSetting(t, s, "password.quality", "")               // an empty value is a value
	putSetting(t, s, "password.quality", "^[a-z]+[0-9]+$") // replaced
	putSetting(t, s, "x", "a value with 'quotes' and ünïcode")
	checkEqual(t, "GetSettings", settings(t, s), map[string]string{
		"lockout.threshold": "6",
		"password.quality":  "^[a-z]+[0-9]+$",
		"x":                 "a value with 'quotes' and ünïcode",
	})

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutSetting(ctx, "", "v") })
	wantErr(t, "PutSetting with no name", err, gatehouse.ErrInvalid)

	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := tx.PutSetting(ctx, "lockout.threshold", "9"); err != nil {
			return err
		}
		return gatehouse.ErrConflict // roll back
	})
	wantErr(t, "rolled back Update", err, gatehouse.ErrConflict)
	if got := settings(t, s)["lockout.threshold"]; got != "6" {
		t.Errorf("after a rolled back PutSetting: lockout.threshold = %q, want 6", got)
	}
}
