package gatehouse

import (
	"context"
	"sync/atomic"
)

// CountingStore is a Store that counts its committed write transactions,
// and those of other processes sharing the database that it is told of
// (NoteWrite). Caches of data read from the store remember the count they
// were filled at and are stale once it moves.
type CountingStore struct {
	Store
	writes atomic.Uint64
}

// CountWrites wraps s so that its committed writes are counted.
func CountWrites(s Store) *CountingStore { return &CountingStore{Store: s} }

// Update runs fn like the wrapped store and counts the write once it has
// committed.
func (s *CountingStore) Update(ctx context.Context, fn func(Tx) error) error {
	err := s.Store.Update(ctx, fn)
	if err == nil {
		s.writes.Add(1)
	}
	return err
}

// NoteWrite counts a write that another process committed to the shared
// database, so that caches keyed by the count reload.
func (s *CountingStore) NoteWrite() { s.writes.Add(1) }

// Writes returns the number of writes committed so far.
func (s *CountingStore) Writes() uint64 { return s.writes.Load() }
