package access_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// TestSubuserRegistersForTheAccountOwner: a sub-user whose role allows
// create registers objects of its account, owned by the account owner,
// counted by the owner's limits and tagged with its active roles, and acts
// on them as its roles allow; every other registration is refused,
// audited, and changes nothing.
func TestSubuserRegistersForTheAccountOwner(t *testing.T) {
	e, a := limitEnv(t)
	ta1 := e.login("ta1", "t1")
	for _, login := range []gatehouse.UserName{"mark", "anna"} {
		e.must(e.id.AddSubuser(e.ctx, ta1, identity.SubuserInput{Login: login, Password: "passphrase-of-t1/" + string(login)}))
	}
	e.must(e.id.AddSubuser(e.ctx, a, identity.SubuserInput{Account: "t2", Login: "zed", Password: "passphrase-of-t2/zed"}))
	e.must(e.id.AddPolicy(e.ctx, ta1, identity.PolicyInput{Name: "make", Rules: []string{"CAN create, view, update and delete"}}))
	e.must(e.id.AddRole(e.ctx, ta1, identity.RoleInput{Name: "makers", Policies: []string{"make"}, Members: []gatehouse.UserName{"mark"}, DefaultMembers: []gatehouse.UserName{"mark"}}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", User: "u1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 1}))
	mark, anna, zed := e.login("t1/mark", "t1"), e.login("t1/anna", "t1"), e.login("t2/zed", "t2")

	refusals := []struct {
		name    string
		p       *identity.Principal
		in      access.ObjectInput
		kind    error
		outcome string
		message string
	}{
		{"no account owner", mark, vm("vm1", "", "z1", 512, ""), gatehouse.ErrConflict, gatehouse.OutcomeFailure,
			"tenant t1 has no account owner, to whom the objects its sub-users register belong: an administrator sets one with 'gatehouse tenant update t1 --account-owner USER'"},
		{"no role allows create", anna, vm("vm1", "", "z1", 512, ""), gatehouse.ErrForbidden, gatehouse.OutcomeDenied, "no role of the sub-user is active"},
		{"another owner named", mark, vm("vm1", "u2", "z1", 512, ""), gatehouse.ErrForbidden, gatehouse.OutcomeDenied,
			"objects a sub-user registers belong to the account owner, u1"},
		{"another tenant", mark, access.ObjectInput{Type: "VM", ID: "vm1", Tenant: "t2"}, gatehouse.ErrForbidden, gatehouse.OutcomeDenied,
			"sub-user t1/mark registers objects only in its account, tenant t1"},
		{"a sub-user of another account", zed, vm("vm1", "", "z1", 512, ""), gatehouse.ErrForbidden, gatehouse.OutcomeDenied,
			"sub-user t2/zed registers objects only in its account, tenant t2"},
	}
	for i, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			if i == 1 { // the rest with an account owner
				owner := gatehouse.UserName("u1")
				e.must(e.id.UpdateTenant(e.ctx, ta1, "t1", identity.TenantUpdate{AccountOwner: &owner}))
			}
			before := e.state()
			_, err := e.acc.AddObject(e.ctx, tt.p, tt.in)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.kind, tt.message)
			}
			if !reflect.DeepEqual(before, e.state()) {
				t.Fatal("a refused registration changed the store")
			}
			recs, _, err := e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(access.ActObjectAdd), Limit: 1})
			if err != nil || len(recs) != 1 || recs[0].Outcome != tt.outcome || recs[0].ActorName != tt.p.User.Name {
				t.Fatalf("audit of the refusal = %+v, %v", recs, err)
			}
		})
	}

	e.must(e.acc.AddObject(e.ctx, mark, vm("vm1", "", "z1", 512, "")))
	var o gatehouse.Object
	var tags []string
	err := e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		var err error
		if o, err = tx.ObjectByRef(e.ctx, "VM", "vm1"); err == nil {
			tags, err = tx.RoleTags(e.ctx, "VM", "vm1")
		}
		return err
	})
	if err != nil || o.OwnerName != "u1" || o.TenantName != "t1" || !slices.Equal(tags, []string{"makers"}) {
		t.Fatalf("registered vm1 = %+v, role tags %v, %v", o, tags, err)
	}
	recs, _, err := e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(access.ActObjectAdd), Limit: 1})
	if err != nil || len(recs) != 1 || recs[0].Outcome != gatehouse.OutcomeSuccess || recs[0].ActorName != "t1/mark" ||
		recs[0].Changes["owner"] != "u1" || !reflect.DeepEqual(recs[0].Changes["role_tags"], []any{"makers"}) {
		t.Fatalf("audit of the registration = %+v, %v", recs, err)
	}

	// The owner's limit counts it.
	before := e.state()
	_, err = e.acc.AddObject(e.ctx, mark, vm("vm2", "u1", "z1", 512, ""))
	e.refused(err, "limit", before)

	// The sub-user sees and acts on what it registered, as its role allows,
	// and changes no owner.
	objs, err := e.acc.ListObjects(e.ctx, mark, access.ObjectFilter{Type: "VM"})
	if err != nil || len(objs) != 1 || objs[0].ID != "vm1" {
		t.Fatalf("mark lists %+v, %v", objs, err)
	}
	if objs, err := e.acc.ListObjects(e.ctx, anna, access.ObjectFilter{Type: "VM"}); err != nil || len(objs) != 0 {
		t.Fatalf("anna, without the role, lists %+v, %v", objs, err)
	}
	e.must(e.acc.ResizeObject(e.ctx, mark, access.ResizeInput{Type: "VM", ID: "vm1", Memory: ptr[int64](1024)}))
	if _, err := e.acc.ChangeOwner(e.ctx, mark, "VM", "vm1", "u2"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("mark changed the owner: %v", err)
	}
	if _, err := e.acc.RemoveObject(e.ctx, anna, "VM", "vm1"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("anna removed vm1: %v", err)
	}
	e.must(e.acc.RemoveObject(e.ctx, mark, "VM", "vm1"))
}
