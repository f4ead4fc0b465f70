package token

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// DefaultCacheSize is the number of verified tokens an Issuer remembers.
const DefaultCacheSize = 100_000

// Issuer issues and verifies tokens. Its methods are safe for concurrent use.
type Issuer struct {
	// Now returns the current time; it is time.Now unless a test sets it
	// (before the Issuer is used).
	Now func() time.Time

	store  gatehouse.Store
	sealer Sealer // nil: seeds stored as they are
	ttl    time.Duration
	logger *slog.Logger
	keys   atomic.Pointer[keySet]
	cache  *cache
}

// NewIssuer returns an Issuer whose tokens are valid for ttl. It loads the
// signing keys from store, creating the first key if there is none.
//
// The newest stored key signs. When NewIssuer creates the first key it reads
// the keys again and signs with the oldest, so that replicas racing to create
// the first key settle on the same one.
func NewIssuer(ctx context.Context, store gatehouse.Store, ttl time.Duration, logger *slog.Logger) (*Issuer, error) {
	return NewSealedIssuer(ctx, store, ttl, nil, logger)
}

// NewSealedIssuer is NewIssuer for keys whose seeds are stored sealed by
// sealer (the master key): every server sharing the store must have the
// same one, and one with another key fails to load them. Seeds stored
// unsealed, by an issuer without a sealer, still load.
func NewSealedIssuer(ctx context.Context, store gatehouse.Store, ttl time.Duration, sealer Sealer, logger *slog.Logger) (*Issuer, error) {
	if ttl < time.Second {
		return nil, fmt.Errorf("new token issuer: ttl %v is shorter than a second", ttl)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	stored, err := loadKeys(ctx, store, sealer)
	if err != nil {
		return nil, err
	}
	var signer string
	if len(stored) > 0 {
		signer = stored[len(stored)-1].ID
	} else {
		k, err := generateKey(time.Now())
		if err != nil {
			return nil, err
		}
		created, err := createFirstKey(ctx, store, seal(sealer, k))
		if err != nil {
			return nil, err
		}
		if created {
			logger.Info("created token signing key", "kid", k.ID)
		}
		if stored, err = loadKeys(ctx, store, sealer); err != nil {
			return nil, err
		}
		if len(stored) == 0 {
			return nil, errors.New("load signing keys: none stored after creating one")
		}
		signer = stored[0].ID
	}
	ks, err := newKeySet(stored, signer)
	if err != nil {
		return nil, err
	}
	i := &Issuer{
		Now:    time.Now,
		store:  store,
		sealer: sealer,
		ttl:    ttl,
		logger: logger,
		cache:  newCache(DefaultCacheSize),
	}
	i.keys.Store(ks)
	logger.Debug("loaded token signing keys", "count", len(stored), "signing_kid", signer)
	return i, nil
}

// Refresh reads the stored keys again so that tokens signed by keys that
// other replicas added since NewIssuer verify here too. It keeps the current
// signing key.
func (i *Issuer) Refresh(ctx context.Context) error {
	stored, err := loadKeys(ctx, i.store, i.sealer)
	if err != nil {
		return err
	}
	ks, err := newKeySet(stored, i.keys.Load().signer.id)
	if err != nil {
		return fmt.Errorf("refresh signing keys: %w", err)
	}
	i.keys.Store(ks)
	return nil
}

// Issue returns a new signed token for the user, logged into the tenant, at
// the user's current token generation, with its claims. It returns a
// *gatehouse.FieldError for a user or tenant id that is not positive.
func (i *Issuer) Issue(userID gatehouse.UserID, tenantID gatehouse.TenantID, generation int64) (string, Claims, error) {
	switch {
	case userID <= 0:
		return "", Claims{}, gatehouse.Invalid("user_id", "must be positive (got %d)", userID)
	case tenantID <= 0:
		return "", Claims{}, gatehouse.Invalid("tenant_id", "must be positive (got %d)", tenantID)
	}
	epoch := i.cache.epoch()
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", Claims{}, fmt.Errorf("issue token: %w", err)
	}
	now := i.Now()
	c := Claims{
		ID:         b64.EncodeToString(id[:]),
		UserID:     userID,
		TenantID:   tenantID,
		Generation: generation,
		IssuedAt:   time.Unix(now.Unix(), 0),
		ExpiresAt:  time.Unix(now.Add(i.ttl).Unix(), 0),
	}
	k := i.keys.Load().signer
	signed := k.header + b64.EncodeToString(mustMarshal(payloadOf(c)))
	sig := ed25519.Sign(k.private, []byte(signed))
	tok := signed + "." + b64.EncodeToString(sig)
	// The client will use the token at once: spare its first verification.
	i.cache.put(tok, c, epoch, now)
	return tok, c, nil
}

// Forget drops every cached verification of the user's tokens. Call it when
// revoking the user's tokens, disabling or removing the user, or changing
// the user's password. Once it returns, no verification that began before it
// is cached.
func (i *Issuer) Forget(userID gatehouse.UserID) { i.cache.forgetUser(userID) }

// ForgetToken drops the cached verification of the token whose id ("jti",
// Claims.ID) is jti, as on logout. Once it returns, no verification that
// began before it is cached.
func (i *Issuer) ForgetToken(jti string) { i.cache.forgetToken(jti) }
