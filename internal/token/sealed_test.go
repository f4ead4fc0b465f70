package token

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/secret"
)

// mustKey returns a new master key.
func mustKey(t *testing.T) *secret.Key {
	t.Helper()
	k, err := secret.Parse(secret.Generate())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealedIssuer(t *testing.T) {
	ctx := context.Background()
	store := &memStore{}
	master := mustKey(t)
	first, err := NewSealedIssuer(ctx, store, testTTL, master, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(store.keys) != 1 || len(store.keys[0].Seed) == ed25519.SeedSize {
		t.Fatalf("stored keys %d, seed of %d bytes: want one key with a sealed seed", len(store.keys), len(store.keys[0].Seed))
	}

	// Another server with the same master key verifies the first's tokens.
	tok, _, err := first.Issue(1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	second, err := NewSealedIssuer(ctx, store, testTTL, master, testLogger(t))
	if err != nil {
		t.Fatalf("same master key: %v", err)
	}
	if _, err := second.Verify(tok); err != nil {
		t.Errorf("the second server refuses the first's token: %v", err)
	}
	// Reading the keys again, as a replica does after losing its
	// connection, opens the sealed seeds as the start did.
	if err := second.Refresh(ctx); err != nil {
		t.Fatalf("Refresh of a sealed issuer: %v", err)
	}
	if _, err := second.Verify(tok); err != nil {
		t.Errorf("after Refresh the second server refuses the first's token: %v", err)
	}

	// One with another master key refuses to start.
	_, err = NewSealedIssuer(ctx, store, testTTL, mustKey(t), testLogger(t))
	if !errors.Is(err, secret.ErrWrongKey) {
		t.Errorf("another master key: %v, want secret.ErrWrongKey", err)
	}
}

func TestSealedIssuerReadsUnsealedKeys(t *testing.T) {
	ctx := context.Background()
	store := &memStore{}
	plain, err := NewIssuer(ctx, store, testTTL, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := plain.Issue(1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := NewSealedIssuer(ctx, store, testTTL, mustKey(t), testLogger(t))
	if err != nil {
		t.Fatalf("unsealed seeds stored before the master key: %v", err)
	}
	if _, err := sealed.Verify(tok); err != nil {
		t.Errorf("token signed with an unsealed key: %v", err)
	}
}
