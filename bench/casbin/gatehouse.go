package casbinbench

import (
	"github.com/gatehouse-iam/gatehouse/internal/authz"
)

// Gatehouse is the world loaded into Gatehouse's authorization engine.
type Gatehouse struct {
	E       *authz.Engine
	Catalog *authz.Catalog
}

// NewGatehouse builds the catalog of w's custom capabilities and loads w
// into an engine, through the engine's API.
func NewGatehouse(w *World) (*Gatehouse, error) {
	cat, err := authz.BuildCatalog(w.Custom, nil)
	if err != nil {
		return nil, err
	}
	e := authz.NewEngine(cat, w.Admins)
	for _, u := range w.Users {
		e.SetMemberships(u, w.Memberships[u])
	}
	for i, o := range w.Objects {
		e.SetObject(o, w.Shares[i])
	}
	return &Gatehouse{E: e, Catalog: cat}, nil
}

// Allowed reports whether the engine allows the type-level query. It
// resolves the subject each time, as Casbin resolves the user's roles on
// each Enforce.
func (g *Gatehouse) Allowed(q *TypeQuery) bool {
	s, ok := g.E.Subject(q.User, q.Tenant)
	return ok && g.E.Allowed(&s, q.Type, q.Op)
}

// Check reports whether the engine allows the instance query, resolving
// the subject each time.
func (g *Gatehouse) Check(q *InstanceQuery) bool {
	s, ok := g.E.Subject(q.User, q.Tenant)
	return ok && g.E.Check(&s, q.Type, q.Op, q.ID)
}
