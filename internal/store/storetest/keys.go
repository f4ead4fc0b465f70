package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// seed returns a 32-byte key seed filled with b, with a zero byte inside.
func seed(b byte) []byte {
	s := bytes.Repeat([]byte{b}, 32)
	s[7] = 0
	return s
}

func testSigningKeys(t *testing.T, s gatehouse.Store) {
	keys := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.SigningKey, error) { return tx.SigningKeys(ctx) })
	if len(keys) != 0 {
		t.Fatalf("a new store has signing keys: %v", keys)
	}
	k1 := gatehouse.SigningKey{ID: "k1", Seed: seed(1), CreatedAt: at(2 * time.Hour)}
	k2 := gatehouse.SigningKey{ID: "k2", Seed: seed(2), CreatedAt: at(time.Hour)} // older, added later
	k3 := gatehouse.SigningKey{ID: "k3", Seed: seed(3), CreatedAt: at(3 * time.Hour)}
	for _, k := range []gatehouse.SigningKey{k1, k2, k3} {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddSigningKey(ctx, k) })
	}

	dup := gatehouse.SigningKey{ID: "k1", Seed: seed(9), CreatedAt: at(4 * time.Hour)}
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddSigningKey(ctx, dup) })
	wantErr(t, "AddSigningKey with a taken id", err, gatehouse.ErrConflict)

	keys = mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.SigningKey, error) { return tx.SigningKeys(ctx) })
	checkEqual(t, "SigningKeys, oldest first", keys, []gatehouse.SigningKey{k2, k1, k3})
}

// revoked reports whether jti is revoked.
func revoked(t *testing.T, s gatehouse.Store, jti string) bool {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (bool, error) { return tx.TokenRevoked(ctx, jti) })
}

// revoke revokes jti until expires.
func revoke(t *testing.T, s gatehouse.Store, jti string, expires time.Time) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RevokeToken(ctx, jti, expires) })
}

func testTokenRevocations(t *testing.T, s gatehouse.Store) {
	if revoked(t, s, "a") {
		t.Errorf("a new store says token a is revoked")
	}
	revoke(t, s, "a", at(time.Hour))
	revoke(t, s, "a", at(time.Hour)) // twice is fine
	revoke(t, s, "a", at(2*time.Hour))
	revoke(t, s, "b", at(time.Hour))

	tests := []struct {
		jti  string
		want bool
	}{
		{"a", true},
		{"b", true},
		{"c", false},
		{"", false},
		{"A", false},
	}
	for _, tt := range tests {
		t.Run("jti="+tt.jti, func(t *testing.T) {
			if got := revoked(t, s, tt.jti); got != tt.want {
				t.Errorf("TokenRevoked(%q) = %v, want %v", tt.jti, got, tt.want)
			}
		})
	}
}

func testPurgeRevocations(t *testing.T, s gatehouse.Store) {
	revoke(t, s, "expired", at(-time.Hour))
	revoke(t, s, "at-cutoff", t0)
	revoke(t, s, "live", at(time.Hour))
	revoke(t, s, "extended", at(-time.Hour))
	revoke(t, s, "extended", at(time.Hour)) // revoked again, with a later expiry

	purge := func(before time.Time) {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PurgeRevocations(ctx, before) })
	}
	purge(t0)
	tests := []struct {
		jti  string
		want bool
	}{
		{"expired", false},
		{"at-cutoff", true}, // expires at t0, not before it
		{"live", true},
		{"extended", true},
	}
	for _, tt := range tests {
		if got := revoked(t, s, tt.jti); got != tt.want {
			t.Errorf("after PurgeRevocations(t0): TokenRevoked(%q) = %v, want %v", tt.jti, got, tt.want)
		}
	}

	purge(at(2 * time.Hour))
	for _, jti := range []string{"at-cutoff", "live", "extended"} {
		if revoked(t, s, jti) {
			t.Errorf("after purging everything: TokenRevoked(%q) = true", jti)
		}
	}
}
