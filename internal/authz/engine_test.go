package authz

import (
	"slices"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The fixture world of the permission matrix: three tenants, members with
// their roles and capabilities, objects and their shares, all as data.
const (
	tAdmins gatehouse.TenantID = 1 // Administrators
	tAcme   gatehouse.TenantID = 2
	tGlobex gatehouse.TenantID = 3
)

var fixtureUsers = map[string]gatehouse.UserID{
	"root": 1, "alice": 10, "bob": 11, "carol": 12, "dave": 13, "erin": 14, "frank": 15, "gina": 16,
}

// fixtureMembers: user -> memberships (capabilities nil: the role's default).
var fixtureMembers = map[string][]gatehouse.Membership{
	"root":  {{TenantID: tAdmins, Role: gatehouse.RoleSuperadmin}, {TenantID: tGlobex, Role: gatehouse.RoleUser}},
	"alice": {{TenantID: tAcme, Role: gatehouse.RoleUser}, {TenantID: tGlobex, Role: gatehouse.RoleUser}},
	"bob":   {{TenantID: tAcme, Role: gatehouse.RoleUser}},
	"carol": {{TenantID: tAcme, Role: gatehouse.RoleTenantadmin}},
	"dave":  {{TenantID: tGlobex, Role: gatehouse.RoleTenantadmin}},
	"erin":  {{TenantID: tAcme, Role: gatehouse.RoleUser, Capabilities: []string{NoCapabilities}}},
	"frank": {{TenantID: tAcme, Role: gatehouse.RoleUser, Capabilities: []string{"ViewApplications"}}},
	"gina":  {{TenantID: tGlobex, Role: gatehouse.RoleUser}},
}

type fixtureShare struct {
	user   string             // a user share, or
	tenant gatehouse.TenantID // a tenant share
	ops    []string
}

var fixtureObjects = []struct {
	typ, id string
	tenant  gatehouse.TenantID
	owner   string
	shares  []fixtureShare
}{
	{"APPLICATION", "a1", tAcme, "alice", []fixtureShare{{user: "bob", ops: []string{"view"}}, {user: "gina", ops: []string{"view", "start"}}}},
	{"APPLICATION", "a2", tGlobex, "alice", nil},
	{"APPLICATION", "a3", tGlobex, "gina", nil},
	{"STORAGE_REPO", "r1", tGlobex, "dave", []fixtureShare{{tenant: tAcme, ops: []string{"view", "push"}}}},
	{"BUNDLE", "b1", tGlobex, "dave", []fixtureShare{{tenant: tAcme, ops: []string{"view"}}}},
	{"BACKUP", "k1", tAcme, "alice", []fixtureShare{{tenant: tGlobex, ops: []string{"view"}}}},
	{"NAMESPACE", "ns1", tAcme, "carol", []fixtureShare{{user: "bob", ops: []string{"view", "deploy_app"}}}},
}

// newFixture returns an engine holding the fixture world over the
// built-in catalog.
func newFixture(t testing.TB) *Engine {
	t.Helper()
	e := NewEngine(Builtin(), tAdmins)
	for name, ms := range fixtureMembers {
		u := fixtureUsers[name]
		ms = slices.Clone(ms)
		for i := range ms {
			ms[i].UserID = u
		}
		e.SetMemberships(u, ms)
	}
	for _, o := range fixtureObjects {
		var shares []gatehouse.Share
		for _, s := range o.shares {
			shares = append(shares, gatehouse.Share{ObjectType: o.typ, ObjectID: o.id, UserID: fixtureUsers[s.user], TenantID: s.tenant, Operations: s.ops})
		}
		e.SetObject(gatehouse.Object{Type: o.typ, ID: o.id, TenantID: o.tenant, OwnerID: fixtureUsers[o.owner]}, shares)
	}
	return e
}

// mustSubject returns user name logged into tenant t.
func mustSubject(t testing.TB, e *Engine, name string, tenant gatehouse.TenantID) Subject {
	t.Helper()
	s, ok := e.Subject(fixtureUsers[name], tenant)
	if !ok {
		t.Fatalf("%s is not a member of tenant %d", name, tenant)
	}
	return s
}

// permissionMatrix: who, logged into which tenant, asks for what, and the
// answer with the rule that gives access.
var permissionMatrix = []struct {
	name   string
	user   string
	tenant gatehouse.TenantID
	typ    ObjectType
	op     Operation
	id     string
	want   bool
	rule   string
}{
	// Type-level only.
	{"user may view applications", "alice", tAcme, "APPLICATION", "view", "", true, ""},
	{"ViewApplications alone cannot create", "frank", tAcme, "APPLICATION", "create", "", false, ""},
	{"NoCapabilities grants nothing", "erin", tAcme, "APPLICATION", "view", "", false, ""},
	{"user may not create tenants", "alice", tAcme, "TENANT", "create", "", false, ""},
	{"unknown type", "root", tAdmins, "NOPE", "view", "", false, ""},
	{"unknown operation", "root", tAdmins, "APPLICATION", "fly", "", false, ""},
	{"not a member of the tenant", "bob", tGlobex, "APPLICATION", "view", "", false, ""},

	// Owner.
	{"owner views", "alice", tAcme, "APPLICATION", "view", "a1", true, RuleOwner},
	{"owner starts", "alice", tAcme, "APPLICATION", "start", "a1", true, RuleOwner},
	{"owner in the object's other tenant", "alice", tGlobex, "APPLICATION", "view", "a2", true, RuleOwner},
	{"owner logged into a different tenant is refused", "alice", tGlobex, "APPLICATION", "view", "a1", false, ""},
	{"owner without the type permission is refused", "erin", tAcme, "APPLICATION", "view", "a1", false, ""},
	{"object that does not exist", "alice", tAcme, "APPLICATION", "view", "nope", false, ""},
	{"object of another type with that id", "alice", tAcme, "SNAPSHOT", "view", "a1", false, ""},

	// Plain users and others' objects.
	{"user cannot see another user's unshared object", "frank", tAcme, "APPLICATION", "view", "a3", false, ""},
	{"user cannot see a same-tenant unshared object", "frank", tAcme, "BACKUP", "view", "k1", false, ""},
	{"ViewApplications and no share", "frank", tAcme, "APPLICATION", "view", "a1", false, ""},

	// User shares.
	{"user share grants view", "bob", tAcme, "APPLICATION", "view", "a1", true, RuleUserShare},
	{"share granting view does not grant start", "bob", tAcme, "APPLICATION", "start", "a1", false, ""},
	{"share granting view does not grant delete", "bob", tAcme, "APPLICATION", "delete", "a1", false, ""},
	{"user share counts only in the object's tenant", "gina", tGlobex, "APPLICATION", "start", "a1", false, ""},
	{"namespace shared with a user", "bob", tAcme, "NAMESPACE", "deploy_app", "ns1", true, RuleUserShare},
	{"namespace share lacks delete", "bob", tAcme, "NAMESPACE", "delete", "ns1", false, ""},

	// Tenantadmins.
	{"tenantadmin views a member's object", "carol", tAcme, "APPLICATION", "view", "a1", true, RuleTenantAdmin},
	{"tenantadmin deletes a member's object", "carol", tAcme, "APPLICATION", "delete", "a1", true, RuleTenantAdmin},
	{"tenantadmin cannot touch another tenant's objects", "carol", tAcme, "APPLICATION", "view", "a3", false, ""},
	{"tenantadmin cannot delete another tenant's objects", "dave", tGlobex, "APPLICATION", "delete", "a1", false, ""},

	// Superadmins.
	{"superadmin in Administrators views any object", "root", tAdmins, "APPLICATION", "view", "a1", true, RuleSuperadmin},
	{"superadmin in Administrators deletes any object", "root", tAdmins, "STORAGE_REPO", "delete", "r1", true, RuleSuperadmin},
	{"superadmin logged into another tenant acts as its user", "root", tGlobex, "APPLICATION", "view", "a3", false, ""},
	{"superadmin logged into another tenant, other tenant's object", "root", tGlobex, "APPLICATION", "view", "a1", false, ""},
	{"superadmin logged into another tenant, repo shared elsewhere", "root", tGlobex, "STORAGE_REPO", "view", "r1", false, ""},

	// Tenant shares.
	{"tenant share of a repo gives tenantadmins access", "carol", tAcme, "STORAGE_REPO", "view", "r1", true, RuleTenantShare},
	{"tenant share of a repo, a granted action", "carol", tAcme, "STORAGE_REPO", "push", "r1", true, RuleTenantShare},
	{"tenant share of a repo, an operation not granted", "carol", tAcme, "STORAGE_REPO", "update", "r1", false, ""},
	{"tenant share of a repo does not reach plain users", "alice", tAcme, "STORAGE_REPO", "view", "r1", false, ""},
	{"tenant share of a backup, tenantadmin", "dave", tGlobex, "BACKUP", "view", "k1", true, RuleTenantShare},
	{"tenant share of a backup, plain user", "gina", tGlobex, "BACKUP", "view", "k1", false, ""},
	{"tenant share of a bundle reaches all members", "alice", tAcme, "BUNDLE", "view", "b1", true, RuleTenantShare},
	{"tenant share of a bundle reaches tenantadmins", "carol", tAcme, "BUNDLE", "view", "b1", true, RuleTenantShare},
	{"tenant share of a bundle grants view only", "alice", tAcme, "BUNDLE", "delete", "b1", false, ""},
	{"tenant share reaches only that tenant", "gina", tGlobex, "BUNDLE", "view", "b1", false, ""},
	{"tenantadmin's own tenant wins over its share", "carol", tAcme, "BACKUP", "delete", "k1", true, RuleTenantAdmin},
}

func TestPermissionMatrix(t *testing.T) {
	e := newFixture(t)
	for _, tc := range permissionMatrix {
		t.Run(tc.name, func(t *testing.T) {
			s := Subject{User: fixtureUsers[tc.user], Tenant: tc.tenant}
			if got := e.Check(&s, tc.typ, tc.op, tc.id); got != tc.want {
				t.Errorf("Check(%s@%d, %s:%s, %q) = %v, want %v", tc.user, tc.tenant, tc.typ, tc.op, tc.id, got, tc.want)
			}
			x := e.Explain(&s, tc.typ, tc.op, tc.id)
			if x.Allowed != tc.want || x.Rule != tc.rule {
				t.Errorf("Explain = %+v, want allowed %v, rule %q", x, tc.want, tc.rule)
			}
			if x.Allowed == (x.Denied != "") {
				t.Errorf("Explain = %+v: Allowed and Denied disagree", x)
			}
			if tc.id != "" {
				can := e.CanAccess(&s, tc.typ, tc.op, tc.id)
				if want := tc.rule != ""; can != want && e.Allowed(&s, tc.typ, tc.op) {
					t.Errorf("CanAccess = %v, want %v", can, want)
				}
				if tc.want && !can {
					t.Error("CanAccess = false for an allowed request")
				}
			}
			// A Subject from the index answers like a literal one.
			if fs, ok := e.Subject(s.User, s.Tenant); ok {
				if got := e.Check(&fs, tc.typ, tc.op, tc.id); got != tc.want {
					t.Errorf("Check with an indexed Subject = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestSubject(t *testing.T) {
	e := newFixture(t)
	s, ok := e.Subject(fixtureUsers["carol"], tAcme)
	if !ok || s.User != fixtureUsers["carol"] || s.Tenant != tAcme || s.Role != gatehouse.RoleTenantadmin {
		t.Fatalf("Subject(carol, acme) = %+v, %v", s, ok)
	}
	if _, ok := e.Subject(fixtureUsers["carol"], tGlobex); ok {
		t.Error("Subject of a non-member succeeded")
	}
	// Role is for reading: raising it grants nothing.
	bob := mustSubject(t, e, "bob", tAcme)
	bob.Role = gatehouse.RoleSuperadmin
	lit := Subject{User: fixtureUsers["bob"], Tenant: tAcme, Role: gatehouse.RoleTenantadmin}
	for _, s := range []*Subject{&bob, &lit} {
		if e.Check(s, "APPLICATION", "delete", "a1") {
			t.Errorf("%+v may delete a1", s)
		}
	}
	if e.Allowed(nil, "APPLICATION", "view") || e.Check(nil, "APPLICATION", "view", "a1") || e.Visible(nil, &gatehouse.Object{}) {
		t.Error("a nil subject is allowed something")
	}
	if p := e.Permissions(&Subject{User: 99, Tenant: tAcme}); p.Len() != 0 {
		t.Errorf("non-member has %d permissions", p.Len())
	}
	if got, want := e.Permissions(&s), e.Catalog().Closure([]string{AllTenantAdminCapabilities}); !got.Equal(want) {
		t.Error("a member without named capabilities does not hold the role's default")
	}
	if got, want := e.Capabilities(&s), e.Catalog().Expand([]string{AllTenantAdminCapabilities}); !slices.Equal(got, want) || len(got) < 2 || got[0] != AllTenantAdminCapabilities {
		t.Errorf("Capabilities(carol) = %v, want the role's default and what it inherits, %v", got, want)
	}
	if got := e.Capabilities(&Subject{User: 99, Tenant: tAcme}); got != nil {
		t.Errorf("non-member has capabilities %v", got)
	}
}

func TestCanAccessNeedsAnID(t *testing.T) {
	e := newFixture(t)
	s := mustSubject(t, e, "root", tAdmins)
	if e.CanAccess(&s, "APPLICATION", "view", "") {
		t.Error(`CanAccess with id "" = true`)
	}
}

func TestSetMemberships(t *testing.T) {
	e := newFixture(t)
	bob := fixtureUsers["bob"]
	old := mustSubject(t, e, "bob", tAcme)
	e.SetMemberships(bob, []gatehouse.Membership{{UserID: bob, TenantID: tGlobex, Role: gatehouse.RoleTenantadmin}})
	if _, ok := e.Subject(bob, tAcme); ok {
		t.Error("bob is still a member of acme")
	}
	s := mustSubject(t, e, "bob", tGlobex)
	if !e.Check(&s, "APPLICATION", "delete", "a3") {
		t.Error("bob, now tenantadmin of globex, may not delete a3")
	}
	if !e.Check(&old, "APPLICATION", "view", "a1") {
		t.Error("a Subject made before the change lost its membership")
	}
	e.SetMemberships(bob, nil)
	if _, ok := e.Subject(bob, tGlobex); ok {
		t.Error("bob is still a member after SetMemberships(nil)")
	}
	if n := len(e.byUser[bob].members); n != 0 {
		t.Errorf("byUser holds %d memberships of bob", n)
	}
	// The last of a tenant twice wins.
	e.SetMemberships(bob, []gatehouse.Membership{
		{TenantID: tAcme, Role: gatehouse.RoleTenantadmin},
		{TenantID: tAcme, Role: gatehouse.RoleUser, Capabilities: []string{"ViewApplications"}},
	})
	s = mustSubject(t, e, "bob", tAcme)
	if s.Role != gatehouse.RoleUser || e.Allowed(&s, "APPLICATION", "create") || !e.Allowed(&s, "APPLICATION", "view") {
		t.Errorf("repeated tenant: got %+v, permissions %v", s, e.Permissions(&s).Entries())
	}
	if n := len(e.byUser[bob].members); n != 1 {
		t.Errorf("byUser holds %d memberships of bob, want 1", n)
	}
}

// TestSharedLists checks that members holding the same names share one
// entry, and that entries are dropped with their last holder.
func TestSharedLists(t *testing.T) {
	e := NewEngine(Builtin(), tAdmins)
	for u := range gatehouse.UserID(100) {
		e.SetMemberships(u, []gatehouse.Membership{{TenantID: tAcme, Role: gatehouse.RoleUser}, {TenantID: tGlobex, Role: gatehouse.RoleUser, Capabilities: []string{"ViewTags", "ViewNodes"}}})
	}
	if n := len(e.lists); n != 2 {
		t.Errorf("%d capability lists, want 2", n)
	}
	a, _ := e.Subject(1, tAcme)
	b, _ := e.Subject(2, tAcme)
	if a.m.caps != b.m.caps {
		t.Error("two members with the same list do not share it")
	}
	for u := range gatehouse.UserID(100) {
		e.SetMemberships(u, nil)
	}
	if n := len(e.lists); n != 0 {
		t.Errorf("%d capability lists left after removing every member", n)
	}
	// Lists whose names run together alike are different lists.
	e.SetMemberships(1, []gatehouse.Membership{{TenantID: 1, Role: gatehouse.RoleUser, Capabilities: []string{"ViewTags", "ViewNodes"}}})
	e.SetMemberships(2, []gatehouse.Membership{{TenantID: 1, Role: gatehouse.RoleUser, Capabilities: []string{"ViewTagsViewNodes"}}})
	if n := len(e.lists); n != 2 {
		t.Errorf("%d capability lists, want 2", n)
	}
	if s, _ := e.Subject(2, 1); e.Allowed(&s, "TAG", "view") {
		t.Error("an unknown name grants what the names it runs together from grant")
	}
}

// TestSetCatalogReachesSubjects changes a custom capability and checks
// that members and Subjects already handed out see the change at once.
func TestSetCatalogReachesSubjects(t *testing.T) {
	base := Builtin()
	runner := Capability{Name: "Runner", Group: GroupCustom, TenantRoles: []gatehouse.Role{gatehouse.RoleUser},
		Entries: []Entry{{"APPLICATION", "view"}}}
	c1, err := base.With(runner)
	must(t, err)
	e := NewEngine(c1, tAdmins)
	for u := range gatehouse.UserID(50) {
		e.SetMemberships(u, []gatehouse.Membership{{TenantID: tAcme, Role: gatehouse.RoleUser, Capabilities: []string{"Runner"}}})
	}
	s, _ := e.Subject(7, tAcme)
	if e.Allowed(&s, "APPLICATION", "start") || !e.Allowed(&s, "APPLICATION", "view") {
		t.Fatal("Runner is not what it was defined as")
	}
	runner.Entries = append(runner.Entries, Entry{"APPLICATION", "start"})
	c2, err := c1.With(runner)
	must(t, err)
	e.SetCatalog(c2)
	if e.Catalog() != c2 {
		t.Error("Catalog is not the one set")
	}
	if !e.Allowed(&s, "APPLICATION", "start") {
		t.Error("a Subject made before SetCatalog does not see the new entry")
	}
	for u := range gatehouse.UserID(50) {
		s, _ := e.Subject(u, tAcme)
		if !e.Allowed(&s, "APPLICATION", "start") {
			t.Fatalf("member %d does not see the new entry", u)
		}
	}
	// Removing the capability leaves its holders with nothing.
	c3, err := c2.Without("Runner")
	must(t, err)
	e.SetCatalog(c3)
	if e.Allowed(&s, "APPLICATION", "view") {
		t.Error("a removed capability still grants")
	}
}

// TestRegisterThenSetCatalog: types registered after the engine computed
// permissions reach members with SetCatalog.
func TestRegisterThenSetCatalog(t *testing.T) {
	c := Builtin()
	e := NewEngine(c, tAdmins)
	e.SetMemberships(1, []gatehouse.Membership{{TenantID: tAdmins, Role: gatehouse.RoleSuperadmin}})
	s, _ := e.Subject(1, tAdmins)
	must(t, c.Registry().Register("VM", "start"))
	if e.Allowed(&s, "VM", "start") {
		t.Error("a type registered later is granted before SetCatalog")
	}
	e.SetCatalog(c)
	if !e.Allowed(&s, "VM", "start") {
		t.Error("superadmin lacks VM:start after SetCatalog")
	}
}

func TestObjects(t *testing.T) {
	e := newFixture(t)
	o, shares, ok := e.Object("APPLICATION", "a1")
	if !ok || o.OwnerID != fixtureUsers["alice"] || len(shares) != 2 || shares[0].UserID != fixtureUsers["bob"] {
		t.Fatalf("Object(a1) = %+v, %+v, %v", o, shares, ok)
	}
	shares[0].Operations[0] = "delete" // a copy: the index keeps its own
	bob := mustSubject(t, e, "bob", tAcme)
	if e.Check(&bob, "APPLICATION", "delete", "a1") {
		t.Error("changing the shares Object returned changed the index")
	}
	// Replacing an object replaces its shares.
	e.SetObject(o, nil)
	if e.Check(&bob, "APPLICATION", "view", "a1") {
		t.Error("a share survived SetObject without it")
	}
	// Shares with the same user add up; empty ones count for nothing.
	e.SetObject(o, []gatehouse.Share{
		{UserID: bob.User, Operations: []string{"view"}},
		{UserID: bob.User, Operations: []string{"start"}},
		{Operations: []string{"delete"}},
		{UserID: bob.User},
	})
	if !e.Check(&bob, "APPLICATION", "view", "a1") || !e.Check(&bob, "APPLICATION", "start", "a1") || e.Check(&bob, "APPLICATION", "delete", "a1") {
		t.Error("two shares with one user do not add up")
	}
	e.RemoveObject("APPLICATION", "a1")
	if _, _, ok := e.Object("APPLICATION", "a1"); ok {
		t.Error("removed object still there")
	}
	alice := mustSubject(t, e, "alice", tAcme)
	if e.Check(&alice, "APPLICATION", "view", "a1") {
		t.Error("owner may view a removed object")
	}
	e.RemoveObject("APPLICATION", "a1") // removing twice is fine
}

func TestVisible(t *testing.T) {
	e := newFixture(t)
	for _, tc := range []struct {
		user   string
		tenant gatehouse.TenantID
		want   []string
	}{
		{"alice", tAcme, []string{"a1", "b1", "k1"}},              // own, bundle shared with acme
		{"alice", tGlobex, []string{"a2"}},                        // own in globex only
		{"bob", tAcme, []string{"a1", "b1", "ns1"}},               // shared with him, bundle
		{"frank", tAcme, []string{"b1"}},                          // the bundle only
		{"carol", tAcme, []string{"a1", "r1", "b1", "k1", "ns1"}}, // acme's, and shared with acme
		{"dave", tGlobex, []string{"a2", "a3", "r1", "b1", "k1"}}, // globex's, and k1 shared with globex
		{"gina", tGlobex, []string{"a3"}},                         // a1 is shared with her, but in acme
		{"root", tAdmins, []string{"a1", "a2", "a3", "r1", "b1", "k1", "ns1"}},
		{"root", tGlobex, nil},
	} {
		s := mustSubject(t, e, tc.user, tc.tenant)
		var got []string
		for _, o := range fixtureObjects {
			obj, _, _ := e.Object(o.typ, o.id)
			if e.Visible(&s, &obj) {
				got = append(got, o.id)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s@%d sees %v, want %v", tc.user, tc.tenant, got, tc.want)
		}
	}
	// An object the index does not hold is visible by ownership only.
	s := mustSubject(t, e, "alice", tAcme)
	if !e.Visible(&s, &gatehouse.Object{Type: "APPLICATION", ID: "new", TenantID: tAcme, OwnerID: s.User}) ||
		e.Visible(&s, &gatehouse.Object{Type: "APPLICATION", ID: "new", TenantID: tAcme, OwnerID: 99}) {
		t.Error("Visible of an object not in the index")
	}
}

// TestConcurrentUse asks questions while the index changes; run it with
// -race.
func TestConcurrentUse(t *testing.T) {
	e := newFixture(t)
	base := e.Catalog()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, tc := range permissionMatrix {
					s, _ := e.Subject(fixtureUsers[tc.user], tc.tenant)
					e.Check(&s, tc.typ, tc.op, tc.id)
					e.Explain(&s, tc.typ, tc.op, tc.id)
					e.Permissions(&s).Len()
					e.Visible(&s, &gatehouse.Object{Type: string(tc.typ), ID: tc.id, TenantID: tAcme})
					e.Object(string(tc.typ), tc.id)
				}
			}
		})
	}
	runner := Capability{Name: "Runner", Group: GroupCustom, TenantRoles: []gatehouse.Role{gatehouse.RoleUser}}
	for i := range 200 {
		runner.Entries = []Entry{{"APPLICATION", []Operation{"start", "stop"}[i%2]}}
		c, err := base.With(runner)
		must(t, err)
		e.SetCatalog(c)
		u := fixtureUsers["bob"]
		e.SetMemberships(u, []gatehouse.Membership{{TenantID: tAcme, Role: gatehouse.RoleUser, Capabilities: []string{"Runner", "ViewApplications"}}})
		e.SetObject(gatehouse.Object{Type: "APPLICATION", ID: "a1", TenantID: tAcme, OwnerID: u}, []gatehouse.Share{{UserID: 11, Operations: []string{"view"}}})
		e.RemoveObject("APPLICATION", "a2")
		e.SetObject(gatehouse.Object{Type: "APPLICATION", ID: "a2", TenantID: tGlobex, OwnerID: fixtureUsers["alice"]}, nil)
	}
	close(stop)
	wg.Wait()
}
