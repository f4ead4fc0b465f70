package authz

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestClosureFacts(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		name  string
		caps  []string
		has   []string
		lacks []string
		n     int // the set's size; -1 to skip
	}{
		{"nothing", nil, nil, []string{"APPLICATION:view"}, 0},
		{"NoCapabilities", []string{NoCapabilities}, nil, []string{"APPLICATION:view", "USER:view"}, 0},
		{"unknown names count for nothing", []string{"Nope", ""}, nil, []string{"APPLICATION:view"}, 0},
		{"ManageApplications", []string{"ManageApplications"},
			[]string{"APPLICATION:start", "APPLICATION:view", "SNAPSHOT:update", "SNAPSHOT:view", "INSTANCE:restart", "INSTANCE:view", "STORAGE_ARRAY:view", "NFS_EXPORTS:view"},
			[]string{"APPLICATION:create", "APPLICATION:delete", "APPLICATION:backup", "USER:view"}, 28 + 12 + 19}, // own, ManageInstances, 16 View* providers
		{"CreateApplications inherits ManageApplications", []string{"CreateApplications"},
			[]string{"APPLICATION:create", "APPLICATION:stop"}, []string{"APPLICATION:delete"}, -1},
		{"user default", []string{AllUserCapabilities},
			[]string{"APPLICATION:view", "APPLICATION:create", "APPLICATION:delete", "NAMESPACE:deploy_app", "FILE:download", "USER_AUTH:view", "STORAGE_REPO:push", "K8S_USER_CONTEXT:view"},
			[]string{"USER:view", "USER:create", "TENANT:view", "LDAP:view", "NODE:create", "APPLICATION:share", "BACKUP:tenant_share", "USER_CAPABILITY:view"}, -1},
		{"tenantadmin default", []string{AllTenantAdminCapabilities},
			[]string{"USER:view", "USER:update_role", "TENANT:update", "TENANT:view", "USER_CAPABILITY:assign", "APPLICATION:share", "BACKUP:user_share", "OBJECT_SHARE:view", "K8S_MASTER:update"},
			[]string{"USER:create", "TENANT:create", "TENANT:add_users", "USER_CAPABILITY:create", "LDAP:view", "BACKUP:tenant_share", "USER_AUDIT:view"}, -1},
		{"two capabilities", []string{"ManageUsers", "ManageTenants"},
			[]string{"USER:create", "TENANT:add_users", "USER:view", "USER_CAPABILITY:assign"}, []string{"USER:update_role"}, 6 + 5}, // USER:view counted once
		{"repeated names", []string{"ViewUsers", "ViewUsers"}, []string{"USER:view"}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.Closure(tc.caps)
			for _, s := range tc.has {
				if !p.HasEntry(mustEntry(t, s)) {
					t.Errorf("lacks %s", s)
				}
			}
			for _, s := range tc.lacks {
				if p.HasEntry(mustEntry(t, s)) {
					t.Errorf("has %s", s)
				}
			}
			if tc.n >= 0 && p.Len() != tc.n {
				t.Errorf("Len = %d, want %d: %v", p.Len(), tc.n, p.Entries())
			}
		})
	}
}

func mustEntry(t testing.TB, s string) Entry {
	t.Helper()
	e, err := ParseEntry(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestClosureSuperAdmin(t *testing.T) {
	c := Builtin()
	for _, name := range []string{AllSuperAdminCapabilities, "AllClusterAdminCapabilities", AllCapabilities} {
		p := c.Closure([]string{name})
		if got, want := p.Entries(), c.Registry().Entries(); !slices.Equal(got, want) {
			t.Errorf("%s: %d entries, registry has %d", name, len(got), len(want))
		}
	}
	// A type registered later is granted too, to closures computed later.
	old := c.Closure([]string{AllSuperAdminCapabilities})
	must(t, c.Registry().Register("WIDGET", "spin"))
	p := c.Closure([]string{AllSuperAdminCapabilities})
	if !p.Has("WIDGET", "spin") || !p.Has("WIDGET", "view") || !p.Has("APPLICATION", "start") {
		t.Error("AllSuperAdminCapabilities lacks a type registered after the catalog was built")
	}
	if old.Has("WIDGET", "view") {
		t.Error("a set computed earlier gained a new type")
	}
	if q := c.Closure([]string{AllTenantAdminCapabilities}); q.Has("WIDGET", "view") {
		t.Error("a new type was granted to tenantadmins")
	}
}

func TestExpand(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"ManageUsers"}, "ManageUsers ViewUsers ManageUserCapabilities ViewUserCapabilities"},
		{[]string{"ViewUsers", "ManageUsers"}, "ViewUsers ManageUsers ManageUserCapabilities ViewUserCapabilities"},
		{[]string{"Nope", "ManageUserAudit"}, "ManageUserAudit ViewUserAudit"},
		{[]string{AllSuperAdminCapabilities}, "AllSuperAdminCapabilities AllCapabilities"},
		{nil, ""},
	} {
		if got := strings.Join(c.Expand(tc.names), " "); got != tc.want {
			t.Errorf("Expand(%v) = %q, want %q", tc.names, got, tc.want)
		}
	}
	if n := len(c.Expand([]string{AllTenantAdminCapabilities})); n != 72 {
		t.Errorf("AllTenantAdminCapabilities expands to %d capabilities, want itself, its 70 providers and ViewK8s (through ManageK8s)", n)
	}
}

