package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// listAudit runs ListAudit and fails the test on error.
func listAudit(t *testing.T, s gatehouse.Store, q gatehouse.AuditQuery) []gatehouse.AuditRecord {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.AuditRecord, error) {
		return tx.ListAudit(ctx, q)
	})
}

// appendAudit appends rs in order, in one transaction, and returns them
// with their ids.
func appendAudit(t *testing.T, s gatehouse.Store, rs ...gatehouse.AuditRecord) []gatehouse.AuditRecord {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		for i := range rs {
			if err := tx.AppendAudit(ctx, &rs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return rs
}

func testAppendAudit(t *testing.T, s gatehouse.Store) {
	full := gatehouse.AuditRecord{
		Time:        t0,
		ActorID:     7,
		ActorName:   "alice",
		ActorTenant: "acme",
		Action:      "user.add",
		ObjectType:  "USER",
		ObjectID:    "bob",
		Source:      "192.0.2.1:4711",
		Outcome:     gatehouse.OutcomeSuccess,
		Reason:      "",
		Changes: map[string]any{
			"email":        "bob@example.com",
			"disabled":     false,
			"capabilities": []any{"b", "a"},
			"count":        float64(3),
			"nested":       map[string]any{"x": nil, "y": 1.5},
			"unicode":      "Ωmega \"quoted\"",
		},
		RequestID: "req-1",
	}
	failed := gatehouse.AuditRecord{
		Time: at(time.Second), ActorName: "nobody", Action: "login",
		Outcome: gatehouse.OutcomeFailure, Reason: "unknown user",
	}
	rs := appendAudit(t, s, full, failed, gatehouse.AuditRecord{Action: "empty"})
	for i := 1; i < len(rs); i++ {
		if rs[i].ID <= rs[i-1].ID {
			t.Errorf("AppendAudit ids %d then %d, want increasing", rs[i-1].ID, rs[i].ID)
		}
	}
	later := appendAudit(t, s, gatehouse.AuditRecord{Action: "later"})
	if later[0].ID <= rs[2].ID {
		t.Errorf("AppendAudit id %d in a later transaction, want more than %d", later[0].ID, rs[2].ID)
	}

	got := listAudit(t, s, gatehouse.AuditQuery{})
	checkEqual(t, "ListAudit", got, []gatehouse.AuditRecord{later[0], rs[2], rs[1], rs[0]})
}

func testListAudit(t *testing.T, s gatehouse.Store) {
	rec := func(min int, actor gatehouse.UserName, action, otype, oid, outcome string) gatehouse.AuditRecord {
		return gatehouse.AuditRecord{
			Time: at(time.Duration(min) * time.Minute), ActorName: actor,
			Action: action, ObjectType: otype, ObjectID: oid, Outcome: outcome,
		}
	}
	rs := appendAudit(t, s,
		rec(0, "alice", "login", "USER", "alice", gatehouse.OutcomeSuccess),
		rec(1, "alice", "user.add", "USER", "bob", gatehouse.OutcomeSuccess),
		rec(2, "bob", "login", "USER", "bob", gatehouse.OutcomeFailure),
		rec(3, "carol", "tenant.remove", "TENANT", "acme", gatehouse.OutcomeDenied),
		rec(4, "alice", "user.add", "USER", "carol", gatehouse.OutcomeSuccess),
		rec(5, "ghost", "login", "USER", "ghost", gatehouse.OutcomeFailure),
	)
	id := func(i int) int64 { return rs[i-1].ID } // id(1) is the first record

	tests := []struct {
		name string
		q    gatehouse.AuditQuery
		want []int // positions in rs, from 1
	}{
		{"all, newest first", gatehouse.AuditQuery{}, []int{6, 5, 4, 3, 2, 1}},
		{"Actor", gatehouse.AuditQuery{Actor: "alice"}, []int{5, 2, 1}},
		{"Actor unknown", gatehouse.AuditQuery{Actor: "nobody"}, nil},
		{"Action", gatehouse.AuditQuery{Action: "login"}, []int{6, 3, 1}},
		{"ObjectType", gatehouse.AuditQuery{ObjectType: "TENANT"}, []int{4}},
		{"ObjectType and ObjectID", gatehouse.AuditQuery{ObjectType: "USER", ObjectID: "bob"}, []int{3, 2}},
		{"ObjectID", gatehouse.AuditQuery{ObjectID: "acme"}, []int{4}},
		{"Outcome", gatehouse.AuditQuery{Outcome: gatehouse.OutcomeFailure}, []int{6, 3}},
		{"Since is inclusive", gatehouse.AuditQuery{Since: at(2 * time.Minute)}, []int{6, 5, 4, 3}},
		{"Until is exclusive", gatehouse.AuditQuery{Until: at(2 * time.Minute)}, []int{2, 1}},
		{"Since and Until", gatehouse.AuditQuery{Since: at(time.Minute), Until: at(4 * time.Minute)}, []int{4, 3, 2}},
		{"Since in another zone", gatehouse.AuditQuery{Since: at(4 * time.Minute).UTC()}, []int{6, 5}},
		{"BeforeID", gatehouse.AuditQuery{BeforeID: id(4)}, []int{3, 2, 1}},
		{"Limit", gatehouse.AuditQuery{Limit: 2}, []int{6, 5}},
		{"BeforeID and Limit", gatehouse.AuditQuery{BeforeID: id(5), Limit: 2}, []int{4, 3}},
		{"several filters", gatehouse.AuditQuery{Actor: "alice", Action: "user.add", Limit: 1}, []int{5}},
		{"OldestFirst", gatehouse.AuditQuery{OldestFirst: true}, []int{1, 2, 3, 4, 5, 6}},
		{"AfterID", gatehouse.AuditQuery{AfterID: id(4)}, []int{6, 5}},
		{"OldestFirst, AfterID and Limit", gatehouse.AuditQuery{OldestFirst: true, AfterID: id(2), Limit: 2}, []int{3, 4}},
		{"OldestFirst, Since and Until", gatehouse.AuditQuery{OldestFirst: true, Since: at(time.Minute), Until: at(4 * time.Minute)}, []int{2, 3, 4}},
		{"several filters, next page", gatehouse.AuditQuery{Actor: "alice", Action: "user.add", Limit: 1, BeforeID: id(5)}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []int64
			for _, i := range tt.want {
				want = append(want, id(i))
			}
			var got []int64
			for _, r := range listAudit(t, s, tt.q) {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("ListAudit(%+v) = %v, want %v", tt.q, got, want)
			}
		})
	}
}

func testAuditChain(t *testing.T, s gatehouse.Store) {
	last := func() string {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (string, error) { return tx.LastAuditHash(ctx) })
	}
	checkEqual(t, "LastAuditHash of an empty trail", last(), "")
	var ids []int64
	for i, h := range []string{"", "h1", "h2"} {
		r := gatehouse.AuditRecord{Time: at(time.Duration(i) * time.Second), Action: "test", PrevHash: "p" + h, Hash: h}
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AppendAudit(ctx, &r) })
		ids = append(ids, r.ID)
	}
	checkEqual(t, "LastAuditHash", last(), "h2")
	page := func(after int64, limit int) []string {
		rs := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.AuditRecord, error) {
			return tx.AuditChain(ctx, after, limit)
		})
		var out []string
		for _, r := range rs {
			out = append(out, r.PrevHash+"/"+r.Hash)
		}
		return out
	}
	checkEqual(t, "AuditChain(0, 10)", page(0, 10), []string{"p/", "ph1/h1", "ph2/h2"})
	checkEqual(t, "AuditChain(0, 2)", page(0, 2), []string{"p/", "ph1/h1"})
	checkEqual(t, "AuditChain after the second", page(ids[1], 10), []string{"ph2/h2"})
	checkEqual(t, "AuditChain after the last", page(ids[2], 10), nil)
}

