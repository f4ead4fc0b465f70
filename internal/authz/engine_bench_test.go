package authz

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// benchWorld is a generated installation the size the engine is built
// for: 10,000 users, 1,000 tenants, 200 custom capabilities, 50,000
// objects. Every member holds the custom capability Everyone, so changing
// it reaches every member.
type benchWorld struct {
	cat     *Catalog
	engine  *Engine
	custom  []Capability
	objects []gatehouse.Object
	shares  [][]gatehouse.Share
	members map[gatehouse.TenantID][]gatehouse.UserID
	typeQ   []benchQuery // type-level questions from members
	instQ   []benchQuery // questions on objects that need the owner or a share
}

type benchQuery struct {
	s   Subject
	typ ObjectType
	op  Operation
	id  string
}

const (
	benchUsers   = 10_000
	benchTenants = 1_000
	benchCustom  = 200
	benchObjects = 50_000
	benchAdmins  = gatehouse.TenantID(1)
)

var loadBenchWorld = sync.OnceValue(func() *benchWorld {
	rng := rand.New(rand.NewPCG(20240611, 1))
	w := &benchWorld{members: map[gatehouse.TenantID][]gatehouse.UserID{}}
	reg := BuiltinRegistry()
	entries := reg.Entries()
	base := BuiltinCapabilities()
	var pool []string // possible providers and assignable names
	for _, c := range base {
		if !c.AllEntries && c.Name != NoCapabilities {
			pool = append(pool, c.Name)
		}
	}
	caps := slices.Clone(base)
	everyone := Capability{ID: FirstCustomID, Name: "Everyone", Group: GroupCustom, TenantRoles: gatehouse.Roles,
		Entries: []Entry{{"APPLICATION", "view"}}}
	caps = append(caps, everyone)
	w.custom = append(w.custom, everyone)
	for i := 1; i < benchCustom; i++ {
		c := Capability{ID: int64(FirstCustomID + i), Name: fmt.Sprintf("Custom%03d", i), Group: GroupCustom, TenantRoles: gatehouse.Roles}
		for range rng.IntN(4) {
			if p := pool[rng.IntN(len(pool))]; !slices.Contains(c.Providers, p) {
				c.Providers = append(c.Providers, p)
			}
		}
		for range rng.IntN(7) {
			if e := entries[rng.IntN(len(entries))]; !slices.Contains(c.Entries, e) {
				c.Entries = append(c.Entries, e)
			}
		}
		caps = append(caps, c)
		w.custom = append(w.custom, c)
		pool = append(pool, c.Name) // later ones may inherit from it: no cycles
	}
	cat, err := New(reg, caps)
	if err != nil {
		panic(err)
	}
	w.cat = cat
	e := NewEngine(cat, benchAdmins)
	w.engine = e

	memberships := map[gatehouse.UserID][]gatehouse.Membership{}
	for u := gatehouse.UserID(1); u <= benchUsers; u++ {
		var ms []gatehouse.Membership
		join := func(t gatehouse.TenantID, role gatehouse.Role) {
			if slices.ContainsFunc(ms, func(m gatehouse.Membership) bool { return m.TenantID == t }) {
				return
			}
			m := gatehouse.Membership{UserID: u, TenantID: t, Role: role}
			switch k := rng.IntN(20); {
			case k < 6:
				m.Capabilities = []string{RoleDefault(role)}
			case k == 6:
				m.Capabilities = []string{NoCapabilities}
			default:
				for range 1 + rng.IntN(3) {
					if c := pool[rng.IntN(len(pool))]; !slices.Contains(m.Capabilities, c) {
						m.Capabilities = append(m.Capabilities, c)
					}
				}
			}
			m.Capabilities = append(m.Capabilities, "Everyone")
			ms = append(ms, m)
			w.members[t] = append(w.members[t], u)
		}
		if u <= 20 {
			join(benchAdmins, gatehouse.RoleSuperadmin)
		}
		for range 1 + rng.IntN(3) {
			role := gatehouse.RoleUser
			if rng.IntN(10) == 0 {
				role = gatehouse.RoleTenantadmin
			}
			join(gatehouse.TenantID(2+rng.IntN(benchTenants-1)), role)
		}
		memberships[u] = ms
		e.SetMemberships(u, ms)
	}

	var shareable []ObjectType
	for _, r := range ShareRules() {
		if !slices.Contains(shareable, r.Type) {
			shareable = append(shareable, r.Type)
		}
	}
	types := reg.Types()
	for i := range benchObjects {
		u := gatehouse.UserID(1 + rng.IntN(benchUsers))
		m := memberships[u][rng.IntN(len(memberships[u]))]
		typ := types[rng.IntN(len(types))]
		if rng.IntN(10) < 6 {
			typ = shareable[rng.IntN(len(shareable))]
		}
		o := gatehouse.Object{Type: string(typ), ID: fmt.Sprintf("obj%05d", i), TenantID: m.TenantID, OwnerID: u}
		var shares []gatehouse.Share
		if r, ok := ShareRuleFor(ShareWithUser, typ); ok && rng.IntN(4) == 0 {
			for range 1 + rng.IntN(3) {
				ms := w.members[o.TenantID]
				shares = append(shares, gatehouse.Share{ObjectType: o.Type, ObjectID: o.ID, UserID: ms[rng.IntN(len(ms))], Operations: benchOps(rng, r.Operations)})
			}
		}
		if r, ok := ShareRuleFor(ShareWithTenant, typ); ok && rng.IntN(4) == 0 {
			shares = append(shares, gatehouse.Share{ObjectType: o.Type, ObjectID: o.ID, TenantID: gatehouse.TenantID(2 + rng.IntN(benchTenants-1)), Operations: benchOps(rng, r.Operations)})
		}
		w.objects = append(w.objects, o)
		w.shares = append(w.shares, shares)
		e.SetObject(o, shares)
	}

	// Type-level questions: members, entries half granted, half any.
	for range 4096 {
		u := gatehouse.UserID(1 + rng.IntN(benchUsers))
		m := memberships[u][rng.IntN(len(memberships[u]))]
		s, _ := e.Subject(u, m.TenantID)
		en := entries[rng.IntN(len(entries))]
		if es := e.Permissions(&s).Entries(); len(es) > 0 && rng.IntN(2) == 0 {
			en = es[rng.IntN(len(es))]
		}
		w.typeQ = append(w.typeQ, benchQuery{s: s, typ: en.Type, op: en.Op})
	}
	// Instance questions that get past the type-level check and need the
	// owner or a share rule: owners, users and tenants shared with.
	for len(w.instQ) < 4096 {
		i := rng.IntN(len(w.objects))
		o, shares := w.objects[i], w.shares[i]
		q := benchQuery{typ: ObjectType(o.Type), op: OpView, id: o.ID}
		u, t := o.OwnerID, o.TenantID
		if len(shares) > 0 && rng.IntN(2) == 0 {
			sh := shares[rng.IntN(len(shares))]
			q.op = Operation(sh.Operations[rng.IntN(len(sh.Operations))])
			if sh.TenantID != 0 {
				ms := w.members[sh.TenantID]
				if len(ms) == 0 {
					continue
				}
				u, t = ms[rng.IntN(len(ms))], sh.TenantID
			} else {
				u = sh.UserID
			}
		}
		s, ok := e.Subject(u, t)
		if !ok || s.Role != gatehouse.RoleUser || !e.Allowed(&s, q.typ, q.op) {
			continue
		}
		q.s = s
		w.instQ = append(w.instQ, q)
	}
	return w
})

