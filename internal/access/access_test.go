package access_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

type env struct {
	t     testing.TB
	ctx   context.Context
	store gatehouse.Store
	id    *identity.Service
	acc   *access.Service
}

// newEnv returns the use cases over a fresh SQLite file with tenants t1 and
// t2, tenantadmins ta1 (t1) and ta2 (t2), users u1, u2 (t1) and u3 (t2).
// Passwords are "passphrase-of-<name>".
func newEnv(t testing.TB) *env {
	t.Helper()
	te := testenv.New(t)
	e := &env{t: t, ctx: context.Background(), store: te.Store, id: te.Identity, acc: te.Access}
	a := e.admin()
	e.must(e.id.AddTenant(e.ctx, a, "t1", ""))
	e.must(e.id.AddTenant(e.ctx, a, "t2", ""))
	for _, u := range [][3]string{{"ta1", "t1", "tenantadmin"}, {"ta2", "t2", "tenantadmin"}, {"u1", "t1", "user"}, {"u2", "t1", "user"}, {"u3", "t2", "user"}} {
		e.must(e.id.AddUser(e.ctx, a, identity.AddUserInput{Username: gatehouse.UserName(u[0]), Tenant: gatehouse.TenantName(u[1]), Role: u[2], Password: "passphrase-of-" + u[0]}))
	}
	return e
}

func (e *env) login(name, tenant string) *identity.Principal {
	e.t.Helper()
	pw := "passphrase-of-" + name
	if name == "admin" {
		pw = testenv.AdminPassword
	}
	s, err := e.id.Login(e.ctx, identity.LoginInput{Username: gatehouse.UserName(name), Password: pw, Tenant: gatehouse.TenantName(tenant)})
	if err != nil {
		e.t.Fatalf("login %s: %v", name, err)
	}
	p, err := e.id.Authenticate(e.ctx, s.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) admin() *identity.Principal { return e.login("admin", "Administrators") }

func (e *env) must(_ string, err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// custom returns the stored custom capabilities, objects and shares: what a
// refused change must leave alone.
func (e *env) state() any {
	e.t.Helper()
	var out []any
	err := e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		cs, err := tx.ListCapabilities(e.ctx)
		if err != nil {
			return err
		}
		os, err := tx.ListObjects(e.ctx, gatehouse.ObjectQuery{})
		if err != nil {
			return err
		}
		ss, err := tx.ListShares(e.ctx, gatehouse.ShareQuery{})
		if err != nil {
			return err
		}
		ts, err := tx.ListObjectTypes(e.ctx)
		var ms []gatehouse.Membership
		if err == nil {
			ms, err = tx.MembershipsOfUsers(e.ctx, []gatehouse.UserID{1, 2, 3, 4, 5, 6})
		}
		out = []any{cs, os, ss, ts, ms}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) allowed(p *identity.Principal, as access.As, op, typ, id string) bool {
	e.t.Helper()
	r, err := e.acc.Check(e.ctx, p, as, access.Query{Operation: op, ObjectType: typ, ObjectID: id}, false)
	if err != nil {
		e.t.Fatalf("check %s %s %s: %v", op, typ, id, err)
	}
	return r.Allowed
}

func TestCustomCapabilityReachesHoldersAtOnce(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	e.must(e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "Deployer", Description: "deploys", TenantRoles: []string{"user"}, Entries: []string{"BUNDLE:view"}}))
	e.must(e.id.ChangeMemberCapabilities(e.ctx, a, "t1", "u1", []string{"Deployer"}, true))
	u1 := e.login("u1", "t1")
	if e.allowed(u1, access.As{}, "view", "USER_AUDIT", "") {
		t.Fatal("u1 may hydrate before the capability grants it")
	}
	// u1's token and principal stay the same; the change must reach them.
	e.must(e.acc.ChangeEntries(e.ctx, a, "Deployer", []string{"USER_AUDIT:view"}, true))
	if !e.allowed(u1, access.As{}, "view", "USER_AUDIT", "") {
		t.Fatal("u1 may not hydrate after the capability grants it")
	}
	e.must(e.acc.ChangeEntries(e.ctx, a, "Deployer", []string{"USER_AUDIT:view"}, false))
	if e.allowed(u1, access.As{}, "view", "USER_AUDIT", "") {
		t.Fatal("u1 may still hydrate after the entry was removed")
	}
	perms, err := e.acc.UserPermissions(e.ctx, a, "u1", "t1")
	if err != nil || len(perms) != 1 || !reflect.DeepEqual(perms[0].Membership.Capabilities, []string{"AllUserCapabilities", "Deployer"}) {
		t.Fatalf("permissions = %+v, %v", perms, err)
	}
}

