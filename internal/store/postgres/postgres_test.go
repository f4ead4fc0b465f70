package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testLogger returns a logger that writes to t.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// openTest opens a new, empty database and closes it when the test ends.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), pgtest.NewMigratedDatabase(t, migrateOnly), Options{}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// migrateOnly opens the database at url, which applies the migrations,
// and closes it.
func migrateOnly(ctx context.Context, url string) error {
	db, err := Open(ctx, url, Options{}, nil)
	if err != nil {
		return err
	}
	return db.Close()
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) gatehouse.Store { return openTest(t) })
}

func TestReopen(t *testing.T) {
	url := pgtest.NewDatabase(t)
	for i := range 2 {
		db, err := Open(t.Context(), url, Options{}, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(t.Context(), func(tx gatehouse.Tx) error {
			return tx.CreateTenant(t.Context(), &gatehouse.Tenant{Name: gatehouse.TenantName(fmt.Sprintf("t%d", i))})
		})
		if err != nil {
			t.Fatal(err)
		}
		var applied, tenants int
		if err := db.pool.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		if applied != len(ms) {
			t.Errorf("open #%d: %d migrations recorded, want %d", i+1, applied, len(ms))
		}
		if err := db.pool.QueryRow(t.Context(), `SELECT count(*) FROM tenants`).Scan(&tenants); err != nil {
			t.Fatal(err)
		}
		if tenants != i+1 {
			t.Errorf("open #%d: %d tenants, want %d", i+1, tenants, i+1)
		}
		db.Close()
	}
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has number %d, want %d: numbers run from 1 without gaps", m.name, m.version, i+1)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	db := openTest(t)
	ms, _ := migrations()
	newer := ms[len(ms)-1].version + 1
	if _, err := db.pool.Exec(t.Context(), `INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future.sql')`, newer); err != nil {
		t.Fatal(err)
	}
	url := db.pool.Config().ConnString()
	db.Close()
	_, err := Open(t.Context(), url, Options{}, testLogger(t))
	var tooNew *SchemaTooNewError
	if !errors.As(err, &tooNew) || tooNew.Database != newer {
		t.Fatalf("Open = %v, want a SchemaTooNewError for version %d", err, newer)
	}
	if !strings.Contains(err.Error(), "newer than this gatehouse supports") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err = Open(ctx, "postgres://gatehouse@"+addr+"/gatehouse?sslmode=disable&connect_timeout=2", Options{}, testLogger(t))
	if err == nil || !strings.Contains(err.Error(), "cannot connect") || !strings.Contains(err.Error(), addr) {
		t.Fatalf("Open = %v, want an error that names %s and says it cannot connect", err, addr)
	}
}

func TestOpenPoolOptions(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := Open(t.Context(), url, Options{MaxConns: 3, MinConns: 1, ConnLifetime: time.Minute}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := db.pool.Config()
	if cfg.MaxConns != 3 || cfg.MinConns != 1 || cfg.MaxConnLifetime != time.Minute {
		t.Errorf("pool config: max %d, min %d, lifetime %v; want 3, 1, 1m", cfg.MaxConns, cfg.MinConns, cfg.MaxConnLifetime)
	}
	if _, err := Open(t.Context(), url, Options{MaxConns: 2, MinConns: 5}, testLogger(t)); err == nil {
		t.Error("Open with more minimum than maximum connections succeeded")
	}
}

// TestWritesTakeTurns checks that a failed login counter, incremented by
// read-then-write Updates from many goroutines at once, loses no
// increment: Updates see each other's commits.
func TestWritesTakeTurns(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	u := gatehouse.User{Name: "alice"}
	if err := db.Update(ctx, func(tx gatehouse.Tx) error { return tx.CreateUser(ctx, &u) }); err != nil {
		t.Fatal(err)
	}
	const n = 40
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			err := db.Update(ctx, func(tx gatehouse.Tx) error {
				cur, err := tx.UserByID(ctx, u.ID)
				if err != nil {
					return err
				}
				cur.FailedLogins++
				return tx.UpdateUser(ctx, cur)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var got gatehouse.User
	db.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		got, err = tx.UserByID(ctx, u.ID)
		return err
	})
	if got.FailedLogins != n {
		t.Errorf("failed logins = %d after %d increments", got.FailedLogins, n)
	}
}

// TestAuditTimeExact checks that audit times keep their nanoseconds, which
// the hash chain covers, although timestamptz keeps microseconds.
func TestAuditTimeExact(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	at := time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.UTC)
	for _, r := range []gatehouse.AuditRecord{{Time: at, Action: "a"}, {Time: at.Add(time.Nanosecond), Action: "b"}} {
		if err := db.Update(ctx, func(tx gatehouse.Tx) error { return tx.AppendAudit(ctx, &r) }); err != nil {
			t.Fatal(err)
		}
	}
	var got []gatehouse.AuditRecord
	err := db.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		got, err = tx.ListAudit(ctx, gatehouse.AuditQuery{Since: at.Add(time.Nanosecond)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Time.Equal(at.Add(time.Nanosecond)) {
		t.Fatalf("records since %v: %+v, want b at exactly that time", at.Add(time.Nanosecond), got)
	}
}

// TestConformanceSearchPaths runs the suite with a tiny scan window, so
// that searches for short terms go on through users_search_short, and
// sorted searches for short terms with more than two matches walk the
// order's index.
func TestConformanceSearchPaths(t *testing.T) {
	oldWindow, oldSorted := scanWindow, sortedSearchLimit
	scanWindow, sortedSearchLimit = 3, 2
	defer func() { scanWindow, sortedSearchLimit = oldWindow, oldSorted }()
	storetest.Run(t, func(t *testing.T) gatehouse.Store { return openTest(t) })
}