func benchOps(rng *rand.Rand, ops []Operation) []string {
	var out []string
	for range 1 + rng.IntN(3) {
		if op := string(ops[rng.IntN(len(ops))]); !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	return out
}

func BenchmarkAllowed(b *testing.B) {
	w := loadBenchWorld()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := &w.typeQ[i%len(w.typeQ)]
		w.engine.Allowed(&q.s, q.typ, q.op)
	}
}

// BenchmarkAllowedBySubject resolves the Subject on each question, as a
// request does.
func BenchmarkAllowedBySubject(b *testing.B) {
	w := loadBenchWorld()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := &w.typeQ[i%len(w.typeQ)]
		s, _ := w.engine.Subject(q.s.User, q.s.Tenant)
		w.engine.Allowed(&s, q.typ, q.op)
	}
}

func BenchmarkCheck(b *testing.B) {
	w := loadBenchWorld()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := &w.instQ[i%len(w.instQ)]
		w.engine.Check(&q.s, q.typ, q.op, q.id)
	}
}

func BenchmarkCheckParallel(b *testing.B) {
	w := loadBenchWorld()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			q := &w.instQ[i%len(w.instQ)]
			w.engine.Check(&q.s, q.typ, q.op, q.id)
		}
	})
}

func BenchmarkExplain(b *testing.B) {
	w := loadBenchWorld()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := &w.instQ[i%len(w.instQ)]
		w.engine.Explain(&q.s, q.typ, q.op, q.id)
	}
}

