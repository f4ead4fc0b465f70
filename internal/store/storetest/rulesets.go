package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func testRuleSets(t *testing.T, s gatehouse.Store) {
	at := time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)
	add := func(service, doc string) int {
		t.Helper()
		rs := gatehouse.RuleSet{Service: service, Document: doc, CreatedBy: "admin", CreatedAt: at}
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddRuleSet(ctx, &rs) })
		return rs.Version
	}
	get := func(service string, version int) (gatehouse.RuleSet, error) {
		return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.RuleSet, error) {
			return tx.RuleSet(ctx, service, version)
		})
	}
	_, err := get("compute", 0)
	wantErr(t, "RuleSet of a service never stored", err, gatehouse.ErrNotFound)

	checkEqual(t, "first version", add("compute", `{"a": "@"}`), 1)
	checkEqual(t, "second version", add("compute", `{"a": "!", "b": "role:ünïcode 'x'"}`), 2)
	checkEqual(t, "another service's first version", add("network", `{}`), 1)

	latest, err := get("compute", 0)
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "latest", latest, gatehouse.RuleSet{Service: "compute", Version: 2,
		Document: `{"a": "!", "b": "role:ünïcode 'x'"}`, CreatedBy: "admin", CreatedAt: at})
	first, err := get("compute", 1)
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "version 1", first.Document, `{"a": "@"}`)
	_, err = get("compute", 3)
	wantErr(t, "RuleSet of a version not stored", err, gatehouse.ErrNotFound)

	history := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.RuleSet, error) {
		return tx.RuleSetHistory(ctx, "compute")
	})
	checkEqual(t, "history", history, []gatehouse.RuleSet{
		{Service: "compute", Version: 2, CreatedBy: "admin", CreatedAt: at},
		{Service: "compute", Version: 1, CreatedBy: "admin", CreatedAt: at},
	})
	none := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.RuleSet, error) {
		return tx.RuleSetHistory(ctx, "nosuch")
	})
	checkEqual(t, "history of a service never stored", len(none), 0)

	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.AddRuleSet(ctx, &gatehouse.RuleSet{Document: "{}", CreatedBy: "admin"})
	})
	wantErr(t, "AddRuleSet without a service", err, gatehouse.ErrInvalid)

	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := tx.AddRuleSet(ctx, &gatehouse.RuleSet{Service: "compute", Document: "{}", CreatedBy: "admin"}); err != nil {
			return err
		}
		return gatehouse.ErrConflict // roll back
	})
	wantErr(t, "rolled back AddRuleSet", err, gatehouse.ErrConflict)
	if rs, err := get("compute", 0); err != nil || rs.Version != 2 {
		t.Errorf("after a rolled back AddRuleSet the latest is %d, %v; want 2", rs.Version, err)
	}
}
