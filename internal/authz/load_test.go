package authz

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// fakeSource is a Source held in slices. fail, when set, names the method
// that fails.
type fakeSource struct {
	caps       []gatehouse.CapabilityRecord
	types      []gatehouse.ObjectTypeRecord
	tenants    []gatehouse.Tenant
	members    []gatehouse.Membership
	objects    []gatehouse.Object
	namespaces []gatehouse.Namespace
	shares     []gatehouse.Share
	fail       string
}

var errBoom = errors.New("boom")

func (f *fakeSource) err(method string) error {
	if f.fail == method {
		return errBoom
	}
	return nil
}

func (f *fakeSource) ListCapabilities(context.Context) ([]gatehouse.CapabilityRecord, error) {
	return f.caps, f.err("ListCapabilities")
}

func (f *fakeSource) ListObjectTypes(context.Context) ([]gatehouse.ObjectTypeRecord, error) {
	return f.types, f.err("ListObjectTypes")
}

func (f *fakeSource) ListTenants(context.Context) ([]gatehouse.Tenant, error) {
	return f.tenants, f.err("ListTenants")
}

func (f *fakeSource) MembershipsOfTenant(_ context.Context, t gatehouse.TenantID) ([]gatehouse.Membership, error) {
	var ms []gatehouse.Membership
	for _, m := range f.members {
		if m.TenantID == t {
			ms = append(ms, m)
		}
	}
	return ms, f.err("MembershipsOfTenant")
}

func (f *fakeSource) ListObjects(context.Context, gatehouse.ObjectQuery) ([]gatehouse.Object, error) {
	return f.objects, f.err("ListObjects")
}

func (f *fakeSource) ListNamespaces(context.Context, gatehouse.NamespaceQuery) ([]gatehouse.Namespace, error) {
	return f.namespaces, f.err("ListNamespaces")
}

func (f *fakeSource) ListShares(context.Context, gatehouse.ShareQuery) ([]gatehouse.Share, error) {
	return f.shares, f.err("ListShares")
}

func (f *fakeSource) TenantByName(_ context.Context, name gatehouse.TenantName) (gatehouse.Tenant, error) {
	for _, t := range f.tenants {
		if t.Name == name {
			return t, f.err("TenantByName")
		}
	}
	if err := f.err("TenantByName"); err != nil {
		return gatehouse.Tenant{}, err
	}
	return gatehouse.Tenant{}, gatehouse.Errorf(gatehouse.ErrNotFound, "tenant %s not found", name)
}

func newFakeSource() *fakeSource {
	return &fakeSource{
		caps: []gatehouse.CapabilityRecord{
			{ID: 1001, Name: "RunVMs", TenantRoles: []gatehouse.Role{gatehouse.RoleUser}, Providers: []string{"ViewVMs"}, Entries: []string{"VM:start", "VM:stop"}},
			{ID: 1000, Name: "ViewVMs", TenantRoles: []gatehouse.Role{gatehouse.RoleUser}, Entries: []string{"VM:view"}},
		},
		types:   []gatehouse.ObjectTypeRecord{{Name: "VM", Operations: []string{"start", "stop"}}},
		tenants: []gatehouse.Tenant{{ID: 1, Name: gatehouse.AdministratorsTenant}, {ID: 2, Name: "acme"}},
		members: []gatehouse.Membership{
			{UserID: 1, TenantID: 1, Role: gatehouse.RoleSuperadmin, Capabilities: []string{AllSuperAdminCapabilities}},
			{UserID: 2, TenantID: 2, Role: gatehouse.RoleUser, Capabilities: []string{"RunVMs", AllUserCapabilities}},
			{UserID: 3, TenantID: 2, Role: gatehouse.RoleUser, Capabilities: []string{AllUserCapabilities}},
			{UserID: 2, TenantID: 1, Role: gatehouse.RoleUser, Capabilities: []string{"ViewVMs"}},
		},
		objects:    []gatehouse.Object{{Type: "VM", ID: "vm1", TenantID: 2, OwnerID: 2}},
		namespaces: []gatehouse.Namespace{{Name: "t002-u000002", TenantID: 2, OwnerID: 2, Primary: true}},
		shares: []gatehouse.Share{
			{ObjectType: "NAMESPACE", ObjectID: "t002-u000002", UserID: 3, Operations: []string{"view", "deploy_app"}},
			{ObjectType: "VM", ObjectID: "vm1", UserID: 3, Operations: []string{"view"}},
			{ObjectType: "VM", ObjectID: "gone", UserID: 3, Operations: []string{"view"}},
		},
	}
}

