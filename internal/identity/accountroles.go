package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// RoleInput describes a role to add, or, for UpdateRole, the changes to
// make: a nil list is left as it is.
type RoleInput struct {
	Account        gatehouse.TenantName
	Name           string
	Policies       []string
	Members        []gatehouse.UserName // sub-user logins
	DefaultMembers []gatehouse.UserName // members for whom the role is active by default
}

// AddRole adds a role to an account. Its policies must exist in the
// account and its members be sub-users of it; default members must be
// members.
func (s *Service) AddRole(ctx context.Context, p *Principal, in RoleInput) (string, error) {
	if err := validItemName("name", in.Name); err != nil {
		return "", s.Reject(ctx, p, ActRoleAdd, "ROLE", in.Name, err)
	}
	err := s.Change(ctx, p, ActRoleAdd, "ROLE", in.Name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, err := s.accountFor(ctx, tx, p, ActRoleAdd, in.Account)
		if err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		r := gatehouse.AccountRole{TenantID: t.ID, Name: in.Name, Policies: in.Policies, Members: in.Members,
			DefaultMembers: in.DefaultMembers, CreatedAt: now, UpdatedAt: now}
		if err := checkRole(ctx, tx, t, &r); err != nil {
			return nil, err
		}
		if err := tx.CreateRole(ctx, &r); errors.Is(err, gatehouse.ErrConflict) {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "role %s already exists in account %s: choose another name, or change it with 'gatehouse role update'", in.Name, t.Name)
		} else if err != nil {
			return nil, err
		}
		return roleChanges(t, &r), nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added role '%s'", in.Name), nil
}

// roleChanges returns the audited fields of a role.
func roleChanges(t gatehouse.Tenant, r *gatehouse.AccountRole) map[string]any {
	return map[string]any{"account": t.Name, "policies": r.Policies, "members": r.Members, "default_members": r.DefaultMembers}
}