func TestCapabilityBadInputChangesNothing(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	e.must(e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "A", Description: "a", TenantRoles: []string{"user"}, Entries: []string{"BUNDLE:view"}}))
	e.must(e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "B", Description: "b", TenantRoles: []string{"user"}, Providers: []string{"A"}}))
	e.must(e.id.ChangeMemberCapabilities(e.ctx, a, "t1", "u2", []string{"B"}, true))
	ta := e.login("ta1", "t1")
	tests := []struct {
		name string
		do   func() error
		kind error
		msg  string // part of the message
	}{
		{"unknown provider", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "C", Description: "c", TenantRoles: []string{"user"}, Providers: []string{"Nope"}})
			return err
		}, gatehouse.ErrInvalid, `unknown capability "Nope"`},
		{"unknown object type lists valid ones", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "C", Description: "c", TenantRoles: []string{"user"}, Entries: []string{"SPACESHIP:view"}})
			return err
		}, gatehouse.ErrInvalid, "valid types: APPLICATION"},
		{"unknown operation lists valid ones", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "C", Description: "c", TenantRoles: []string{"user"}, Entries: []string{"BUNDLE:fly"}})
			return err
		}, gatehouse.ErrInvalid, "valid operations: view, create"},
		{"malformed entry", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "C", Description: "c", TenantRoles: []string{"user"}, Entries: []string{"BUNDLE-view"}})
			return err
		}, gatehouse.ErrInvalid, "<object_type>:<operation>"},
		{"reserved name", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "options", Description: "o", TenantRoles: []string{"user"}})
			return err
		}, gatehouse.ErrInvalid, "reserved"},
		{"no tenant roles", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "C", Description: "c"})
			return err
		}, gatehouse.ErrInvalid, "tenant_roles"},
		{"duplicate name", func() error {
			_, err := e.acc.AddCapability(e.ctx, a, access.CapabilityInput{Name: "ManageUsers", Description: "c", TenantRoles: []string{"user"}})
			return err
		}, gatehouse.ErrConflict, "already exists"},
		{"provider cycle is named", func() error {
			_, err := e.acc.ChangeProviders(e.ctx, a, "A", []string{"B"}, true)
			return err
		}, gatehouse.ErrInvalid, "A -> B -> A"},
		{"removing an assigned capability lists where", func() error {
			_, err := e.acc.RemoveCapability(e.ctx, a, "B")
			return err
		}, gatehouse.ErrConflict, "assigned to u2 in t1"},
		{"removing a provider lists where", func() error {
			_, err := e.acc.RemoveCapability(e.ctx, a, "A")
			return err
		}, gatehouse.ErrConflict, "a provider of B"},
		{"changing a built-in", func() error {
			_, err := e.acc.ChangeEntries(e.ctx, a, "ManageUsers", []string{"BUNDLE:view"}, true)
			return err
		}, gatehouse.ErrForbidden, "built in"},
		{"removing a built-in", func() error { _, err := e.acc.RemoveCapability(e.ctx, a, "ViewUsers"); return err }, gatehouse.ErrForbidden, "built in"},
		{"roles leaving out a holder", func() error {
			_, err := e.acc.UpdateCapability(e.ctx, a, "B", access.CapabilityUpdate{TenantRoles: []string{"tenantadmin"}})
			return err
		}, gatehouse.ErrConflict, "u2 (user in t1)"},
		{"tenantadmin cannot make capabilities", func() error {
			_, err := e.acc.AddCapability(e.ctx, ta, access.CapabilityInput{Name: "Mine", Description: "m", TenantRoles: []string{"tenantadmin"}, Providers: []string{"AllCapabilities"}})
			return err
		}, gatehouse.ErrForbidden, "USER_CAPABILITY:create"},
		{"tenantadmin cannot assign outside the tenant roles", func() error {
			_, err := e.id.ChangeMemberCapabilities(e.ctx, ta, "t1", "u1", []string{"ManageUsers"}, true)
			return err
		}, gatehouse.ErrInvalid, "only to members with role superadmin"},
		{"tenantadmin cannot touch another tenant's members", func() error {
			_, err := e.id.ChangeMemberCapabilities(e.ctx, ta, "t2", "u3", []string{"NoCapabilities"}, true)
			return err
		}, gatehouse.ErrForbidden, "only the members of tenant t1"},
		{"tenantadmin cannot grant more than they have, even to themself", func() error {
			_, err := e.id.ChangeMemberCapabilities(e.ctx, ta, "t1", "ta1", []string{"CheckPermissionsOnBehalf"}, true)
			return err
		}, gatehouse.ErrForbidden, "you cannot grant more than you have"},
		{"a user cannot change their own capabilities", func() error {
			_, err := e.id.ChangeMemberCapabilities(e.ctx, e.login("u1", "t1"), "t1", "u1", []string{"ManageUserCapabilities"}, true)
			return err
		}, gatehouse.ErrForbidden, "USER_CAPABILITY:assign"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state()
			err := tt.do()
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want %v containing %q", err, tt.kind, tt.msg)
			}
			if !reflect.DeepEqual(before, e.state()) {
				t.Fatal("a refused change changed the store")
			}
		})
	}
}

