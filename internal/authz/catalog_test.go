package authz

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// seedCatalog decodes catalog.json, the document's list as copied.
func seedCatalog(t *testing.T) []Capability {
	t.Helper()
	var caps []Capability
	if err := decodeStrict(catalogJSON, &caps); err != nil {
		t.Fatal(err)
	}
	return caps
}

func find(t *testing.T, caps []Capability, name string) Capability {
	t.Helper()
	for _, c := range caps {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no capability %s", name)
	return Capability{}
}

// TestSeedFacts checks catalog.json against facts read off the Robin
// document (section 7.2 and the example response of 7.5.1).
func TestSeedFacts(t *testing.T) {
	caps := seedCatalog(t)
	if len(caps) != 70 {
		t.Errorf("catalog.json has %d capabilities, the document lists 70 built-in ones", len(caps))
	}
	for i := 1; i < len(caps); i++ {
		if caps[i].ID <= caps[i-1].ID {
			t.Errorf("ids not increasing at %s", caps[i].Name)
		}
	}
	if caps[0].ID != 3 || caps[len(caps)-1].ID != 110 {
		t.Errorf("ids run %d..%d, want 3..110", caps[0].ID, caps[len(caps)-1].ID)
	}
	if slices.ContainsFunc(caps, func(c Capability) bool { return c.Name == "CustomUserCapability" || c.Hidden || c.AllEntries }) {
		t.Error("catalog.json holds the custom example, a hidden capability or all_entries")
	}

	ma := find(t, caps, "ManageApplications")
	wantProviders := []string{"ViewApplications", "ViewBackups", "ViewInstances", "ManageInstances", "ViewDocker", "ViewTags", "ViewResourcePools", "ViewBundles", "ViewImages", "ViewConfig", "ViewEvents", "ViewNetworking", "ViewNodes", "ViewJobs", "ViewZones", "ViewStorageArray", "ViewNFSExports"}
	if !slices.Equal(ma.Providers, wantProviders) {
		t.Errorf("ManageApplications providers = %v", ma.Providers)
	}
	var got []string
	for _, e := range ma.Entries {
		got = append(got, string(e.Type)+" "+string(e.Op))
	}
	// As "robin capabilities list --full ManageApplications" prints them.
	want := strings.Split("APPLICATION add_repo,APPLICATION addkey,APPLICATION addtrigger,APPLICATION addvol,APPLICATION computeqos,APPLICATION config,APPLICATION deltrigger,APPLICATION delvol,APPLICATION expandvol,APPLICATION hydrate,APPLICATION moveresources,APPLICATION probe,APPLICATION redeploy,APPLICATION register,APPLICATION remove_repo,APPLICATION restart,APPLICATION rollback,APPLICATION run_hook,APPLICATION scale,APPLICATION setreslimits,APPLICATION start,APPLICATION stop,APPLICATION storageqos,APPLICATION unregister,APPLICATION update,APPLICATION update_hpa,APPLICATION upgrade,SNAPSHOT update", ",")
	if len(ma.Entries) != 28 || !slices.Equal(got, want) {
		t.Errorf("ManageApplications entries = %v", got)
	}
	if ma.ID != 3 || ma.Group != GroupApplication || ma.Description != "Manage Applications" ||
		!slices.Equal(ma.TenantRoles, []gatehouse.Role{"superadmin", "tenantadmin", "user"}) {
		t.Errorf("ManageApplications = %+v", ma)
	}

	for _, tc := range []struct {
		name       string
		providers  int
		entries    int
		roles      string
		group, fst string // group and first provider or entry
	}{
		{"AllSuperAdminCapabilities", 1, 0, "", GroupAdministration, "AllCapabilities"},
		{"AllClusterAdminCapabilities", 1, 0, "", GroupAdministration, "AllCapabilities"},
		{"AllUserCapabilities", 46, 0, "", GroupAdministration, "CloneApplications"},
		{"AllTenantAdminCapabilities", 70, 0, "", GroupAdministration, "ViewObjectShares"},
		{"AllClusterUserCapabilities", 7, 0, "", GroupAdministration, "ManageK8sApplications"},
		{"ManageUsers", 2, 3, "superadmin", GroupUser, "ViewUsers"},
		{"UpdateTenants", 2, 1, "tenantadmin", GroupUser, "ViewUsers"},
		{"ManageUserCapabilities", 1, 0, "superadmin,tenantadmin", GroupUser, "ViewUserCapabilities"},
		{"CreateUserCapabilities", 1, 3, "superadmin", GroupUser, "ManageUserCapabilities"},
		{"ManageK8sApplications", 1, 21, "superadmin,tenantadmin,user", GroupApplication, "ViewK8sApplications"},
		{"ChangeOwner", 0, 7, "superadmin,tenantadmin", GroupInfrastructure, "APPLICATION:change_owner"},
		{"ManageK8sUsers", 0, 4, "superadmin", GroupInfrastructure, "K8S_USER_CONTEXT:create"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := find(t, caps, tc.name)
			var roles []string
			for _, r := range c.TenantRoles {
				roles = append(roles, string(r))
			}
			first := ""
			if len(c.Providers) > 0 {
				first = c.Providers[0]
			} else if len(c.Entries) > 0 {
				first = c.Entries[0].String()
			}
			if len(c.Providers) != tc.providers || len(c.Entries) != tc.entries || strings.Join(roles, ",") != tc.roles || c.Group != tc.group || first != tc.fst {
				t.Errorf("got %d providers, %d entries, roles %v, group %s, first %s", len(c.Providers), len(c.Entries), roles, c.Group, first)
			}
		})
	}
}