// refClosure is the reference: a memoised recursive union over the
// capabilities as data, sharing no code with Catalog.
func refClosure(caps []Capability, all []Entry, names []string) map[Entry]bool {
	byName := map[string]Capability{}
	for _, c := range caps {
		byName[c.Name] = c
	}
	memo := map[string]map[Entry]bool{}
	var of func(name string) map[Entry]bool
	of = func(name string) map[Entry]bool {
		if m, ok := memo[name]; ok {
			return m
		}
		m := map[Entry]bool{}
		c := byName[name]
		for _, e := range c.Entries {
			m[e] = true
		}
		for _, e := range all {
			if c.AllEntries || c.AllViews && e.Op == OpView {
				m[e] = true
			}
		}
		for _, p := range c.Providers {
			for e := range of(p) {
				m[e] = true
			}
		}
		memo[name] = m
		return m
	}
	out := map[Entry]bool{}
	for _, n := range names {
		for e := range of(n) {
			out[e] = true
		}
	}
	return out
}

// checkClosure compares c.Closure(names) with the reference, asking Has
// about every registered pair and comparing Entries.
func checkClosure(t *testing.T, c *Catalog, caps []Capability, names []string) {
	t.Helper()
	all := c.Registry().Entries()
	want := refClosure(caps, all, names)
	got := c.Closure(names)
	for _, e := range all {
		if got.HasEntry(e) != want[e] {
			t.Fatalf("Closure(%v).Has(%v) = %v, reference says %v", names, e, got.HasEntry(e), want[e])
		}
	}
	if got.Len() != len(want) || len(got.Entries()) != len(want) {
		t.Fatalf("Closure(%v): %d pairs, reference %d", names, got.Len(), len(want))
	}
}

func TestClosureMatchesReferenceBuiltin(t *testing.T) {
	c := Builtin()
	caps := BuiltinCapabilities()
	for _, cp := range caps {
		checkClosure(t, c, caps, []string{cp.Name})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		names := make([]string, rng.IntN(6))
		for i := range names {
			names[i] = caps[rng.IntN(len(caps))].Name
		}
		checkClosure(t, c, caps, names)
	}
}

// randomCatalog returns capabilities over a random registry. Providers
// point only to capabilities later in a hidden topological order, so the
// result is acyclic; the list itself is shuffled.
func randomCatalog(rng *rand.Rand) (*Registry, []Capability) {
	reg := NewRegistry()
	nTypes := 1 + rng.IntN(6)
	nOps := 1 + rng.IntN(90) // sometimes more than 64 operations in all
	for i := range nTypes {
		var ops []Operation
		for range rng.IntN(nOps) {
			ops = append(ops, Operation(fmt.Sprintf("op%d", rng.IntN(nOps))))
		}
		if err := reg.Register(ObjectType(fmt.Sprintf("T%d", i)), ops...); err != nil {
			panic(err)
		}
	}
	all := reg.Entries()
	n := 1 + rng.IntN(25)
	caps := make([]Capability, n)
	for i := range caps {
		c := Capability{Name: fmt.Sprintf("C%d", i), AllEntries: rng.IntN(40) == 0}
		for j := i + 1; j < n; j++ {
			if rng.IntN(4) == 0 {
				c.Providers = append(c.Providers, fmt.Sprintf("C%d", j))
			}
		}
		for _, k := range rng.Perm(len(all))[:rng.IntN(min(len(all), 6)+1)] {
			c.Entries = append(c.Entries, all[k])
		}
		caps[i] = c
	}
	rng.Shuffle(n, func(i, j int) { caps[i], caps[j] = caps[j], caps[i] })
	return reg, caps
}

func TestClosureMatchesReferenceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 3000 {
		reg, caps := randomCatalog(rng)
		c, err := New(reg, caps)
		if err != nil {
			t.Fatalf("catalog %d: %v", i, err)
		}
		for range 5 {
			var names []string
			for range rng.IntN(4) {
				names = append(names, fmt.Sprintf("C%d", rng.IntN(len(caps)+2)))
			}
			checkClosure(t, c, caps, names)
		}
	}
}

// refReaches reports whether to can be reached from from in graph g.
func refReaches(g map[string][]string, from, to string, seen map[string]bool) bool {
	if from == to {
		return true
	}
	if seen[from] {
		return false
	}
	seen[from] = true
	for _, p := range g[from] {
		if refReaches(g, p, to, seen) {
			return true
		}
	}
	return false
}

