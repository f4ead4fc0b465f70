package token

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

const testTTL = time.Hour

// clock is a settable time source for Issuer.Now.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := new(clock)
	c.ns.Store(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())
	return c
}

func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// testWriter sends log output to t.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// mustIssuer returns an Issuer over store reading the time from clk.
func mustIssuer(t testing.TB, store gatehouse.Store, clk *clock) *Issuer {
	t.Helper()
	i, err := NewIssuer(context.Background(), store, testTTL, testLogger(t))
	if err != nil {
		t.Fatalf("NewIssuer: %v", err)
	}
	i.Now = clk.Now
	return i
}

// mustIssue issues a token or fails the test.
func mustIssue(t testing.TB, i *Issuer, u gatehouse.UserID, tn gatehouse.TenantID, gen int64) (string, Claims) {
	t.Helper()
	tok, c, err := i.Issue(u, tn, gen)
	if err != nil {
		t.Fatalf("Issue(%d, %d, %d): %v", u, tn, gen, err)
	}
	return tok, c
}

// storedKey returns a signing key created at the given time.
func storedKey(t testing.TB, created time.Time) gatehouse.SigningKey {
	t.Helper()
	k, err := generateKey(created)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// kidOf returns the key id in the header of tok.
func kidOf(t testing.TB, tok string) string {
	t.Helper()
	var h header
	if err := decodeSegment(strings.Split(tok, ".")[0], &h, true); err != nil {
		t.Fatalf("header of issued token: %v", err)
	}
	return h.Kid
}

func TestRoundTrip(t *testing.T) {
	clk := newClock()
	store := &memStore{}
	i := mustIssuer(t, store, clk)
	fresh := mustIssuer(t, store, clk) // empty cache: verifies for real
	tests := []struct {
		name string
		user gatehouse.UserID
		ten  gatehouse.TenantID
		gen  int64
	}{
		{"first user", 1, 1, 0},
		{"large ids", 1<<62 + 7, 1<<40 + 3, 1<<50 + 1},
		{"later generation", 42, 7, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, issued := mustIssue(t, i, tt.user, tt.ten, tt.gen)
			want := Claims{
				ID:         issued.ID,
				UserID:     tt.user,
				TenantID:   tt.ten,
				Generation: tt.gen,
				IssuedAt:   time.Unix(clk.Now().Unix(), 0),
				ExpiresAt:  time.Unix(clk.Now().Add(testTTL).Unix(), 0),
			}
			if issued != want {
				t.Errorf("Issue claims = %+v, want %+v", issued, want)
			}
			for _, v := range []*Issuer{i, fresh} {
				got, err := v.Verify(tok)
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if got != want {
					t.Errorf("Verify = %+v, want %+v", got, want)
				}
			}
		})
	}
}

func TestIssueDistinctIDs(t *testing.T) {
	i := mustIssuer(t, &memStore{}, newClock())
	seen := make(map[string]bool)
	for range 100 {
		tok, c := mustIssue(t, i, 1, 1, 0)
		if seen[c.ID] || seen[tok] {
			t.Fatalf("token id %q issued twice", c.ID)
		}
		seen[c.ID], seen[tok] = true, true
	}
}

func TestIssueInvalid(t *testing.T) {
	i := mustIssuer(t, &memStore{}, newClock())
	tests := []struct {
		name string
		user gatehouse.UserID
		ten  gatehouse.TenantID
	}{
		{"zero user", 0, 1},
		{"negative user", -1, 1},
		{"zero tenant", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := i.Issue(tt.user, tt.ten, 0); !errors.Is(err, gatehouse.ErrInvalid) {
				t.Errorf("Issue(%d, %d, 0) error = %v, want ErrInvalid", tt.user, tt.ten, err)
			}
		})
	}
}

func TestNewIssuerBadTTL(t *testing.T) {
	if _, err := NewIssuer(context.Background(), &memStore{}, time.Millisecond, nil); err == nil {
		t.Error("NewIssuer with a 1ms ttl succeeded")
	}
}