func testAuditPrune(t *testing.T, s gatehouse.Store) {
	plan := func(before time.Time) gatehouse.AuditCheckpoint {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.AuditCheckpoint, error) {
			return tx.PlanAuditPrune(ctx, before)
		})
	}
	lastCheckpoint := func() (gatehouse.AuditCheckpoint, error) {
		return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.AuditCheckpoint, error) {
			return tx.LastAuditCheckpoint(ctx)
		})
	}
	kept := func() []string {
		rs := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.AuditRecord, error) {
			return tx.AuditChain(ctx, 0, 100)
		})
		var out []string
		for _, r := range rs {
			out = append(out, r.Hash)
		}
		return out
	}
	_, err := lastCheckpoint()
	wantErr(t, "LastAuditCheckpoint of a new store", err, gatehouse.ErrNotFound)
	checkEqual(t, "PlanAuditPrune of an empty trail", plan(at(time.Hour)), gatehouse.AuditCheckpoint{})

	// The clock stepped back at h4: pruning stops before the first record
	// to keep, h3, though h4 is older.
	var rs []gatehouse.AuditRecord
	for i, min := range []int{0, 1, 2, 10, 3, 11} {
		rs = append(rs, gatehouse.AuditRecord{Time: at(time.Duration(min) * time.Minute), Action: "test", Hash: fmt.Sprint("h", i+1)})
	}
	rs = appendAudit(t, s, rs...)
	checkEqual(t, "PlanAuditPrune before the first", plan(at(0)), gatehouse.AuditCheckpoint{})
	checkEqual(t, "PlanAuditPrune at the third", plan(at(2*time.Minute)),
		gatehouse.AuditCheckpoint{LastID: rs[1].ID, LastHash: "h2", Pruned: 2})
	checkEqual(t, "PlanAuditPrune with the clock stepped back", plan(at(5*time.Minute)),
		gatehouse.AuditCheckpoint{LastID: rs[2].ID, LastHash: "h3", Pruned: 3})
	checkEqual(t, "PlanAuditPrune after the last", plan(at(time.Hour)),
		gatehouse.AuditCheckpoint{LastID: rs[5].ID, LastHash: "h6", Pruned: 6})

	cp := plan(at(2 * time.Minute))
	cp.Unchained, cp.Time, cp.KeyID, cp.Signature = 1, at(time.Hour), "key-1", []byte{0, 1, 2, 255}
	wrong := cp
	wrong.Pruned = 3
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PruneAudit(ctx, &wrong) })
	wantErr(t, "PruneAudit of the wrong number of records", err, gatehouse.ErrConflict)
	checkEqual(t, "records after a refused PruneAudit", kept(), []string{"h1", "h2", "h3", "h4", "h5", "h6"})
	_, err = lastCheckpoint()
	wantErr(t, "LastAuditCheckpoint after a refused PruneAudit", err, gatehouse.ErrNotFound)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PruneAudit(ctx, &cp) })
	if cp.ID == 0 {
		t.Fatal("PruneAudit did not set the checkpoint's id")
	}
	checkEqual(t, "records after PruneAudit", kept(), []string{"h3", "h4", "h5", "h6"})
	got, err := lastCheckpoint()
	wantErr(t, "LastAuditCheckpoint", err, nil)
	checkEqual(t, "LastAuditCheckpoint", got, cp)

	second := plan(at(5 * time.Minute))
	checkEqual(t, "PlanAuditPrune after pruning", second, gatehouse.AuditCheckpoint{LastID: rs[2].ID, LastHash: "h3", Pruned: 1})
	second.Time, second.KeyID, second.Signature = at(2*time.Hour), "key-2", []byte("sig")
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PruneAudit(ctx, &second) })
	if second.ID <= cp.ID {
		t.Errorf("second checkpoint id %d, want more than %d", second.ID, cp.ID)
	}
	got, _ = lastCheckpoint()
	checkEqual(t, "LastAuditCheckpoint after the second", got, second)
	checkEqual(t, "records after the second PruneAudit", kept(), []string{"h4", "h5", "h6"})

	// Pruning every record leaves the checkpoint as the only memory of the
	// ids handed out: the next record still gets a higher id, so that the
	// records after the checkpoint are exactly those with higher ids.
	all := plan(at(time.Hour))
	all.Time, all.KeyID, all.Signature = at(3*time.Hour), "key-3", []byte("sig")
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PruneAudit(ctx, &all) })
	checkEqual(t, "records after pruning them all", kept(), nil)
	next := appendAudit(t, s, gatehouse.AuditRecord{Time: at(4 * time.Hour), Action: "test", Hash: "h7"})
	if next[0].ID <= rs[5].ID {
		t.Errorf("the record after pruning them all got id %d, want more than the pruned %d", next[0].ID, rs[5].ID)
	}
}