// checkRole checks that the policies of r exist in account t, that its
// members are live sub-users of t, named once, and its default members
// members.
func checkRole(ctx context.Context, tx gatehouse.Tx, t gatehouse.Tenant, r *gatehouse.AccountRole) error {
	ps, err := tx.ListPolicies(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, n := range r.Policies {
		if !slices.ContainsFunc(ps, func(p gatehouse.AperturePolicy) bool { return p.Name == n }) {
			return gatehouse.Invalid("policies", "policy %s does not exist in account %s: add it with 'gatehouse policy add' first", n, t.Name)
		}
	}
	subs, err := subusersOf(ctx, tx, t.ID)
	if err != nil {
		return err
	}
	for i, m := range r.Members {
		if slices.Contains(r.Members[:i], m) {
			return gatehouse.Invalid("members", "sub-user %s is named twice", m)
		}
		if !slices.ContainsFunc(subs, func(u gatehouse.User) bool { return u.Name == gatehouse.SubuserName(t.Name, m) }) {
			return gatehouse.Invalid("members", "sub-user %s does not exist in account %s: add it with 'gatehouse subuser add' first", m, t.Name)
		}
	}
	for _, m := range r.DefaultMembers {
		if !slices.Contains(r.Members, m) {
			return gatehouse.Invalid("default_members", "%s is not a member of role %s: a default member must be one of its members", m, r.Name)
		}
	}
	return nil
}

// UpdateRole changes the policies, members or default members of a role.
func (s *Service) UpdateRole(ctx context.Context, p *Principal, in RoleInput) (string, error) {
	err := validItemName("name", in.Name)
	if err == nil && in.Policies == nil && in.Members == nil && in.DefaultMembers == nil {
		err = gatehouse.Invalid("policies", "nothing to update: give policies, members or default members")
	}
	if err != nil {
		return "", s.Reject(ctx, p, ActRoleUpdate, "ROLE", in.Name, err)
	}
	err = s.Change(ctx, p, ActRoleUpdate, "ROLE", in.Name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, r, err := s.roleNamed(ctx, tx, p, ActRoleUpdate, in.Account, in.Name)
		if err != nil {
			return nil, err
		}
		if in.Policies != nil {
			r.Policies = in.Policies
		}
		if in.Members != nil {
			r.Members = in.Members
			if in.DefaultMembers == nil { // members who left are no longer default members
				r.DefaultMembers = slices.DeleteFunc(r.DefaultMembers, func(m gatehouse.UserName) bool { return !slices.Contains(r.Members, m) })
			}
		}
		if in.DefaultMembers != nil {
			r.DefaultMembers = in.DefaultMembers
		}
		if err := checkRole(ctx, tx, t, &r); err != nil {
			return nil, err
		}
		r.UpdatedAt = s.Now().UTC()
		return roleChanges(t, &r), tx.UpdateRole(ctx, r)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully updated role %s", in.Name), nil
}

// RemoveRole removes a role, and its name from the role tags of the
// account's objects: a role added later under the same name starts with
// no objects, as a new role in Triton does.
func (s *Service) RemoveRole(ctx context.Context, p *Principal, account gatehouse.TenantName, name string) (string, error) {
	err := s.Change(ctx, p, ActRoleRemove, "ROLE", name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, r, err := s.roleNamed(ctx, tx, p, ActRoleRemove, account, name)
		if err != nil {
			return nil, err
		}
		if err := tx.DeleteRole(ctx, r.ID); err != nil {
			return nil, err
		}
		n, err := tx.UntagRole(ctx, t.ID, r.Name)
		return map[string]any{"account": t.Name, "deleted": true, "untagged_objects": n}, err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully removed role %s", name), nil
}

// ListRoles returns the roles of an account, ordered by name.
func (s *Service) ListRoles(ctx context.Context, p *Principal, account gatehouse.TenantName) ([]gatehouse.AccountRole, error) {
	var out []gatehouse.AccountRole
	err := s.view(ctx, p, ActRoleList, "ROLE", "", func(tx gatehouse.Tx) error {
		t, err := s.accountFor(ctx, tx, p, ActRoleList, account)
		if err != nil {
			return err
		}
		out, err = tx.ListRoles(ctx, t.ID)
		return err
	})
	return out, err
}

// roleNamed returns the account and its role called name, after checking
// that p may do act there.
func (s *Service) roleNamed(ctx context.Context, tx gatehouse.Tx, p *Principal, act Action, account gatehouse.TenantName, name string) (gatehouse.Tenant, gatehouse.AccountRole, error) {
	t, err := s.accountFor(ctx, tx, p, act, account)
	if err != nil {
		return t, gatehouse.AccountRole{}, err
	}
	rs, err := tx.ListRoles(ctx, t.ID)
	if err != nil {
		return t, gatehouse.AccountRole{}, err
	}
	if i := slices.IndexFunc(rs, func(r gatehouse.AccountRole) bool { return r.Name == name }); i >= 0 {
		return t, rs[i], nil
	}
	return t, gatehouse.AccountRole{}, gatehouse.Errorf(gatehouse.ErrNotFound, "role %s does not exist in account %s: see 'gatehouse role list'", name, t.Name)
}

// leaveRoles takes sub-user u, being removed, out of the roles of its
// account.
func leaveRoles(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User, at time.Time) error {
	_, login, ok := u.Name.Subuser()
	if u.Account == 0 || !ok {
		return nil
	}
	rs, err := tx.ListRoles(ctx, u.Account)
	if err != nil {
		return err
	}
	drop := func(m gatehouse.UserName) bool { return m == login }
	for _, r := range rs {
		if !slices.Contains(r.Members, login) {
			continue
		}
		r.Members, r.DefaultMembers = slices.DeleteFunc(r.Members, drop), slices.DeleteFunc(r.DefaultMembers, drop)
		r.UpdatedAt = at
		if err := tx.UpdateRole(ctx, r); err != nil {
			return err
		}
	}
	return nil
}
