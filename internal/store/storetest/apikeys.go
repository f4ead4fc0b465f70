package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// listAPIKeys returns the keys of u, or all keys if u is 0.
func listAPIKeys(t *testing.T, s gatehouse.Store, u gatehouse.UserID) []gatehouse.APIKey {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.APIKey, error) {
		return tx.ListAPIKeys(ctx, u)
	})
}

// createAPIKey stores k.
func createAPIKey(t *testing.T, s gatehouse.Store, k gatehouse.APIKey) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateAPIKey(ctx, k) })
}

// hash returns a 64-digit hex string made of b.
func hash(b byte) string {
	const hex = "0123456789abcdef"
	h := make([]byte, 64)
	for i := range h {
		h[i] = hex[(int(b)+i)%16]
	}
	return string(h)
}

func testCreateAPIKey(t *testing.T, s gatehouse.Store) {
	svc := createUser(t, s, newUser("svc"))
	acme := createTenant(t, s, "acme")

	tests := []struct {
		name string
		k    gatehouse.APIKey
	}{
		{"every field", gatehouse.APIKey{ID: "gh_k1", Hash: hash(1), ExpiresAt: at(24 * time.Hour), CreatedAt: t0}},
		{"no expiry", gatehouse.APIKey{ID: "gh_k2", Hash: hash(2), CreatedAt: t0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := tt.k
			k.UserID, k.TenantID = svc.ID, acme.ID
			createAPIKey(t, s, k)
			got, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.APIKey, error) {
				return tx.APIKeyByID(ctx, k.ID)
			})
			wantErr(t, "APIKeyByID", err, nil)
			checkEqual(t, "APIKeyByID", got, k)
		})
	}
}

func testAPIKeyErrors(t *testing.T, s gatehouse.Store) {
	svc := createUser(t, s, newUser("svc"))
	acme := createTenant(t, s, "acme")
	k1 := gatehouse.APIKey{ID: "gh_k1", UserID: svc.ID, TenantID: acme.ID, Hash: hash(1), CreatedAt: t0}
	createAPIKey(t, s, k1)

	tests := []struct {
		name string
		fn   func(ctx context.Context, tx gatehouse.Tx) error
		want error
	}{
		{"CreateAPIKey with a taken id", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateAPIKey(ctx, gatehouse.APIKey{ID: "gh_k1", UserID: svc.ID, TenantID: acme.ID, Hash: hash(2)})
		}, gatehouse.ErrConflict},
		{"CreateAPIKey for an unknown user", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateAPIKey(ctx, gatehouse.APIKey{ID: "gh_k2", UserID: svc.ID + 100, TenantID: acme.ID, Hash: hash(2)})
		}, gatehouse.ErrNotFound},
		{"CreateAPIKey in an unknown tenant", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateAPIKey(ctx, gatehouse.APIKey{ID: "gh_k2", UserID: svc.ID, TenantID: acme.ID + 100, Hash: hash(2)})
		}, gatehouse.ErrNotFound},
		{"APIKeyByID unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.APIKeyByID(ctx, "gh_k2")
			return err
		}, gatehouse.ErrNotFound},
		{"APIKeyByID is case-sensitive", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.APIKeyByID(ctx, "GH_K1")
			return err
		}, gatehouse.ErrNotFound},
		{"DeleteAPIKey unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteAPIKey(ctx, "gh_k2")
		}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.name, update(t, s, tt.fn), tt.want)
		})
	}
	checkEqual(t, "ListAPIKeys after refused writes", listAPIKeys(t, s, 0), []gatehouse.APIKey{k1})
}

func testListAPIKeys(t *testing.T, s gatehouse.Store) {
	svc1 := createUser(t, s, newUser("svc1"))
	svc2 := createUser(t, s, newUser("svc2"))
	nokeys := createUser(t, s, newUser("nokeys"))
	acme := createTenant(t, s, "acme")
	key := func(id string, u gatehouse.UserID, created time.Time) gatehouse.APIKey {
		return gatehouse.APIKey{ID: id, UserID: u, TenantID: acme.ID, Hash: hash(id[len(id)-1]), CreatedAt: created}
	}
	k1 := key("k1", svc1.ID, at(2*time.Hour))
	k2 := key("k2", svc2.ID, at(time.Hour)) // older, created later
	k3 := key("k3", svc1.ID, at(3*time.Hour))
	k4 := key("k4", svc1.ID, at(2*time.Hour)) // same time as k1, created later
	for _, k := range []gatehouse.APIKey{k1, k2, k3, k4} {
		createAPIKey(t, s, k)
	}

	tests := []struct {
		name string
		user gatehouse.UserID
		want []gatehouse.APIKey
	}{
		{"all, oldest first, ties in creation order", 0, []gatehouse.APIKey{k2, k1, k4, k3}},
		{"one user", svc1.ID, []gatehouse.APIKey{k1, k4, k3}},
		{"other user", svc2.ID, []gatehouse.APIKey{k2}},
		{"user without keys", nokeys.ID, nil},
		{"unknown user", nokeys.ID + 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEqual(t, "ListAPIKeys", listAPIKeys(t, s, tt.user), tt.want)
		})
	}

	// DeleteAPIKey removes one key; a second delete finds nothing.
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteAPIKey(ctx, "k1") })
	checkEqual(t, "ListAPIKeys after DeleteAPIKey", listAPIKeys(t, s, svc1.ID), []gatehouse.APIKey{k4, k3})
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.APIKey, error) { return tx.APIKeyByID(ctx, "k1") })
	wantErr(t, "APIKeyByID after DeleteAPIKey", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteAPIKey(ctx, "k1") })
	wantErr(t, "DeleteAPIKey twice", err, gatehouse.ErrNotFound)
}
