package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func testAperturePolicies(t *testing.T, s gatehouse.Store) {
	t1, t2 := createTenant(t, s, "t1"), createTenant(t, s, "t2")
	list := func(tn gatehouse.TenantID) []gatehouse.AperturePolicy {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.AperturePolicy, error) {
			return tx.ListPolicies(ctx, tn)
		})
	}
	read := gatehouse.AperturePolicy{TenantID: t1.ID, Name: "read", Description: "réad", Rules: []string{"CAN listmachines and getmachine", `CAN x WHEN sourceip = "10.0.0.1"`},
		CreatedAt: at(time.Second), UpdatedAt: at(time.Second)}
	admin := gatehouse.AperturePolicy{TenantID: t1.ID, Name: "admin", Rules: []string{"CAN *"}, CreatedAt: at(0), UpdatedAt: at(0)}
	other := gatehouse.AperturePolicy{TenantID: t2.ID, Name: "read", CreatedAt: at(0), UpdatedAt: at(0)}
	for _, p := range []*gatehouse.AperturePolicy{&read, &admin, &other} {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreatePolicy(ctx, p) })
	}
	if read.ID == 0 || admin.ID <= read.ID || other.ID <= admin.ID {
		t.Errorf("ids %d, %d, %d: want increasing", read.ID, admin.ID, other.ID)
	}
	checkEqual(t, "policies of t1", list(t1.ID), []gatehouse.AperturePolicy{admin, read})
	checkEqual(t, "policies of t2", list(t2.ID), []gatehouse.AperturePolicy{other})

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreatePolicy(ctx, &gatehouse.AperturePolicy{TenantID: t1.ID, Name: "read"})
	})
	wantErr(t, "CreatePolicy of a taken name", err, gatehouse.ErrConflict)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreatePolicy(ctx, &gatehouse.AperturePolicy{TenantID: 999, Name: "x"})
	})
	wantErr(t, "CreatePolicy in a missing tenant", err, gatehouse.ErrNotFound)

	read.Description, read.Rules, read.UpdatedAt = "", nil, at(time.Hour)
	changed := read
	changed.Name, changed.CreatedAt = "ignored", at(3*time.Hour)
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdatePolicy(ctx, changed) })
	checkEqual(t, "updated policies of t1", list(t1.ID), []gatehouse.AperturePolicy{admin, read})

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeletePolicy(ctx, admin.ID) })
	checkEqual(t, "policies of t1 after a delete", list(t1.ID), []gatehouse.AperturePolicy{read})
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeletePolicy(ctx, admin.ID) })
	wantErr(t, "DeletePolicy twice", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdatePolicy(ctx, admin) })
	wantErr(t, "UpdatePolicy of a deleted policy", err, gatehouse.ErrNotFound)
}

func testAccountRoles(t *testing.T, s gatehouse.Store) {
	t1, t2 := createTenant(t, s, "t1"), createTenant(t, s, "t2")
	list := func(tn gatehouse.TenantID) []gatehouse.AccountRole {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.AccountRole, error) {
			return tx.ListRoles(ctx, tn)
		})
	}
	ops := gatehouse.AccountRole{TenantID: t1.ID, Name: "ops", Policies: []string{"read", "admin"}, Members: []gatehouse.UserName{"mark", "anna"},
		DefaultMembers: []gatehouse.UserName{"anna"}, CreatedAt: at(0), UpdatedAt: at(0)}
	empty := gatehouse.AccountRole{TenantID: t1.ID, Name: "empty", CreatedAt: at(0), UpdatedAt: at(0)}
	other := gatehouse.AccountRole{TenantID: t2.ID, Name: "ops", CreatedAt: at(0), UpdatedAt: at(0)}
	for _, r := range []*gatehouse.AccountRole{&ops, &empty, &other} {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateRole(ctx, r) })
	}
	checkEqual(t, "roles of t1", list(t1.ID), []gatehouse.AccountRole{empty, ops})
	checkEqual(t, "roles of t2", list(t2.ID), []gatehouse.AccountRole{other})
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreateRole(ctx, &gatehouse.AccountRole{TenantID: t1.ID, Name: "ops"})
	})
	wantErr(t, "CreateRole of a taken name", err, gatehouse.ErrConflict)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreateRole(ctx, &gatehouse.AccountRole{TenantID: 999, Name: "x"})
	})
	wantErr(t, "CreateRole in a missing tenant", err, gatehouse.ErrNotFound)

	ops.Policies, ops.Members, ops.DefaultMembers, ops.UpdatedAt = []string{"admin"}, []gatehouse.UserName{"anna"}, nil, at(time.Minute)
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateRole(ctx, ops) })
	checkEqual(t, "updated roles of t1", list(t1.ID), []gatehouse.AccountRole{empty, ops})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteRole(ctx, empty.ID) })
	checkEqual(t, "roles of t1 after a delete", list(t1.ID), []gatehouse.AccountRole{ops})
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteRole(ctx, empty.ID) })
	wantErr(t, "DeleteRole twice", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateRole(ctx, empty) })
	wantErr(t, "UpdateRole of a deleted role", err, gatehouse.ErrNotFound)
}