// BenchmarkSetCatalog changes Everyone, which every member holds, back and
// forth: each SetCatalog recomputes the permissions of every distinct
// capability list.
func BenchmarkSetCatalog(b *testing.B) {
	w := loadBenchWorld()
	everyone, _ := w.cat.Lookup("Everyone")
	everyone.Entries = append(everyone.Entries, Entry{"APPLICATION", "start"})
	changed, err := w.cat.With(everyone)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w.engine.SetCatalog([]*Catalog{changed, w.cat}[i%2])
	}
	b.ReportMetric(float64(len(w.engine.lists)), "lists")
	w.engine.SetCatalog(w.cat)
}

// TestBenchWorld checks that the benchmarks ask what they claim to.
func TestBenchWorld(t *testing.T) {
	w := loadBenchWorld()
	allowed := 0
	for _, q := range w.typeQ {
		if w.engine.Allowed(&q.s, q.typ, q.op) {
			allowed++
		}
	}
	if allowed < len(w.typeQ)/4 || allowed > len(w.typeQ)*3/4 {
		t.Errorf("%d of %d type-level questions allowed; want a mix", allowed, len(w.typeQ))
	}
	rules := map[string]int{}
	for _, q := range w.instQ {
		rules[w.engine.Explain(&q.s, q.typ, q.op, q.id).Rule]++
	}
	t.Logf("instance questions by rule: %v; %d capability lists", rules, len(w.engine.lists))
	if rules[RuleOwner] == 0 || rules[RuleUserShare] == 0 || rules[RuleTenantShare] == 0 {
		t.Errorf("instance questions by rule: %v; want owners and both kinds of share", rules)
	}
	// A change of Everyone reaches every member.
	everyone, _ := w.cat.Lookup("Everyone")
	everyone.Entries = append(everyone.Entries, Entry{"VOLUME", "delete"})
	changed, err := w.cat.With(everyone)
	must(t, err)
	w.engine.SetCatalog(changed)
	defer w.engine.SetCatalog(w.cat)
	for _, q := range w.typeQ {
		if !w.engine.Allowed(&q.s, "VOLUME", "delete") {
			t.Fatalf("%d@%d lacks the entry added to Everyone", q.s.User, q.s.Tenant)
		}
	}
}

// TestAllocs: the questions asked on every request do not allocate.
func TestAllocs(t *testing.T) {
	e := newFixture(t)
	alice := mustSubject(t, e, "alice", tAcme)
	bob := mustSubject(t, e, "bob", tAcme)
	carol := mustSubject(t, e, "carol", tAcme)
	lit := Subject{User: fixtureUsers["frank"], Tenant: tAcme}
	obj, _, _ := e.Object("BUNDLE", "b1")
	for _, tc := range []struct {
		name string
		f    func() bool
		want bool
	}{
		{"Allowed", func() bool { return e.Allowed(&alice, "APPLICATION", "view") }, true},
		{"Allowed, denied", func() bool { return e.Allowed(&alice, "TENANT", "create") }, false},
		{"Allowed, literal Subject", func() bool { return e.Allowed(&lit, "APPLICATION", "view") }, true},
		{"Check, owner", func() bool { return e.Check(&alice, "APPLICATION", "start", "a1") }, true},
		{"Check, user share", func() bool { return e.Check(&bob, "APPLICATION", "view", "a1") }, true},
		{"Check, tenant share", func() bool { return e.Check(&carol, "STORAGE_REPO", "push", "r1") }, true},
		{"Check, denied", func() bool { return e.Check(&bob, "APPLICATION", "start", "a1") }, false},
		{"Check, no object", func() bool { return e.Check(&bob, "APPLICATION", "view", "zz") }, false},
		{"CanAccess", func() bool { return e.CanAccess(&bob, "NAMESPACE", "deploy_app", "ns1") }, true},
		{"Visible", func() bool { return e.Visible(&alice, &obj) }, true},
		{"Subject", func() bool { _, ok := e.Subject(fixtureUsers["bob"], tAcme); return ok }, true},
	} {
		var got bool
		if n := testing.AllocsPerRun(100, func() { got = tc.f() }); n != 0 {
			t.Errorf("%s: %v allocations", tc.name, n)
		}
		if got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
}
