package token

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// withoutKeys makes i forget its verification keys, so that only cached
// tokens verify.
func withoutKeys(i *Issuer) {
	ks := *i.keys.Load()
	ks.byID = nil
	i.keys.Store(&ks)
}

func TestCacheHit(t *testing.T) {
	clk := newClock()
	store := &memStore{}
	tok, want := mustIssue(t, mustIssuer(t, store, clk), 1, 2, 3)
	i := mustIssuer(t, store, clk)
	first, err := i.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	withoutKeys(i)
	if _, err := i.verifyUncached(tok, clk.Now()); err == nil {
		t.Fatal("verifyUncached succeeded without keys")
	}
	second, err := i.Verify(tok)
	if err != nil {
		t.Fatalf("second Verify (cached): %v", err)
	}
	if first != want || second != want {
		t.Errorf("Verify = %+v, then %+v; want %+v", first, second, want)
	}
	// A different string with the same claims is not a hit.
	if _, err := i.Verify(tok + "A"); err == nil {
		t.Error("Verify(token+\"A\") succeeded")
	}
}

func TestIssueCaches(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	tok, _ := mustIssue(t, i, 1, 1, 0)
	withoutKeys(i)
	if _, err := i.Verify(tok); err != nil {
		t.Errorf("Verify of a token just issued: %v", err)
	}
}

func TestCacheEntryExpires(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	tok, c := mustIssue(t, i, 1, 1, 0)
	clk.ns.Store(c.ExpiresAt.Add(-time.Second).UnixNano())
	if _, err := i.Verify(tok); err != nil {
		t.Fatalf("Verify a second before expiry: %v", err)
	}
	clk.Advance(time.Second)
	if _, ok := i.cache.get(tok, clk.Now()); ok {
		t.Error("cache hit at expiry")
	}
	if n := i.cache.len(); n != 0 {
		t.Errorf("cache holds %d entries after the only one expired", n)
	}
}

func TestForget(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	type issued struct {
		tok string
		c   Claims
	}
	var toks []issued
	for _, u := range []gatehouse.UserID{1, 1, 2, 2} {
		tok, c := mustIssue(t, i, u, 1, 0)
		toks = append(toks, issued{tok, c})
	}
	tests := []struct {
		name   string
		forget func()
		want   []bool // cached after forget, per token
	}{
		{"Forget user 1", func() { i.Forget(1) }, []bool{false, false, true, true}},
		{"Forget unknown user", func() { i.Forget(99) }, []bool{true, true, true, true}},
		{"ForgetToken", func() { i.ForgetToken(toks[2].c.ID) }, []bool{true, true, false, true}},
		{"ForgetToken unknown", func() { i.ForgetToken("nope") }, []bool{true, true, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, x := range toks {
				if _, err := i.Verify(x.tok); err != nil {
					t.Fatal(err)
				}
			}
			tt.forget()
			for j, x := range toks {
				if _, ok := i.cache.get(x.tok, clk.Now()); ok != tt.want[j] {
					t.Errorf("token %d (user %d): cached = %v, want %v", j, x.c.UserID, ok, tt.want[j])
				}
			}
		})
	}
}

func TestForgetDuringVerification(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	tok, c := mustIssue(t, i, 1, 1, 0)
	for _, forget := range []func(){func() { i.Forget(1) }, func() { i.ForgetToken(c.ID) }, func() { i.Forget(2) }} {
		forget()                              // drops the entry Issue made
		epoch := i.cache.epoch()              // a verification begins,
		forget()                              // a revocation happens,
		i.cache.put(tok, c, epoch, clk.Now()) // and the verification ends.
		if _, ok := i.cache.get(tok, clk.Now()); ok {
			t.Error("verification that began before Forget was cached")
		}
	}
}

func TestCacheBounded(t *testing.T) {
	now := newClock().Now()
	c := newCache(numShards * 2)
	for n := range 1000 {
		c.put(fmt.Sprint("token", n), Claims{ID: fmt.Sprint(n), UserID: 1, ExpiresAt: now.Add(time.Hour)}, c.epoch(), now)
	}
	if n := c.len(); n > numShards*2 {
		t.Errorf("cache of size %d holds %d entries", numShards*2, n)
	}
}

func TestShardEviction(t *testing.T) {
	now := newClock().Now()
	claims := func(id string, exp time.Time) Claims { return Claims{ID: id, UserID: 7, ExpiresAt: exp} }
	tests := []struct {
		name string
		fill map[string]time.Time // up to the shard size of 3
		want []string             // a subset of what is left after adding "new"
		left int
	}{
		{"expired first", map[string]time.Time{"a": now.Add(-time.Second), "b": now.Add(time.Hour), "c": now}, []string{"b", "new"}, 2},
		{"then arbitrary", map[string]time.Time{"a": now.Add(time.Hour), "b": now.Add(time.Hour), "c": now.Add(time.Hour)}, []string{"new"}, 3},
		{"room left", map[string]time.Time{"a": now.Add(-time.Hour)}, []string{"a", "new"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := new(shard)
			s.init(3)
			for tok, exp := range tt.fill {
				s.add(tok, claims(tok, exp), now.Add(-2*time.Hour))
			}
			s.add("new", claims("new", now.Add(time.Hour)), now)
			if len(s.entries) != tt.left {
				t.Errorf("%d entries left, want %d", len(s.entries), tt.left)
			}
			for _, tok := range tt.want {
				if _, ok := s.entries[tok]; !ok {
					t.Errorf("entry %q evicted", tok)
				}
			}
			if len(s.byJTI) != len(s.entries) || len(s.byUser[7]) != len(s.entries) {
				t.Errorf("indexes hold %d and %d tokens, want %d", len(s.byJTI), len(s.byUser[7]), len(s.entries))
			}
		})
	}
}

func TestVerifyCachedAllocs(t *testing.T) {
	i := mustIssuer(t, &memStore{}, newClock())
	tok, _ := mustIssue(t, i, 1, 1, 0)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := i.Verify(tok); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("cached Verify allocates %v times, want 0", allocs)
	}
}

func TestConcurrent(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			u := gatehouse.UserID(g%3 + 1)
			for n := range 200 {
				tok, c, err := i.Issue(u, 1, 0)
				if err != nil {
					t.Error(err)
					return
				}
				for range 3 {
					if got, err := i.Verify(tok); err != nil || got != c {
						t.Errorf("Verify = %+v, %v; want %+v", got, err, c)
						return
					}
				}
				switch n % 10 {
				case 0:
					i.Forget(u)
				case 5:
					i.ForgetToken(c.ID)
				case 9:
					clk.Advance(time.Second)
				}
			}
		})
	}
	wg.Wait()
}
