package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/aperture"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Sub-users (Triton) are authorized by Aperture, not by capabilities: a
// sub-user's request on an object of its account is allowed only when a
// rule of the policies of one of its active roles allows the action (the
// operation) under the request's conditions, and that role tags the object
// or the rule names the resource ("<TYPE>/<id>") explicitly. Everything
// else is denied. A request about a type and no object (creating, listing)
// is about the account itself, which each of its roles covers.
//
// The active roles are the roles whose default member the sub-user is, or,
// when the request names roles (X-Gatehouse-Roles, --role), those roles,
// of each of which the sub-user must be a member. The conditions are date,
// day and time (now), sourceip, method and user-agent (of the request),
// activeRoles, and the object's owner, zone, image and os.

// activeRole is an active role of a sub-user, with the rules of its
// policies parsed.
type activeRole struct {
	name  string
	rules []*aperture.Policy
}

// apertureAllows reports whether a rule of roles allows req: a rule of a
// role that tags the object (tags; any role when object is false), or one
// naming the resource explicitly. The first evaluation error ends it, as
// in Aperture.
func apertureAllows(roles []activeRole, tags []string, object bool, req *aperture.Context) (bool, error) {
	for i := range roles {
		tagged := !object || slices.Contains(tags, roles[i].name)
		for _, rule := range roles[i].rules {
			if !tagged && !rule.NamesResources() {
				continue
			}
			if ok, err := rule.Evaluate(req); err != nil || ok {
				return ok, err
			}
		}
	}
	return false, nil
}

// ruleCache keeps parsed rules by their text: stored rules parsed when
// they were saved, and parse the same again.
type ruleCache struct {
	mu    sync.Mutex
	rules map[string]*aperture.Policy
}

// maxCachedRules bounds the cache; past it, it starts over.
const maxCachedRules = 10000

// parse returns rule parsed, or nil if it does not parse.
func (c *ruleCache) parse(rule string) *aperture.Policy {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.rules[rule]; ok {
		return p
	}
	if c.rules == nil || len(c.rules) >= maxCachedRules {
		c.rules = map[string]*aperture.Policy{}
	}
	p, err := aperture.Parse(rule)
	if err != nil {
		p = nil
	}
	c.rules[rule] = p
	return p
}

// grant is what the active roles of a sub-user give in one request.
type grant struct {
	roles []activeRole
	names []string
}

// grantOf returns the grant of sub-user u in the request in ctx.
func (s *Service) grantOf(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User) (*grant, error) {
	roles, names, err := s.activeRoles(ctx, tx, u)
	return &grant{roles, names}, err
}

// ActiveRoles returns the names of the account roles active for sub-user
// p in the request in ctx: those it is a default member of, or those the
// request names (each of which it must be a member of). None for users
// who are not sub-users.
func (s *Service) ActiveRoles(ctx context.Context, p *identity.Principal) ([]string, error) {
	if p.User.Account == 0 {
		return nil, nil
	}
	var names []string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		_, names, err = s.activeRoles(ctx, tx, &p.User)
		return err
	})
	return names, err
}

// activeRoles returns the active roles of sub-user u in this request,
// with their rules, and their names.
func (s *Service) activeRoles(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User) ([]activeRole, []string, error) {
	_, login, _ := u.Name.Subuser()
	roles, err := tx.ListRoles(ctx, u.Account)
	if err != nil {
		return nil, nil, err
	}
	var picked []*gatehouse.AccountRole
	if ri := gatehouse.RequestInfoFrom(ctx); ri.RolesGiven {
		for _, n := range ri.Roles {
			i := slices.IndexFunc(roles, func(r gatehouse.AccountRole) bool { return r.Name == n })
			if i < 0 || !slices.Contains(roles[i].Members, login) {
				return nil, nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied: sub-user %s is not a member of role %s, which the request names (X-Gatehouse-Roles, --role)", u.Name, n)
			}
			picked = append(picked, &roles[i])
		}
	} else {
		for i := range roles {
			if slices.Contains(roles[i].DefaultMembers, login) {
				picked = append(picked, &roles[i])
			}
		}
	}
	if len(picked) == 0 {
		return nil, nil, nil
	}
	policies, err := tx.ListPolicies(ctx, u.Account)
	if err != nil {
		return nil, nil, err
	}
	out := make([]activeRole, len(picked))
	names := make([]string, len(picked))
	for i, r := range picked {
		out[i].name, names[i] = r.Name, r.Name
		for _, pn := range r.Policies {
			j := slices.IndexFunc(policies, func(p gatehouse.AperturePolicy) bool { return p.Name == pn })
			if j < 0 {
				continue
			}
			for _, text := range policies[j].Rules {
				if rule := s.rules.parse(text); rule != nil {
					out[i].rules = append(out[i].rules, rule)
				}
			}
		}
	}
	return out, names, nil
}

