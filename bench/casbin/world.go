// Package casbinbench measures Gatehouse's authorization engine against
// Casbin on the same generated world and the same queries. It is a module
// of its own, so the product never depends on Casbin; README.md explains
// the Casbin encoding and how to run it.
package casbinbench

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Size says how big a world to generate.
type Size struct {
	Users, Tenants, Custom, Objects int
	Superadmins                     int // members of the Administrators tenant with role superadmin
}

// DefaultSize is the world the benchmarks use.
var DefaultSize = Size{Users: 10_000, Tenants: 1_000, Custom: 200, Objects: 50_000, Superadmins: 20}

// World is a generated installation: custom capabilities over the
// built-in catalog, tenants, memberships, objects and shares. Both sides
// of the benchmark are loaded from one World.
type World struct {
	Admins      gatehouse.TenantID // the Administrators tenant
	Custom      []gatehouse.CapabilityRecord
	Memberships map[gatehouse.UserID][]gatehouse.Membership
	Members     map[gatehouse.TenantID][]gatehouse.UserID // members of each tenant
	Objects     []gatehouse.Object
	Shares      [][]gatehouse.Share // Shares[i] are the shares of Objects[i]
	Users       []gatehouse.UserID
	Tenants     []gatehouse.TenantID
}

// TypeQuery asks whether User, logged into Tenant, may do Op on Type.
type TypeQuery struct {
	User   gatehouse.UserID
	Tenant gatehouse.TenantID
	Type   authz.ObjectType
	Op     authz.Operation
}

// InstanceQuery asks whether User, logged into Tenant, may do Op on the
// object Type/ID.
type InstanceQuery struct {
	TypeQuery
	ID string
}