// readListing reads a table of "robin capabilities list" from testdata:
// one "Group | Name | Hidden | Description" row per capability.
func readListing(t *testing.T, file string) [][4]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][4]string
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "---") || strings.HasPrefix(line, "Group ") {
			continue
		}
		fs := strings.Split(line, "|")
		if len(fs) != 4 {
			t.Fatalf("%s: bad row %q", file, line)
		}
		rows = append(rows, [4]string{strings.TrimSpace(fs[0]), strings.TrimSpace(fs[1]), strings.TrimSpace(fs[2]), strings.TrimSpace(fs[3])})
	}
	return rows
}

func rowsOf(caps []Capability) [][4]string {
	var rows [][4]string
	for _, c := range caps {
		hidden := "False"
		if c.Hidden {
			hidden = "True"
		}
		rows = append(rows, [4]string{c.Group, c.Name, hidden, c.Description})
	}
	return rows
}

// TestListMatchesSeed checks List against the document's two listings.
func TestListMatchesSeed(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		file string
		f    Filter
	}{
		{"testdata/list.txt", Filter{}},
		{"testdata/list_group_user.txt", Filter{Group: "User"}},
		{"testdata/list_group_user.txt", Filter{Group: "user"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			want := readListing(t, tc.file)
			got := rowsOf(c.List(tc.f))
			if !slices.Equal(got, want) {
				t.Errorf("List(%+v):\n got %d rows %v\nwant %d rows %v", tc.f, len(got), got, len(want), want)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	c := Builtin()
	names := func(cs []Capability) []string {
		var ns []string
		for _, cp := range cs {
			ns = append(ns, cp.Name)
		}
		return ns
	}
	for _, tc := range []struct {
		name string
		f    Filter
		want []string // nil: only check the count
		n    int
	}{
		{"names keep hidden, catalog order", Filter{Names: []string{"ManageUsers", "ViewUsers", "Nope"}}, []string{"ViewUsers", "ManageUsers"}, 2},
		{"names and group", Filter{Names: []string{"ManageUsers", "ManageApplications"}, Group: "User"}, []string{"ManageUsers"}, 1},
		{"all", Filter{All: true}, nil, 112},
		{"visible", Filter{}, nil, 70},
		{"administration", Filter{Group: "Administration"}, []string{"AllSuperAdminCapabilities", "AllUserCapabilities", "AllClusterUserCapabilities", "AllClusterAdminCapabilities", "AllTenantAdminCapabilities", "AllCapabilities", "NoCapabilities", "CheckPermissionsOnBehalf", "ReadOnlyOperator"}, 9},
		{"custom group empty", Filter{Group: GroupCustom}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := names(c.List(tc.f))
			if len(got) != tc.n || tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("List(%+v) = %v (%d)", tc.f, got, len(got))
			}
		})
	}
	if got, want := c.Groups(), []string{GroupApplication, GroupInfrastructure, GroupUser, GroupAdministration}; !slices.Equal(got, want) {
		t.Errorf("Groups = %v, want %v", got, want)
	}
}

func TestBuiltinCounts(t *testing.T) {
	c := Builtin()
	if c.Len() != 112 {
		t.Errorf("Builtin has %d capabilities, want 70 + 40 + 2 of Gatehouse's own", c.Len())
	}
	if n := len(c.Registry().Types()); n != 49 {
		t.Errorf("BuiltinRegistry has %d types, want 49", n)
	}
	for _, name := range []string{AllSuperAdminCapabilities, AllTenantAdminCapabilities, AllUserCapabilities, NoCapabilities, AllCapabilities} {
		if _, ok := c.Lookup(name); !ok {
			t.Errorf("no %s", name)
		}
	}
	if n := len(BuiltinCapabilities()); n != c.Len() {
		t.Errorf("BuiltinCapabilities has %d", n)
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	c := Builtin()
	a, _ := c.Lookup("ManageUsers")
	a.Providers[0] = "Changed"
	a.Entries[0].Op = "changed"
	b, _ := c.Lookup("ManageUsers")
	if b.Providers[0] != "ViewUsers" || b.Entries[0].Op != "create" {
		t.Error("Lookup shares slices with the catalog")
	}
	l := c.List(Filter{Names: []string{"ManageUsers"}})
	l[0].TenantRoles[0] = "x"
	if b, _ := c.Lookup("ManageUsers"); b.TenantRoles[0] != "superadmin" {
		t.Error("List shares slices with the catalog")
	}
	if _, ok := c.Lookup("manageusers"); ok {
		t.Error("Lookup ignores case")
	}
}

func TestRoleDefault(t *testing.T) {
	for r, want := range map[gatehouse.Role]string{
		gatehouse.RoleSuperadmin:  "AllSuperAdminCapabilities",
		gatehouse.RoleTenantadmin: "AllTenantAdminCapabilities",
		gatehouse.RoleUser:        "AllUserCapabilities",
		"admin":                   "",
	} {
		if got := RoleDefault(r); got != want {
			t.Errorf("RoleDefault(%s) = %q, want %q", r, got, want)
		}
	}
}

func custom(name string, providers []string, entries ...Entry) Capability {
	return Capability{Name: name, Group: GroupCustom, Description: "custom", TenantRoles: []gatehouse.Role{"user"}, Providers: providers, Entries: entries}
}

func TestValidate(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		name     string
		cp       Capability
		field    string // "" means valid
		contains string
	}{
		{"seed example", custom("CustomUserCapability", []string{"ManageApplications"}, Entry{"APPLICATION", "backup"}, Entry{"APPLICATION", "restore"}), "", ""},
		{"entries only", custom("BundleAdmin", nil, Entry{"BUNDLE", "view"}, Entry{"BUNDLE", "create"}, Entry{"BUNDLE", "delete"}), "", ""},
		{"nothing at all", custom("Empty", nil), "", ""},
		{"replacing a capability keeps its name", custom("ViewUsers", []string{"ViewTenants"}), "", ""},
		{"unknown provider", custom("X", []string{"ManageEverything"}), "providers", `unknown provider "ManageEverything"`},
		{"provider twice", custom("X", []string{"ViewUsers", "ViewUsers"}), "providers", "given twice"},
		{"own provider", custom("X", []string{"X"}), "providers", "its own provider"},
		{"unknown type", custom("X", nil, Entry{"SPACESHIP", "view"}), "capability_entries", "valid types: APPLICATION, BACKUP,"},
		{"unknown operation", custom("X", nil, Entry{"USER", "launch"}), "capability_entries", "valid operations: view, create, update, delete, update_role"},
		{"malformed entry", custom("X", nil, Entry{"user", "view"}), "capability_entries", "<object_type>:<operation>"},
		{"entry twice", custom("X", nil, Entry{"USER", "view"}, Entry{"USER", "view"}), "capability_entries", "given twice"},
		{"bad name", custom("two words", nil), "name", "a-z"},
		{"name with comma", custom("a,b", nil), "name", "a-z"},
		{"empty name", custom("", nil), "name", "a-z"},
		{"no roles", Capability{Name: "X"}, "tenant_roles", "one or more"},
		{"bad role", Capability{Name: "X", TenantRoles: []gatehouse.Role{"admin"}}, "tenant_roles", `unknown role "admin"; valid roles: superadmin, tenantadmin, user`},
		{"role twice", Capability{Name: "X", TenantRoles: []gatehouse.Role{"user", "user"}}, "tenant_roles", "twice"},
		{"all entries", Capability{Name: "X", TenantRoles: []gatehouse.Role{"user"}, AllEntries: true}, "all_entries", "AllCapabilities"},
		{"all views", Capability{Name: "X", TenantRoles: []gatehouse.Role{"user"}, AllViews: true}, "all_views", "ReadOnlyOperator"},
		{"cycle through an update", custom("ViewApplications", []string{"CreateApplications"}), "providers", "ViewApplications -> CreateApplications -> ManageApplications -> ViewApplications"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Validate(tc.cp)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, gatehouse.ErrInvalid) {
				t.Fatalf("Validate = %v, want ErrInvalid", err)
			}
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(fe.Rule, tc.contains) {
				t.Fatalf("Validate = %v; want a FieldError for %s containing %q", err, tc.field, tc.contains)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	err := Builtin().Validate(Capability{Name: "X", TenantRoles: []gatehouse.Role{"root"}, Providers: []string{"Nope"}, Entries: []Entry{{"NOPE", "view"}}})
	for _, s := range []string{"role", "provider", "object type"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("error %v does not mention the %s", err, s)
		}
	}
}

func TestNew(t *testing.T) {
	reg := NewRegistry()
	must(t, reg.Register("W", "go"))
	mk := func(name string, providers ...string) Capability {
		return Capability{Name: name, Providers: providers}
	}
	for _, tc := range []struct {
		name     string
		caps     []Capability
		contains string // "" means valid
	}{
		{"empty", nil, ""},
		{"chain", []Capability{mk("A", "B"), mk("B", "C"), mk("C")}, ""},
		{"diamond", []Capability{mk("A", "B", "C"), mk("B", "D"), mk("C", "D"), mk("D")}, ""},
		{"duplicate name", []Capability{mk("A"), mk("A")}, `duplicate user capability "A"`},
		{"unknown provider", []Capability{mk("A", "B")}, `unknown provider "B"`},
		{"two-cycle", []Capability{mk("A", "B"), mk("B", "A")}, "inherit from themselves: A -> B -> A"},
		{"three-cycle off the start", []Capability{mk("S", "A"), mk("A", "B"), mk("B", "C"), mk("C", "A")}, "A -> B -> C -> A"},
		{"self", []Capability{mk("A", "A")}, "its own provider"},
		{"unregistered entry", []Capability{{Name: "A", Entries: []Entry{{"W", "stop"}}}}, "W has no operation"},
		{"bad role", []Capability{{Name: "A", TenantRoles: []gatehouse.Role{"root"}}}, "unknown role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(reg, tc.caps)
			if tc.contains == "" {
				if err != nil || c.Len() != len(tc.caps) {
					t.Fatalf("New = %v, %v", c, err)
				}
				return
			}
			if !errors.Is(err, gatehouse.ErrInvalid) || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("New error = %v, want ErrInvalid containing %q", err, tc.contains)
			}
		})
	}
}

