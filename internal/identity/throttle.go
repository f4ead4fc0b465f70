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

// maxThrottleKeys bounds the number of keys a tokenBuckets remembers.
// Past it, full buckets (keys at rest) are dropped first; if that is not
// enough, arbitrary ones are, which can only favour the keys dropped,
// never refuse anyone.
const maxThrottleKeys = 100_000

// tokenBuckets holds a token bucket per key: a source address for logins,
// a user or tenant for API requests.
type tokenBuckets struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

// bucket is one key's tokens left, as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes one token from key's bucket at now; the bucket holds at most
// capacity tokens and refills at perSecond. It returns 0 if a token was
// there, else how long until one will be. A capacity of 0 or less allows
// everything.
func (t *tokenBuckets) allow(key string, capacity, perSecond float64, now time.Time) time.Duration {
	if capacity <= 0 {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.buckets == nil {
		t.buckets = map[string]*bucket{}
	}
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
func (t *tokenBuckets) prune(capacity, perSecond float64, now time.Time) {
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

// seconds spells n seconds for a message: "1 second", "5 seconds".
func seconds(n int) string {
	if n == 1 {
		return "1 second"
	}
	return fmt.Sprintf("%d seconds", n)
}

// throttleLogin refuses in, audited with reason "throttled", when its
// source address has used up its login attempts under st.LoginRate.
func (s *Service) throttleLogin(ctx context.Context, in LoginInput, st *Settings) error {
	src := gatehouse.RequestInfoFrom(ctx).Source
	if src == "" {
		return nil
	}
	rate := float64(st.LoginRate)
	wait := s.throttle.allow(src, rate, rate/60, s.Now())
	if wait == 0 {
		return nil
	}
	_ = s.loginFailed(ctx, in, nil, "throttled")
	secs := int(math.Ceil(wait.Seconds()))
	return &gatehouse.ThrottledError{
		Msg:        fmt.Sprintf("too many login attempts from %s: try again in %s", src, seconds(secs)),
		RetryAfter: time.Duration(secs) * time.Second,
	}
}
