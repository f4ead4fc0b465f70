package authz

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// refWorld is a deliberately naive model of the engine: lists scanned from
// end to end, permissions found by recursion over providers each time. The
// engine must answer every question exactly as it does.
type refWorld struct {
	admins  gatehouse.TenantID
	types   map[ObjectType][]Operation // the registry
	caps    []Capability
	members []gatehouse.Membership // UserID set; for a user and tenant, the last wins
	objects []gatehouse.Object
	shares  [][]gatehouse.Share // shares[i] are those of objects[i]
}

func (w *refWorld) capability(name string) (Capability, bool) {
	for _, c := range w.caps {
		if c.Name == name {
			return c, true
		}
	}
	return Capability{}, false
}

// grants reports whether holding names gives en.
func (w *refWorld) grants(names []string, en Entry) bool {
	for _, n := range names {
		c, ok := w.capability(n)
		if !ok {
			continue
		}
		if (c.AllEntries || c.AllViews && en.Op == OpView) && slices.Contains(w.types[en.Type], en.Op) || slices.Contains(c.Entries, en) || w.grants(c.Providers, en) {
			return true
		}
	}
	return false
}

// holds reports whether names, or the capabilities they inherit, include
// the capability called target.
func (w *refWorld) holds(names []string, target string) bool {
	for _, n := range names {
		c, ok := w.capability(n)
		if ok && (n == target || w.holds(c.Providers, target)) {
			return true
		}
	}
	return false
}

func (w *refWorld) membership(u gatehouse.UserID, t gatehouse.TenantID) (gatehouse.Membership, bool) {
	for i := len(w.members) - 1; i >= 0; i-- {
		if m := w.members[i]; m.UserID == u && m.TenantID == t {
			return m, true
		}
	}
	return gatehouse.Membership{}, false
}

func refNames(m gatehouse.Membership) []string {
	if len(m.Capabilities) == 0 {
		return []string{RoleDefault(m.Role)}
	}
	return m.Capabilities
}

func (w *refWorld) object(typ ObjectType, id string) (int, bool) {
	for i, o := range w.objects {
		if o.Type == string(typ) && o.ID == id {
			return i, true
		}
	}
	return 0, false
}

func refAllMembers(t ObjectType) bool {
	for _, r := range ShareRules() {
		if r.Target == ShareWithTenant && r.Type == t {
			return r.AllMembers
		}
	}
	return false
}

// shared reports whether a share of object i gives op (any operation if
// op is "") to user u or to tenant t.
func (w *refWorld) shared(i int, u gatehouse.UserID, t gatehouse.TenantID, op Operation) (toUser, toTenant bool) {
	for _, s := range w.shares[i] {
		ok := len(s.Operations) > 0 && (op == "" || slices.Contains(s.Operations, string(op)))
		switch {
		case !ok:
		case s.TenantID != 0:
			toTenant = toTenant || s.TenantID == t
		case s.UserID != 0:
			toUser = toUser || s.UserID == u
		}
	}
	return toUser, toTenant
}

// rule returns the instance rule that lets m do op on object i, or "".
// An empty op asks about any operation, as Visible does.
func (w *refWorld) rule(m gatehouse.Membership, o gatehouse.Object, i int, op Operation) string {
	if o.OwnerID == m.UserID && o.TenantID == m.TenantID {
		return RuleOwner
	}
	if m.Role == gatehouse.RoleTenantadmin && o.TenantID == m.TenantID {
		return RuleTenantAdmin
	}
	if m.Role == gatehouse.RoleSuperadmin && w.admins != 0 && m.TenantID == w.admins {
		return RuleSuperadmin
	}
	if (op == OpView || op == "") && w.admins != 0 && m.TenantID == w.admins && w.holds(refNames(m), ReadOnlyOperator) {
		return RuleOperator
	}
	if i < 0 {
		return ""
	}
	toUser, toTenant := w.shared(i, m.UserID, m.TenantID, op)
	_, tenantHasIt := w.shared(i, m.UserID, m.TenantID, "")
	if toUser && (o.TenantID == m.TenantID || tenantHasIt) {
		return RuleUserShare
	}
	if toTenant && (refAllMembers(ObjectType(o.Type)) || m.Role == gatehouse.RoleTenantadmin) {
		return RuleTenantShare
	}
	return ""
}