func TestWithWithout(t *testing.T) {
	c := Builtin()
	a := custom("Mine", []string{"ViewUsers"}, Entry{"BUNDLE", "view"})
	b := custom("Yours", []string{"Mine"})
	c2, err := c.With(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Len() != c.Len()+2 || c.Len() != 112 {
		t.Fatalf("With: %d capabilities, original %d", c2.Len(), c.Len())
	}
	if l := c2.List(Filter{All: true}); l[len(l)-1].Name != "Yours" {
		t.Errorf("new capabilities are not last")
	}
	if !c2.Closure([]string{"Yours"}).Has("USER", "view") {
		t.Error("Yours does not inherit USER:view")
	}
	a.Entries = nil
	c3, err := c2.With(a)
	if err != nil {
		t.Fatal(err)
	}
	if c3.Closure([]string{"Yours"}).Has("BUNDLE", "view") || !c2.Closure([]string{"Yours"}).Has("BUNDLE", "view") {
		t.Error("With does not replace, or changes the original")
	}
	if _, err := c2.With(custom("Mine", []string{"Yours"})); err == nil || !strings.Contains(err.Error(), "Mine -> Yours -> Mine") {
		t.Errorf("With making a cycle: %v", err)
	}

	if _, err := c2.Without("Mine"); !errors.Is(err, gatehouse.ErrConflict) {
		t.Errorf("Without a provider still in use: %v, want ErrConflict", err)
	}
	if _, err := c2.Without("Nope"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("Without an unknown name: %v, want ErrNotFound", err)
	}
	c4, err := c2.Without("Mine", "Yours")
	if err != nil {
		t.Fatal(err)
	}
	if c4.Len() != c.Len() {
		t.Errorf("Without: %d capabilities", c4.Len())
	}
	if _, err := c.Without("ViewUsers"); !errors.Is(err, gatehouse.ErrConflict) {
		t.Errorf("removing ViewUsers: %v", err)
	}
}

// TestCapabilityJSON checks that a Capability encodes in the document's
// field names and decodes back.
func TestCapabilityJSON(t *testing.T) {
	cp, _ := Builtin().Lookup("UpdateUserRole")
	b, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":85,"name":"UpdateUserRole","capability_group":"User","description":"Update roles for users","hidden":false,"tenant_roles":["superadmin","tenantadmin"],"providers":[],"capability_entries":[{"object_type":"USER","operation":"update_role"}]}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
}
