package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ListMembers returns the members of the named tenant.
func (s *Service) ListMembers(ctx context.Context, p *Principal, tenant gatehouse.TenantName) ([]gatehouse.Membership, error) {
	var out []gatehouse.Membership
	err := s.view(ctx, p, ActMemberList, "TENANT", string(tenant), func(tx gatehouse.Tx) error {
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActMemberList, Target{Tenant: t.ID}); err != nil {
			return err
		}
		out, err = tx.MembershipsOfTenant(ctx, t.ID)
		return err
	})
	return out, err
}

// AddMembers makes existing users members of a tenant with a role, each with
// a new primary namespace there: all of them, or none.
func (s *Service) AddMembers(ctx context.Context, p *Principal, tenant gatehouse.TenantName, users []gatehouse.UserName, roleName string, capNames []string) (string, error) {
	role, caps, err := validateNewMembers(s.Sync.Engine().Catalog(), users, roleName, capNames)
	if err != nil {
		return "", s.Reject(ctx, p, ActMemberAdd, "TENANT", string(tenant), err)
	}
	err = s.Change(ctx, p, ActMemberAdd, "TENANT", string(tenant), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return nil, err
		}
		if err := checkRoleInTenant(role, t); err != nil {
			return nil, err
		}
		if err := s.checkGrant(p, ActMemberAdd, caps); err != nil {
			return nil, err
		}
		for _, n := range users {
			u, target, err := loadTarget(ctx, tx, n)
			if err != nil {
				return nil, err
			}
			target.Tenant, target.Role = t.ID, role
			if err := s.authorize(p, ActMemberAdd, target); err != nil {
				return nil, err
			}
			if err := refuseSubuserElsewhere(&u, t.ID, role); err != nil {
				return nil, err
			}
			if _, ok := target.UserTenants[t.ID]; ok {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s is already a member of tenant %s: use 'gatehouse tenant update-user-role' to change their role", n, tenant)
			}
			if _, err := s.join(ctx, tx, c, t, u.ID, role, caps); err != nil {
				if errors.Is(err, gatehouse.ErrConflict) {
					return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s is named twice", n)
				}
				return nil, err
			}
		}
		return map[string]any{"usernames": users, "role": role, "user_capabilities": caps}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Added %s to tenant %s as %s", joinNames(users), tenant, role), nil
}

// validateNewMembers checks the input of AddMembers.
func validateNewMembers(cat *authz.Catalog, users []gatehouse.UserName, roleName string, capNames []string) (gatehouse.Role, []string, error) {
	if len(users) == 0 {
		return "", nil, gatehouse.Invalid("usernames", "name at least one user to add")
	}
	role, err := gatehouse.ParseRole(roleName)
	if err != nil {
		return "", nil, err
	}
	caps, err := memberCapabilities(cat, role, capNames)
	return role, caps, err
}

// RemoveMembers ends users' membership of a tenant: all or none. Their
// namespaces in the tenant go to replacement when named, else are deleted
// unless keep is set. The last local superadmin cannot leave Administrators.
func (s *Service) RemoveMembers(ctx context.Context, p *Principal, tenant gatehouse.TenantName, users []gatehouse.UserName, replacement gatehouse.UserName, keep bool) (string, error) {
	if len(users) == 0 {
		return "", s.Reject(ctx, p, ActMemberRemove, "TENANT", string(tenant), gatehouse.Invalid("usernames", "name at least one user to remove"))
	}
	var removed []gatehouse.UserID
	err := s.Change(ctx, p, ActMemberRemove, "TENANT", string(tenant), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return nil, err
		}
		leaving := map[gatehouse.UserID]bool{}
		var ids []gatehouse.UserID
		for _, n := range users {
			u, target, err := loadTarget(ctx, tx, n)
			if err != nil {
				return nil, err
			}
			target.Tenant = t.ID
			if err := s.authorize(p, ActMemberRemove, target); err != nil {
				return nil, err
			}
			if _, ok := target.UserTenants[t.ID]; !ok {
				return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s is not a member of tenant %s", n, tenant)
			}
			if !leaving[u.ID] {
				leaving[u.ID] = true
				ids = append(ids, u.ID)
			}
		}
		var heirs map[gatehouse.TenantID]gatehouse.UserID
		if replacement != "" {
			if heirs, err = resolveReplacements(ctx, tx, map[gatehouse.TenantName]gatehouse.UserName{tenant: replacement}, leaving); err != nil {
				return nil, err
			}
		}
		if t.Name == gatehouse.AdministratorsTenant {
			if err := checkSuperadminRemains(ctx, tx, leaving); err != nil {
				return nil, err
			}
		}
		for _, id := range ids {
			if err := s.leave(ctx, tx, c, t.ID, id, heirs[t.ID], keep); err != nil {
				return nil, err
			}
		}
		removed = ids
		changes := map[string]any{"usernames": users, "replacement_user": replacement, "keep_namespaces": keep}
		if leaving[t.AccountOwner] {
			changes["account_owner"] = "" // the store clears it with the membership
		}
		return changes, nil
	})
	if err != nil {
		return "", err
	}
	for _, id := range removed {
		s.Tokens.Forget(id)
	}
	return fmt.Sprintf("Removed %s from tenant %s", joinNames(users), tenant), nil
}

