package access

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// The role tag actions.
const (
	ActRoleTagSet  identity.Action = "object.role_tags_set"
	ActRoleTagView identity.Action = "object.role_tags_view"
)

// SetRoleTags tags an object with roles of its tenant (Triton's role
// tags), replacing its tags; none removes them. A sub-user acts on the
// object only through a role that tags it, or a rule naming it. A
// superadmin, or a tenantadmin of the object's tenant logged into it, may.
func (s *Service) SetRoleTags(ctx context.Context, p *identity.Principal, typ, id string, roles []string) (string, error) {
	err := s.Identity.Change(ctx, p, ActRoleTagSet, typ, id, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		o, err := s.roleTagged(ctx, tx, p, ActRoleTagSet, typ, id)
		if err != nil {
			return nil, err
		}
		if err := p.CheckWrite(ActRoleTagSet); err != nil {
			return nil, err
		}
		defined, err := tx.ListRoles(ctx, o.TenantID)
		if err != nil {
			return nil, err
		}
		for i, r := range roles {
			switch {
			case slices.Contains(roles[:i], r):
				return nil, gatehouse.Invalid("roles", "role %s is named twice", r)
			case !slices.ContainsFunc(defined, func(d gatehouse.AccountRole) bool { return d.Name == r }):
				return nil, gatehouse.Invalid("roles", "role %s does not exist in account %s: add it with 'gatehouse role add' first", r, o.TenantName)
			}
		}
		return map[string]any{"role_tags": roles}, tx.PutRoleTags(ctx, typ, id, roles)
	})
	if err != nil {
		return "", err
	}
	if len(roles) == 0 {
		return fmt.Sprintf("Role tags of %s/%s removed", typ, id), nil
	}
	return fmt.Sprintf("Object %s/%s tagged with roles %s", typ, id, strings.Join(roles, ",")), nil
}

// RoleTags returns the role tags of an object, for those who may set them
// and read-only operators.
func (s *Service) RoleTags(ctx context.Context, p *identity.Principal, typ, id string) ([]string, error) {
	var tags []string
	err := s.Identity.View(ctx, p, ActRoleTagView, typ, id, func(tx gatehouse.Tx) error {
		if _, err := s.roleTagged(ctx, tx, p, ActRoleTagView, typ, id); err != nil {
			return err
		}
		var err error
		tags, err = tx.RoleTags(ctx, typ, id)
		return err
	})
	return tags, err
}

// roleTagged returns the object whose role tags p asks about, after
// checking that p may do act on them.
func (s *Service) roleTagged(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, act identity.Action, typ, id string) (gatehouse.Object, error) {
	o, err := tx.ObjectByRef(ctx, typ, id)
	if err != nil {
		return o, notFound(err, "object %s/%s does not exist (only registered objects carry role tags)", typ, id)
	}
	admin := p.Role() == gatehouse.RoleTenantadmin && p.Tenant.ID == o.TenantID
	if p.IsSuperadmin() || admin || act == ActRoleTagView && p.SeesAll() {
		return o, s.Identity.OperatorRules(p, act, objectTarget(&o, ""))
	}
	return o, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: only a superadmin or a tenantadmin of tenant %s logged into it may", act, o.TenantName)
}