// check answers what Engine.Check and Explain answer: allowed, whether the
// type-level check passed, and the rule.
func (w *refWorld) check(u gatehouse.UserID, t gatehouse.TenantID, typ ObjectType, op Operation, id string) (allowed, typeOK bool, rule string) {
	m, ok := w.membership(u, t)
	if !ok || !w.grants(refNames(m), Entry{typ, op}) {
		return false, false, ""
	}
	if id == "" {
		return true, true, ""
	}
	i, ok := w.object(typ, id)
	if !ok {
		return false, true, ""
	}
	rule = w.rule(m, w.objects[i], i, op)
	return rule != "", true, rule
}

// canAccess answers what Engine.CanAccess answers.
func (w *refWorld) canAccess(u gatehouse.UserID, t gatehouse.TenantID, typ ObjectType, op Operation, id string) bool {
	m, ok := w.membership(u, t)
	if !ok || id == "" {
		return false
	}
	i, ok := w.object(typ, id)
	return ok && w.rule(m, w.objects[i], i, op) != ""
}

// visible answers what Engine.Visible answers.
func (w *refWorld) visible(u gatehouse.UserID, t gatehouse.TenantID, o gatehouse.Object) bool {
	m, ok := w.membership(u, t)
	if !ok {
		return false
	}
	i, ok := w.object(ObjectType(o.Type), o.ID)
	if !ok {
		i = -1
	}
	return w.rule(m, o, i, "") != ""
}

// permissions returns every registered entry the member holds.
func (w *refWorld) permissions(m gatehouse.Membership) []Entry {
	var es []Entry
	for t, ops := range w.types {
		for _, op := range ops {
			if w.grants(refNames(m), Entry{t, op}) {
				es = append(es, Entry{t, op})
			}
		}
	}
	return es
}

// refGen makes random worlds, mutations and queries.
type refGen struct {
	rng *rand.Rand
	reg *Registry
	w   *refWorld
	n   int // capabilities made so far, for fresh names
}

var (
	refTypes  = []ObjectType{"APPLICATION", "BUNDLE", "STORAGE_REPO", "BACKUP", "NAMESPACE", "VM"}
	refExtra  = []Operation{"start", "stop", "push", "share", "deploy_app"}
	refUsers  = 7 // user ids 1..7; 0 and 8 are never members
	refTenant = 4 // tenant ids 1..4
)

func (g *refGen) pick(n int) int { return g.rng.IntN(n) }

// newWorld returns a random world with its registry.
func newRefGen(seed, world uint64) *refGen {
	g := &refGen{rng: rand.New(rand.NewPCG(seed, world)), reg: NewRegistry()}
	g.w = &refWorld{types: map[ObjectType][]Operation{}}
	if g.pick(8) > 0 {
		g.w.admins = gatehouse.TenantID(1 + g.pick(refTenant))
	}
	for _, t := range refTypes {
		if g.pick(6) == 0 {
			continue // not registered
		}
		var ops []Operation
		for _, op := range refExtra {
			if g.pick(2) == 0 {
				ops = append(ops, op)
			}
		}
		g.register(t, ops...)
	}
	for range 1 + g.pick(10) {
		g.w.caps = append(g.w.caps, g.capability(len(g.w.caps)))
	}
	for u := 1; u <= refUsers; u++ {
		g.setMemberships(gatehouse.UserID(u))
	}
	for range g.pick(14) {
		g.setObject()
	}
	return g
}

func (g *refGen) register(t ObjectType, ops ...Operation) {
	if err := g.reg.Register(t, ops...); err != nil {
		panic(err)
	}
	g.w.types[t] = g.reg.Operations(t)
}

func (g *refGen) entries() []Entry { return g.reg.Entries() }

// capability returns a random capability whose providers come before
// position at, so there are no cycles. Sometimes it takes a role
// default's name.
func (g *refGen) capability(at int) Capability {
	g.n++
	c := Capability{Name: fmt.Sprintf("C%d", g.n)}
	if g.pick(3) == 0 {
		c.Name = []string{AllSuperAdminCapabilities, AllTenantAdminCapabilities, AllUserCapabilities, ReadOnlyOperator}[g.pick(4)]
		if _, dup := g.w.capability(c.Name); dup {
			c.Name = fmt.Sprintf("C%d", g.n)
		}
	}
	g.fill(&c, at)
	c.AllViews = c.Name == ReadOnlyOperator
	return c
}

