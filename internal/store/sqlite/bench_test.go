package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/store/storetest"
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
		bench.err = storetest.SeedUsers(ctx, bench.db, benchUsers)
		b.Logf("seeded %d users in %v", benchUsers, time.Since(start).Round(time.Millisecond))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db
}

func BenchmarkListUsersFirstPage100k(b *testing.B) { storetest.BenchListUsersFirstPage(b, benchDB(b)) }

func BenchmarkSearchUsers100k(b *testing.B) { storetest.BenchSearchUsers(b, benchDB(b)) }

func BenchmarkUserByName(b *testing.B) { storetest.BenchUserByName(b, benchDB(b)) }