// subuserDecide decides whether sub-user u, granted g (nil: read it), may
// do op on typ (and on the object id, when given). It returns "" when
// allowed, else why not; an object outside u's account is ErrNotFound.
func (s *Service) subuserDecide(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User, g *grant, typ string, op authz.Operation, id string) (string, error) {
	var (
		o    *gatehouse.Object
		tags []string
	)
	if id != "" {
		obj, err := tx.ObjectByRef(ctx, typ, id)
		if err == nil && obj.TenantID != u.Account {
			err = gatehouse.ErrNotFound
		}
		if err != nil {
			return "", notFound(err, "object %s/%s does not exist", typ, id)
		}
		if tags, err = tx.RoleTags(ctx, typ, id); err != nil {
			return "", err
		}
		o = &obj
	}
	if g == nil {
		var err error
		if g, err = s.grantOf(ctx, tx, u); err != nil {
			return "", err
		}
	}
	roles, names := g.roles, g.names
	if len(roles) == 0 {
		return "no role of the sub-user is active (roles are active for their default members, or as the request names them)", nil
	}
	_, login, _ := u.Name.Subuser()
	principal, resource := string(login), typ
	if id != "" {
		resource += "/" + id
	}
	req := aperture.Context{Principal: &principal, Action: string(op), Resource: resource, Conditions: conditions(ctx, s.Now(), names, o)}
	ok, err := apertureAllows(roles, tags, id != "", &req)
	var ae *aperture.Error
	switch {
	case errors.As(err, &ae):
		return fmt.Sprintf("the evaluation of the rules of roles %v failed: %s", names, ae), nil
	case err != nil:
		return "", err
	case !ok:
		return fmt.Sprintf("no rule of the active roles %v allows %s on %s (a role must tag the object, or its rule name it)", names, op, resource), nil
	}
	return "", nil
}

// conditions returns the Aperture conditions of the request in ctx, made
// now, by a sub-user with the active roles, on object o (nil for none).
func conditions(ctx context.Context, now time.Time, active []string, o *gatehouse.Object) map[string]any {
	ri := gatehouse.RequestInfoFrom(ctx)
	when := aperture.NewDate(now)
	roles := make([]any, len(active))
	for i, r := range active {
		roles[i] = r
	}
	var at any = when // boxed once for the three conditions
	c := make(map[string]any, 8)
	c["date"], c["day"], c["time"], c["activeRoles"] = at, at, at, roles
	c["sourceip"], c["method"], c["user-agent"] = aperture.ParseIPValue(ri.Source), ri.Method, ri.UserAgent
	if o != nil {
		c["owner"] = string(o.OwnerName)
		for k, v := range map[string]string{"zone": o.Zone, "image": o.Image, "os": o.OS} {
			if v != "" {
				c[k] = v
			}
		}
	}
	return c
}

// subuserAccess is access for a sub-user: Aperture decides (see
// subuserDecide), after the checks every writer passes.
func (s *Service) subuserAccess(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, act identity.Action, typ, id string, op authz.Operation) error {
	if authz.IsWrite(op) {
		if err := p.CheckWrite(act); err != nil {
			return err
		}
	}
	why, err := s.subuserDecide(ctx, tx, &p.User, nil, typ, op, id)
	if err != nil {
		return err
	}
	if why != "" {
		return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s on %s/%s: %s", act, typ, id, why)
	}
	return nil
}

// subuser returns u if it is a sub-user, else nil.
func subuser(u *gatehouse.User) *gatehouse.User {
	if u.Account == 0 {
		return nil
	}
	return u
}

// subuserCheck answers the check q about sub-user u with Aperture.
func (s *Service) subuserCheck(ctx context.Context, u *gatehouse.User, q Query, op authz.Operation, explain bool) (Result, error) {
	var why string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		why, err = s.subuserDecide(ctx, tx, u, nil, q.ObjectType, op, q.ObjectID)
		return err
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		why, err = fmt.Sprintf("object %s/%s does not exist in the sub-user's account", q.ObjectType, q.ObjectID), nil
	}
	if err != nil {
		return Result{}, err
	}
	r := Result{Allowed: why == ""}
	if explain {
		r.Explanation = &authz.Explanation{Allowed: r.Allowed, Denied: why}
		if r.Allowed {
			r.Explanation.Rule = RuleAperture
		}
	}
	return r, nil
}

// RuleAperture names, in explanations, the Aperture rules of a sub-user's
// active roles.
const RuleAperture = "aperture"

// subuserObjects returns the objects f selects in p's account that
// Aperture lets sub-user p view.
func (s *Service) subuserObjects(ctx context.Context, p *identity.Principal, f ObjectFilter) ([]gatehouse.Object, error) {
	var out []gatehouse.Object
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		q, none, err := query(ctx, tx, p, f)
		if err != nil || none || q.TenantID != 0 && q.TenantID != p.User.Account {
			return err
		}
		q.TenantID = p.User.Account
		all, err := tx.ListObjects(ctx, q)
		if err != nil {
			return err
		}
		g, err := s.grantOf(ctx, tx, &p.User)
		if err != nil {
			return err
		}
		for _, o := range all {
			why, err := s.subuserDecide(ctx, tx, &p.User, g, o.Type, authz.OpView, o.ID)
			if err != nil {
				return err
			}
			if why == "" {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}
