package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestWriteFillsWhenWhereAndRequest(t *testing.T) {
	st := testenv.New(t).Store
	ctx := gatehouse.WithRequestInfo(context.Background(), gatehouse.RequestInfo{ID: "req-1", Source: "192.0.2.7"})
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("X", 3600))
	err := st.Update(ctx, func(tx gatehouse.Tx) error {
		return audit.Write(ctx, tx, now, gatehouse.AuditRecord{Action: "test.write", ObjectType: "USER", ObjectID: "u1"})
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []gatehouse.AuditRecord
	err = st.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		got, err = tx.ListAudit(ctx, gatehouse.AuditQuery{Action: "test.write"})
		return err
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("records = %+v, %v", got, err)
	}
	r := got[0]
	if !r.Time.Equal(now) || r.Time.Location() != time.UTC || r.Source != "192.0.2.7" || r.RequestID != "req-1" || r.Outcome != gatehouse.OutcomeSuccess {
		t.Fatalf("record = %+v", r)
	}
}

func TestWriteRollsBackWithTheChange(t *testing.T) {
	st := testenv.New(t).Store
	ctx := context.Background()
	boom := gatehouse.Errorf(gatehouse.ErrConflict, "the change failed")
	err := st.Update(ctx, func(tx gatehouse.Tx) error {
		if err := audit.Write(ctx, tx, time.Now(), gatehouse.AuditRecord{Action: "test.rollback"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	_ = st.View(ctx, func(tx gatehouse.Tx) error {
		got, err := tx.ListAudit(ctx, gatehouse.AuditQuery{Action: "test.rollback"})
		if err != nil || len(got) != 0 {
			t.Fatalf("a rolled-back change left its audit record: %+v, %v", got, err)
		}
		return nil
	})
}