func TestLoad(t *testing.T) {
	e, err := Load(context.Background(), newFakeSource())
	if err != nil {
		t.Fatal(err)
	}
	cp, ok := e.Catalog().Lookup("RunVMs")
	if !ok || cp.Group != GroupCustom || cp.ID != 1001 {
		t.Errorf("RunVMs = %+v, %v", cp, ok)
	}
	for _, tc := range []struct {
		u     gatehouse.UserID
		t     gatehouse.TenantID
		typ   ObjectType
		op    Operation
		id    string
		want  bool
		rule  string
		about string
	}{
		{2, 2, "VM", "start", "vm1", true, RuleOwner, "custom capability on a registered type"},
		{2, 1, "VM", "view", "", true, "", "the member's other tenant"},
		{2, 1, "VM", "start", "", false, "", "ViewVMs alone"},
		{3, 2, "VM", "view", "vm1", false, "", "no capability grants VM:view to user 3"},
		{1, 1, "VM", "stop", "vm1", true, RuleSuperadmin, "Administrators found by name"},
		{3, 2, "NAMESPACE", "deploy_app", "t002-u000002", true, RuleUserShare, "namespace shared"},
		{2, 2, "NAMESPACE", "delete", "t002-u000002", true, RuleOwner, "namespace owner"},
		{3, 2, "NAMESPACE", "delete", "t002-u000002", false, "", "namespace share lacks delete"},
	} {
		s := Subject{User: tc.u, Tenant: tc.t}
		if x := e.Explain(&s, tc.typ, tc.op, tc.id); x.Allowed != tc.want || x.Rule != tc.rule {
			t.Errorf("%s: Explain(%d@%d, %s:%s, %q) = %+v, want %v %q", tc.about, tc.u, tc.t, tc.typ, tc.op, tc.id, x, tc.want, tc.rule)
		}
	}
	o, shares, ok := e.Object("NAMESPACE", "t002-u000002")
	if !ok || o.Type != "NAMESPACE" || o.Name != "t002-u000002" || o.TenantID != 2 || o.OwnerID != 2 || len(shares) != 1 {
		t.Errorf("namespace object = %+v, %+v, %v", o, shares, ok)
	}
	if _, _, ok := e.Object("VM", "gone"); ok {
		t.Error("a share made an object that does not exist")
	}
}

func TestLoadWithoutAdministrators(t *testing.T) {
	src := newFakeSource()
	src.tenants = src.tenants[1:]
	src.tenants = append(src.tenants, gatehouse.Tenant{ID: 1, Name: "renamed"})
	e, err := Load(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	s := Subject{User: 1, Tenant: 1}
	if !e.Allowed(&s, "VM", "stop") || e.Check(&s, "VM", "stop", "vm1") {
		t.Error("a superadmin outside a tenant named Administrators acts on every object")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, method := range []string{"ListCapabilities", "ListObjectTypes", "ListTenants", "MembershipsOfTenant",
		"ListObjects", "ListNamespaces", "ListShares", "TenantByName"} {
		src := newFakeSource()
		src.fail = method
		if _, err := Load(context.Background(), src); !errors.Is(err, errBoom) {
			t.Errorf("%s fails: Load returns %v", method, err)
		}
	}
	src := newFakeSource()
	src.caps[0].Entries = append(src.caps[0].Entries, "VM:fly")
	_, err := Load(context.Background(), src)
	if !errors.Is(err, gatehouse.ErrInvalid) || !strings.Contains(err.Error(), "RunVMs") || !strings.Contains(err.Error(), "fly") {
		t.Errorf("a capability with an unknown operation: %v", err)
	}
}

func TestBuildCatalog(t *testing.T) {
	c, err := BuildCatalog(nil, nil)
	if err != nil || c.Len() != Builtin().Len() {
		t.Fatalf("BuildCatalog(nil, nil) = %d capabilities, %v", c.Len(), err)
	}
	for _, tc := range []struct {
		name   string
		custom []gatehouse.CapabilityRecord
		types  []gatehouse.ObjectTypeRecord
		want   string // in the error
	}{
		{"bad type name", nil, []gatehouse.ObjectTypeRecord{{Name: "vm"}}, `object type "vm"`},
		{"bad operation name", nil, []gatehouse.ObjectTypeRecord{{Name: "VM", Operations: []string{"Start"}}}, `object type "VM"`},
		{"malformed entry", []gatehouse.CapabilityRecord{{Name: "X", Entries: []string{"VM start"}}}, nil, `user capability "X"`},
		{"unregistered type", []gatehouse.CapabilityRecord{{Name: "X", Entries: []string{"VM:start"}}}, nil, `unknown object type "VM"`},
		{"unknown provider", []gatehouse.CapabilityRecord{{Name: "X", Providers: []string{"Nope"}}}, nil, `unknown provider "Nope"`},
		{"name of a built-in", []gatehouse.CapabilityRecord{{Name: "ViewTags"}}, nil, `duplicate user capability "ViewTags"`},
		{"cycle", []gatehouse.CapabilityRecord{{Name: "X", Providers: []string{"Y"}}, {Name: "Y", Providers: []string{"X"}}}, nil, "inherit from themselves"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := BuildCatalog(tc.custom, tc.types)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %s", err, tc.want)
			}
		})
	}
}