// fill gives c random entries and providers among the first at
// capabilities.
func (g *refGen) fill(c *Capability, at int) {
	c.AllEntries = g.pick(12) == 0
	c.Entries, c.Providers = nil, nil
	if es := g.entries(); len(es) > 0 {
		for range g.pick(8) {
			if e := es[g.pick(len(es))]; !slices.Contains(c.Entries, e) {
				c.Entries = append(c.Entries, e)
			}
		}
	}
	if at > 0 {
		for range g.pick(4) {
			if p := g.w.caps[g.pick(at)].Name; !slices.Contains(c.Providers, p) {
				c.Providers = append(c.Providers, p)
			}
		}
	}
}

func (g *refGen) catalog() *Catalog {
	c, err := New(g.reg, g.w.caps)
	if err != nil {
		panic(fmt.Sprintf("random catalog: %v", err))
	}
	return c
}

// names returns random capability names to assign: none (the role's
// default), catalog names, and a name no capability has.
func (g *refGen) names() []string {
	var ns []string
	for range g.pick(4) {
		n := "Ghost"
		if len(g.w.caps) > 0 && g.pick(10) > 0 {
			n = g.w.caps[g.pick(len(g.w.caps))].Name
		}
		ns = append(ns, n)
	}
	return ns
}

func (g *refGen) role() gatehouse.Role {
	if g.pick(20) == 0 {
		return "nobody"
	}
	return gatehouse.Roles[g.pick(3)]
}

// setMemberships gives u random memberships in the model and returns
// them for the engine.
func (g *refGen) setMemberships(u gatehouse.UserID) []gatehouse.Membership {
	var ms []gatehouse.Membership
	for range g.pick(4) {
		ms = append(ms, gatehouse.Membership{UserID: u, TenantID: gatehouse.TenantID(1 + g.pick(refTenant)), Role: g.role(), Capabilities: g.names()})
	}
	g.w.members = slices.DeleteFunc(g.w.members, func(m gatehouse.Membership) bool { return m.UserID == u })
	g.w.members = append(g.w.members, ms...)
	return ms
}

func (g *refGen) typ() ObjectType {
	if g.pick(10) == 0 {
		return "GHOST"
	}
	return refTypes[g.pick(len(refTypes))]
}

func (g *refGen) ops(t ObjectType) []Operation {
	if ops := g.w.types[t]; ops != nil {
		return ops
	}
	return append(StandardOperations(), refExtra...)
}

func (g *refGen) op(t ObjectType) Operation {
	if g.pick(15) == 0 {
		return "fly"
	}
	ops := g.ops(t)
	return ops[g.pick(len(ops))]
}

func (g *refGen) user() gatehouse.UserID     { return gatehouse.UserID(g.pick(refUsers + 2)) }
func (g *refGen) tenant() gatehouse.TenantID { return gatehouse.TenantID(g.pick(refTenant + 2)) }
func (g *refGen) id() string                 { return fmt.Sprintf("o%d", g.pick(6)) }

// setObject makes or replaces a random object in the model and returns it
// with its shares for the engine.
func (g *refGen) setObject() (gatehouse.Object, []gatehouse.Share) {
	o := gatehouse.Object{Type: string(g.typ()), ID: g.id(), TenantID: gatehouse.TenantID(1 + g.pick(refTenant)), OwnerID: gatehouse.UserID(1 + g.pick(refUsers))}
	if n := len(g.w.members); n > 0 && g.pick(4) > 0 {
		m := g.w.members[g.pick(n)] // mostly owned by a member of its tenant
		o.OwnerID, o.TenantID = m.UserID, m.TenantID
	}
	var shares []gatehouse.Share
	for range g.pick(4) {
		s := gatehouse.Share{ObjectType: o.Type, ObjectID: o.ID}
		switch g.pick(9) {
		case 0: // neither: counts for nothing
		case 1:
			s.TenantID, s.UserID = g.tenant(), g.user()
		case 2, 3, 4:
			s.TenantID = gatehouse.TenantID(1 + g.pick(refTenant))
		default:
			s.UserID = gatehouse.UserID(1 + g.pick(refUsers))
			if u := g.memberOf(o.TenantID); u != 0 && g.pick(3) > 0 {
				s.UserID = u
			}
		}
		for range g.pick(4) {
			if op := string(g.op(ObjectType(o.Type))); !slices.Contains(s.Operations, op) {
				s.Operations = append(s.Operations, op)
			}
		}
		shares = append(shares, s)
	}
	if i, ok := g.w.object(ObjectType(o.Type), o.ID); ok {
		g.w.objects[i], g.w.shares[i] = o, shares
	} else {
		g.w.objects = append(g.w.objects, o)
		g.w.shares = append(g.w.shares, shares)
	}
	return o, shares
}

