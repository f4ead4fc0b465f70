package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/storetest"
)

// testLogger returns a logger that writes to t.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// openTest opens a new database file in t.TempDir and closes it when the
// test ends.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "gatehouse.db"), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// reader takes one of db's readers, outside any transaction, and gives it
// back when the test ends, before db closes.
func reader(t *testing.T, db *DB) *conn {
	t.Helper()
	c := <-db.readers
	t.Cleanup(func() { db.readers <- c })
	return c
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) gatehouse.Store { return openTest(t) })
}

// TestConformanceSearchPaths runs the suite with a tiny scan window, so
// that searches for short terms take each of their paths: after the
// window, the vocabulary leads to an OR query or, when a term starts
// more trigrams than the bound, back to a scan. Sorted searches with
// more than two matches walk the order's index.
func TestConformanceSearchPaths(t *testing.T) {
	for _, maxTrigrams := range []int{2, maxShortTermTrigrams} {
		t.Run(fmt.Sprintf("maxTrigrams=%d", maxTrigrams), func(t *testing.T) {
			oldWindow, oldMax, oldSorted := scanWindow, maxShortTermTrigrams, sortedSearchLimit
			scanWindow, maxShortTermTrigrams, sortedSearchLimit = 3, maxTrigrams, 2
			defer func() { scanWindow, maxShortTermTrigrams, sortedSearchLimit = oldWindow, oldMax, oldSorted }()
			storetest.Run(t, func(t *testing.T) gatehouse.Store { return openTest(t) })
		})
	}
}

func TestOpenRejectsPath(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db", "x.db?mode=ro", "x#y.db"} {
		t.Run(path, func(t *testing.T) {
			db, err := Open(t.Context(), path, nil)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", path)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	db := openTest(t)
	tests := []struct {
		pool   string
		pragma string
		want   string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "foreign_keys", "1"},
		{"write", "synchronous", "1"}, // NORMAL
		{"write", "busy_timeout", "5000"},
		{"write", "query_only", "0"},
		{"write", "wal_autocheckpoint", "16384"},
		{"write", "journal_size_limit", "67108864"},
		{"read", "journal_mode", "wal"},
		{"read", "foreign_keys", "1"},
		{"read", "synchronous", "1"},
		{"read", "busy_timeout", "5000"},
		{"read", "query_only", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.pool+"/"+tt.pragma, func(t *testing.T) {
			pool := db.conn
			if tt.pool == "read" {
				pool = reader(t, db)
			}
			var got string
			if err := pool.QueryRowContext(t.Context(), "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
			}
		})
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	for i := range 2 {
		db, err := Open(t.Context(), path, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(t.Context(), func(tx gatehouse.Tx) error {
			return tx.CreateTenant(t.Context(), &gatehouse.Tenant{Name: gatehouse.TenantName("t" + string(rune('0'+i)))})
		})
		if err != nil {
			t.Fatal(err)
		}
		var applied int
		err = db.View(t.Context(), func(gt gatehouse.Tx) error {
			return gt.(*tx).tx.QueryRowContext(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&applied)
		})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		if applied != len(ms) {
			t.Errorf("open #%d: %d migrations recorded, want %d", i+1, applied, len(ms))
		}
		var tenants int
		err = db.View(t.Context(), func(gt gatehouse.Tx) error {
			return gt.(*tx).tx.QueryRowContext(t.Context(), `SELECT count(*) FROM tenants`).Scan(&tenants)
		})
		if err != nil {
			t.Fatal(err)
		}
		if tenants != i+1 {
			t.Errorf("open #%d: %d tenants, want %d", i+1, tenants, i+1)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations")
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has number %d, want %d: numbers run from 1 without gaps", m.name, m.version, i+1)
		}
	}
}

func TestTimeOutOfRange(t *testing.T) {
	db := openTest(t)
	for _, tm := range []time.Time{
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		err := db.Update(t.Context(), func(tx gatehouse.Tx) error {
			return tx.CreateTenant(t.Context(), &gatehouse.Tenant{Name: "acme", CreatedAt: tm})
		})
		if !errors.Is(err, gatehouse.ErrInvalid) {
			t.Errorf("CreateTenant with CreatedAt %v: error %v, want ErrInvalid", tm, err)
		}
	}
}

// lockDatabase takes the write lock of the database at path on a
// connection of its own, as another process would, and returns a function
// that releases it.
func lockDatabase(t *testing.T, path string) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
			t.Error(err)
		}
		conn.Close()
	}
}

// shortBusyTimeout makes databases opened by the test give up waiting for a
// lock after 50ms.
func shortBusyTimeout(t *testing.T) {
	old := busyTimeout
	busyTimeout = 50 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
}

func TestUpdateRetriesWhenBusy(t *testing.T) {
	shortBusyTimeout(t)
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	var logs bytes.Buffer
	db, err := Open(t.Context(), path, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	release := lockDatabase(t, path)
	time.AfterFunc(200*time.Millisecond, release)
	err = db.Update(t.Context(), func(tx gatehouse.Tx) error {
		return tx.CreateTenant(t.Context(), &gatehouse.Tenant{Name: "acme"})
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("Update did not retry; logs:\n%s", logs.String())
	}
}

func TestUpdateGivesUpWhenBusy(t *testing.T) {
	shortBusyTimeout(t)
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	db, err := Open(t.Context(), path, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	release := lockDatabase(t, path)
	defer release()
	calls := 0
	err = db.Update(t.Context(), func(tx gatehouse.Tx) error {
		calls++
		return nil
	})
	if !isBusy(err) {
		t.Errorf("Update while locked: error %v, want SQLITE_BUSY", err)
	}
	if calls != 0 {
		t.Errorf("fn ran %d times without the write lock", calls)
	}
	// Views still work.
	if err := db.View(t.Context(), func(tx gatehouse.Tx) error {
		_, err := tx.ListTenants(t.Context())
		return err
	}); err != nil {
		t.Errorf("View while locked: %v", err)
	}
}
