package casbinbench

import (
	"math/rand/v2"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// TypeQueries returns n type-level queries made from seed: mostly members
// in their own tenants, half asking for an entry their capabilities grant
// and half for any registered entry, plus some users in tenants they may
// not belong to.
func (w *World) TypeQueries(cat *authz.Catalog, n int, seed uint64) []TypeQuery {
	rng := rand.New(rand.NewPCG(seed, 1))
	all := cat.Registry().Entries()
	granted := map[[2]int64][]authz.Entry{}
	qs := make([]TypeQuery, 0, n)
	for range n {
		u := w.Users[rng.IntN(len(w.Users))]
		ms := w.Memberships[u]
		m := ms[rng.IntN(len(ms))]
		q := TypeQuery{User: u, Tenant: m.TenantID}
		if rng.IntN(10) == 0 {
			q.Tenant = w.Tenants[rng.IntN(len(w.Tenants))]
		}
		e := all[rng.IntN(len(all))]
		if rng.IntN(2) == 0 {
			k := [2]int64{int64(u), int64(m.TenantID)}
			es, ok := granted[k]
			if !ok {
				es = cat.Closure(CapabilityNames(m)).Entries()
				granted[k] = es
			}
			if len(es) > 0 {
				e = es[rng.IntN(len(es))]
			}
		}
		q.Type, q.Op = e.Type, e.Op
		qs = append(qs, q)
	}
	return qs
}

// InstanceQueries returns n queries on objects made from seed: owners,
// other members of the object's tenant, users and tenants it is shared
// with, superadmins, and users elsewhere, asking for an operation of the
// object's type or one a share grants.
func (w *World) InstanceQueries(cat *authz.Catalog, n int, seed uint64) []InstanceQuery {
	rng := rand.New(rand.NewPCG(seed, 2))
	reg := cat.Registry()
	var superadmins []gatehouse.UserID
	for _, u := range w.Members[w.Admins] {
		if m, _ := w.member(u, w.Admins); m.Role == gatehouse.RoleSuperadmin {
			superadmins = append(superadmins, u)
		}
	}
	var shared []int // objects with shares
	for i, ss := range w.Shares {
		if len(ss) > 0 {
			shared = append(shared, i)
		}
	}
	perms := map[[2]int64]authz.PermissionSet{}
	qs := make([]InstanceQuery, 0, n)
	for range n {
		kind := rng.IntN(20)
		i := rng.IntN(len(w.Objects))
		if kind >= 7 && kind < 13 {
			i = shared[rng.IntN(len(shared))]
		}
		o := w.Objects[i]
		ops := reg.Operations(authz.ObjectType(o.Type))
		q := InstanceQuery{TypeQuery: TypeQuery{Type: authz.ObjectType(o.Type)}, ID: o.ID}
		members := w.Members[o.TenantID]
		switch {
		case kind < 5:
			q.User, q.Tenant = o.OwnerID, o.TenantID
		case kind < 7:
			q.User, q.Tenant = members[rng.IntN(len(members))], o.TenantID
		case kind < 13:
			s := w.Shares[i][rng.IntN(len(w.Shares[i]))]
			if s.UserID != 0 {
				q.User, q.Tenant = s.UserID, o.TenantID
			} else {
				q.User, q.Tenant = w.tenantMember(rng, s.TenantID, rng.IntN(2) == 0), s.TenantID
			}
			ops = make([]authz.Operation, len(s.Operations))
			for k, op := range s.Operations {
				ops[k] = authz.Operation(op)
			}
		case kind < 15:
			q.User, q.Tenant = superadmins[rng.IntN(len(superadmins))], w.Admins
		default:
			q.User = w.Users[rng.IntN(len(w.Users))]
			ms := w.Memberships[q.User]
			q.Tenant = ms[rng.IntN(len(ms))].TenantID
		}
		// Two times in three, an operation the member may do on the type,
		// so that the instance rules decide more answers.
		q.Op = ops[rng.IntN(len(ops))]
		if m, ok := w.member(q.User, q.Tenant); ok && rng.IntN(3) > 0 {
			k := [2]int64{int64(q.User), int64(q.Tenant)}
			p, ok := perms[k]
			if !ok {
				p = cat.Closure(CapabilityNames(m))
				perms[k] = p
			}
			var mine []authz.Operation
			for _, op := range ops {
				if p.Has(q.Type, op) {
					mine = append(mine, op)
				}
			}
			if len(mine) > 0 {
				q.Op = mine[rng.IntN(len(mine))]
			}
		}
		qs = append(qs, q)
	}
	return qs
}

// tenantMember returns a member of t, a tenantadmin if admin and t has
// one. A tenant with no members yields user 1, who may not belong to it.
func (w *World) tenantMember(rng *rand.Rand, t gatehouse.TenantID, admin bool) gatehouse.UserID {
	ms := w.Members[t]
	if len(ms) == 0 {
		return w.Users[0]
	}
	if admin {
		var admins []gatehouse.UserID
		for _, u := range ms {
			if m, _ := w.member(u, t); m.Role == gatehouse.RoleTenantadmin {
				admins = append(admins, u)
			}
		}
		if len(admins) > 0 {
			return admins[rng.IntN(len(admins))]
		}
	}
	return ms[rng.IntN(len(ms))]
}

// member returns u's membership of t.
func (w *World) member(u gatehouse.UserID, t gatehouse.TenantID) (gatehouse.Membership, bool) {
	for _, m := range w.Memberships[u] {
		if m.TenantID == t {
			return m, true
		}
	}
	return gatehouse.Membership{}, false
}