// mutate changes the model and the engine alike, and describes the change.
func (g *refGen) mutate(e *Engine) string {
	switch g.pick(7) {
	case 0, 1: // change, add or remove a capability
		switch k := g.pick(4); {
		case k < 2 && len(g.w.caps) > 0:
			i := g.pick(len(g.w.caps))
			g.fill(&g.w.caps[i], i)
			e.SetCatalog(g.catalog())
			return "change " + g.w.caps[i].Name
		case k == 2 && len(g.w.caps) > 0:
			i := len(g.w.caps) - 1 // nothing inherits from the last
			name := g.w.caps[i].Name
			g.w.caps = g.w.caps[:i]
			e.SetCatalog(g.catalog())
			return "remove " + name
		default:
			g.w.caps = append(g.w.caps, g.capability(len(g.w.caps)))
			e.SetCatalog(g.catalog())
			return "add " + g.w.caps[len(g.w.caps)-1].Name
		}
	case 2: // register a type or operation
		t := g.typ()
		g.register(t, refExtra[g.pick(len(refExtra))])
		e.SetCatalog(g.catalog())
		return "register " + string(t)
	case 3:
		u := g.user()
		e.SetMemberships(u, g.setMemberships(u))
		return fmt.Sprintf("memberships of %d", u)
	case 4, 5:
		o, shares := g.setObject()
		e.SetObject(o, shares)
		return "set " + o.Type + "/" + o.ID
	default:
		t, id := g.typ(), g.id()
		if i, ok := g.w.object(t, id); ok {
			g.w.objects = slices.Delete(g.w.objects, i, i+1)
			g.w.shares = slices.Delete(g.w.shares, i, i+1)
		}
		e.RemoveObject(string(t), id)
		return "remove " + string(t) + "/" + id
	}
}

// refQuery is one question to both.
type refQuery struct {
	u   gatehouse.UserID
	t   gatehouse.TenantID
	typ ObjectType
	op  Operation
	id  string
}

// query returns a random question, mostly about existing objects, asked
// by someone the object relates to (its owner, a member of its tenant,
// someone it is shared with) for an operation their capabilities or a
// share grant.
func (g *refGen) query() refQuery {
	var q refQuery
	i := -1 // the object asked about
	if n := len(g.w.objects); n > 0 && g.pick(3) > 0 {
		i = g.pick(n)
		q.typ, q.id = ObjectType(g.w.objects[i].Type), g.w.objects[i].ID
	} else {
		q.typ, q.id = g.typ(), g.id()
	}
	switch k := g.pick(6); {
	case i >= 0 && k == 0:
		q.u, q.t = g.w.objects[i].OwnerID, g.w.objects[i].TenantID
	case i >= 0 && k == 1:
		q.u, q.t = g.memberOf(g.w.objects[i].TenantID), g.w.objects[i].TenantID
	case i >= 0 && k == 2 && len(g.w.shares[i]) > 0:
		ss := g.w.shares[i]
		if s := ss[g.pick(len(ss))]; s.TenantID != 0 {
			q.u, q.t = g.memberOf(s.TenantID), s.TenantID
		} else {
			q.u, q.t = s.UserID, g.w.objects[i].TenantID
			if g.pick(3) == 0 {
				q.t = g.tenantOf(s.UserID) // maybe logged in elsewhere
			}
		}
	case len(g.w.members) > 0 && k < 5:
		m := g.w.members[g.pick(len(g.w.members))]
		q.u, q.t = m.UserID, m.TenantID
	default:
		q.u, q.t = g.user(), g.tenant()
	}
	switch k := g.pick(3); {
	case k == 0 && i >= 0 && len(g.w.shares[i]) > 0:
		if ops := g.w.shares[i][g.pick(len(g.w.shares[i]))].Operations; len(ops) > 0 {
			q.op = Operation(ops[g.pick(len(ops))])
		}
	case k >= 1:
		if m, ok := g.w.membership(q.u, q.t); ok {
			var granted []Operation
			for _, op := range g.ops(q.typ) {
				if g.w.grants(refNames(m), Entry{q.typ, op}) {
					granted = append(granted, op)
				}
			}
			if len(granted) > 0 {
				q.op = granted[g.pick(len(granted))]
			}
		}
	}
	if q.op == "" {
		q.op = g.op(q.typ)
	}
	if g.pick(6) == 0 {
		q.id = ""
	}
	return q
}

