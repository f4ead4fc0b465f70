package casbinbench

import (
	"fmt"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	defaultrolemanager "github.com/casbin/casbin/v2/rbac/default-role-manager"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
)

// graphModel is a second Casbin encoding, tuned for speed: everything is a
// link of one role graph and no matcher reads a policy, so Casbin never
// scans a policy list. Each member in a tenant is a subject "u5@t7" that
// inherits its capabilities; capabilities inherit their providers and
// their entries "TYPE:op"; per-tenant role nodes ("tenantadmin@t7",
// "member@t7") and members inherit the shares "TYPE/ID/op" granted to them.
// README.md compares it with the RBAC-with-domains encoding (casbin.go).
const graphModel = `
[request_definition]
r = sub, dom, obj, act
r2 = sub, dom, owner, otenant, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub + "@" + r.dom, r.obj + ":" + r.act)
m2 = (r2.owner == r2.sub && r2.otenant == r2.dom) || (r2.otenant == r2.dom && g(r2.sub + "@" + r2.dom, "tenantadmin@" + r2.dom)) || (r2.dom == "` + adminsDomain + `" && g(r2.sub + "@" + r2.dom, "superadmin@" + r2.dom)) || g(r2.sub + "@" + r2.dom, r2.obj + "/" + r2.act)
`

var ctxGraphInstance = casbin.EnforceContext{RType: "r2", PType: "p", EType: "e", MType: "m2"}

// CasbinGraph is the world loaded into a Casbin enforcer with graphModel.
type CasbinGraph struct {
	E       *casbin.Enforcer
	objects map[string]casbinObject
}

// NewCasbinGraph loads w, with the capabilities of cat, into a Casbin
// enforcer with graphModel.
func NewCasbinGraph(w *World, cat *authz.Catalog) (*CasbinGraph, error) {
	if w.Admins != 1 {
		return nil, fmt.Errorf("the Administrators tenant must be tenant 1, not %d", w.Admins)
	}
	m, err := model.NewModelFromString(graphModel)
	if err != nil {
		return nil, err
	}
	var g [][]string
	all := cat.Registry().Entries()
	for _, c := range cat.List(authz.Filter{All: true}) {
		es := c.Entries
		if c.AllEntries {
			es = all
		}
		for _, e := range es {
			g = append(g, []string{c.Name, e.String()})
		}
		for _, pr := range c.Providers {
			g = append(g, []string{c.Name, pr})
		}
	}
	for _, ms := range w.Memberships {
		for _, mb := range ms {
			t := tenantName(mb.TenantID)
			sub := userName(mb.UserID) + "@" + t
			for _, c := range CapabilityNames(mb) {
				g = append(g, []string{sub, c})
			}
			g = append(g, []string{sub, string(mb.Role) + "@" + t}, []string{sub, "member@" + t})
		}
	}
	c := &CasbinGraph{objects: make(map[string]casbinObject, len(w.Objects))}
	for i, o := range w.Objects {
		key := objectKey(o.Type, o.ID)
		c.objects[key] = casbinObject{owner: userName(o.OwnerID), tenant: tenantName(o.TenantID)}
		for _, s := range w.Shares[i] {
			sub := userName(s.UserID) + "@" + tenantName(o.TenantID)
			if s.TenantID != 0 {
				sub = "tenantadmin@" + tenantName(s.TenantID)
				if r, _ := authz.ShareRuleFor(authz.ShareWithTenant, authz.ObjectType(o.Type)); r.AllMembers {
					sub = "member@" + tenantName(s.TenantID)
				}
			}
			for _, op := range s.Operations {
				g = append(g, []string{sub, key + "/" + op})
			}
		}
	}
	if err := m.AddPolicies("g", "g", g); err != nil {
		return nil, err
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	// member -> capability -> providers ... -> entry.
	e.SetRoleManager(defaultrolemanager.NewRoleManagerImpl(depth(cat) + 3))
	if err := e.BuildRoleLinks(); err != nil {
		return nil, err
	}
	c.E = e
	return c, nil
}

// Allowed reports whether Casbin allows the type-level query.
func (c *CasbinGraph) Allowed(q *CasbinTypeQuery) bool {
	ok, err := c.E.Enforce(q.Sub, q.Dom, q.Obj, q.Act)
	if err != nil {
		panic(err)
	}
	return ok
}

// Check reports whether Casbin allows the instance query: the type check,
// then the instance rules in one matcher.
func (c *CasbinGraph) Check(q *CasbinInstanceQuery) bool {
	o, ok := c.objects[q.Key]
	if !ok || !c.Allowed(&q.CasbinTypeQuery) {
		return false
	}
	ok, err := c.E.Enforce(ctxGraphInstance, q.Sub, q.Dom, o.owner, o.tenant, q.Key, q.Act)
	if err != nil {
		panic(err)
	}
	return ok
}
