package authz

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound how many users and objects an engine holds, for an engine
// filled as requests ask about users and objects (authsync.Syncer), which
// would otherwise keep every user and object it ever loaded. Past a bound,
// the engine evicts users or objects not used recently; whoever asks
// about one again loads it again, as the first time.
//
// An eviction pass runs when a new user (or object) takes the engine past
// its bound, at most once per Idle, and evicts records not used since the
// pass before last, until the engine holds 7/8 of the bound. So a record
// is never evicted within Idle of its last use (HasUser, HasObject, a
// Subject, a check): a request that makes sure its user and objects are
// held (authsync's Ensure methods) finds them held while it runs for less
// than Idle. The bound gives way rather than evict what is in use: an
// engine can exceed it by the users (or objects) first used within the
// last one or two Idle periods.
type Limits struct {
	MaxUsers   int // 0: no bound
	MaxObjects int // 0: no bound
	// Idle is how long a record must go unused before it may be evicted,
	// and the least time between two eviction passes.
	Idle time.Duration
}

// DefaultLimits hold the index of the scale world (1,000,000 users and
// objects) to about a fifth of its 686 MiB.
var DefaultLimits = Limits{MaxUsers: 200_000, MaxObjects: 200_000, Idle: time.Minute}

// evictor is the state of an engine's eviction passes.
type evictor struct {
	mu       sync.Mutex // taken after Engine.mu when both are
	limits   Limits
	now      func() time.Time
	userPass time.Time // of the last pass over users
	objPass  time.Time // of the last pass over objects
	shard    int       // where the next pass over objects starts
}

// epochMark is the eviction epoch in which a record was last used.
type epochMark struct{ atomic.Uint32 }

// touch records a use in epoch ep, writing only when it changes, so that
// uses on many cores do not keep writing the record's cache line.
func (m *epochMark) touch(ep uint32) {
	if m.Load() != ep {
		m.Store(ep)
	}
}

// stale reports whether a record marked m was not used in the epoch
// before ep nor since.
func (m *epochMark) stale(ep uint32) bool { return m.Load()+1 < ep }

// SetLimits bounds what e holds from now on; a zero Limits, the default,
// is no bound. Records over a new, lower bound are evicted as new ones
// arrive.
func (e *Engine) SetLimits(l Limits) {
	e.evict.mu.Lock()
	defer e.evict.mu.Unlock()
	e.evict.limits = l
}

// Held returns how many users and objects e holds.
func (e *Engine) Held() (users, objects int) {
	e.mu.RLock()
	users = len(e.byUser)
	e.mu.RUnlock()
	return users, int(e.objects.n.Load())
}

// due reports whether a pass over a map of n records bounded by max may
// run now, the last having run at *last, and if so records it as run.
// e.evict.mu must be held.
func (e *Engine) due(n, max int, last *time.Time) bool {
	if max <= 0 || n <= max {
		return false
	}
	now := time.Now()
	if e.evict.now != nil {
		now = e.evict.now()
	}
	if !last.IsZero() && now.Sub(*last) < e.evict.limits.Idle {
		return false
	}
	*last = now
	return true
}

// lowWater is how many records a pass over a map bounded by max leaves.
func lowWater(max int) int { return max - max/8 }

// evictUsers runs a pass over the users if one is due. e.mu must be held
// for writing.
func (e *Engine) evictUsers() {
	e.evict.mu.Lock()
	defer e.evict.mu.Unlock()
	max := e.evict.limits.MaxUsers
	if !e.due(len(e.byUser), max, &e.evict.userPass) {
		return
	}
	// Readers touch records with the epoch they read under a lock this
	// pass takes (e.mu, or the shard's), so a use before the pass is in
	// the epoch before ep or in ep.
	ep := e.members.epoch.Add(1)
	low := lowWater(max)
	for u, h := range e.byUser {
		if len(e.byUser) <= low {
			break
		}
		if !h.used.stale(ep) || slices.ContainsFunc(h.members, func(m *member) bool { return !m.used.stale(ep) }) {
			continue
		}
		for _, m := range h.members {
			e.members.delete(memberKey{u, m.tenant})
			e.release(m.caps)
		}
		delete(e.byUser, u)
	}
}

// evictObjects runs a pass over the objects if one is due.
func (e *Engine) evictObjects() {
	e.evict.mu.Lock()
	defer e.evict.mu.Unlock()
	max := e.evict.limits.MaxObjects
	if !e.due(int(e.objects.n.Load()), max, &e.evict.objPass) {
		return
	}
	ep := e.objects.epoch.Add(1)
	low := int64(lowWater(max))
	for range numShards {
		if e.objects.n.Load() <= low {
			return
		}
		// Passes start where the last stopped, so no shard is emptied first.
		sh := &e.objects.shards[e.evict.shard]
		e.evict.shard = (e.evict.shard + 1) % numShards
		sh.mu.Lock()
		for k, x := range sh.m {
			if e.objects.n.Load() <= low {
				break
			}
			if x.used.stale(ep) {
				delete(sh.m, k)
				e.objects.n.Add(-1)
			}
		}
		sh.mu.Unlock()
	}
}
