package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// benchUsers is how many users the benchmark database holds.
const benchUsers = 100_000

// bench is the benchmark database, seeded once per test process and removed
// by TestMain.
var bench struct {
	once sync.Once
	dir  string
	db   *DB
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.db != nil {
		bench.db.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchDB returns the benchmark database, creating it on first use.
func benchDB(b *testing.B) *DB {
	b.Helper()
	bench.once.Do(func() {
		start := time.Now()
		bench.dir, bench.err = os.MkdirTemp("", "gatehouse-bench-")
		if bench.err != nil {
			return
		}
		ctx := context.Background()
		bench.db, bench.err = Open(ctx, filepath.Join(bench.dir, "bench.db"), nil)
		if bench.err != nil {
			return
		}
		bench.err = seedUsers(ctx, bench.db, benchUsers)
		b.Logf("seeded %d users in %v", benchUsers, time.Since(start).Round(time.Millisecond))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db
}

var (
	firstNames = strings.Fields(`Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj
		Olivia Peggy Rupert Sybil Trent Victor Walter Yolanda Zoe Ángel Björn Chloé Dmitri Élodie`)
	lastNames = strings.Fields(`Anderson Brown Clark Davis Evans Fischer Garcia Hughes Ivanov Jones
		King Lopez Miller Nguyen Owens Parker Quinn Rossi Smith Taylor Underwood Vasquez Walker Young`)
)

// seedUsers adds n users in one transaction: realistic names, a few of them
// hidden, disabled or deleted.
func seedUsers(ctx context.Context, db *DB, n int) error {
	return db.Update(ctx, func(tx gatehouse.Tx) error {
		now := time.Now()
		for i := range n {
			first, last := firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)]
			name := fmt.Sprintf("%s.%s%d", strings.ToLower(first), strings.ToLower(last), i)
			u := gatehouse.User{
				Name:           gatehouse.UserName(name),
				FirstName:      first,
				LastName:       last,
				Email:          name + "@example.com",
				Authentication: gatehouse.AuthLocal,
				PasswordHash:   "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
				Hidden:         i%97 == 0,
				Disabled:       i%53 == 0,
				Deleted:        i%61 == 0,
				CreatedAt:      now,
				UpdatedAt:      now,
			}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
		}
		return nil
	})
}

// listUsers runs ListUsers in a View, as the API does for each page.
func listUsers(b *testing.B, db *DB, q gatehouse.UserQuery) int {
	var n int
	err := db.View(b.Context(), func(tx gatehouse.Tx) error {
		users, err := tx.ListUsers(b.Context(), q)
		n = len(users)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func BenchmarkListUsersFirstPage100k(b *testing.B) {
	db := benchDB(b)
	for _, bm := range []struct {
		name string
		q    gatehouse.UserQuery
	}{
		{"visible", gatehouse.UserQuery{Limit: 50}},
		{"all", gatehouse.UserQuery{All: true, Limit: 50}},
		{"deep", gatehouse.UserQuery{AfterID: 90_000, Limit: 50}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if n := listUsers(b, db, bm.q); n != 50 {
					b.Fatalf("got %d users, want 50", n)
				}
			}
		})
	}
}

func BenchmarkSearchUsers100k(b *testing.B) {
	db := benchDB(b)
	for _, term := range []string{
		"anderson",           // a last name: 1 user in 24
		"ali",                // a common trigram
		"example.com",        // every user
		"élodie ivanov",      // a full name, non-ASCII
		"alice.anderson624@", // one user
		"zzqx",               // no user
		"42",                 // two digits: many users
		"qu",                 // two letters: 1 user in 24 (Quinn)
		"qz",                 // two letters, no user
		"a",                  // one letter, most users
		"ö",                  // one letter, 1 user in 26 (Björn)
		"ø",                  // one letter, no user
	} {
		b.Run(term, func(b *testing.B) {
			var n int
			for b.Loop() {
				n = listUsers(b, db, gatehouse.UserQuery{Search: term, Limit: 50})
			}
			b.ReportMetric(float64(n), "users/op")
		})
	}
}

func BenchmarkUserByName(b *testing.B) {
	db := benchDB(b)
	for b.Loop() {
		err := db.View(b.Context(), func(tx gatehouse.Tx) error {
			_, err := tx.UserByName(b.Context(), "grace.brown32")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