func TestDetectCycle(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		name      string
		providers []string
		want      string
	}{
		{"ViewApplications", []string{"ManageApplications"}, "ViewApplications ManageApplications ViewApplications"},
		{"ViewInstances", []string{"ViewUsers", "CreateApplications"}, "ViewInstances CreateApplications ManageApplications ViewInstances"},
		{"ManageInstances", []string{"CreateApplications"}, "ManageInstances CreateApplications ManageApplications ManageInstances"},
		{"ManageUserCapabilities", []string{"ManageUsers"}, "ManageUserCapabilities ManageUsers ManageUserCapabilities"},
		{"ViewUsers", []string{"ViewUsers"}, "ViewUsers ViewUsers"},
		{"ManageApplications", []string{"ViewUsers", "ManageTenants"}, ""},
		{"ManageApplications", nil, ""},
		{"Brand", []string{"ManageApplications"}, ""},
		{"Brand", []string{"Brand"}, "Brand Brand"},
		{"ViewUsers", []string{"Nope"}, ""},
		// ManageApplications' old providers no longer count.
		{"ManageApplications", []string{"ViewUsers"}, ""},
	} {
		if got := strings.Join(c.DetectCycle(tc.name, tc.providers), " "); got != tc.want {
			t.Errorf("DetectCycle(%s, %v) = %q, want %q", tc.name, tc.providers, got, tc.want)
		}
	}
}

func TestDetectCycleRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		reg, caps := randomCatalog(rng)
		c, err := New(reg, caps)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("C%d", rng.IntN(len(caps)+1)) // sometimes new
		var providers []string
		for range rng.IntN(4) {
			providers = append(providers, fmt.Sprintf("C%d", rng.IntN(len(caps))))
		}
		g := map[string][]string{}
		for _, cp := range caps {
			g[cp.Name] = cp.Providers
		}
		g[name] = providers
		want := false
		for _, p := range providers {
			if refReaches(g, p, name, map[string]bool{}) {
				want = true
			}
		}
		cyc := c.DetectCycle(name, providers)
		if (cyc != nil) != want {
			t.Fatalf("DetectCycle(%s, %v) = %v, reference says cycle %v", name, providers, cyc, want)
		}
		if cyc == nil {
			continue
		}
		if cyc[0] != name || cyc[len(cyc)-1] != name {
			t.Fatalf("cycle %v does not start and end with %s", cyc, name)
		}
		for i := 0; i+1 < len(cyc); i++ {
			if !slices.Contains(g[cyc[i]], cyc[i+1]) {
				t.Fatalf("cycle %v: %s does not inherit from %s", cyc, cyc[i], cyc[i+1])
			}
		}
		// Applying the change must be refused by New too.
		changed := slices.Clone(caps)
		if i := slices.IndexFunc(changed, func(x Capability) bool { return x.Name == name }); i >= 0 {
			changed[i].Providers = providers
		} else {
			changed = append(changed, Capability{Name: name, Providers: providers})
		}
		if _, err := New(reg, changed); err == nil {
			t.Fatalf("New accepted the cycle %v", cyc)
		}
	}
}

// TestNewRefusesCycles builds random graphs with arbitrary edges and
// checks that New refuses exactly the cyclic ones.
func TestNewRefusesCycles(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		n := 1 + rng.IntN(8)
		g := map[string][]string{}
		caps := make([]Capability, n)
		for i := range caps {
			caps[i].Name = fmt.Sprintf("C%d", i)
			for j := range n {
				if j != i && rng.IntN(n+2) == 0 {
					caps[i].Providers = append(caps[i].Providers, fmt.Sprintf("C%d", j))
				}
			}
			g[caps[i].Name] = caps[i].Providers
		}
		cyclic := false
		for _, cp := range caps {
			for _, p := range cp.Providers {
				if refReaches(g, p, cp.Name, map[string]bool{}) {
					cyclic = true
				}
			}
		}
		_, err := New(nil, caps)
		if (err != nil) != cyclic {
			t.Fatalf("New(%v) error %v; reference says cyclic %v", g, err, cyclic)
		}
		if cyclic && !strings.Contains(err.Error(), "inherit from themselves") {
			t.Fatalf("error %v does not name the cycle", err)
		}
	}
}

// TestClosureConcurrent computes closures while types are registered;
// run with -race.
func TestClosureConcurrent(t *testing.T) {
	c := Builtin()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 100 {
			must(t, c.Registry().Register(ObjectType(fmt.Sprintf("NEW%d", i)), "poke"))
		}
	})
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if p := c.Closure([]string{AllUserCapabilities}); !p.Has("APPLICATION", "view") {
					t.Error("lost APPLICATION:view")
					return
				}
			}
		})
	}
	wg.Wait()
}