func testRoleTags(t *testing.T, s gatehouse.Store) {
	tn := createTenant(t, s, "t1")
	u := createUser(t, s, newUser("alice"))
	createObject(t, s, gatehouse.Object{Type: "APPLICATION", ID: "app1", TenantID: tn.ID, OwnerID: u.ID, CreatedAt: at(0)})
	tags := func() []string {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]string, error) {
			return tx.RoleTags(ctx, "APPLICATION", "app1")
		})
	}
	put := func(roles ...string) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.PutRoleTags(ctx, "APPLICATION", "app1", roles)
		})
	}
	checkEqual(t, "tags of an untagged object", len(tags()), 0)
	wantErr(t, "PutRoleTags", put("ops", "readers"), nil)
	checkEqual(t, "tags", tags(), []string{"ops", "readers"})
	wantErr(t, "PutRoleTags again", put("readers"), nil)
	checkEqual(t, "replaced tags", tags(), []string{"readers"})
	wantErr(t, "PutRoleTags with none", put(), nil)
	checkEqual(t, "removed tags", len(tags()), 0)
	wantErr(t, "PutRoleTags with none, twice", put(), nil)

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.PutRoleTags(ctx, "APPLICATION", "nosuch", []string{"ops"})
	})
	wantErr(t, "PutRoleTags of a missing object", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.PutRoleTags(ctx, "APPLICATION", "nosuch", nil)
	})
	wantErr(t, "PutRoleTags with none of a missing object", err, gatehouse.ErrNotFound)

	wantErr(t, "PutRoleTags before the object goes", put("ops"), nil)
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteObject(ctx, "APPLICATION", "app1") })
	createObject(t, s, gatehouse.Object{Type: "APPLICATION", ID: "app1", TenantID: tn.ID, OwnerID: u.ID, CreatedAt: at(0)})
	checkEqual(t, "tags of a deleted object's successor", len(tags()), 0)

	// UntagRole takes a role off every object of its tenant, and only there.
	t2 := createTenant(t, s, "t2")
	createObject(t, s, gatehouse.Object{Type: "APPLICATION", ID: "app2", TenantID: tn.ID, OwnerID: u.ID, CreatedAt: at(0)})
	createObject(t, s, gatehouse.Object{Type: "APPLICATION", ID: "other", TenantID: t2.ID, OwnerID: u.ID, CreatedAt: at(0)})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return errors.Join(tx.PutRoleTags(ctx, "APPLICATION", "app1", []string{"a", "ops", "z"}),
			tx.PutRoleTags(ctx, "APPLICATION", "app2", []string{"ops"}),
			tx.PutRoleTags(ctx, "APPLICATION", "other", []string{"ops"}))
	})
	var n int
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		var err error
		n, err = tx.UntagRole(ctx, tn.ID, "ops")
		return err
	})
	checkEqual(t, "objects untagged", n, 2)
	checkEqual(t, "tags left, in order", tags(), []string{"a", "z"})
	tagsOf := func(id string) []string {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]string, error) {
			return tx.RoleTags(ctx, "APPLICATION", id)
		})
	}
	checkEqual(t, "tags of an object left with none", len(tagsOf("app2")), 0)
	checkEqual(t, "tags in another tenant", tagsOf("other"), []string{"ops"})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		var err error
		n, err = tx.UntagRole(ctx, tn.ID, "nosuch")
		return err
	})
	checkEqual(t, "objects untagged of a role no object has", n, 0)
}
