package token

import (
	"context"
	"slices"
	"sync"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// memStore is an in-memory gatehouse.Store holding signing keys only: just
// what NewIssuer uses. The key store contract itself is tested by the
// conformance suite in internal/store/storetest.
type memStore struct {
	mu   sync.Mutex
	keys []gatehouse.SigningKey
	// afterUpdate, if set, runs after each committed Update with the lock
	// held, to play a replica that commits at that moment.
	afterUpdate func(*memStore)
}

var _ gatehouse.Store = (*memStore)(nil)

// Update runs fn on a copy of the keys and keeps the copy if fn succeeds.
func (s *memStore) Update(ctx context.Context, fn func(gatehouse.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &memTx{keys: slices.Clone(s.keys)}
	if err := fn(tx); err != nil {
		return err
	}
	s.keys = tx.keys
	if s.afterUpdate != nil {
		s.afterUpdate(s)
	}
	return nil
}

// View runs fn on a copy of the keys.
func (s *memStore) View(ctx context.Context, fn func(gatehouse.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&memTx{keys: slices.Clone(s.keys)})
}

// Close does nothing.
func (s *memStore) Close() error { return nil }

// memTx implements the KeyStore methods of gatehouse.Tx; calling any other
// method panics on the nil embedded Tx.
type memTx struct {
	gatehouse.Tx
	keys []gatehouse.SigningKey
}

// AddSigningKey appends k, keeping the keys oldest first.
func (tx *memTx) AddSigningKey(ctx context.Context, k gatehouse.SigningKey) error {
	for _, old := range tx.keys {
		if old.ID == k.ID {
			return gatehouse.Errorf(gatehouse.ErrConflict, "signing key %q exists", k.ID)
		}
	}
	tx.keys = append(tx.keys, k)
	slices.SortStableFunc(tx.keys, func(a, b gatehouse.SigningKey) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return nil
}

// SigningKeys returns the keys, oldest first.
func (tx *memTx) SigningKeys(ctx context.Context) ([]gatehouse.SigningKey, error) {
	return slices.Clone(tx.keys), nil
}