func TestObjectsAndSharing(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	u1, u2, ta1 := e.login("u1", "t1"), e.login("u2", "t1"), e.login("ta1", "t1")
	e.must(e.acc.AddObject(e.ctx, u1, access.ObjectInput{Type: "APPLICATION", ID: "app1", Tenant: "t1", Owner: "u1"}))
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "BACKUP", ID: "b1", Tenant: "t1", Owner: "u1"}))
	ta2, u3 := e.login("ta2", "t2"), e.login("u3", "t2")

	check := func(name string, p *identity.Principal, op, typ, id string, want bool) {
		t.Helper()
		if got := e.allowed(p, access.As{}, op, typ, id); got != want {
			t.Errorf("%s: %s %s/%s = %v, want %v", name, op, typ, id, got, want)
		}
	}
	check("owner", u1, "start", "APPLICATION", "app1", true)
	check("another user of the tenant", u2, "view", "APPLICATION", "app1", false)
	check("tenantadmin of the tenant", ta1, "view", "APPLICATION", "app1", true)
	check("tenantadmin of another tenant", ta2, "view", "APPLICATION", "app1", false)
	check("superadmin in Administrators", a, "stop", "APPLICATION", "app1", true)

	if _, err := e.acc.AddShare(e.ctx, u1, access.ShareInput{Type: "APPLICATION", ID: "app1", User: "u2", Operations: []string{"view"}}); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("a user without ShareApplications shared: %v", err)
	}
	e.must(e.acc.AddShare(e.ctx, ta1, access.ShareInput{Type: "APPLICATION", ID: "app1", User: "u2", Operations: []string{"view"}}))
	check("user share grants its operation", u2, "view", "APPLICATION", "app1", true)
	check("user share grants no other", u2, "stop", "APPLICATION", "app1", false)

	list, err := e.acc.ListObjects(e.ctx, u2, access.ObjectFilter{Type: "APPLICATION"})
	if err != nil || len(list) != 1 || list[0].ID != "app1" {
		t.Fatalf("u2 sees %+v, %v", list, err)
	}
	if list, _ := e.acc.ListObjects(e.ctx, u3, access.ObjectFilter{Type: "APPLICATION"}); len(list) != 0 {
		t.Fatalf("u3 sees another tenant's unshared objects: %+v", list)
	}

	before := e.state()
	if _, err := e.acc.AddShare(e.ctx, ta1, access.ShareInput{Type: "BACKUP", ID: "b1", Tenant: "t2"}); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("tenantadmin shared across tenants: %v", err)
	}
	if _, err := e.acc.AddShare(e.ctx, ta1, access.ShareInput{Type: "APPLICATION", ID: "app1", Tenant: "t2"}); !errors.Is(err, gatehouse.ErrInvalid) {
		t.Fatalf("an APPLICATION was shared with a tenant: %v", err)
	}
	if _, err := e.acc.AddShare(e.ctx, ta1, access.ShareInput{Type: "APPLICATION", ID: "app1", User: "u3"}); !errors.Is(err, gatehouse.ErrInvalid) {
		t.Fatalf("shared with a user of another tenant: %v", err)
	}
	if _, err := e.acc.RemoveObject(e.ctx, u3, "APPLICATION", "app1"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Fatalf("another tenant's user removing an unseen object: %v", err)
	}
	if _, err := e.acc.ChangeOwner(e.ctx, u2, "APPLICATION", "app1", "u2"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("a user without ChangeOwner changed the owner: %v", err)
	}
	if !reflect.DeepEqual(before, e.state()) {
		t.Fatal("refused changes changed the store")
	}

	e.must(e.acc.AddShare(e.ctx, a, access.ShareInput{Type: "BACKUP", ID: "b1", Tenant: "t2", Operations: []string{"view", "user_share"}}))
	check("tenant share reaches the tenantadmin", ta2, "view", "BACKUP", "b1", true)
	check("a BACKUP tenant share does not reach plain members", u3, "view", "BACKUP", "b1", false)
	e.must(e.acc.AddShare(e.ctx, ta2, access.ShareInput{Type: "BACKUP", ID: "b1", User: "u3", Operations: []string{"view"}}))
	check("the tenantadmin re-shared it with a member", u3, "view", "BACKUP", "b1", true)
	e.must(e.acc.ChangeOwner(e.ctx, ta1, "APPLICATION", "app1", "u2"))
	check("new owner", u2, "stop", "APPLICATION", "app1", true)
	check("old owner", u1, "stop", "APPLICATION", "app1", false)
}

