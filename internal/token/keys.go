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

// Sealer seals and opens the seeds of signing keys at rest; a
// *secret.Key, the master key, is one.
type Sealer interface {
	Seal(plaintext []byte, context string) []byte
	Open(sealed []byte, context string) ([]byte, error)
}

// sealContext binds a sealed seed to its key id.
func sealContext(id string) string { return "signing-key:" + id }

// seal returns k with its seed sealed by sealer, or k if sealer is nil.
func seal(sealer Sealer, k gatehouse.SigningKey) gatehouse.SigningKey {
	if sealer != nil {
		k.Seed = sealer.Seal(k.Seed, sealContext(k.ID))
	}
	return k
}

// loadKeys returns the stored signing keys, oldest first, with their seeds
// opened by sealer. A seed of exactly ed25519.SeedSize bytes was stored
// unsealed and is used as it is.
func loadKeys(ctx context.Context, store gatehouse.Store, sealer Sealer) ([]gatehouse.SigningKey, error) {
	var keys []gatehouse.SigningKey
	err := store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		keys, err = tx.SigningKeys(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	if sealer == nil {
		return keys, nil
	}
	for i, k := range keys {
		if len(k.Seed) == ed25519.SeedSize {
			continue
		}
		seed, err := sealer.Open(k.Seed, sealContext(k.ID))
		if err != nil {
			return nil, fmt.Errorf("open signing key %q: %w", k.ID, err)
		}
		keys[i].Seed = seed
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
