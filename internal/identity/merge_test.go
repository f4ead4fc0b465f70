package identity_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// mergeWorld gives u1 (member of t1 and t2) an object, and shares with u1
// and u3 (member of t2) to merge.
func mergeWorld(e *env) (u1, u2, u3 gatehouse.User) {
	e.t.Helper()
	a := e.admin()
	e.must(e.svc.AddMembers(e.ctx, a, "t2", []gatehouse.UserName{"u1"}, "user", nil))
	err := e.store.Update(e.ctx, func(tx gatehouse.Tx) error {
		ctx := context.Background()
		var err error
		for _, p := range []struct {
			u    *gatehouse.User
			name gatehouse.UserName
		}{{&u1, "u1"}, {&u2, "u2"}, {&u3, "u3"}} {
			if *p.u, err = tx.UserByName(ctx, p.name); err != nil {
				return err
			}
		}
		t1, err := tx.TenantByName(ctx, "t1")
		if err != nil {
			return err
		}
		if err := tx.PutObjectType(ctx, gatehouse.ObjectTypeRecord{Name: "VM", Operations: []string{"view", "update", "delete"}}); err != nil {
			return err
		}
		for _, o := range []gatehouse.Object{
			{Type: "VM", ID: "vm1", Name: "u1's vm", TenantID: t1.ID, OwnerID: u1.ID},
			{Type: "VM", ID: "vm2", Name: "u2's vm", TenantID: t1.ID, OwnerID: u2.ID},
			{Type: "VM", ID: "vm3", Name: "u2's other vm", TenantID: t1.ID, OwnerID: u2.ID},
		} {
			if err := tx.CreateObject(ctx, o); err != nil {
				return err
			}
		}
		for _, sh := range []gatehouse.Share{
			{ObjectType: "VM", ObjectID: "vm2", UserID: u1.ID, Operations: []string{"view"}},
			{ObjectType: "VM", ObjectID: "vm2", UserID: u3.ID, Operations: []string{"update"}},
			{ObjectType: "VM", ObjectID: "vm3", UserID: u1.ID, Operations: []string{"view", "delete"}},
		} {
			if err := tx.PutShare(ctx, sh); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return u1, u2, u3
}

func TestMergeUsers(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	u1, _, u3 := mergeWorld(e)
	sess, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1", Tenant: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	// u1 is the account owner of both its tenants.
	u1Name := gatehouse.UserName("u1")
	for _, tn := range []gatehouse.TenantName{"t1", "t2"} {
		if _, err := e.svc.UpdateTenant(e.ctx, a, tn, identity.TenantUpdate{AccountOwner: &u1Name}); err != nil {
			t.Fatal(err)
		}
	}
	in := identity.MergeInput{OldUser: "u1", NewUser: "u3"}
	want := identity.MergeReport{
		OldUser: "u1", NewUser: "u3",
		Memberships: []string{"t1 (user)"}, Ended: []string{"t2 (user)"},
		Namespaces: []string{"t002-u000003", "t003-u000003"},
		Objects:    []string{"VM/vm1"}, Shares: []string{"VM/vm2", "VM/vm3"},
		AccountOwnerOf: []string{"t1", "t2"},
	}

	// A dry run reports and changes nothing.
	before := e.snapshot()
	dry := in
	dry.DryRun = true
	rep, err := e.svc.MergeUsers(e.ctx, a, dry)
	if err != nil {
		t.Fatal(err)
	}
	wantDry := want
	wantDry.DryRun = true
	if !reflect.DeepEqual(rep, wantDry) {
		t.Fatalf("dry run = %+v\nwant %+v", rep, wantDry)
	}
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Fatal("a dry run changed the store")
	}

	rep, err = e.svc.MergeUsers(e.ctx, a, in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("merge = %+v\nwant %+v", rep, want)
	}

	// u1 is disabled, their token stops, and their password stays theirs.
	if _, err := e.svc.Authenticate(e.ctx, sess.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("the merged user's token: %v", err)
	}
	if err := e.loginErr("u1", "passphrase-of-u1"); err == nil {
		t.Error("the merged user logged in")
	}
	v, err := e.svc.GetUser(e.ctx, a, "u1")
	if err != nil || !v.User.Disabled || v.User.DisabledReason != "merged into u3" {
		t.Fatalf("u1 after the merge: %+v, %v", v.User, err)
	}
	if len(v.Memberships) != 0 {
		t.Errorf("u1 keeps memberships %+v, want none", v.Memberships)
	}

	// u3 has t1 with u1's primary namespace there, and u1's others.
	e.login("u3", "passphrase-of-u3", "t1")
	v, err = e.svc.GetUser(e.ctx, a, "u3")
	if err != nil {
		t.Fatal(err)
	}
	got := map[gatehouse.TenantName]gatehouse.NamespaceName{}
	for _, m := range v.Memberships {
		got[m.TenantName] = m.Namespace
	}
	if want := map[gatehouse.TenantName]gatehouse.NamespaceName{"t1": "t002-u000003", "t2": "t003-u000005"}; !reflect.DeepEqual(got, want) {
		t.Errorf("u3's memberships = %v, want %v", got, want)
	}
	err = e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		nss, err := tx.ListNamespaces(e.ctx, gatehouse.NamespaceQuery{OwnerID: u3.ID})
		if err != nil {
			return err
		}
		primary := map[gatehouse.NamespaceName]bool{}
		for _, ns := range nss {
			primary[ns.Name] = ns.Primary
		}
		if want := map[gatehouse.NamespaceName]bool{"t002-u000003": true, "t003-u000003": false, "t003-u000005": true}; !reflect.DeepEqual(primary, want) {
			t.Errorf("u3's namespaces = %v, want %v", primary, want)
		}
		for _, tn := range []gatehouse.TenantName{"t1", "t2"} {
			if tt, err := tx.TenantByName(e.ctx, tn); err != nil || tt.AccountOwner != u3.ID {
				t.Errorf("account owner of %s = %d, %v; want u3 (%d)", tn, tt.AccountOwner, err, u3.ID)
			}
		}
		o, err := tx.ObjectByRef(e.ctx, "VM", "vm1")
		if err != nil || o.OwnerID != u3.ID {
			t.Errorf("vm1 = %+v, %v; want owned by u3", o, err)
		}
		shares, err := tx.ListShares(e.ctx, gatehouse.ShareQuery{UserID: u3.ID})
		if err != nil {
			return err
		}
		ops := map[string][]string{}
		for _, sh := range shares {
			ops[sh.ObjectID] = sh.Operations
		}
		if want := map[string][]string{"vm2": {"update", "view"}, "vm3": {"view", "delete"}}; !reflect.DeepEqual(ops, want) {
			t.Errorf("u3's shares = %v, want %v", ops, want)
		}
		left, err := tx.ListShares(e.ctx, gatehouse.ShareQuery{UserID: u1.ID})
		if err != nil || len(left) != 0 {
			t.Errorf("u1 still holds shares %+v, %v", left, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActUserMerge)})
	if err != nil || len(recs) != 1 || recs[0].ObjectID != "u1->u3" || recs[0].Outcome != gatehouse.OutcomeSuccess {
		t.Fatalf("merge audit records: %+v, %v", recs, err)
	}
}

func TestMergeUsersRefusals(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	mergeWorld(e)
	e.must(e.svc.RemoveUsers(e.ctx, a, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u2"}}))
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	before := e.snapshot()
	for _, tc := range []struct {
		who      *identity.Principal
		old, new gatehouse.UserName
		want     error
		msg      string
	}{
		{a, "u1", "u1", gatehouse.ErrInvalid, "new_user: cannot merge user u1 into themself"},
		{a, "u1", "u2", gatehouse.ErrInvalid, "new_user: user u2 was removed: merge only live users"},
		{a, "u2", "u1", gatehouse.ErrInvalid, "old_user: user u2 was removed: merge only live users"},
		{a, "u1", "nobody", gatehouse.ErrNotFound, "user nobody does not exist"},
		{a, "u1", "bad name", gatehouse.ErrInvalid, "new_user: must be 1-"},
		{a, "admin", "u1", gatehouse.ErrInvalid, "old_user: you cannot merge yourself into another user: ask another superadmin"},
		{ta, "u1", "ta1", gatehouse.ErrForbidden, ""},
	} {
		_, err := e.svc.MergeUsers(e.ctx, tc.who, identity.MergeInput{OldUser: tc.old, NewUser: tc.new})
		if !errors.Is(err, tc.want) {
			t.Errorf("merge %s into %s by %s = %v, want %v", tc.old, tc.new, tc.who.User.Name, err, tc.want)
			continue
		}
		var fe *gatehouse.FieldError
		var ke *gatehouse.KindError
		msg := ""
		switch {
		case errors.As(err, &fe):
			msg = fe.Error()
		case errors.As(err, &ke):
			msg = ke.Error()
		}
		if len(msg) < len(tc.msg) || msg[:len(tc.msg)] != tc.msg {
			t.Errorf("merge %s into %s: message %q, want it to start with %q", tc.old, tc.new, msg, tc.msg)
		}
	}
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused merge changed the store")
	}
}
