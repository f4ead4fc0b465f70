package identity_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// appendAudit appends n records, a second apart from start, in one
// transaction.
func (e *env) appendAudit(start time.Time, n int) {
	e.t.Helper()
	err := e.store.Update(e.ctx, func(tx gatehouse.Tx) error {
		for i := range n {
			r := gatehouse.AuditRecord{Action: "test", ObjectID: fmt.Sprint(i)}
			if err := audit.Write(e.ctx, tx, start.Add(time.Duration(i)*time.Second), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// TestExportAuditPages exports more records than one page holds.
func TestExportAuditPages(t *testing.T) {
	e := newEnv(t)
	admin := e.setup()
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	e.appendAudit(start, 2345)

	var got []gatehouse.AuditRecord
	pages := 0
	err := e.svc.ExportAudit(e.ctx, admin, start.Add(10*time.Second), start.Add(2340*time.Second), func(rs []gatehouse.AuditRecord) error {
		pages++
		got = append(got, rs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2330 || pages != 3 {
		t.Fatalf("exported %d records in %d pages, want 2330 in 3", len(got), pages)
	}
	for i, r := range got {
		if want := fmt.Sprint(10 + i); r.ObjectID != want {
			t.Fatalf("record %d is %q, want %q", i, r.ObjectID, want)
		}
	}

	stop := errors.New("stop")
	calls := 0
	err = e.svc.ExportAudit(e.ctx, admin, time.Time{}, time.Time{}, func([]gatehouse.AuditRecord) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("ExportAudit with a failing emit = %v after %d calls, want stop after 1", err, calls)
	}
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	err = e.svc.ExportAudit(e.ctx, u1, time.Time{}, time.Time{}, func([]gatehouse.AuditRecord) error { return nil })
	if !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("ExportAudit by a user = %v, want ErrForbidden", err)
	}
}

// TestPruneAudit prunes as the server's housekeeping does, moving the
// clock instead of waiting, and verifies the trail after.
func TestPruneAudit(t *testing.T) {
	e := newEnv(t)
	admin := e.setup()
	now := time.Now()
	e.svc.Now = func() time.Time { return now }
	cp, err := e.svc.PruneAudit(e.ctx, nil)
	if err != nil || cp.Pruned != 0 {
		t.Fatalf("PruneAudit with no retention = %+v, %v; want nothing pruned", cp, err)
	}
	e.must(e.svc.SetSetting(e.ctx, admin, "audit.retention", "1d"))
	before, _, err := e.svc.ListAudit(e.ctx, admin, gatehouse.AuditQuery{Limit: identity.MaxAuditLimit})
	if err != nil {
		t.Fatal(err)
	}
	if cp, err := e.svc.PruneAudit(e.ctx, nil); err != nil || cp.Pruned != 0 {
		t.Fatalf("PruneAudit of fresh records = %+v, %v; want nothing pruned", cp, err)
	}

	now = now.Add(25 * time.Hour)
	e.appendAudit(now.Add(-time.Hour), 3) // newer than the retention
	cp, err = e.svc.PruneAudit(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Pruned != int64(len(before)) || cp.LastID != before[0].ID || cp.LastHash != before[0].Hash || cp.KeyID == "" || len(cp.Signature) == 0 {
		t.Fatalf("checkpoint = %+v, want the %d records through %d pruned, signed", cp, len(before), before[0].ID)
	}
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	if err != nil || !v.Intact() || v.Checkpoint != cp.ID || v.PrunedThrough != cp.LastID || v.Chained != 4 {
		t.Fatalf("VerifyAudit = %+v, %v; want 4 records intact after the checkpoint", v, err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, admin, gatehouse.AuditQuery{Action: "audit.prune"})
	if err != nil || len(recs) != 1 || recs[0].ActorName != "gatehouse" || recs[0].Changes["pruned"] != float64(len(before)) {
		t.Fatalf("audit.prune records = %+v, %v", recs, err)
	}

	if cp, err := e.svc.PruneAudit(e.ctx, e.login("u1", "passphrase-of-u1", "t1")); !errors.Is(err, gatehouse.ErrForbidden) || cp.Pruned != 0 {
		t.Fatalf("PruneAudit by a user = %+v, %v; want ErrForbidden", cp, err)
	}
}