func TestCheckOnBehalf(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	u1 := e.login("u1", "t1")
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "app1", Tenant: "t1", Owner: "u1"}))
	key, err := e.id.AddServiceAccount(e.ctx, a, identity.ServiceAccountInput{Name: "platform", Tenant: "Administrators", Role: "superadmin",
		Capabilities: []string{"CheckPermissionsOnBehalf", "ViewUsers"}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := e.id.Authenticate(e.ctx, key.Secret)
	if err != nil {
		t.Fatalf("API key refused: %v", err)
	}
	if !e.allowed(svc, access.As{User: "u1", Tenant: "t1"}, "start", "APPLICATION", "app1") {
		t.Fatal("the service may not learn that u1 may start app1")
	}
	if e.allowed(svc, access.As{User: "u2", Tenant: "t1"}, "start", "APPLICATION", "app1") {
		t.Fatal("u2 may start u1's app1")
	}
	if e.allowed(svc, access.As{}, "start", "APPLICATION", "") {
		t.Fatal("the service account itself may start applications: its capabilities do not say so")
	}
	res, err := e.acc.CheckBatch(e.ctx, svc, access.As{User: "u1", Tenant: "t1"}, []access.Query{
		{Operation: "start", ObjectType: "APPLICATION", ObjectID: "app1"}, {Operation: "delete", ObjectType: "TENANT"},
	})
	if err != nil || !reflect.DeepEqual(res, []bool{true, false}) {
		t.Fatalf("batch = %v, %v", res, err)
	}
	if _, err := e.acc.Check(e.ctx, u1, access.As{User: "u2", Tenant: "t1"}, access.Query{Operation: "view", ObjectType: "APPLICATION"}, false); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("a user asked on another's behalf: %v", err)
	}
	r, err := e.acc.Check(e.ctx, svc, access.As{User: "u1", Tenant: "t1"}, access.Query{Operation: "start", ObjectType: "APPLICATION", ObjectID: "app1"}, true)
	if err != nil || r.Explanation.Rule != "owner" || len(r.Explanation.Chain) == 0 || r.Explanation.Chain[0] != authz.AllUserCapabilities {
		t.Fatalf("explanation = %+v, %v", r.Explanation, err)
	}
	r, err = e.acc.Check(e.ctx, svc, access.As{User: "u3", Tenant: "t2"}, access.Query{Operation: "start", ObjectType: "APPLICATION", ObjectID: "app1"}, true)
	if err != nil || r.Allowed || !strings.Contains(r.Explanation.Denied, "belongs to tenant t1") {
		t.Fatalf("denial = %+v, %v; want names, not ids", r.Explanation, err)
	}
	e.must(e.id.RevokeKey(e.ctx, a, "platform", key.ID))
	if _, err := e.id.Authenticate(e.ctx, key.Secret); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("revoked key: %v", err)
	}
	if _, err := e.id.Authenticate(e.ctx, key.Secret[:len(key.Secret)-2]+"xx"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("tampered key: %v", err)
	}
}

func TestRemovedUsersObjectsGoToTheReplacement(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "app1", Tenant: "t1", Owner: "u1"}))
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "BACKUP", ID: "b1", Tenant: "t1", Owner: "u1"}))
	e.must(e.id.RemoveUsers(e.ctx, a, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1"},
		Replacements: map[gatehouse.TenantName]gatehouse.UserName{"t1": "u2"}}))
	u2 := e.login("u2", "t1")
	objs, err := e.acc.ListObjects(e.ctx, u2, access.ObjectFilter{Type: ""})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range objs {
		if o.Type != "NAMESPACE" {
			got = append(got, o.Type+"/"+o.ID+" "+string(o.OwnerName))
		}
	}
	if want := []string{"APPLICATION/app1 u2", "BACKUP/b1 u2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("u2 owns %v, want %v", got, want)
	}
	if !e.allowed(u2, access.As{}, "start", "APPLICATION", "app1") {
		t.Fatal("the replacement may not start the application it now owns")
	}
}