// memberOf returns a random member of t, or user 0.
func (g *refGen) memberOf(t gatehouse.TenantID) gatehouse.UserID {
	var us []gatehouse.UserID
	for _, m := range g.w.members {
		if m.TenantID == t {
			us = append(us, m.UserID)
		}
	}
	if len(us) == 0 {
		return 0
	}
	return us[g.pick(len(us))]
}

// tenantOf returns a random tenant u is a member of, or tenant 0.
func (g *refGen) tenantOf(u gatehouse.UserID) gatehouse.TenantID {
	var ts []gatehouse.TenantID
	for _, m := range g.w.members {
		if m.UserID == u {
			ts = append(ts, m.TenantID)
		}
	}
	if len(ts) == 0 {
		return 0
	}
	return ts[g.pick(len(ts))]
}

// TestReferenceModel compares the engine with the naive model on
// thousands of random worlds, before and after random changes.
func TestReferenceModel(t *testing.T) {
	worlds, phases, queries := 2000, 5, 400
	switch {
	case testing.Short():
		worlds = 300
	case raceEnabled:
		worlds = 500
	}
	var diffs int
	fail := func(g *refGen, world uint64, history []string, format string, args ...any) {
		t.Helper()
		if diffs++; diffs <= 10 {
			t.Errorf("world %d after %v: %s\n%s", world, history, fmt.Sprintf(format, args...), g.dump())
		}
	}
	var stats struct{ checks, typeOK, allowed, rules, typeOnly int }
	for world := range uint64(worlds) {
		g := newRefGen(1, world)
		e := NewEngine(g.catalog(), g.w.admins)
		for u := 1; u <= refUsers; u++ {
			var ms []gatehouse.Membership
			for _, m := range g.w.members {
				if m.UserID == gatehouse.UserID(u) {
					ms = append(ms, m)
				}
			}
			e.SetMemberships(gatehouse.UserID(u), ms)
		}
		for i, o := range g.w.objects {
			e.SetObject(o, g.w.shares[i])
		}
		var history []string
		for phase := range phases {
			if phase > 0 {
				// Subjects made before the changes must see catalog changes.
				old := map[refQuery]Subject{}
				for _, m := range g.w.members {
					if s, ok := e.Subject(m.UserID, m.TenantID); ok {
						old[refQuery{u: m.UserID, t: m.TenantID}] = s
					}
				}
				for range 1 + g.pick(3) {
					history = append(history, g.mutate(e))
				}
				for k, s := range old {
					m, ok := g.w.membership(k.u, k.t)
					if cur, _ := e.Subject(k.u, k.t); !ok || cur.m == nil || cur.m.caps != s.m.caps {
						continue // its membership changed: it need not see more
					}
					for range 5 {
						typ := g.typ()
						op := g.op(typ)
						if got, want := e.Allowed(&s, typ, op), g.w.grants(refNames(m), Entry{typ, op}); got != want {
							fail(g, world, history, "Allowed(old Subject %d@%d, %s:%s) = %v, model %v", k.u, k.t, typ, op, got, want)
						}
					}
				}
			}
			for _, m := range g.w.members {
				m, _ = g.w.membership(m.UserID, m.TenantID) // the last of duplicates
				s := Subject{User: m.UserID, Tenant: m.TenantID}
				got, want := e.Permissions(&s).Entries(), g.w.permissions(m)
				slices.SortFunc(want, compareEntries(g.reg))
				if !slices.Equal(got, want) {
					fail(g, world, history, "Permissions(%d@%d) = %v, model %v", m.UserID, m.TenantID, got, want)
				}
			}
			for range queries {
				q := g.query()
				s, ok := e.Subject(q.u, q.t)
				if _, member := g.w.membership(q.u, q.t); ok != member {
					fail(g, world, history, "Subject(%d, %d) = %v, model %v", q.u, q.t, ok, member)
				}
				lit := Subject{User: q.u, Tenant: q.t}
				want, typeOK, rule := g.w.check(q.u, q.t, q.typ, q.op, q.id)
				stats.checks++
				if typeOK {
					stats.typeOK++
				}
				if want {
					stats.allowed++
				}
				if rule != "" {
					stats.rules++
				}
				if q.id == "" {
					stats.typeOnly++
				}
				for _, s := range []*Subject{&s, &lit} {
					if got := e.Check(s, q.typ, q.op, q.id); got != want {
						fail(g, world, history, "Check(%+v) = %v, model %v (rule %q)", q, got, want, rule)
					}
				}
				if got := e.Allowed(&lit, q.typ, q.op); got != typeOK {
					fail(g, world, history, "Allowed(%+v) = %v, model %v", q, got, typeOK)
				}
				if got, want := e.CanAccess(&lit, q.typ, q.op, q.id), g.w.canAccess(q.u, q.t, q.typ, q.op, q.id); got != want {
					fail(g, world, history, "CanAccess(%+v) = %v, model %v", q, got, want)
				}
				x := e.Explain(&lit, q.typ, q.op, q.id)
				if x.Allowed != want || x.Rule != rule || (len(x.Chain) > 0) != typeOK || x.Allowed == (x.Denied != "") {
					fail(g, world, history, "Explain(%+v) = %+v, model allowed %v, rule %q, type-level %v", q, x, want, rule, typeOK)
				} else if typeOK {
					m, _ := g.w.membership(q.u, q.t)
					if err := g.w.checkChain(refNames(m), Entry{q.typ, q.op}, x.Chain); err != nil {
						fail(g, world, history, "Explain(%+v).Chain = %v: %v", q, x.Chain, err)
					}
				}
				o := gatehouse.Object{Type: string(q.typ), ID: q.id, TenantID: g.tenant(), OwnerID: g.user()}
				if i, ok := g.w.object(q.typ, q.id); ok && g.pick(4) > 0 {
					o = g.w.objects[i]
				}
				if got, want := e.Visible(&lit, &o), g.w.visible(q.u, q.t, o); got != want {
					fail(g, world, history, "Visible(%d@%d, %+v) = %v, model %v", q.u, q.t, o, got, want)
				}
			}
		}
	}
	t.Logf("%d checks: %d pass the type-level check, %d allowed, %d by an instance rule, %d type-level only",
		stats.checks, stats.typeOK, stats.allowed, stats.rules, stats.typeOnly)
	if stats.allowed < stats.checks/10 || stats.rules < stats.checks/20 {
		t.Errorf("the queries are too rarely allowed to test much")
	}
	if diffs > 0 {
		t.Errorf("%d differences", diffs)
	}
}

