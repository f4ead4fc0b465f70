package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The benchmarks every backend runs over the users SeedUsers adds, so
// that their figures compare.

var (
	firstNames = strings.Fields(`Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj
		Olivia Peggy Rupert Sybil Trent Victor Walter Yolanda Zoe Ángel Björn Chloé Dmitri Élodie`)
	lastNames = strings.Fields(`Anderson Brown Clark Davis Evans Fischer Garcia Hughes Ivanov Jones
		King Lopez Miller Nguyen Owens Parker Quinn Rossi Smith Taylor Underwood Vasquez Walker Young`)
)

// SeedUsers adds n users to s in one transaction: realistic names, a few
// of them hidden, disabled or deleted. User i is named
// "first.lasti", as in "grace.brown32".
func SeedUsers(ctx context.Context, s gatehouse.Store, n int) error {
	return s.Update(ctx, func(tx gatehouse.Tx) error {
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

// listUsersIn runs ListUsers in a View, as the API does for each page.
func listUsersIn(b *testing.B, s gatehouse.Store, q gatehouse.UserQuery) int {
	var n int
	err := s.View(b.Context(), func(tx gatehouse.Tx) error {
		users, err := tx.ListUsers(b.Context(), q)
		n = len(users)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchListUsersFirstPage measures pages of ListUsers over the users
// SeedUsers added (at least 100,000).
func BenchListUsersFirstPage(b *testing.B, s gatehouse.Store) {
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
				if n := listUsersIn(b, s, bm.q); n != 50 {
					b.Fatalf("got %d users, want 50", n)
				}
			}
		})
	}
}

// BenchSearchUsers measures the first page of searches for terms common
// and rare, long and short, over the users SeedUsers added.
func BenchSearchUsers(b *testing.B, s gatehouse.Store) {
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
				n = listUsersIn(b, s, gatehouse.UserQuery{Search: term, Limit: 50})
			}
			b.ReportMetric(float64(n), "users/op")
		})
	}
}

// BenchUserByName measures looking a user up by name, as every login does.
func BenchUserByName(b *testing.B, s gatehouse.Store) {
	for b.Loop() {
		err := s.View(b.Context(), func(tx gatehouse.Tx) error {
			_, err := tx.UserByName(b.Context(), "grace.brown32")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
