package identity

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Login throttling. Each source address has a token bucket of login.rate
// attempts that refills at login.rate a minute; an attempt when the bucket
// is empty is refused with a *gatehouse.ThrottledError before any password
// is hashed, and audited as a failed login with reason "throttled". The
// buckets live in this process's memory: several servers sharing a
// database each allow login.rate. A bucket belongs to one address, so an
// attacker spends only their own address's attempts and cannot lock
// anyone else out; lockout.threshold (in the store) is what protects one
// user from many addresses. Callers with no source address (in-process
// use, tests) are not throttled.

// maxThrottleKeys bounds the number of addresses remembered. Past it, full
// buckets (addresses that are at rest) are dropped first; if that is not
// enough, arbitrary ones are, which can only favour the addresses dropped,
// never refuse anyone.
const maxThrottleKeys = 100_000

// loginThrottle holds a token bucket per source address.
type loginThrottle struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

// bucket is one address's attempts left, as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes one attempt from key's bucket at now, with rate attempts a
// minute. It returns 0 if the attempt is allowed, else how long until the
// next one is. A rate of 0 or less allows everything.
func (t *loginThrottle) allow(key string, rate int, now time.Time) time.Duration {
	if rate <= 0 {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.buckets == nil {
		t.buckets = map[string]*bucket{}
	}
	capacity, perSecond := float64(rate), float64(rate)/60
	b := t.buckets[key]
	if b == nil {
		if len(t.buckets) >= maxThrottleKeys {
			t.prune(capacity, perSecond, now)
		}
		b = &bucket{tokens: capacity, last: now}
		t.buckets[key] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(capacity, b.tokens+d.Seconds()*perSecond)
		b.last = now
	}
	b.tokens = math.Min(b.tokens, capacity) // the rate may have been lowered
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	wait := time.Duration((1 - b.tokens) / perSecond * float64(time.Second))
	return max(wait, time.Nanosecond)
}

// prune drops the buckets that have refilled by now, then, if the map is
// still full, arbitrary ones until a tenth of it is free.
func (t *loginThrottle) prune(capacity, perSecond float64, now time.Time) {
	for k, b := range t.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*perSecond >= capacity {
			delete(t.buckets, k)
		}
	}
	for k := range t.buckets {
		if len(t.buckets) < maxThrottleKeys*9/10 {
			break
		}
		delete(t.buckets, k)
	}
}

// throttleLogin refuses in, audited with reason "throttled", when its
// source address has used up its login attempts under st.LoginRate.
func (s *Service) throttleLogin(ctx context.Context, in LoginInput, st *Settings) error {
	src := gatehouse.RequestInfoFrom(ctx).Source
	if src == "" {
		return nil
	}
	wait := s.throttle.allow(src, st.LoginRate, s.Now())
	if wait == 0 {
		return nil
	}
	_ = s.loginFailed(ctx, in, nil, "throttled")
	secs := int(math.Ceil(wait.Seconds()))
	return &gatehouse.ThrottledError{
		Msg:        fmt.Sprintf("too many login attempts from %s: try again in %d seconds", src, secs),
		RetryAfter: time.Duration(secs) * time.Second,
	}
}
