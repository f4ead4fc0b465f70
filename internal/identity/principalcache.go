package identity

import (
	"sync"
	"time"
)

// principalCacheSize bounds the principal cache; when full it is emptied.
const principalCacheSize = 50_000

// principalCache remembers the Principal of each recently seen token id,
// with the store's write count when it was loaded. Any committed write makes
// every entry stale, so a revocation, removal or membership change is seen
// by the very next request.
type principalCache struct {
	mu sync.RWMutex
	m  map[string]cachedPrincipal
}

type cachedPrincipal struct {
	p      Principal
	writes uint64
}

// get returns a copy of the principal of token id jti if it was loaded at
// write count writes and the token has not expired.
func (c *principalCache) get(jti string, writes uint64, now time.Time) (*Principal, bool) {
	c.mu.RLock()
	e, ok := c.m[jti]
	c.mu.RUnlock()
	if !ok || e.writes != writes || !now.Before(e.p.Claims.ExpiresAt) {
		return nil, false
	}
	p := e.p
	return &p, true
}

// put remembers p as loaded at write count writes.
func (c *principalCache) put(p *Principal, writes uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= principalCacheSize {
		c.m = make(map[string]cachedPrincipal)
	}
	c.m[p.Claims.ID] = cachedPrincipal{p: *p, writes: writes}
}
