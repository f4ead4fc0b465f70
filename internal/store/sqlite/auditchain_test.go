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
	"github.com/gatehouse-iam/gatehouse/internal/token"
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

// newSigner returns a token issuer over db, whose key signs checkpoints.
func newSigner(tb testing.TB, db *DB) *token.Issuer {
	tb.Helper()
	iss, err := token.NewIssuer(context.Background(), db, time.Hour, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return iss
}

// verify runs audit.Verify on db.
func verify(tb testing.TB, db *DB) audit.Verification {
	tb.Helper()
	var v audit.Verification
	signer := newSigner(tb, db)
	err := db.View(context.Background(), func(tx gatehouse.Tx) error {
		var err error
		v, err = audit.Verify(context.Background(), tx, signer)
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
		{"a hash blanked", `UPDATE audit SET hash = '', prev_hash = '' WHERE id = 4`, 4},
		{"every hash blanked", `UPDATE audit SET hash = '', prev_hash = ''`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			appendRecords(t, db, 6)
			if tt.sql != "" {
				if _, err := db.conn.ExecContext(context.Background(), tt.sql); err != nil {
					t.Fatal(err)
				}
			}
			if v := verify(t, db); v.BrokenID != tt.broken {
				t.Fatalf("Verify = %+v, want record %d broken", v, tt.broken)
			}
		})
	}
}

// prune prunes the records before the one at index keep of appendRecords,
// as identity.PruneAudit does, writing a checkpoint signed by signer.
func prune(tb testing.TB, db *DB, signer audit.Signer, keep int) gatehouse.AuditCheckpoint {
	tb.Helper()
	var cp gatehouse.AuditCheckpoint
	before := time.Date(2026, 11, 23, 10, 0, 0, keep, time.UTC)
	err := db.Update(context.Background(), func(tx gatehouse.Tx) error {
		var err error
		if cp, err = tx.PlanAuditPrune(context.Background(), before); err != nil {
			return err
		}
		audit.SignCheckpoint(&cp, signer, before)
		return tx.PruneAudit(context.Background(), &cp)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return cp
}

// TestAuditCheckpointTampering prunes records 1 to 3 of 8, then changes
// the database behind the store's back.
func TestAuditCheckpointTampering(t *testing.T) {
	tests := []struct {
		name               string
		tamper             func(t *testing.T, db *DB)
		checkpoint, record int64
	}{
		{"intact", func(*testing.T, *DB) {}, 0, 0},
		{"the first record kept removed", sqlTamper(`DELETE FROM audit WHERE id = 4`), 0, 5},
		{"the first record kept changed", sqlTamper(`UPDATE audit SET action = 'login' WHERE id = 4`), 0, 4},
		{"every hash blanked", sqlTamper(`UPDATE audit SET hash = '', prev_hash = ''`), 0, 4},
		{"the checkpoint's hash changed", sqlTamper(`UPDATE audit_checkpoints SET last_hash = (SELECT hash FROM audit WHERE id = 5)`), 1, 0},
		{"the checkpoint moved on", sqlTamper(`UPDATE audit_checkpoints SET last_id = 5, pruned = 5, last_hash = (SELECT hash FROM audit WHERE id = 5)`), 1, 0},
		{"the checkpoint removed", sqlTamper(`DELETE FROM audit_checkpoints`), 0, 4},
		{"a checkpoint forged with another key", func(t *testing.T, db *DB) {
			other, err := Open(t.Context(), filepath.Join(t.TempDir(), "other.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			if _, err := db.conn.ExecContext(context.Background(), `DELETE FROM audit WHERE id <= 5`); err != nil {
				t.Fatal(err)
			}
			cp := gatehouse.AuditCheckpoint{LastID: 5, Pruned: 2, LastHash: "", Unchained: 0}
			err = db.View(t.Context(), func(tx gatehouse.Tx) error {
				rs, err := tx.AuditChain(t.Context(), 5, 1)
				if err == nil {
					cp.LastHash = rs[0].PrevHash
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			audit.SignCheckpoint(&cp, newSigner(t, other), time.Now())
			if _, err := db.conn.ExecContext(context.Background(), `INSERT INTO audit_checkpoints (last_id, last_hash, pruned, unchained, created_at, key_id, signature)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, cp.LastID, cp.LastHash, cp.Pruned, cp.Unchained, cp.Time.UnixNano(), cp.KeyID, cp.Signature); err != nil {
				t.Fatal(err)
			}
		}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			appendRecords(t, db, 8)
			if cp := prune(t, db, newSigner(t, db), 3); cp.ID != 1 || cp.LastID != 3 || cp.Pruned != 3 {
				t.Fatalf("checkpoint = %+v, want 1 pruning 3 records through 3", cp)
			}
			tt.tamper(t, db)
			v := verify(t, db)
			if v.BrokenCheckpoint != tt.checkpoint || v.BrokenID != tt.record {
				t.Fatalf("Verify = %+v, want checkpoint %d and record %d broken", v, tt.checkpoint, tt.record)
			}
			if tt.checkpoint == 0 && tt.record == 0 && (v.Records != 5 || v.Chained != 5 || v.Checkpoint != 1) {
				t.Fatalf("Verify = %+v, want 5 records chained from checkpoint 1", v)
			}
		})
	}
}

// sqlTamper returns a tampering that runs query.
func sqlTamper(query string) func(*testing.T, *DB) {
	return func(t *testing.T, db *DB) {
		t.Helper()
		if _, err := db.conn.ExecContext(context.Background(), query); err != nil {
			t.Fatal(err)
		}
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
