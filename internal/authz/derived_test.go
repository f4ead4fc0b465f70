package authz

import (
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func derived(t *testing.T) derivedFile {
	t.Helper()
	var d derivedFile
	if err := decodeStrict(derivedJSON, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDerivedCoverProviders checks that derived.json defines exactly the
// providers the document names but does not list, plus NoCapabilities.
func TestDerivedCoverProviders(t *testing.T) {
	seed := seedCatalog(t)
	listed := map[string]bool{}
	for _, c := range seed {
		listed[c.Name] = true
	}
	want := map[string]bool{NoCapabilities: true}
	for _, c := range seed {
		for _, p := range c.Providers {
			if !listed[p] {
				want[p] = true
			}
		}
	}
	d := derived(t)
	got := map[string]bool{}
	for _, c := range d.Capabilities {
		got[c.Name] = true
		if listed[c.Name] {
			t.Errorf("%s is both listed and derived", c.Name)
		}
	}
	for n := range want {
		if !got[n] {
			t.Errorf("%s is referenced but not derived", n)
		}
	}
	for n := range got {
		if !want[n] {
			t.Errorf("%s is derived but never referenced", n)
		}
	}
	if len(d.Capabilities) != 40 || len(want) != 40 {
		t.Errorf("%d derived, %d wanted; CATALOG.md says 40", len(d.Capabilities), len(want))
	}
}

// TestDerivationRules checks the rules CATALOG.md states for derived
// capabilities.
func TestDerivationRules(t *testing.T) {
	seed := seedCatalog(t)
	for _, c := range derived(t).Capabilities {
		t.Run(c.Name, func(t *testing.T) {
			if !c.Hidden || len(c.Providers) != 0 {
				t.Errorf("hidden %v, providers %v; derived capabilities are hidden leaves", c.Hidden, c.Providers)
			}
			if c.ID >= FirstCustomID || slices.ContainsFunc(seed, func(s Capability) bool { return s.ID == c.ID }) {
				t.Errorf("id %d is taken or too high", c.ID)
			}
			if strings.HasPrefix(c.Name, "View") {
				if len(c.Entries) == 0 {
					t.Error("no entries")
				}
				for _, e := range c.Entries {
					if e.Op != OpView {
						t.Errorf("entry %v is not a view", e)
					}
				}
			}
			if (c.Name == AllCapabilities) != c.AllEntries {
				t.Errorf("all_entries = %v", c.AllEntries)
			}
			// Roles: superadmin, plus those of the capabilities naming it.
			want := map[gatehouse.Role]bool{gatehouse.RoleSuperadmin: true}
			for _, s := range seed {
				if !slices.Contains(s.Providers, c.Name) {
					continue
				}
				switch s.Name {
				case AllTenantAdminCapabilities:
					want[gatehouse.RoleTenantadmin] = true
				case AllUserCapabilities:
					want[gatehouse.RoleUser] = true
				default:
					for _, r := range s.TenantRoles {
						want[r] = true
					}
				}
			}
			if c.Name == NoCapabilities {
				want = map[gatehouse.Role]bool{"superadmin": true, "tenantadmin": true, "user": true}
			}
			var wantRoles []gatehouse.Role
			for _, r := range gatehouse.Roles {
				if want[r] {
					wantRoles = append(wantRoles, r)
				}
			}
			if !slices.Equal(c.TenantRoles, wantRoles) {
				t.Errorf("roles %v, rule gives %v", c.TenantRoles, wantRoles)
			}
		})
	}
}

// TestViewOwners checks ViewX against the types of the capabilities it
// serves, as listed in CATALOG.md.
func TestViewOwners(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		view  string
		owner string // a capability naming view as a provider
		types []ObjectType
	}{
		{"ViewApplications", "ManageApplications", []ObjectType{"APPLICATION", "SNAPSHOT"}},
		{"ViewBackups", "CreateBackups", []ObjectType{"BACKUP", "K8S_BACKUP"}},
		{"ViewStorageRepos", "CreateStorageRepos", []ObjectType{"REPO_CATALOG", "STORAGE_REPO"}},
		{"ViewNetworking", "ManageNetworking", []ObjectType{"IPPOOL", "VLAN"}},
		{"ViewK8s", "ManageK8s", []ObjectType{"K8S_MASTER", "K8S_NODE"}},
		{"ViewUsers", "ManageUsers", []ObjectType{"USER"}},
		{"ViewTenants", "ManageTenants", []ObjectType{"TENANT"}},
		{"ViewUserCapabilities", "ManageUserCapabilities", []ObjectType{"USER_CAPABILITY"}},
		{"ViewDirectoryServices", "ManageDirectoryServices", []ObjectType{"LDAP"}},
		{"ViewOpenShift", "ManageOpenShift", []ObjectType{"OPEN_SHIFT"}},
		{"ViewUserAudit", "ManageUserAudit", []ObjectType{"USER_AUDIT"}},
		{"ViewTiller", "ManageTiller", []ObjectType{"K8S_TILLER"}},
		{"ViewNamespaces", "ManageNamespaces", []ObjectType{"NAMESPACE"}},
	} {
		t.Run(tc.view, func(t *testing.T) {
			v, _ := c.Lookup(tc.view)
			o, _ := c.Lookup(tc.owner)
			if !slices.Contains(o.Providers, tc.view) {
				t.Fatalf("%s does not name %s", tc.owner, tc.view)
			}
			var vt, ot []ObjectType
			for _, e := range v.Entries {
				vt = append(vt, e.Type)
			}
			for _, e := range o.Entries {
				if !slices.Contains(ot, e.Type) {
					ot = append(ot, e.Type)
				}
			}
			slices.Sort(ot)
			if !slices.Equal(vt, tc.types) || !slices.Equal(ot, tc.types) {
				t.Errorf("%s views %v, %s acts on %v; want %v", tc.view, vt, tc.owner, ot, tc.types)
			}
		})
	}
}

// TestUserGroupTypes checks that every User-group capability grants
// entries on Gatehouse's own object types, inherited ones included.
func TestUserGroupTypes(t *testing.T) {
	c := Builtin()
	for name, want := range map[string][]string{
		"ViewUsers":               {"USER:view"},
		"ManageUsers":             {"USER:view", "USER:create", "USER:update", "USER:delete", "USER_CAPABILITY:view", "USER_CAPABILITY:assign"},
		"UpdateUserRole":          {"USER:update_role"},
		"UpdateTenants":           {"TENANT:view", "TENANT:update", "USER:view"},
		"ManageTenants":           {"TENANT:view", "TENANT:create", "TENANT:update", "TENANT:delete", "TENANT:add_users", "USER:view"},
		"ManageUserCapabilities":  {"USER_CAPABILITY:view", "USER_CAPABILITY:assign"},
		"CreateUserCapabilities":  {"USER_CAPABILITY:view", "USER_CAPABILITY:create", "USER_CAPABILITY:update", "USER_CAPABILITY:delete", "USER_CAPABILITY:assign"},
		"ManageDirectoryServices": {"LDAP:view", "LDAP:create", "LDAP:update", "LDAP:delete"},
		"ManageOpenShift":         {"OPEN_SHIFT:view", "OPEN_SHIFT:create", "OPEN_SHIFT:update", "OPEN_SHIFT:delete"},
		"ManageUserAudit":         {"USER_AUDIT:view", "USER_AUDIT:create", "USER_AUDIT:update", "USER_AUDIT:delete"},
		"ManageTiller":            {"K8S_TILLER:view", "K8S_TILLER:create", "K8S_TILLER:update", "K8S_TILLER:delete"},
		"ViewUserAuth":            {"USER_AUTH:view"},
		"ViewK8sUserAuth":         {"K8S_USER_CONTEXT:view"},
	} {
		var got []string
		for _, e := range c.Closure([]string{name}).Entries() {
			got = append(got, e.String())
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s grants %v, want %v", name, got, want)
		}
	}
}

func TestAmendment(t *testing.T) {
	if e := find(t, seedCatalog(t), "ManageUserCapabilities").Entries; len(e) != 0 {
		t.Fatalf("the document gives ManageUserCapabilities entries %v", e)
	}
	got, _ := Builtin().Lookup("ManageUserCapabilities")
	if !slices.Equal(got.Entries, []Entry{{"USER_CAPABILITY", "assign"}}) {
		t.Errorf("ManageUserCapabilities entries = %v", got.Entries)
	}
	if _, err := loadBuiltin(catalogJSON, []byte(`{"capabilities":[],"amendments":[{"name":"Nope"}]}`), nil); err == nil {
		t.Error("amendment of an unknown capability accepted")
	}
	if _, err := loadBuiltin(catalogJSON, []byte(`{"capabilities":[],"extra":1}`), nil); err == nil {
		t.Error("unknown field accepted")
	}
}

// TestBuiltinTypes checks the default registry: the document's 43 types,
// the 5 introduced in CATALOG.md, and the operations of a few.
func TestBuiltinTypes(t *testing.T) {
	r := BuiltinRegistry()
	seedTypes := map[ObjectType]bool{}
	for _, c := range seedCatalog(t) {
		for _, e := range c.Entries {
			seedTypes[e.Type] = true
		}
	}
	if len(seedTypes) != 43 {
		t.Errorf("the document's entries name %d types, want 43", len(seedTypes))
	}
	var extra []ObjectType
	for _, ty := range r.Types() {
		if !seedTypes[ty] {
			extra = append(extra, ty)
		}
	}
	if want := []ObjectType{"CHARGEBACK", "FILE", "OBJECT_SHARE", "PERMISSION_CHECK", "STORAGE_ARRAY", "USER_AUTH"}; !slices.Equal(extra, want) {
		t.Errorf("introduced types %v, want %v", extra, want)
	}
	for ty, want := range map[ObjectType]string{
		"USER":            "view create update delete update_role",
		"TENANT":          "view create update delete add_users manage_resources",
		"USER_CAPABILITY": "view create update delete assign",
		"NAMESPACE":       "view create update delete change_owner deploy_app user_share user_unshare",
		"FILE":            "view create update delete download",
		"STORAGE_REPO":    "view create update delete purge push reclaim scan tenant_share tenant_unshare user_share user_unshare",
	} {
		var got []string
		for _, op := range r.Operations(ty) {
			got = append(got, string(op))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("Operations(%s) = %v, want %s", ty, got, want)
		}
	}
	if ops := r.Operations("APPLICATION"); len(ops) != 41 {
		t.Errorf("APPLICATION has %d operations, want 4 standard + 37 actions", len(ops))
	}
}