// Generate returns the world of the given size made from seed. The same
// size and seed always give the same world.
func Generate(sz Size, seed uint64) *World {
	rng := rand.New(rand.NewPCG(seed, 0x67617465686f7573))
	w := &World{
		Admins:      1,
		Memberships: map[gatehouse.UserID][]gatehouse.Membership{},
		Members:     map[gatehouse.TenantID][]gatehouse.UserID{},
	}
	for t := 1; t <= sz.Tenants; t++ {
		w.Tenants = append(w.Tenants, gatehouse.TenantID(t))
	}
	for u := 1; u <= sz.Users; u++ {
		w.Users = append(w.Users, gatehouse.UserID(u))
	}
	reg := authz.BuiltinRegistry()
	entries := reg.Entries()
	builtin := authz.BuiltinCapabilities()

	// Custom capabilities: providers are built-in capabilities or earlier
	// custom ones, so the provider graph stays acyclic.
	special := []string{authz.AllCapabilities, authz.AllSuperAdminCapabilities,
		authz.AllTenantAdminCapabilities, authz.AllUserCapabilities, authz.NoCapabilities}
	var providerPool []string
	assignable := map[gatehouse.Role][]string{}
	for _, c := range builtin {
		if slices.Contains(special, c.Name) {
			continue
		}
		providerPool = append(providerPool, c.Name)
		if c.Hidden {
			continue
		}
		for _, r := range c.TenantRoles {
			assignable[r] = append(assignable[r], c.Name)
		}
	}
	for i := range sz.Custom {
		rec := gatehouse.CapabilityRecord{
			ID:          int64(authz.FirstCustomID + i),
			Name:        fmt.Sprintf("Custom%03d", i),
			Description: fmt.Sprintf("generated capability %d", i),
		}
		for _, r := range gatehouse.Roles {
			if rng.IntN(2) == 0 {
				rec.TenantRoles = append(rec.TenantRoles, r)
			}
		}
		if len(rec.TenantRoles) == 0 {
			rec.TenantRoles = []gatehouse.Role{gatehouse.RoleUser}
		}
		for range rng.IntN(4) {
			var p string
			if i > 0 && rng.IntN(2) == 0 {
				p = w.Custom[rng.IntN(i)].Name
			} else {
				p = providerPool[rng.IntN(len(providerPool))]
			}
			if !slices.Contains(rec.Providers, p) {
				rec.Providers = append(rec.Providers, p)
			}
		}
		for n := rng.IntN(7); len(rec.Entries) < n || len(rec.Entries)+len(rec.Providers) == 0; {
			e := entries[rng.IntN(len(entries))].String()
			if !slices.Contains(rec.Entries, e) {
				rec.Entries = append(rec.Entries, e)
			}
		}
		w.Custom = append(w.Custom, rec)
		providerPool = append(providerPool, rec.Name)
		for _, r := range rec.TenantRoles {
			assignable[r] = append(assignable[r], rec.Name)
		}
	}

	// Memberships: superadmins first, then one to three tenants a user.
	join := func(u gatehouse.UserID, t gatehouse.TenantID, role gatehouse.Role) {
		for _, m := range w.Memberships[u] {
			if m.TenantID == t {
				return
			}
		}
		m := gatehouse.Membership{UserID: u, TenantID: t, Role: role}
		switch k := rng.IntN(20); {
		case k < 6: // none named: the role's default
		case k == 6:
			m.Capabilities = []string{authz.NoCapabilities}
		default:
			pool := assignable[role]
			for range 1 + rng.IntN(4) {
				c := pool[rng.IntN(len(pool))]
				if !slices.Contains(m.Capabilities, c) {
					m.Capabilities = append(m.Capabilities, c)
				}
			}
		}
		w.Memberships[u] = append(w.Memberships[u], m)
		w.Members[t] = append(w.Members[t], u)
	}
	for _, u := range w.Users {
		if int(u) <= sz.Superadmins {
			join(u, w.Admins, gatehouse.RoleSuperadmin)
		}
		for range 1 + rng.IntN(3) {
			role := gatehouse.RoleUser
			if rng.IntN(10) == 0 {
				role = gatehouse.RoleTenantadmin
			}
			join(u, w.Tenants[rng.IntN(len(w.Tenants))], role)
		}
	}

	// Objects, most of them of shareable types, owned by a member of their
	// tenant; some shared with users of that tenant or with tenants.
	var shareable []authz.ObjectType
	for _, r := range authz.ShareRules() {
		if !slices.Contains(shareable, r.Type) {
			shareable = append(shareable, r.Type)
		}
	}
	types := reg.Types()
	for i := range sz.Objects {
		u := w.Users[rng.IntN(len(w.Users))]
		m := w.Memberships[u][rng.IntN(len(w.Memberships[u]))]
		typ := types[rng.IntN(len(types))]
		if rng.IntN(10) < 6 {
			typ = shareable[rng.IntN(len(shareable))]
		}
		o := gatehouse.Object{Type: string(typ), ID: fmt.Sprintf("obj%05d", i), Name: fmt.Sprintf("object-%d", i), TenantID: m.TenantID, OwnerID: u}
		var shares []gatehouse.Share
		if r, ok := authz.ShareRuleFor(authz.ShareWithUser, typ); ok && rng.IntN(5) == 0 {
			for range 1 + rng.IntN(3) {
				members := w.Members[o.TenantID]
				v := members[rng.IntN(len(members))]
				if v == u || slices.ContainsFunc(shares, func(s gatehouse.Share) bool { return s.UserID == v }) {
					continue
				}
				shares = append(shares, gatehouse.Share{ObjectType: o.Type, ObjectID: o.ID, UserID: v, Operations: someOps(rng, r.Operations), CreatedBy: u})
			}
		}
		if r, ok := authz.ShareRuleFor(authz.ShareWithTenant, typ); ok && rng.IntN(5) == 0 {
			for range 1 + rng.IntN(2) {
				t := w.Tenants[rng.IntN(len(w.Tenants))]
				if slices.ContainsFunc(shares, func(s gatehouse.Share) bool { return s.TenantID == t }) {
					continue
				}
				shares = append(shares, gatehouse.Share{ObjectType: o.Type, ObjectID: o.ID, TenantID: t, Operations: someOps(rng, r.Operations), CreatedBy: u})
			}
		}
		w.Objects = append(w.Objects, o)
		w.Shares = append(w.Shares, shares)
	}
	return w
}

// someOps returns one to three distinct operations of ops.
func someOps(rng *rand.Rand, ops []authz.Operation) []string {
	var out []string
	for range 1 + rng.IntN(3) {
		op := string(ops[rng.IntN(len(ops))])
		if !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	return out
}

// CapabilityNames returns the capabilities m holds: those named, or the
// role's default when none are.
func CapabilityNames(m gatehouse.Membership) []string {
	if len(m.Capabilities) == 0 {
		return []string{authz.RoleDefault(m.Role)}
	}
	return m.Capabilities
}
