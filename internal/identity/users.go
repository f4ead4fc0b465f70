package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AddUserInput describes a new user and their first membership.
type AddUserInput struct {
	Username        gatehouse.UserName
	Tenant          gatehouse.TenantName
	Role            string
	Capabilities    []string
	Password        string
	FirstName       string
	LastName        string
	Email           string
	Namespace       gatehouse.NamespaceName // empty: t<tenant>-u<user>
	ImportNamespace bool
	// ReuseRemovedName lets the new user take the name of a removed one.
	ReuseRemovedName bool
	// Operator makes the user an operator, as Triton's operator levels:
	// OperatorFull (a superadmin of Administrators) or OperatorReadOnly (a
	// user of Administrators holding ReadOnlyOperator). It replaces
	// Tenant, Role and Capabilities, which must then be empty.
	Operator string
}

// Operator levels of AddUserInput.Operator.
const (
	OperatorFull     = "full"
	OperatorReadOnly = "read-only"
)

// applyOperator turns in.Operator into the tenant, role and capabilities
// it stands for.
func (in *AddUserInput) applyOperator() error {
	if in.Operator == "" {
		return nil
	}
	if in.Tenant != "" || in.Role != "" || len(in.Capabilities) > 0 {
		return gatehouse.Invalid("operator", "an operator belongs to tenant %s with the operator's role and capabilities: give no tenant, role or capabilities with it", gatehouse.AdministratorsTenant)
	}
	in.Tenant = gatehouse.AdministratorsTenant
	switch in.Operator {
	case OperatorFull:
		in.Role = string(gatehouse.RoleSuperadmin)
	case OperatorReadOnly:
		in.Role, in.Capabilities = string(gatehouse.RoleUser), []string{authz.ReadOnlyOperator}
	default:
		return gatehouse.Invalid("operator", "must be %s or %s (got %q)", OperatorFull, OperatorReadOnly, in.Operator)
	}
	return nil
}

// Profile holds the user fields anyone may set on themself.
type Profile struct {
	FirstName *string
	LastName  *string
	Email     *string
}

// validate checks the profile fields that are set.
func (pr Profile) validate() error {
	for _, f := range []struct {
		field string
		v     *string
	}{{"first_name", pr.FirstName}, {"last_name", pr.LastName}} {
		if f.v != nil {
			if err := validatePersonName(f.field, *f.v); err != nil {
				return err
			}
		}
	}
	if pr.Email != nil {
		return validateEmail(*pr.Email)
	}
	return nil
}

// apply writes the set fields into u and returns what changed.
func (pr Profile) apply(u *gatehouse.User, changes map[string]any) {
	set := func(field string, dst *string, v *string) {
		if v != nil && *v != *dst {
			*dst = *v
			changes[field] = *v
		}
	}
	set("first_name", &u.FirstName, pr.FirstName)
	set("last_name", &u.LastName, pr.LastName)
	set("email", &u.Email, pr.Email)
}

func validatePersonName(field, v string) error {
	if utf8.RuneCountInString(v) > 64 || !utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return gatehouse.Invalid(field, "must be at most 64 printable characters")
	}
	return nil
}

