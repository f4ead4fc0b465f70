package postgres

import (
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/store/storetest"
)

// benchUsers is how many users the benchmark database holds, as for SQLite.
const benchUsers = 100_000

// BenchmarkUsers100k runs the user benchmarks every backend runs, over one
// database seeded once with benchUsers users (the sub-benchmarks share it,
// so that it is seeded once).
func BenchmarkUsers100k(b *testing.B) {
	db, err := Open(b.Context(), pgtest.NewMigratedDatabase(b, migrateOnly), Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := storetest.SeedUsers(b.Context(), db, benchUsers); err != nil {
		b.Fatal(err)
	}
	// Statistics for the planner, as autovacuum would gather them.
	if _, err := db.pool.Exec(b.Context(), `VACUUM ANALYZE users`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d users in %v", benchUsers, time.Since(start).Round(time.Millisecond))
	b.Run("ListUsersFirstPage", func(b *testing.B) { storetest.BenchListUsersFirstPage(b, db) })
	b.Run("SearchUsers", func(b *testing.B) { storetest.BenchSearchUsers(b, db) })
	b.Run("UserByName", func(b *testing.B) { storetest.BenchUserByName(b, db) })
}
