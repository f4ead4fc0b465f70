package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// history returns the newest n password hashes of u.
func history(t *testing.T, s gatehouse.Store, u gatehouse.UserID, n int) []string {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]string, error) { return tx.PasswordHistory(ctx, u, n) })
}

func testPasswordHistory(t *testing.T, s gatehouse.Store) {
	u := createUser(t, s, newUser("u1"))
	v := createUser(t, s, newUser("u2"))
	checkEqual(t, "history of a new user", history(t, s, u.ID, 4), nil)
	add := func(id gatehouse.UserID, hash string, keep int) {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.AddPasswordHistory(ctx, id, hash, at(time.Hour), keep)
		})
	}
	add(u.ID, "h1", 3)
	add(v.ID, "v1", 3)
	add(u.ID, "h2", 3)
	add(u.ID, "h3", 3)
	checkEqual(t, "PasswordHistory(u, 4)", history(t, s, u.ID, 4), []string{"h3", "h2", "h1"})
	checkEqual(t, "PasswordHistory(u, 2)", history(t, s, u.ID, 2), []string{"h3", "h2"})
	checkEqual(t, "PasswordHistory(u, 0)", history(t, s, u.ID, 0), nil)
	add(u.ID, "h4", 3) // h1 is forgotten
	checkEqual(t, "after a fourth hash, keeping 3", history(t, s, u.ID, 10), []string{"h4", "h3", "h2"})
	add(u.ID, "h5", 1)
	checkEqual(t, "keeping 1", history(t, s, u.ID, 10), []string{"h5"})
	checkEqual(t, "the other user's history", history(t, s, v.ID, 10), []string{"v1"})

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.AddPasswordHistory(ctx, 9999, "x", t0, 3)
	})
	wantErr(t, "AddPasswordHistory of no user", err, gatehouse.ErrNotFound)
}
