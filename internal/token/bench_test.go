package token

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// benchIssuer returns an Issuer that reads the real time and does not log.
func benchIssuer(b *testing.B) *Issuer {
	b.Helper()
	i, err := NewIssuer(b.Context(), &memStore{}, time.Hour, nil)
	if err != nil {
		b.Fatal(err)
	}
	return i
}

// benchTokens returns an Issuer and n tokens it issued.
func benchTokens(b *testing.B, n int) (*Issuer, []string) {
	b.Helper()
	i := benchIssuer(b)
	toks := make([]string, n)
	for j := range toks {
		toks[j], _ = mustIssue(b, i, 1+gatehouse.UserID(j%100), 1, 0)
	}
	return i, toks
}

// BenchmarkVerifyCached verifies tokens already seen, from parallel
// goroutines (one per -cpu).
func BenchmarkVerifyCached(b *testing.B) {
	for _, n := range []int{1, 10_000} {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			i, toks := benchTokens(b, n)
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				j := int(next.Add(7919))
				for pb.Next() {
					if _, err := i.Verify(toks[j%n]); err != nil {
						b.Fatal(err)
					}
					j++
				}
			})
		})
	}
}

// BenchmarkVerifyUncached verifies without the cache: the work done the
// first time a token is seen.
func BenchmarkVerifyUncached(b *testing.B) {
	i, toks := benchTokens(b, 1)
	now := i.Now()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := i.verifyUncached(toks[0], now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkIssue issues tokens (which also caches them).
func BenchmarkIssue(b *testing.B) {
	i := benchIssuer(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := i.Issue(1, 1, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
