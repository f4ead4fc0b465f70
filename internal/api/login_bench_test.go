package api

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// BenchmarkLoginHandler measures what the login handler adds to the
// password hash: request decoding, the user and settings lookups, the
// lockout bookkeeping, the audit record, the token and the response. The
// user's password is hashed at testenv.Cheap cost, and each login is timed
// next to a check of a password hashed at that same cost, so that
// handler - hash is the overhead whatever the load on the machine. Every
// hundredth iteration also times a check at identity.DefaultArgon2, the
// production cost. The target: overhead under 2% of that.
func BenchmarkLoginHandler(b *testing.B) {
	te := testenv.New(b)
	h := (&API{Identity: te.Identity, Access: te.Access, JWKS: te.Tokens.JWKS, Logger: te.Logger}).Handler()
	const pw = testenv.AdminPassword
	cheapHash, err := identity.HashPassword(testenv.Cheap, pw)
	if err != nil {
		b.Fatal(err)
	}
	defaultHash, err := identity.HashPassword(identity.DefaultArgon2, pw)
	if err != nil {
		b.Fatal(err)
	}
	check := func(hash string) time.Duration {
		start := time.Now()
		if ok, err := identity.CheckPassword(hash, pw); !ok || err != nil {
			b.Fatalf("CheckPassword = %v, %v", ok, err)
		}
		return time.Since(start)
	}
	body := `{"username":"admin","password":"` + pw + `","tenant":"Administrators"}`
	var handler, hash, production time.Duration
	samples := 0
	b.ResetTimer()
	for i := range b.N {
		req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		// A source of its own for each login, or the throttle of
		// login attempts per source would answer 429.
		req.RemoteAddr = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}).String() + ":1234"
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, req)
		handler += time.Since(start)
		if w.Code != http.StatusOK {
			b.Fatalf("login = %d %s", w.Code, w.Body)
		}
		hash += check(cheapHash)
		if i%100 == 0 {
			production += check(defaultHash)
			samples++
		}
	}
	b.StopTimer()
	overhead := (handler - hash) / time.Duration(b.N)
	prod := production / time.Duration(samples)
	b.ReportMetric(float64(overhead.Microseconds()), "overhead-µs/login")
	b.ReportMetric(float64(prod.Microseconds()), "hash-µs")
	b.ReportMetric(100*float64(overhead)/float64(prod), "overhead-%")
}