func TestNewIssuerKeys(t *testing.T) {
	t0 := newClock().Now()
	old, mid, newest := storedKey(t, t0), storedKey(t, t0.Add(time.Hour)), storedKey(t, t0.Add(2*time.Hour))
	// NewIssuer dates the keys it creates with the real time.
	older, newer := storedKey(t, time.Now().Add(-time.Hour)), storedKey(t, time.Now().Add(time.Hour))
	tests := []struct {
		name       string
		stored     []gatehouse.SigningKey
		racer      *gatehouse.SigningKey // committed by another replica right after our key
		wantKeys   int
		wantSigner string // "" for the key NewIssuer creates
	}{
		{name: "creates the first key", wantKeys: 1},
		{name: "newest stored key signs", stored: []gatehouse.SigningKey{old, mid, newest}, wantKeys: 3, wantSigner: newest.ID},
		{name: "lost race to an older key", racer: &older, wantKeys: 2, wantSigner: older.ID},
		{name: "won race against a newer key", racer: &newer, wantKeys: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &memStore{keys: tt.stored}
			if tt.racer != nil {
				store.afterUpdate = func(s *memStore) {
					tx := &memTx{keys: s.keys}
					if err := tx.AddSigningKey(context.Background(), *tt.racer); err != nil {
						t.Fatal(err)
					}
					s.keys, s.afterUpdate = tx.keys, nil
				}
			}
			i := mustIssuer(t, store, newClock())
			if len(store.keys) != tt.wantKeys {
				t.Fatalf("store holds %d keys, want %d", len(store.keys), tt.wantKeys)
			}
			want := tt.wantSigner
			if want == "" {
				for _, k := range store.keys {
					if tt.racer == nil || k.ID != tt.racer.ID {
						want = k.ID
					}
				}
			}
			tok, _ := mustIssue(t, i, 1, 1, 0)
			if got := kidOf(t, tok); got != want {
				t.Errorf("token signed by %q, want %q", got, want)
			}
			// Every stored key verifies.
			for _, k := range store.keys {
				if i.keys.Load().byID[k.ID] == nil {
					t.Errorf("stored key %q does not verify", k.ID)
				}
			}
			// A second replica starting later signs with a key the first knows.
			j := mustIssuer(t, store, newClock())
			tok2, _ := mustIssue(t, j, 2, 1, 0)
			if _, err := i.Verify(tok2); err != nil {
				t.Errorf("first issuer refuses second's token: %v", err)
			}
			if len(store.keys) != tt.wantKeys {
				t.Errorf("second NewIssuer changed the number of keys to %d", len(store.keys))
			}
		})
	}
}

func TestTwoIssuersShareKeys(t *testing.T) {
	clk := newClock()
	store := &memStore{}
	a, b := mustIssuer(t, store, clk), mustIssuer(t, store, clk)
	for _, p := range []struct {
		name     string
		from, to *Issuer
	}{{"a to b", a, b}, {"b to a", b, a}} {
		t.Run(p.name, func(t *testing.T) {
			tok, want := mustIssue(t, p.from, 5, 6, 7)
			got, err := p.to.Verify(tok)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got != want {
				t.Errorf("Verify = %+v, want %+v", got, want)
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	clk := newClock()
	store := &memStore{}
	a := mustIssuer(t, store, clk)
	// Another replica rotates: adds a newer key and signs with it.
	store.keys = append(store.keys, storedKey(t, clk.Now().Add(time.Hour)))
	b := mustIssuer(t, store, clk)
	tok, _ := mustIssue(t, b, 1, 1, 0)
	if _, err := a.Verify(tok); err == nil || !strings.Contains(err.Error(), "unknown key id") {
		t.Fatalf("Verify before Refresh: error = %v, want unknown key id", err)
	}
	signer := a.keys.Load().signer.id
	if err := a.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Verify(tok); err != nil {
		t.Errorf("Verify after Refresh: %v", err)
	}
	if got := a.keys.Load().signer.id; got != signer {
		t.Errorf("Refresh changed the signing key from %q to %q", signer, got)
	}
}
