package identity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// API rate limits, for users who disrupt others. Each user and each
// tenant has a token bucket holding two seconds of its rate
// (ratelimit.user, ratelimit.tenant: requests a second, 0 for no limit),
// refilled at that rate; a request finding either bucket empty is refused
// with a *gatehouse.ThrottledError saying when to retry. A refusal that
// starts a burst is audited (ratelimit.exceeded, outcome denied); the
// rest of the burst only counts, so a flood cannot flood the audit trail.
// A burst ends at the key's next allowed request. Superadmins logged into
// Administrators are never limited: operators must be able to act while
// others flood the server. The buckets live in this process's memory, so
// each server of several sharing a database allows the rate.

// ActRateLimited is the audit action of a request burst refused for
// going over a rate limit.
const ActRateLimited Action = "ratelimit.exceeded"

// rateBurstSeconds is how many seconds of its rate a bucket holds.
const rateBurstSeconds = 2

// keepBursts is how long an ended burst stays in RateLimited's answer.
const keepBursts = 10 * time.Minute

// RateLimitBurst describes a run of requests refused for going over a rate
// limit.
type RateLimitBurst struct {
	Kind    string // "user" or "tenant"
	Name    string // the user's or tenant's name
	Limit   int    // the limit, in requests a second
	Refused int64  // requests refused in the burst
	Since   time.Time
	Last    time.Time // the latest refusal
	Active  bool      // no request of the key has been allowed since
}

// requestLimiter keeps the buckets and the bursts of API rate limiting.
type requestLimiter struct {
	buckets tokenBuckets
	mu      sync.Mutex
	bursts  map[string]*RateLimitBurst // by bucket key
}

// LimitRequest counts one API request of p against the rate limits and
// returns a *gatehouse.ThrottledError if it goes over one.
func (s *Service) LimitRequest(ctx context.Context, p *Principal) error {
	if p.IsSuperadmin() {
		return nil
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	if st.RateLimitUser == 0 && st.RateLimitTenant == 0 {
		return nil
	}
	now := s.Now()
	for _, l := range []struct {
		kind, name, key string
		rate            int
	}{
		{"user", string(p.User.Name), fmt.Sprintf("u%d", p.User.ID), st.RateLimitUser},
		{"tenant", string(p.Tenant.Name), fmt.Sprintf("t%d", p.Tenant.ID), st.RateLimitTenant},
	} {
		if l.rate == 0 {
			continue
		}
		rate := float64(l.rate)
		wait := s.limiter.buckets.allow(l.key, rate*rateBurstSeconds, rate, now)
		if wait == 0 {
			s.limiter.end(l.key)
			continue
		}
		if s.limiter.refuse(l.key, l.kind, l.name, l.rate, now) {
			s.recordOutcome(ctx, p, string(ActRateLimited), strings.ToUpper(l.kind), l.name, gatehouse.OutcomeDenied,
				fmt.Errorf("over ratelimit.%s (%d requests a second)", l.kind, l.rate))
		}
		secs := max(1, int(math.Ceil(wait.Seconds())))
		return &gatehouse.ThrottledError{
			Msg: fmt.Sprintf("too many requests from %s %s: over ratelimit.%s (%d a second); try again in %s",
				l.kind, l.name, l.kind, l.rate, seconds(secs)),
			RetryAfter: time.Duration(secs) * time.Second,
		}
	}
	return nil
}

// refuse counts a refusal of key at now and reports whether it starts a
// burst.
func (r *requestLimiter) refuse(key, kind, name string, limit int, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bursts == nil {
		r.bursts = map[string]*RateLimitBurst{}
	}
	b := r.bursts[key]
	if b != nil && b.Active {
		b.Refused++
		b.Last = now
		return false
	}
	r.bursts[key] = &RateLimitBurst{Kind: kind, Name: name, Limit: limit, Refused: 1, Since: now, Last: now, Active: true}
	for k, b := range r.bursts {
		if !b.Active && now.Sub(b.Last) > keepBursts {
			delete(r.bursts, k)
		}
	}
	return true
}

// end ends key's burst, if one is on.
func (r *requestLimiter) end(key string) {
	r.mu.Lock()
	if b := r.bursts[key]; b != nil {
		b.Active = false
	}
	r.mu.Unlock()
}

// ActRateLimitList is the action of listing who is rate limited.
const ActRateLimitList Action = "ratelimit.list"

// RateLimited returns the bursts of refused requests in this server, on
// now or ended in the last ten minutes, latest first. Only superadmins
// may see them.
func (s *Service) RateLimited(ctx context.Context, p *Principal) ([]RateLimitBurst, error) {
	if err := s.superadminOnly(p, ActRateLimitList); err != nil {
		s.recordOutcome(ctx, p, string(ActRateLimitList), "RATELIMIT", "", gatehouse.OutcomeDenied, err)
		return nil, err
	}
	now := s.Now()
	r := &s.limiter
	r.mu.Lock()
	out := make([]RateLimitBurst, 0, len(r.bursts))
	for _, b := range r.bursts {
		if b.Active || now.Sub(b.Last) <= keepBursts {
			out = append(out, *b)
		}
	}
	r.mu.Unlock()
	slices.SortFunc(out, func(a, b RateLimitBurst) int { return cmp.Compare(b.Last.UnixNano(), a.Last.UnixNano()) })
	return out, nil
}
