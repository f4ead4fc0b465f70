package token

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// numShards is the number of independently locked parts of a cache; a power
// of two.
const numShards = 64

// cache remembers verified claims by token string until the token expires.
// Maps keyed by the whole token string mean that only the very token that
// was verified can hit.
//
// Forgetting races with verification: a verification that began before a
// Forget must not cache its result after it. Each forget therefore bumps an
// epoch before it deletes, and put caches only if the epoch read before
// verification is still current, checked under the shard lock.
type cache struct {
	seed   maphash.Seed
	epochs atomic.Uint64
	shards [numShards]shard
}

// shard is one part of a cache, with indexes for forgetting by user and by
// token id.
type shard struct {
	mu         sync.RWMutex
	entries    map[string]Claims // by token
	byJTI      map[string]string // token by Claims.ID
	byUser     map[gatehouse.UserID]map[string]struct{}
	max        int
	nextExpiry time.Time // no entry expires before; zero if empty
	_          [48]byte  // pad to 128 bytes: shards on separate cache lines
}

// newCache returns a cache of about size entries.
func newCache(size int) *cache {
	c := &cache{seed: maphash.MakeSeed()}
	perShard := max(1, (size+numShards-1)/numShards)
	for i := range c.shards {
		c.shards[i].init(perShard)
	}
	return c
}

func (s *shard) init(max int) {
	s.entries = make(map[string]Claims)
	s.byJTI = make(map[string]string)
	s.byUser = make(map[gatehouse.UserID]map[string]struct{})
	s.max = max
}

func (c *cache) shard(token string) *shard {
	return &c.shards[maphash.String(c.seed, token)%numShards]
}

// epoch returns the value to pass to put for a verification beginning now.
func (c *cache) epoch() uint64 { return c.epochs.Load() }

// get returns the claims of token if they are cached and unexpired at now.
func (c *cache) get(token string, now time.Time) (Claims, bool) {
	s := c.shard(token)
	s.mu.RLock()
	cl, ok := s.entries[token]
	s.mu.RUnlock()
	if !ok {
		return Claims{}, false
	}
	if !now.Before(cl.ExpiresAt) {
		s.mu.Lock()
		if cl, ok := s.entries[token]; ok {
			s.delete(token, cl)
		}
		s.mu.Unlock()
		return Claims{}, false
	}
	return cl, true
}

// put caches the claims of token, verified in a verification that began at
// epoch, unless something was forgotten since.
func (c *cache) put(token string, cl Claims, epoch uint64, now time.Time) {
	// The caller's string may share memory with a larger one (a request).
	token = strings.Clone(token)
	s := c.shard(token)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.epochs.Load() == epoch {
		s.add(token, cl, now)
	}
}

// add caches the claims of token, evicting an entry if the shard is full.
func (s *shard) add(token string, cl Claims, now time.Time) {
	if _, ok := s.entries[token]; ok {
		return
	}
	if old, ok := s.byJTI[cl.ID]; ok {
		s.delete(old, s.entries[old])
	}
	if len(s.entries) >= s.max {
		s.evict(now)
	}
	s.entries[token] = cl
	s.byJTI[cl.ID] = token
	u := s.byUser[cl.UserID]
	if u == nil {
		u = make(map[string]struct{})
		s.byUser[cl.UserID] = u
	}
	u[token] = struct{}{}
	if s.nextExpiry.IsZero() || cl.ExpiresAt.Before(s.nextExpiry) {
		s.nextExpiry = cl.ExpiresAt
	}
}

// evict makes room for one entry: it drops the expired entries, if any, and
// then arbitrary ones.
func (s *shard) evict(now time.Time) {
	if !s.nextExpiry.IsZero() && !now.Before(s.nextExpiry) {
		var next time.Time
		for tok, cl := range s.entries {
			if !now.Before(cl.ExpiresAt) {
				s.delete(tok, cl)
			} else if next.IsZero() || cl.ExpiresAt.Before(next) {
				next = cl.ExpiresAt
			}
		}
		s.nextExpiry = next
	}
	for tok, cl := range s.entries {
		if len(s.entries) < s.max {
			break
		}
		s.delete(tok, cl)
	}
}

// delete removes token, whose claims are cl, and its index entries.
func (s *shard) delete(token string, cl Claims) {
	delete(s.entries, token)
	if s.byJTI[cl.ID] == token {
		delete(s.byJTI, cl.ID)
	}
	if u := s.byUser[cl.UserID]; u != nil {
		delete(u, token)
		if len(u) == 0 {
			delete(s.byUser, cl.UserID)
		}
	}
}

// forgetUser drops the entries of the user's tokens.
func (c *cache) forgetUser(id gatehouse.UserID) {
	c.epochs.Add(1)
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		for tok := range s.byUser[id] {
			s.delete(tok, s.entries[tok])
		}
		s.mu.Unlock()
	}
}

// forgetToken drops the entry of the token whose id is jti.
func (c *cache) forgetToken(jti string) {
	c.epochs.Add(1)
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		if tok, ok := s.byJTI[jti]; ok {
			s.delete(tok, s.entries[tok])
		}
		s.mu.Unlock()
	}
}

// len returns the number of entries, expired or not.
func (c *cache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.entries)
		s.mu.RUnlock()
	}
	return n
}