// checkChain reports what is wrong with chain as an explanation of how
// names grant en: it must start at the first of names that grants en,
// follow providers, and end at a capability granting en itself.
func (w *refWorld) checkChain(names []string, en Entry, chain []string) error {
	first := slices.IndexFunc(names, func(n string) bool { return w.grants([]string{n}, en) })
	if len(chain) == 0 || first < 0 || chain[0] != names[first] {
		return fmt.Errorf("does not start at %v", names[max(first, 0):])
	}
	for i := 1; i < len(chain); i++ {
		c, _ := w.capability(chain[i-1])
		if !slices.Contains(c.Providers, chain[i]) {
			return fmt.Errorf("%s is not a provider of %s", chain[i], chain[i-1])
		}
	}
	last, _ := w.capability(chain[len(chain)-1])
	if !((last.AllEntries || last.AllViews && en.Op == OpView) && slices.Contains(w.types[en.Type], en.Op)) && !slices.Contains(last.Entries, en) {
		return fmt.Errorf("%s does not grant %s itself", last.Name, en)
	}
	return nil
}

// compareEntries orders entries as PermissionSet.Entries does.
func compareEntries(r *Registry) func(a, b Entry) int {
	return func(a, b Entry) int {
		if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
			return c
		}
		ops := r.Operations(a.Type)
		return slices.Index(ops, a.Op) - slices.Index(ops, b.Op)
	}
}

// dump describes the model's world for a failure message.
func (g *refGen) dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "admins: %d\n", g.w.admins)
	for _, c := range g.w.caps {
		fmt.Fprintf(&b, "capability %s all=%v providers=%v entries=%v\n", c.Name, c.AllEntries, c.Providers, c.Entries)
	}
	for _, m := range g.w.members {
		fmt.Fprintf(&b, "member %d@%d %s %v\n", m.UserID, m.TenantID, m.Role, m.Capabilities)
	}
	for i, o := range g.w.objects {
		fmt.Fprintf(&b, "object %s/%s tenant=%d owner=%d", o.Type, o.ID, o.TenantID, o.OwnerID)
		for _, s := range g.w.shares[i] {
			fmt.Fprintf(&b, " [t=%d u=%d %v]", s.TenantID, s.UserID, s.Operations)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