func validateEmail(v string) error {
	if v == "" {
		return nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 {
		return gatehouse.Invalid("email", "must be a plain address like name@example.com (got %q)", v)
	}
	return nil
}

// AddUser creates a user, makes them a member of a tenant with a role and
// gives them a primary namespace there. Users an administrator adds start
// active, whatever users.new_active says.
func (s *Service) AddUser(ctx context.Context, p *Principal, in AddUserInput) (string, error) {
	if err := in.applyOperator(); err != nil {
		return "", s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	role, caps, err := in.validate(s.Sync.Engine().Catalog())
	if err != nil {
		return "", s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	if err := st.CheckPassword("password", in.Password); err != nil {
		return "", s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	hash, err := HashPassword(s.Argon2, in.Password)
	if err != nil {
		return "", err
	}
	err = s.Change(ctx, p, ActUserAdd, "USER", string(in.Username), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, in.Tenant)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActUserAdd, Target{Tenant: t.ID, Role: role}); err != nil {
			return nil, err
		}
		if err := checkRoleInTenant(role, t); err != nil {
			return nil, err
		}
		if err := s.checkGrant(p, ActUserAdd, caps); err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		u := gatehouse.User{
			Name: in.Username, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email,
			Authentication: gatehouse.AuthLocal, PasswordHash: hash, PasswordChangedAt: now,
			CreatedAt: now, UpdatedAt: now,
		}
		if u.Disabled {
			u.DisabledReason = gatehouse.DisabledNew
		}
		if err := createUser(ctx, tx, &u, in.ReuseRemovedName); err != nil {
			return nil, err
		}
		ns, err := s.bindNamespace(ctx, tx, c, t, u.ID, in.Namespace)
		if err != nil {
			return nil, err
		}
		m := gatehouse.Membership{UserID: u.ID, TenantID: t.ID, Role: role, Capabilities: caps, Namespace: ns, CreatedAt: now}
		if err := tx.AddMembership(ctx, m); err != nil {
			return nil, err
		}
		c.User(u.ID)
		return map[string]any{
			"username": u.Name, "tenant": t.Name, "role": role, "user_capabilities": caps, "namespace": ns,
			"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email,
		}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added user '%s'", in.Username), nil
}

// validate checks in, returning its role and the capabilities to store.
func (in *AddUserInput) validate(cat *authz.Catalog) (gatehouse.Role, []string, error) {
	if err := in.Username.Validate(); err != nil {
		return "", nil, err
	}
	if err := in.Tenant.Validate(); err != nil {
		return "", nil, err
	}
	role, err := gatehouse.ParseRole(in.Role)
	if err != nil {
		return "", nil, err
	}
	caps, err := memberCapabilities(cat, role, in.Capabilities)
	if err != nil {
		return "", nil, err
	}
	pr := Profile{FirstName: &in.FirstName, LastName: &in.LastName, Email: &in.Email}
	if err := pr.validate(); err != nil {
		return "", nil, err
	}
	if in.Namespace != "" {
		if err := in.Namespace.Validate(); err != nil {
			return "", nil, err
		}
	}
	return role, caps, nil
}

// UpdateUser changes a user's profile and, for administrators, password.
// A user changes their own password with ChangePassword instead, which asks
// for the current one.
func (s *Service) UpdateUser(ctx context.Context, p *Principal, name gatehouse.UserName, pr Profile, password *string) (string, error) {
	if err := pr.validate(); err != nil {
		return "", s.Reject(ctx, p, ActUserUpdate, "USER", string(name), err)
	}
	var hash string
	var st Settings
	if password != nil {
		var err error
		if hash, st, err = s.newPasswordFor(ctx, p, name, *password); err != nil {
			return "", err
		}
	}
	var id gatehouse.UserID
	err := s.Change(ctx, p, ActUserUpdate, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActUserUpdate, t); err != nil {
			return nil, err
		}
		changes := map[string]any{}
		if password != nil {
			if u.ID == p.User.ID {
				return nil, gatehouse.Invalid("password", "to change your own password use 'gatehouse password change', which asks for the current one")
			}
			if err := setPassword(ctx, tx, &st, &u, hash, s.Now().UTC()); err != nil {
				return nil, err
			}
			changes["password"] = "changed"
		}
		pr.apply(&u, changes)
		u.UpdatedAt = s.Now().UTC()
		id = u.ID
		return changes, tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return "", err
	}
	if password != nil {
		s.Tokens.Forget(id)
	}
	return fmt.Sprintf("Successfully updated user %s", name), nil
}

// newPasswordFor checks password against the policy and the history of
// the user called name, for an administrator setting it, and returns its
// hash with the settings it was checked against. A refusal is audited.
func (s *Service) newPasswordFor(ctx context.Context, p *Principal, name gatehouse.UserName, password string) (string, Settings, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return "", st, err
	}
	if err := st.CheckPassword("password", password); err != nil {
		return "", st, s.Reject(ctx, p, ActUserUpdate, "USER", string(name), err)
	}
	// The history is checked only for a caller who may change the user,
	// so that it tells no one else anything.
	var u gatehouse.User
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var t Target
		if u, t, err = loadTarget(ctx, tx, name); err != nil {
			return err
		}
		return s.authorize(p, ActUserUpdate, t)
	})
	switch {
	case err == nil:
		if err := s.checkHistory(ctx, &st, "password", u, password); err != nil {
			return "", st, s.Reject(ctx, p, ActUserUpdate, "USER", string(name), err)
		}
	case !errors.Is(err, gatehouse.ErrNotFound) && !errors.Is(err, gatehouse.ErrForbidden):
		return "", st, err
	} // the change itself reports and audits a missing user or a refusal
	hash, err := HashPassword(s.Argon2, password)
	return hash, st, err
}

// checkRoleInTenant refuses superadmin outside Administrators.
func checkRoleInTenant(role gatehouse.Role, t gatehouse.Tenant) error {
	if role == gatehouse.RoleSuperadmin && t.Name != gatehouse.AdministratorsTenant {
		return gatehouse.Invalid("role", "superadmin can only be assigned in tenant %s (tenant %s allows tenantadmin or user)", gatehouse.AdministratorsTenant, t.Name)
	}
	return nil
}
