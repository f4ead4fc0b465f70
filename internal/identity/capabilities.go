package identity

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// memberCapabilities checks the capabilities named for a member with role
// and returns the list to store: the names, without repeats, or the role's
// default when none are named. Each must exist and allow role; the role
// defaults (which list no roles) go only with their own role, and
// NoCapabilities goes with any.
func memberCapabilities(cat *authz.Catalog, role gatehouse.Role, names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{authz.RoleDefault(role)}, nil
	}
	var out []string
	for _, n := range names {
		c, ok := cat.Lookup(n)
		switch {
		case !ok:
			return nil, gatehouse.Invalid("capabilities", "unknown capability %q: see 'gatehouse capabilities list --all'", n)
		case n == authz.NoCapabilities, n == authz.RoleDefault(role), c.AllowsRole(role):
		default:
			return nil, gatehouse.Invalid("capabilities", "capability %s can be assigned only to members with role %s, not %s", n, roleList(c.TenantRoles), role)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) > 1 && slices.Contains(out, authz.NoCapabilities) {
		return nil, gatehouse.Invalid("capabilities", "NoCapabilities cannot be combined with other capabilities")
	}
	return out, nil
}

// checkGrant refuses to let p hand out capabilities that give more than p
// has: a superadmin logged into Administrators may grant anything, anyone
// else only capabilities whose every entry (their own or inherited) p's
// own capabilities in the tenant p is logged into also give.
func (s *Service) checkGrant(p *Principal, act Action, names []string) error {
	if p == nil || p.IsSuperadmin() {
		return nil
	}
	eng := s.EngineFor(p)
	subj, ok := eng.Subject(p.User.ID, p.Tenant.ID)
	if !ok {
		return denied(act, "you are not a member of tenant %s", p.Tenant.Name)
	}
	mine := eng.Permissions(&subj)
	for _, e := range eng.Catalog().Closure(names).Entries() {
		if !mine.HasEntry(e) {
			return denied(act, "the capabilities %s give %s, which your own capabilities do not: you cannot grant more than you have", strings.Join(names, ", "), e)
		}
	}
	return nil
}

func roleList(rs []gatehouse.Role) string {
	if len(rs) == 0 {
		return "(none: it is a role default)"
	}
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, " or ")
}

// ChangeMemberCapabilities adds (add true) or removes capabilities of a
// member of a tenant. A member left with none gets NoCapabilities.
func (s *Service) ChangeMemberCapabilities(ctx context.Context, p *Principal, tenant gatehouse.TenantName, user gatehouse.UserName, names []string, add bool) (string, error) {
	if len(names) == 0 {
		return "", s.Reject(ctx, p, ActMemberCapability, "TENANT", string(tenant), gatehouse.Invalid("capabilities", "name at least one capability"))
	}
	var result []string
	err := s.Change(ctx, p, ActMemberCapability, "TENANT", string(tenant), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return nil, err
		}
		u, target, err := loadTarget(ctx, tx, user)
		if err != nil {
			return nil, err
		}
		target.Tenant = t.ID
		if err := s.authorize(p, ActMemberCapability, target); err != nil {
			return nil, err
		}
		m, err := tx.Membership(ctx, u.ID, t.ID)
		if err != nil {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s is not a member of tenant %s", user, tenant)
		}
		caps := slices.DeleteFunc(slices.Clone(m.Capabilities), func(n string) bool { return n == authz.NoCapabilities })
		for _, n := range names {
			has := slices.Contains(caps, n)
			switch {
			case add && !has:
				caps = append(caps, n)
			case !add && !has:
				return nil, gatehouse.Invalid("capabilities", "user %s does not have capability %s in tenant %s", user, n, tenant)
			case !add:
				caps = slices.DeleteFunc(caps, func(x string) bool { return x == n })
			}
		}
		if len(caps) == 0 {
			caps = []string{authz.NoCapabilities}
		}
		if caps, err = memberCapabilities(s.Sync.Engine().Catalog(), m.Role, caps); err != nil {
			return nil, err
		}
		if err := s.checkGrant(p, ActMemberCapability, caps); err != nil {
			return nil, err
		}
		m.Capabilities, result = caps, caps
		if err := tx.UpdateMembership(ctx, m); err != nil {
			return nil, err
		}
		c.User(u.ID)
		return map[string]any{"username": user, "user_capabilities": caps}, nil
	})
	if err != nil {
		return "", err
	}
	verb := "removed from"
	if add {
		verb = "added to"
	}
	return fmt.Sprintf("Capabilities %s %s user %s in tenant %s; they now have %s", strings.Join(names, ", "), verb, user, tenant, strings.Join(result, ", ")), nil
}
