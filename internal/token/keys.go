package token

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// b64 is the encoding of every JWT segment: base64url without padding,
// rejecting non-zero trailing bits so that each byte string has exactly one
// encoding (the cache is keyed by the token string).
var b64 = base64.RawURLEncoding.Strict()

// key is one Ed25519 key pair with its JWT key id.
type key struct {
	id      string
	private ed25519.PrivateKey
	public  ed25519.PublicKey
	created time.Time
	// header is the encoded JWT header of tokens it signs, with the dot
	// that follows it.
	header string
}

// newKey returns the key pair stored as k.
func newKey(k gatehouse.SigningKey) (*key, error) {
	if len(k.Seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key %q: seed has %d bytes, want %d", k.ID, len(k.Seed), ed25519.SeedSize)
	}
	if k.ID == "" {
		return nil, fmt.Errorf("signing key has no id")
	}
	priv := ed25519.NewKeyFromSeed(k.Seed)
	h := header{Alg: algEdDSA, Kid: k.ID, Typ: "JWT"}
	return &key{
		id:      k.ID,
		private: priv,
		public:  priv.Public().(ed25519.PublicKey),
		created: k.CreatedAt,
		header:  b64.EncodeToString(mustMarshal(h)) + ".",
	}, nil
}

// generateKey returns a fresh signing key named by its thumbprint.
func generateKey(now time.Time) (gatehouse.SigningKey, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return gatehouse.SigningKey{}, fmt.Errorf("generate signing key: %w", err)
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return gatehouse.SigningKey{ID: thumbprint(pub), Seed: seed, CreatedAt: now}, nil
}

// thumbprint returns the RFC 7638 JWK thumbprint of pub: the SHA-256 of the
// key's required members in lexicographic order, base64url-encoded.
func thumbprint(pub ed25519.PublicKey) string {
	s := `{"crv":"Ed25519","kty":"OKP","x":"` + b64.EncodeToString(pub) + `"}`
	sum := sha256.Sum256([]byte(s))
	return b64.EncodeToString(sum[:])
}

// keySet is the keys an Issuer knows. It is never modified once built.
type keySet struct {
	signer *key
	byID   map[string]*key
	jwks   []byte
}

// newKeySet builds a keySet from stored keys, oldest first, signing with
// signer (one of stored).
func newKeySet(stored []gatehouse.SigningKey, signer string) (*keySet, error) {
	ks := &keySet{byID: make(map[string]*key, len(stored))}
	all := make([]*key, 0, len(stored))
	for _, sk := range stored {
		k, err := newKey(sk)
		if err != nil {
			return nil, err
		}
		ks.byID[k.id] = k
		all = append(all, k)
	}
	ks.signer = ks.byID[signer]
	if ks.signer == nil {
		return nil, fmt.Errorf("signing key %q is not stored", signer)
	}
	ks.jwks = marshalJWKS(all)
	return ks, nil
}

// loadKeys returns the stored signing keys, oldest first.
func loadKeys(ctx context.Context, store gatehouse.Store) ([]gatehouse.SigningKey, error) {
	var keys []gatehouse.SigningKey
	err := store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		keys, err = tx.SigningKeys(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	return keys, nil
}

// createFirstKey stores a new signing key unless a key already exists, and
// reports whether it stored one.
func createFirstKey(ctx context.Context, store gatehouse.Store, k gatehouse.SigningKey) (bool, error) {
	created := false
	err := store.Update(ctx, func(tx gatehouse.Tx) error {
		created = false // fn may be retried
		keys, err := tx.SigningKeys(ctx)
		if err != nil || len(keys) > 0 {
			return err
		}
		created = true
		return tx.AddSigningKey(ctx, k)
	})
	if err != nil {
		return false, fmt.Errorf("create signing key: %w", err)
	}
	return created, nil
}
