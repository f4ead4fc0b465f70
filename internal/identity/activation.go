package identity

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Activation, as in Arvados. An inactive user may only read (see
// readonly.go). 'user setup' adds a user to users.default_tenant with role
// user and invites them: an invited inactive user activates themself
// (ActivateUser on themself) once they have signed every required
// agreement. An administrator's 'user activate' bypasses the agreements.
// 'user deactivate' makes a user inactive and withdraws the invitation,
// so they cannot activate themself again; 'user unsetup' also ends their
// memberships (their namespaces and objects stay, for 'user merge') and
// revokes their tokens, which locks them out.

// The actions of activation.
const (
	ActUserActivate   Action = "user.activate"
	ActUserDeactivate Action = "user.deactivate"
	ActUserSetup      Action = "user.setup"
	ActUserUnsetup    Action = "user.unsetup"
)

// ActivateUser activates the inactive user called name. An administrator
// (as for user update) activates anyone else, bypassing agreements. A user
// activates themself only if they were set up and have signed every
// required agreement.
func (s *Service) ActivateUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	err := s.Change(ctx, p, ActUserActivate, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		self := u.ID == p.User.ID
		if !self {
			if err := s.authorize(p, ActUserActivate, t); err != nil {
				return nil, err
			}
		}
		if !u.Inactive {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s is already active", name)
		}
		changes := map[string]any{"active": true}
		if self {
			if err := checkSelfActivation(ctx, tx, &u); err != nil {
				return nil, err
			}
			changes["self"] = true
		}
		u.Inactive = false
		u.UpdatedAt = s.Now().UTC()
		return changes, tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Activated user %s", name), nil
}

// checkSelfActivation refuses to let inactive user u activate themself
// unless they were set up and have signed every required agreement.
func checkSelfActivation(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User) error {
	if !u.Invited {
		return denied(ActUserActivate, "user %s was not set up: ask an administrator to run 'gatehouse user setup %s' or 'gatehouse user activate %s'", u.Name, u.Name, u.Name)
	}
	pending, err := Pending(ctx, tx, u)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return denied(ActUserActivate, "sign the required %s first: %s", agreementList(pending), SignHint(pending))
	}
	return nil
}

// DeactivateUser makes the active user called name inactive: they may
// still log in and read, but change nothing, and they cannot activate
// themself until an administrator sets them up again. Nobody deactivates
// themself.
func (s *Service) DeactivateUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	err := s.Change(ctx, p, ActUserDeactivate, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActUserDeactivate, t); err != nil {
			return nil, err
		}
		if u.ID == p.User.ID {
			return nil, gatehouse.Invalid("username", "you cannot deactivate yourself: ask another administrator")
		}
		if u.Inactive {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s is already inactive", name)
		}
		u.Inactive, u.Invited = true, false
		u.UpdatedAt = s.Now().UTC()
		return map[string]any{"active": false, "invited": false}, tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Deactivated user %s", name), nil
}

// SetupUser sets up the user called name: it makes them a member of
// users.default_tenant with role user and that role's default
// capabilities, unless they are one already, and invites them, so that
// while inactive they may activate themself once they have signed every
// required agreement. It does not activate them.
func (s *Service) SetupUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	if st.UsersDefaultTenant == "" {
		return "", s.Reject(ctx, p, ActUserSetup, "USER", string(name), gatehouse.Invalid("users.default_tenant",
			"is not set, so there is no tenant to set users up in: set it with 'gatehouse settings set users.default_tenant <tenant>'"))
	}
	caps, err := memberCapabilities(s.Sync.Engine().Catalog(), gatehouse.RoleUser, nil)
	if err != nil {
		return "", err
	}
	var joined bool
	err = s.Change(ctx, p, ActUserSetup, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		tn, err := tenantByName(ctx, tx, st.UsersDefaultTenant)
		if err != nil {
			return nil, fmt.Errorf("users.default_tenant: %w", err)
		}
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		t.Tenant, t.Role = tn.ID, gatehouse.RoleUser
		if err := s.authorize(p, ActUserSetup, t); err != nil {
			return nil, err
		}
		_, member := t.UserTenants[tn.ID]
		if member && u.Invited {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s is already set up: a member of tenant %s", name, tn.Name)
		}
		changes := map[string]any{"invited": true, "tenant": tn.Name}
		if !member {
			ns, err := s.bindNamespace(ctx, tx, c, tn, u.ID, "")
			if err != nil {
				return nil, err
			}
			m := gatehouse.Membership{UserID: u.ID, TenantID: tn.ID, Role: gatehouse.RoleUser, Capabilities: caps, Namespace: ns, CreatedAt: s.Now().UTC()}
			if err := tx.AddMembership(ctx, m); err != nil {
				return nil, err
			}
			c.User(u.ID)
			changes["role"], changes["user_capabilities"], changes["namespace"] = m.Role, caps, ns
			joined = true
		}
		u.Invited = true
		u.UpdatedAt = s.Now().UTC()
		return changes, tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return "", err
	}
	if joined {
		return fmt.Sprintf("Set up user %s: added to tenant %s with role user", name, st.UsersDefaultTenant), nil
	}
	return fmt.Sprintf("Set up user %s", name), nil
}

// UnsetupUser undoes setup and more: it ends every membership of the user
// called name (with its capabilities; their namespaces and objects stay
// theirs), deactivates them and revokes all their tokens. Without a
// membership they cannot log in. Nobody unsets themself up, and the last
// superadmin stays.
func (s *Service) UnsetupUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	var id gatehouse.UserID
	err := s.Change(ctx, p, ActUserUnsetup, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActUserUnsetup, t); err != nil {
			return nil, err
		}
		if u.ID == p.User.ID {
			return nil, gatehouse.Invalid("username", "you cannot unsetup yourself: ask another administrator")
		}
		if err := checkSuperadminRemains(ctx, tx, map[gatehouse.UserID]bool{u.ID: true}); err != nil {
			return nil, err
		}
		ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u.ID})
		if err != nil {
			return nil, err
		}
		var tenants []gatehouse.TenantName
		for _, m := range ms {
			if err := tx.RemoveMembership(ctx, u.ID, m.TenantID); err != nil {
				return nil, err
			}
			tenants = append(tenants, m.TenantName)
		}
		c.User(u.ID)
		u.Inactive, u.Invited = true, false
		u.TokenGeneration++
		u.UpdatedAt = s.Now().UTC()
		id = u.ID
		return map[string]any{"active": false, "invited": false, "tenants_left": tenants, "tokens": "revoked"}, tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return "", err
	}
	s.Tokens.Forget(id)
	return fmt.Sprintf("Unset up user %s: removed from every tenant, deactivated, tokens revoked", name), nil
}