// join makes user id a member of tenant t with role and caps, with a
// new primary namespace there, which it returns.
func (s *Service) join(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, t gatehouse.Tenant, id gatehouse.UserID, role gatehouse.Role, caps []string) (gatehouse.NamespaceName, error) {
	ns, err := s.bindNamespace(ctx, tx, c, t, id, "")
	if err != nil {
		return "", err
	}
	m := gatehouse.Membership{UserID: id, TenantID: t.ID, Role: role, Capabilities: caps, Namespace: ns, CreatedAt: s.Now().UTC()}
	if err := tx.AddMembership(ctx, m); err != nil {
		return "", err
	}
	c.User(id)
	return ns, nil
}

// leave ends user id's membership of tenant t: their namespaces there go
// to heir, stay (keep) or are deleted, their objects there go to heir,
// and all their tokens are revoked, so that tokens for the tenant do not
// come back to life if they rejoin it. The caller forgets the tokens
// after the commit.
func (s *Service) leave(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, t gatehouse.TenantID, id, heir gatehouse.UserID, keep bool) error {
	if _, err := releaseNamespaces(ctx, tx, c, t, id, heir, keep); err != nil {
		return err
	}
	if _, err := moveObjects(ctx, tx, c, t, id, heir); err != nil {
		return err
	}
	if err := tx.RemoveMembership(ctx, id, t); err != nil {
		return err
	}
	c.User(id)
	return s.revokeAll(ctx, tx, id)
}

// UpdateMemberRole changes a member's role in a tenant. A member who had
// their old role's default capability gets the new role's.
func (s *Service) UpdateMemberRole(ctx context.Context, p *Principal, tenant gatehouse.TenantName, user gatehouse.UserName, roleName string) (string, error) {
	role, err := gatehouse.ParseRole(roleName)
	if err != nil {
		return "", s.Reject(ctx, p, ActMemberUpdateRole, "TENANT", string(tenant), err)
	}
	err = s.Change(ctx, p, ActMemberUpdateRole, "TENANT", string(tenant), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return nil, err
		}
		u, target, err := loadTarget(ctx, tx, user)
		if err != nil {
			return nil, err
		}
		target.Tenant, target.Role = t.ID, role
		if err := s.authorize(p, ActMemberUpdateRole, target); err != nil {
			return nil, err
		}
		if err := refuseSubuserElsewhere(&u, t.ID, role); err != nil {
			return nil, err
		}
		if err := checkRoleInTenant(role, t); err != nil {
			return nil, err
		}
		m, err := tx.Membership(ctx, u.ID, t.ID)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s is not a member of tenant %s: add them with 'gatehouse tenant add-users'", user, tenant)
		}
		if err != nil {
			return nil, err
		}
		if m.Role == gatehouse.RoleSuperadmin && role != gatehouse.RoleSuperadmin {
			if err := checkSuperadminRemains(ctx, tx, map[gatehouse.UserID]bool{u.ID: true}); err != nil {
				return nil, err
			}
		}
		if len(m.Capabilities) == 1 && m.Capabilities[0] == authz.RoleDefault(m.Role) {
			m.Capabilities = []string{authz.RoleDefault(role)}
		} else if _, err := memberCapabilities(s.Sync.Engine().Catalog(), role, m.Capabilities); err != nil {
			return nil, err
		}
		if err := s.checkGrant(p, ActMemberUpdateRole, m.Capabilities); err != nil {
			return nil, err
		}
		old := m.Role
		m.Role = role
		if err := tx.UpdateMembership(ctx, m); err != nil {
			return nil, err
		}
		c.User(u.ID)
		return map[string]any{"username": user, "role": role, "previous_role": old, "user_capabilities": m.Capabilities}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Changed role of user %s in tenant %s to %s", user, tenant, role), nil
}
