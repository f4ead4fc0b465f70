package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// memTrail is an audit trail in memory, for tampering with, and its
// newest checkpoint, if any.
type memTrail struct {
	recs []gatehouse.AuditRecord
	cp   *gatehouse.AuditCheckpoint
}

func (m *memTrail) LastAuditCheckpoint(context.Context) (gatehouse.AuditCheckpoint, error) {
	if m.cp == nil {
		return gatehouse.AuditCheckpoint{}, gatehouse.ErrNotFound
	}
	return *m.cp, nil
}

// prune removes the records up to id last and signs a checkpoint for
// them with signer.
func (m *memTrail) prune(last int64, signer audit.Signer) {
	cp := gatehouse.AuditCheckpoint{ID: 2, LastID: last, Pruned: last, Unchained: 2}
	for len(m.recs) > 0 && m.recs[0].ID <= last {
		cp.LastHash = m.recs[0].Hash
		m.recs = m.recs[1:]
	}
	audit.SignCheckpoint(&cp, signer, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	m.cp = &cp
}

func (m *memTrail) AppendAudit(_ context.Context, r *gatehouse.AuditRecord) error {
	r.ID = int64(len(m.recs) + 1)
	m.recs = append(m.recs, *r)
	return nil
}

func (m *memTrail) ListAudit(context.Context, gatehouse.AuditQuery) ([]gatehouse.AuditRecord, error) {
	return nil, nil
}

func (m *memTrail) LastAuditHash(context.Context) (string, error) {
	if len(m.recs) == 0 {
		return "", nil
	}
	return m.recs[len(m.recs)-1].Hash, nil
}

func (m *memTrail) AuditChain(_ context.Context, after int64, limit int) ([]gatehouse.AuditRecord, error) {
	var out []gatehouse.AuditRecord
	for _, r := range m.recs {
		if r.ID > after && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

// trail returns a trail of n records, the first two from before the chain,
// which the checkpoint of the migration that added checkpoints marks.
func trail(t *testing.T, n int) *memTrail {
	t.Helper()
	m := &memTrail{cp: &gatehouse.AuditCheckpoint{ID: 1, Unchained: 2}}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range n {
		r := gatehouse.AuditRecord{Action: "user.update", ObjectType: "USER", ObjectID: fmt.Sprint("u", i),
			Changes: map[string]any{"n": i, "when": now, "list": []string{"b", "a"}}}
		if i < 2 {
			r.Time, r.Outcome = now, gatehouse.OutcomeSuccess
			m.AppendAudit(t.Context(), &r)
			continue
		}
		if err := audit.Write(t.Context(), m, now.Add(time.Duration(i)), r); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(m *memTrail)
		broken int64
	}{
		{"intact", func(m *memTrail) {}, 0},
		{"a field changed", func(m *memTrail) { m.recs[4].ObjectID = "someone-else" }, 5},
		{"changes changed", func(m *memTrail) { m.recs[3].Changes["n"] = 99.0 }, 4},
		{"the last record changed", func(m *memTrail) { m.recs[9].Reason = "x" }, 10},
		{"a record removed", func(m *memTrail) { m.recs = append(m.recs[:5], m.recs[6:]...) }, 7},
		{"two records swapped", func(m *memTrail) {
			m.recs[5], m.recs[6] = m.recs[6], m.recs[5]
			m.recs[5].ID, m.recs[6].ID = 6, 7
		}, 6},
		{"a hash blanked", func(m *memTrail) { m.recs[6].Hash, m.recs[6].PrevHash = "", "" }, 7},
		{"the chain's start blanked", func(m *memTrail) { m.recs[2].Hash, m.recs[2].PrevHash = "", "" }, 3},
		{"every hash blanked", func(m *memTrail) {
			for i := range m.recs {
				m.recs[i].Hash, m.recs[i].PrevHash = "", ""
			}
		}, 3},
		{"the marker of the chain's start moved", func(m *memTrail) { m.cp.Unchained = 10 }, 0},
		{"a hash recomputed after a change", func(m *memTrail) {
			m.recs[4].ObjectID = "someone-else"
			m.recs[4].Hash, _ = audit.Hash(&m.recs[4])
		}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := trail(t, 10)
			tt.tamper(m)
			v, err := audit.Verify(t.Context(), m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.BrokenID != tt.broken || (tt.broken == 0) != (v.Reason == "") {
				t.Fatalf("Verify = %+v, want record %d broken", v, tt.broken)
			}
			if tt.broken == 0 && (v.Records != 10 || v.Chained != 8) {
				t.Fatalf("Verify = %+v, want 10 records, 8 chained", v)
			}
		})
	}
}

// TestVerifyCheckpoint prunes the first five records of a trail and
// tampers with what is left and with the checkpoint.
func TestVerifyCheckpoint(t *testing.T) {
	server := testenv.New(t).Tokens
	intruder := testenv.New(t).Tokens // another server's key
	tests := []struct {
		name             string
		tamper           func(m *memTrail)
		checkpoint, want int64 // the broken checkpoint or record
	}{
		{"intact", func(m *memTrail) {}, 0, 0},
		{"the first record kept changed", func(m *memTrail) { m.recs[0].Source = "elsewhere" }, 0, 6},
		{"the first record kept removed", func(m *memTrail) { m.recs = m.recs[1:] }, 0, 7},
		{"the first record kept's hash blanked", func(m *memTrail) { m.recs[0].Hash, m.recs[0].PrevHash = "", "" }, 0, 6},
		{"every hash kept blanked", func(m *memTrail) {
			for i := range m.recs {
				m.recs[i].Hash, m.recs[i].PrevHash = "", ""
			}
		}, 0, 6},
		{"the checkpoint's hash changed", func(m *memTrail) { m.cp.LastHash = m.recs[1].Hash }, 2, 0},
		{"the checkpoint's count changed", func(m *memTrail) { m.cp.Pruned = 4 }, 2, 0},
		{"the checkpoint's unchained moved", func(m *memTrail) { m.cp.Unchained = 10 }, 2, 0},
		{"the checkpoint's signature removed", func(m *memTrail) { m.cp.KeyID, m.cp.Signature = "", nil }, 2, 0},
		{"a checkpoint forged with another key", func(m *memTrail) {
			m.prune(7, intruder) // hiding records 6 and 7
		}, 2, 0},
		{"a checkpoint forged under the server's key id", func(m *memTrail) {
			kid := m.cp.KeyID
			m.prune(7, intruder)
			m.cp.KeyID = kid
		}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := trail(t, 10)
			m.prune(5, server)
			tt.tamper(m)
			v, err := audit.Verify(t.Context(), m, server)
			if err != nil {
				t.Fatal(err)
			}
			if v.BrokenCheckpoint != tt.checkpoint || v.BrokenID != tt.want || v.Intact() != (v.Reason == "") || v.Checkpoint != 2 {
				t.Fatalf("Verify = %+v, want checkpoint %d and record %d broken", v, tt.checkpoint, tt.want)
			}
			if v.Intact() && (v.Records != 5 || v.Chained != 5 || v.PrunedThrough != 5) {
				t.Fatalf("Verify = %+v, want 5 records, 5 chained, pruned through 5", v)
			}
		})
	}
}

// TestChainOnSQLite writes through the real store, whose JSON round trip
// of changes must leave the hashes intact.
func TestChainOnSQLite(t *testing.T) {
	env := testenv.New(t)
	st := env.Store
	ctx := t.Context()
	for i := range 5 {
		err := st.Update(ctx, func(tx gatehouse.Tx) error {
			return audit.Write(ctx, tx, time.Now(), gatehouse.AuditRecord{Action: "test", Reason: "r",
				Changes: map[string]any{"i": i, "big": int64(1) << 40, "t": time.Now(), "s": struct{ B, A int }{1, 2}}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var v audit.Verification
	err := st.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		v, err = audit.Verify(ctx, tx, env.Tokens)
		return err
	})
	if err != nil || v.BrokenID != 0 || v.Chained < 5 {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
}
