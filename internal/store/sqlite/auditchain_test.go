package sqlite

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// appendRecords appends n audit records through audit.Write, one
// transaction each.
func appendRecords(tb testing.TB, db *DB, n int) {
	tb.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range n {
		err := db.Update(ctx, func(tx gatehouse.Tx) error {
			return audit.Write(ctx, tx, now.Add(time.Duration(i)), gatehouse.AuditRecord{
				ActorID: 1, ActorName: "admin", ActorTenant: "Administrators", Action: "user.update",
				ObjectType: "USER", ObjectID: fmt.Sprint("u", i), Source: "192.0.2.1",
				Changes: map[string]any{"email": "u@example.com"}, RequestID: "0123456789abcdef"})
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// verify runs audit.Verify on db.
func verify(tb testing.TB, db *DB) audit.Verification {
	tb.Helper()
	var v audit.Verification
	err := db.View(context.Background(), func(tx gatehouse.Tx) error {
		var err error
		v, err = audit.Verify(context.Background(), tx)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestAuditChainTampering changes the database behind the store's back,
// as an intruder with file access would, and expects Verify to name the
// record.
func TestAuditChainTampering(t *testing.T) {
	tests := []struct {
		name, sql string
		broken    int64
	}{
		{"intact", "", 0},
		{"changed", `UPDATE audit SET object_id = 'someone' WHERE id = 3`, 3},
		{"removed", `DELETE FROM audit WHERE id = 4`, 5},
		{"changes rewritten", `UPDATE audit SET changes = '{"email":"evil@example.com"}' WHERE id = 2`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			appendRecords(t, db, 6)
			if tt.sql != "" {
				if _, err := db.write.Exec(tt.sql); err != nil {
					t.Fatal(err)
				}
			}
			if v := verify(t, db); v.BrokenID != tt.broken {
				t.Fatalf("Verify = %+v, want record %d broken", v, tt.broken)
			}
		})
	}
}

// openBench opens a fresh database for a benchmark.
func openBench(b *testing.B) *DB {
	b.Helper()
	db, err := Open(b.Context(), filepath.Join(b.TempDir(), "gatehouse.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkAuditAppend appends one record per transaction, as every
// change does. The target is 20,000 a second.
func BenchmarkAuditAppend(b *testing.B) {
	db := openBench(b)
	b.ResetTimer()
	appendRecords(b, db, b.N)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkAuditVerify verifies a trail of 100,000 records; a million
// take ten times as long. The target is a million under 10 s.
func BenchmarkAuditVerify(b *testing.B) {
	db := openBench(b)
	const n = 100_000
	appendRecords(b, db, n)
	b.ResetTimer()
	for b.Loop() {
		if v := verify(b, db); v.Chained != n {
			b.Fatalf("Verify = %+v", v)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
