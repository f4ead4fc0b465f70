package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Sub-users are Triton's: users subordinate to an account, here a tenant,
// created by its administrators. A sub-user's login is unique only inside
// its account; its username is "<account>/<login>" (gatehouse.SubuserName),
// which no ordinary username can be, so it logs in, is locked out,
// throttled and audited through the ordinary login path. It is a member of
// its account alone, with the role user, and is never an operator or a
// member of another tenant; Aperture roles decide what it may do to the
// account's objects.

// The sub-user actions.
const (
	ActSubuserAdd    Action = "subuser.add"
	ActSubuserList   Action = "subuser.list"
	ActSubuserUpdate Action = "subuser.update"
	ActSubuserRemove Action = "subuser.remove"
)

// SubuserInput describes a new sub-user.
type SubuserInput struct {
	// Account is the tenant the sub-user belongs to; empty: the tenant the
	// caller is logged into.
	Account   gatehouse.TenantName
	Login     gatehouse.UserName
	Password  string
	FirstName string
	LastName  string
	Email     string
}

// SubuserAccount returns the account an administrator means: account, or
// the tenant p is logged into when it is empty.
func SubuserAccount(p *Principal, account gatehouse.TenantName) gatehouse.TenantName {
	if account == "" {
		return p.Tenant.Name
	}
	return account
}

// validSubuserAccount checks the name of a sub-user's account.
func validSubuserAccount(account gatehouse.TenantName) error {
	if err := account.Validate(); err != nil {
		return err
	}
	if account == gatehouse.AdministratorsTenant {
		return gatehouse.Invalid("account", "sub-users cannot be operators, so tenant %s has none, nor policies or roles: name the account with --account, or log into it", gatehouse.AdministratorsTenant)
	}
	return nil
}

// AddSubuser creates a sub-user of in.Account: a tenantadmin of that
// tenant logged into it, or a superadmin, may.
func (s *Service) AddSubuser(ctx context.Context, p *Principal, in SubuserInput) (string, error) {
	in.Account = SubuserAccount(p, in.Account)
	name := gatehouse.SubuserName(in.Account, in.Login)
	pr := Profile{FirstName: &in.FirstName, LastName: &in.LastName, Email: &in.Email}
	st, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	if err := errors.Join(in.Login.ValidateLogin(), validSubuserAccount(in.Account), pr.validate(),
		st.CheckPassword("password", in.Password)); err != nil {
		return "", s.Reject(ctx, p, ActSubuserAdd, "USER", string(name), err)
	}
	hash, err := HashPassword(s.Argon2, in.Password)
	if err != nil {
		return "", err
	}
	caps := []string{authz.RoleDefault(gatehouse.RoleUser)}
	err = s.Change(ctx, p, ActSubuserAdd, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := s.admit(ctx, tx, p, ActSubuserAdd, in.Account, gatehouse.RoleUser, caps)
		if err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		u := gatehouse.User{Name: name, Account: t.ID, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email,
			Authentication: gatehouse.AuthLocal, PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		ns, err := s.createMember(ctx, tx, c, &u, newMembership{Tenant: t, Role: gatehouse.RoleUser, Capabilities: caps})
		if err != nil {
			return nil, err
		}
		return map[string]any{"account": t.Name, "login": in.Login, "namespace": ns,
			"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added sub-user '%s' (logs in as %s)", in.Login, name), nil
}

// Subuser is a sub-user as listed: the user and its login in its account.
type Subuser struct {
	User    gatehouse.User
	Account gatehouse.TenantName
	Login   gatehouse.UserName
}

// ListSubusers returns the live sub-users of account (empty: the tenant p
// is logged into), in ID order.
func (s *Service) ListSubusers(ctx context.Context, p *Principal, account gatehouse.TenantName) ([]Subuser, error) {
	account = SubuserAccount(p, account)
	var out []Subuser
	err := s.view(ctx, p, ActSubuserList, "TENANT", string(account), func(tx gatehouse.Tx) error {
		t, err := tenantByName(ctx, tx, account)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActSubuserList, Target{Tenant: t.ID}); err != nil {
			return err
		}
		subs, err := subusersOf(ctx, tx, t.ID)
		for _, u := range subs {
			_, login, _ := u.Name.Subuser()
			out = append(out, Subuser{User: u, Account: t.Name, Login: login})
		}
		return err
	})
	return out, err
}

// subusersOf returns the live sub-users of tenant t, in ID order.
func subusersOf(ctx context.Context, tx gatehouse.Tx, t gatehouse.TenantID) ([]gatehouse.User, error) {
	ms, err := tx.MembershipsOfTenant(ctx, t)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	ids := make([]gatehouse.UserID, len(ms))
	for i, m := range ms {
		ids[i] = m.UserID
	}
	us, err := tx.ListUsers(ctx, gatehouse.UserQuery{IDs: ids, All: true})
	if err != nil {
		return nil, err
	}
	out := us[:0]
	for _, u := range us {
		if u.Account == t && !u.Deleted {
			out = append(out, u)
		}
	}
	return out, nil
}

// UpdateSubuser changes the profile, and optionally the password, of the
// sub-user login of account (empty: the tenant p is logged into), as
// UpdateUser does for "<account>/<login>".
func (s *Service) UpdateSubuser(ctx context.Context, p *Principal, account gatehouse.TenantName, login gatehouse.UserName, pr Profile, password *string) (string, error) {
	name, err := s.subuserName(ctx, p, ActSubuserUpdate, account, login)
	if err != nil {
		return "", err
	}
	if _, err := s.updateUser(ctx, p, ActSubuserUpdate, name, pr, password); err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully updated sub-user %s", name), nil
}

// RemoveSubuser removes the sub-user login of account (empty: the tenant
// p is logged into), as RemoveUsers does for "<account>/<login>": its
// namespace and objects go to replacement when given.
func (s *Service) RemoveSubuser(ctx context.Context, p *Principal, account gatehouse.TenantName, login gatehouse.UserName) (string, error) {
	name, err := s.subuserName(ctx, p, ActSubuserRemove, account, login)
	if err != nil {
		return "", err
	}
	if _, err := s.removeUsers(ctx, p, ActSubuserRemove, RemoveUsersInput{Usernames: []gatehouse.UserName{name}}); err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully removed sub-user %s", name), nil
}

// subuserName validates account and login and returns the username of the
// sub-user, auditing a refusal as act.
func (s *Service) subuserName(ctx context.Context, p *Principal, act Action, account gatehouse.TenantName, login gatehouse.UserName) (gatehouse.UserName, error) {
	account = SubuserAccount(p, account)
	name := gatehouse.SubuserName(account, login)
	if err := errors.Join(login.ValidateLogin(), validSubuserAccount(account)); err != nil {
		return "", s.Reject(ctx, p, act, "USER", string(name), err)
	}
	return name, nil
}

// refuseSubuserElsewhere refuses making sub-user u a member of tenant t
// other than its account, or giving it another role than user.
func refuseSubuserElsewhere(u *gatehouse.User, t gatehouse.TenantID, role gatehouse.Role) error {
	switch {
	case u.Account == 0:
		return nil
	case u.Account != t:
		return gatehouse.Invalid("usernames", "%s is a sub-user and belongs to its account alone: it cannot be a member of another tenant", u.Name)
	case role != gatehouse.RoleUser:
		return gatehouse.Invalid("role", "%s is a sub-user, whose role is always user: its Aperture roles say what it may do", u.Name)
	}
	return nil
}
