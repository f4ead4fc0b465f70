package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// liveTokens returns the ids of u's live tokens at now.
func liveTokens(t *testing.T, s gatehouse.Store, u gatehouse.UserID, now time.Time) []string {
	t.Helper()
	ts := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.IssuedToken, error) {
		return tx.ListTokens(ctx, u, now)
	})
	var ids []string
	for _, x := range ts {
		ids = append(ids, x.ID)
	}
	return ids
}

func testTokens(t *testing.T, s gatehouse.Store) {
	u := createUser(t, s, newUser("u1"))
	v := createUser(t, s, newUser("u2"))
	tn := createTenant(t, s, "t1")
	add := func(tok gatehouse.IssuedToken) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddToken(ctx, tok) })
	}
	a := gatehouse.IssuedToken{ID: "jti-a", UserID: u.ID, TenantID: tn.ID, Generation: 1, IssuedAt: at(time.Hour), ExpiresAt: at(13 * time.Hour), Source: "192.0.2.1"}
	b := gatehouse.IssuedToken{ID: "jti-b", UserID: u.ID, TenantID: tn.ID, Generation: 1, IssuedAt: at(2 * time.Hour), ExpiresAt: at(3 * time.Hour)}
	c := gatehouse.IssuedToken{ID: "jti-c", UserID: v.ID, TenantID: tn.ID, Generation: 1, IssuedAt: at(0), ExpiresAt: at(12 * time.Hour)}
	for _, tok := range []gatehouse.IssuedToken{b, a, c} {
		if err := add(tok); err != nil {
			t.Fatalf("AddToken(%s): %v", tok.ID, err)
		}
	}
	wantErr(t, "AddToken with a taken id", add(a), gatehouse.ErrConflict)
	wantErr(t, "AddToken of no user", add(gatehouse.IssuedToken{ID: "x", UserID: 9999, TenantID: tn.ID, IssuedAt: t0, ExpiresAt: at(time.Hour)}), gatehouse.ErrNotFound)
	wantErr(t, "AddToken in no tenant", add(gatehouse.IssuedToken{ID: "y", UserID: u.ID, TenantID: 9999, IssuedAt: t0, ExpiresAt: at(time.Hour)}), gatehouse.ErrNotFound)

	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.IssuedToken, error) {
		return tx.TokenByID(ctx, "jti-a")
	})
	checkEqual(t, "TokenByID", got, a)
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.IssuedToken, error) {
		return tx.TokenByID(ctx, "nope")
	})
	wantErr(t, "TokenByID of no token", err, gatehouse.ErrNotFound)

	checkEqual(t, "ListTokens, oldest first", liveTokens(t, s, u.ID, at(2*time.Hour)), []string{"jti-a", "jti-b"})
	checkEqual(t, "ListTokens after b expired", liveTokens(t, s, u.ID, at(3*time.Hour)), []string{"jti-a"})
	checkEqual(t, "ListTokens of the other user", liveTokens(t, s, v.ID, at(0)), []string{"jti-c"})

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.TouchToken(ctx, "jti-a", at(90*time.Minute))
	})
	got = mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.IssuedToken, error) {
		return tx.TokenByID(ctx, "jti-a")
	})
	checkEqual(t, "LastUsedAt after TouchToken", got.LastUsedAt.Equal(at(90*time.Minute)), true)
	wantErr(t, "TouchToken of no token", update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.TouchToken(ctx, "nope", t0) }), gatehouse.ErrNotFound)

	// A revoked token, and tokens of an older generation, are not live.
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RevokeToken(ctx, "jti-b", b.ExpiresAt) })
	checkEqual(t, "ListTokens after revoking b", liveTokens(t, s, u.ID, at(2*time.Hour)), []string{"jti-a"})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.TokenGeneration++
		return tx.UpdateUser(ctx, cur)
	})
	checkEqual(t, "ListTokens after a new generation", liveTokens(t, s, u.ID, at(2*time.Hour)), nil)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.PurgeTokens(ctx, at(12*time.Hour+time.Minute))
	})
	_, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.IssuedToken, error) {
		return tx.TokenByID(ctx, "jti-c")
	})
	wantErr(t, "TokenByID of a purged token", err, gatehouse.ErrNotFound)
	if _, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.IssuedToken, error) {
		return tx.TokenByID(ctx, "jti-a")
	}); err != nil {
		t.Errorf("TokenByID of a token not yet expired after PurgeTokens: %v", err)
	}
}
