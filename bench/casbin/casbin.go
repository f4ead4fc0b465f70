package casbinbench

import (
	"fmt"
	"strconv"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	defaultrolemanager "github.com/casbin/casbin/v2/rbac/default-role-manager"
	"github.com/casbin/casbin/v2/util"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// casbinModel is the Casbin model of Gatehouse's authorization. README.md
// explains it section by section.
//
//   - r, p, g, m: type checks. RBAC with domains: a tenant is a domain, a
//     capability is a role. g links a user to the capabilities it holds in
//     a tenant, and a capability to its providers in every tenant (domain
//     "*", matched with keyMatch). p gives a capability one TYPE:op entry.
//   - r2, m2: the ABAC half of an instance check, with no policy: the
//     request carries the object's owner and tenant; g2 links a user to its
//     role in a tenant.
//   - r3, p3, m3: shares as per-object policies, the ACL half.
const casbinModel = `
[request_definition]
r = sub, dom, obj, act
r2 = sub, dom, owner, otenant
r3 = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act
p2 = sub, dom, obj, act
p3 = sub, dom, obj, act

[role_definition]
g = _, _, _
g2 = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub, r.dom)
m2 = (r2.owner == r2.sub && r2.otenant == r2.dom) || (r2.otenant == r2.dom && g2(r2.sub, "tenantadmin", r2.dom)) || (r2.dom == "` + adminsDomain + `" && g2(r2.sub, "superadmin", r2.dom))
m3 = r3.obj == p3.obj && r3.act == p3.act && r3.dom == p3.dom && (p3.sub == r3.sub || p3.sub == "member" || g2(r3.sub, p3.sub, r3.dom))
`

// adminsDomain is the Casbin domain of the Administrators tenant.
const adminsDomain = "t1"

var (
	ctxABAC   = casbin.EnforceContext{RType: "r2", PType: "p2", EType: "e", MType: "m2"}
	ctxShares = casbin.EnforceContext{RType: "r3", PType: "p3", EType: "e", MType: "m3"}
)

// Casbin is the world loaded into a Casbin enforcer.
type Casbin struct {
	E *casbin.Enforcer
	// objects maps "TYPE/ID" to the object's owner and tenant, as Casbin
	// names them. Casbin keeps no attributes of its own; an application
	// loads them before enforcing, so the lookup is part of a check.
	objects map[string]casbinObject
}

type casbinObject struct{ owner, tenant string }

// CasbinTypeQuery is a TypeQuery as Casbin's request strings.
type CasbinTypeQuery struct{ Sub, Dom, Obj, Act string }

// CasbinInstanceQuery is an InstanceQuery as Casbin's request strings;
// Key is "TYPE/ID".
type CasbinInstanceQuery struct {
	CasbinTypeQuery
	Key string
}

func userName(u gatehouse.UserID) string     { return "u" + strconv.FormatInt(int64(u), 10) }
func tenantName(t gatehouse.TenantID) string { return "t" + strconv.FormatInt(int64(t), 10) }
func objectKey(typ, id string) string        { return typ + "/" + id }

// Casbin returns the query as Casbin's request strings.
func (q TypeQuery) Casbin() CasbinTypeQuery {
	return CasbinTypeQuery{userName(q.User), tenantName(q.Tenant), string(q.Type), string(q.Op)}
}

// Casbin returns the query as Casbin's request strings.
func (q InstanceQuery) Casbin() CasbinInstanceQuery {
	return CasbinInstanceQuery{q.TypeQuery.Casbin(), objectKey(string(q.Type), q.ID)}
}

// NewCasbin loads w, with the capabilities of cat, into a Casbin enforcer.
func NewCasbin(w *World, cat *authz.Catalog) (*Casbin, error) {
	if w.Admins != 1 {
		return nil, fmt.Errorf("the Administrators tenant must be tenant 1, not %d", w.Admins)
	}
	m, err := model.NewModelFromString(casbinModel)
	if err != nil {
		return nil, err
	}
	var p, g, g2, p3 [][]string
	caps := cat.List(authz.Filter{All: true})
	all := cat.Registry().Entries()
	for _, c := range caps {
		es := c.Entries
		if c.AllEntries {
			es = all
		}
		for _, e := range es {
			p = append(p, []string{c.Name, "*", string(e.Type), string(e.Op)})
		}
		for _, pr := range c.Providers {
			g = append(g, []string{c.Name, pr, "*"})
		}
	}
	for _, ms := range w.Memberships {
		for _, mb := range ms {
			u, t := userName(mb.UserID), tenantName(mb.TenantID)
			for _, c := range CapabilityNames(mb) {
				g = append(g, []string{u, c, t})
			}
			g2 = append(g2, []string{u, string(mb.Role), t}, []string{u, "member", t})
		}
	}
	c := &Casbin{objects: make(map[string]casbinObject, len(w.Objects))}
	for i, o := range w.Objects {
		key := objectKey(o.Type, o.ID)
		c.objects[key] = casbinObject{owner: userName(o.OwnerID), tenant: tenantName(o.TenantID)}
		for _, s := range w.Shares[i] {
			sub, dom := userName(s.UserID), tenantName(o.TenantID)
			if s.TenantID != 0 {
				dom, sub = tenantName(s.TenantID), string(gatehouse.RoleTenantadmin)
				if r, _ := authz.ShareRuleFor(authz.ShareWithTenant, authz.ObjectType(o.Type)); r.AllMembers {
					sub = "member"
				}
			}
			for _, op := range s.Operations {
				p3 = append(p3, []string{sub, dom, key, op})
			}
		}
	}
	for _, x := range []struct {
		sec, ptype string
		rules      [][]string
	}{{"p", "p", p}, {"p", "p3", p3}, {"g", "g", g}, {"g", "g2", g2}} {
		if err := m.AddPolicies(x.sec, x.ptype, x.rules); err != nil {
			return nil, err
		}
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	// Provider chains can be longer than Casbin's default of 10 levels.
	e.SetNamedRoleManager("g", defaultrolemanager.NewRoleManager(depth(cat)+2))
	e.AddNamedDomainMatchingFunc("g", "keyMatch", util.KeyMatch)
	if err := e.BuildRoleLinks(); err != nil {
		return nil, err
	}
	c.E = e
	return c, nil
}

// depth returns the length of the longest provider chain in cat.
func depth(cat *authz.Catalog) int {
	caps := cat.List(authz.Filter{All: true})
	byName := map[string]authz.Capability{}
	for _, c := range caps {
		byName[c.Name] = c
	}
	memo := map[string]int{}
	var d func(string) int
	d = func(n string) int {
		if v, ok := memo[n]; ok {
			return v
		}
		best := 0
		for _, p := range byName[n].Providers {
			best = max(best, 1+d(p))
		}
		memo[n] = best
		return best
	}
	best := 0
	for _, c := range caps {
		best = max(best, d(c.Name))
	}
	return best
}

// Allowed reports whether Casbin allows the type-level query.
func (c *Casbin) Allowed(q *CasbinTypeQuery) bool {
	ok, err := c.E.Enforce(q.Sub, q.Dom, q.Obj, q.Act)
	if err != nil {
		panic(err)
	}
	return ok
}

// Check reports whether Casbin allows the instance query: the type check,
// then the ABAC rules on the object's owner and tenant, then the shares.
func (c *Casbin) Check(q *CasbinInstanceQuery) bool {
	o, ok := c.objects[q.Key]
	if !ok || !c.Allowed(&q.CasbinTypeQuery) {
		return false
	}
	if ok, err := c.E.Enforce(ctxABAC, q.Sub, q.Dom, o.owner, o.tenant); err != nil {
		panic(err)
	} else if ok {
		return true
	}
	ok, err := c.E.Enforce(ctxShares, q.Sub, q.Dom, q.Key, q.Act)
	if err != nil {
		panic(err)
	}
	return ok
}
