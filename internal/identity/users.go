package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
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
	Company         string
	Phone           string
	Namespace       gatehouse.NamespaceName // empty: t<tenant>-u<user>
	ImportNamespace bool
	// ReuseRemovedName lets the new user take the name of a removed one.
	ReuseRemovedName bool
	// PreActivated creates the account with no credentials: the first
	// directory login with its username and a directory password, whose
	// directory entry has the account's Email, links it to that entry.
	PreActivated bool
	// Operator makes the user an operator, as Triton's operator levels:
	// OperatorFull (a superadmin of Administrators) or OperatorReadOnly (a
	// user of Administrators holding ReadOnlyOperator). It replaces
	// Tenant, Role and Capabilities, which must then be empty.
	Operator string
	// LDAPServer, when set, makes the user authenticate by binding to
	// this directory server, as LDAPUserDN when set (for names the
	// directory spells differently), else as the entry found by their
	// username.
	LDAPServer string
	LDAPUserDN string
	// OpenShift makes the user authenticate with their OpenShift
	// password, checked by the cluster's OAuth server; their OpenShift
	// user, named Username, must exist.
	OpenShift bool
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
	Company   *string
	Phone     *string
}

// MaxCompanyLen is the longest company, in characters.
const MaxCompanyLen = 128

// MaxPhoneLen is the longest phone number, in characters. Like Triton,
// Gatehouse checks no format: "+1 (555) 010-0199 x42" and "030 / 12 34"
// are both fine.
const MaxPhoneLen = 64

// validate checks the profile fields that are set.
func (pr Profile) validate() error {
	for _, f := range []struct {
		field string
		v     *string
		max   int
	}{{"first_name", pr.FirstName, maxPersonNameLen}, {"last_name", pr.LastName, maxPersonNameLen}, {"company", pr.Company, MaxCompanyLen},
		{"phone", pr.Phone, MaxPhoneLen}} {
		if f.v != nil {
			if err := validatePrintable(f.field, *f.v, f.max); err != nil {
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
	set("company", &u.Company, pr.Company)
	set("phone", &u.Phone, pr.Phone)
}

// maxPersonNameLen is the longest first or last name, in characters.
const maxPersonNameLen = 64

func validatePersonName(field, v string) error { return validatePrintable(field, v, maxPersonNameLen) }

// validatePrintable checks that v is at most max printable characters,
// saying which rule it broke.
func validatePrintable(field, v string, max int) error {
	if n := utf8.RuneCountInString(v); n > max {
		return gatehouse.Invalid(field, "must be at most %d characters, not %d", max, n)
	}
	return gatehouse.CheckText(field, v)
}

// validatePhone checks a phone number, as Profile.validate does.
func validatePhone(v string) error { return validatePrintable("phone", v, MaxPhoneLen) }

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
// active, whatever users.new_active says. A user with in.LDAPServer set
// authenticates by binding to that directory server and has no password
// here: their entry (in.LDAPUserDN, else found by their username) must
// exist. So must the OpenShift user of a user with in.OpenShift set, who
// authenticates with the cluster's OAuth server.
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
	now := s.Now().UTC()
	u := gatehouse.User{
		Name: in.Username, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Company: in.Company, Phone: in.Phone,
		Authentication: gatehouse.AuthLocal, CreatedAt: now, UpdatedAt: now,
	}
	var (
		link   *gatehouse.LDAPLink
		osLink *gatehouse.OpenShiftLink
	)
	switch {
	case in.PreActivated:
		u.Authentication = gatehouse.AuthPending
	case in.LDAPServer != "":
		u.Authentication = gatehouse.AuthLDAP
		if link, err = s.findLDAPEntry(ctx, p, in, role); err != nil {
			return "", err
		}
	case in.OpenShift:
		u.Authentication = gatehouse.AuthOpenShift
		if osLink, err = s.findOpenShiftUser(ctx, p, in, role); err != nil {
			return "", err
		}
	default:
		if err := st.CheckPassword("password", in.Password); err != nil {
			return "", s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
		}
		if u.PasswordHash, err = HashPassword(s.Argon2, in.Password); err != nil {
			return "", err
		}
		u.PasswordChangedAt = now
	}
	err = s.Change(ctx, p, ActUserAdd, "USER", string(in.Username), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := s.admit(ctx, tx, p, ActUserAdd, in.Tenant, role, caps)
		if err != nil {
			return nil, err
		}
		u := u
		ns, err := s.createMember(ctx, tx, c, &u, newMembership{Tenant: t, Role: role, Capabilities: caps, Namespace: in.Namespace,
			ReuseRemovedName: in.ReuseRemovedName, Link: link, OpenShiftLink: osLink})
		if err != nil {
			return nil, err
		}
		changes := map[string]any{
			"username": u.Name, "tenant": t.Name, "role": role, "user_capabilities": caps, "namespace": ns,
			"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email, "company": u.Company, "phone": u.Phone,
		}
		if link != nil {
			changes["ldap_server"], changes["ldap_user_dn"] = in.LDAPServer, link.DN
			changes["ldap_entry_id"] = link.EntryID
		}
		if osLink != nil {
			changes["openshift_user"], changes["openshift_uid"] = osLink.Name, osLink.UID
		}
		return changes, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added user '%s'", in.Username), nil
}

// admit returns the tenant called name after checking that p may add
// users to it with role and caps (act names the action for refusals).
func (s *Service) admit(ctx context.Context, tx gatehouse.Tx, p *Principal, act Action, name gatehouse.TenantName, role gatehouse.Role, caps []string) (gatehouse.Tenant, error) {
	t, err := tenantByName(ctx, tx, name)
	if err != nil {
		return t, err
	}
	if err := s.authorize(p, act, Target{Tenant: t.ID, Role: role}); err != nil {
		return t, err
	}
	if err := checkRoleInTenant(role, t); err != nil {
		return t, err
	}
	return t, s.checkGrant(p, act, caps)
}

// newMembership is the first membership of a user being created.
type newMembership struct {
	Tenant           gatehouse.Tenant
	Role             gatehouse.Role
	Capabilities     []string
	Namespace        gatehouse.NamespaceName // empty: the primary namespace's name
	ReuseRemovedName bool
	// Link, when set, ties the user to their directory entry;
	// OpenShiftLink to their OpenShift user.
	Link          *gatehouse.LDAPLink
	OpenShiftLink *gatehouse.OpenShiftLink
}

// createMember creates u (setting u.ID) with the membership m and its
// namespace, and returns the namespace.
func (s *Service) createMember(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, u *gatehouse.User, m newMembership) (gatehouse.NamespaceName, error) {
	if err := createUser(ctx, tx, u, m.ReuseRemovedName); err != nil {
		return "", err
	}
	ns, err := s.bindNamespace(ctx, tx, c, m.Tenant, u.ID, m.Namespace)
	if err != nil {
		return "", err
	}
	err = tx.AddMembership(ctx, gatehouse.Membership{UserID: u.ID, TenantID: m.Tenant.ID, Role: m.Role, Capabilities: m.Capabilities,
		Namespace: ns, CreatedAt: u.CreatedAt})
	if err != nil {
		return "", err
	}
	if m.Link != nil {
		l := *m.Link
		l.UserID = u.ID
		if err := tx.PutLDAPLink(ctx, l); err != nil {
			return "", err
		}
	}
	if m.OpenShiftLink != nil {
		l := *m.OpenShiftLink
		l.UserID = u.ID
		if err := tx.PutOpenShiftLink(ctx, l); err != nil {
			return "", err
		}
	}
	c.User(u.ID)
	return ns, nil
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
	pr := Profile{FirstName: &in.FirstName, LastName: &in.LastName, Email: &in.Email, Company: &in.Company, Phone: &in.Phone}
	if err := pr.validate(); err != nil {
		return "", nil, err
	}
	if in.Namespace != "" {
		if err := in.Namespace.Validate(); err != nil {
			return "", nil, err
		}
	}
	switch {
	case in.PreActivated && (in.Password != "" || in.LDAPServer != "" || in.OpenShift):
		return "", nil, gatehouse.Invalid("pre_activated", "a pre-activated account has no password and no directory entry yet: its first directory login links it")
	case in.PreActivated && in.Email == "":
		return "", nil, gatehouse.Invalid("email", "is required for a pre-activated account: the first directory login whose entry has it links the account")
	case in.LDAPServer != "" && in.Password != "":
		return "", nil, gatehouse.Invalid("password", "cannot be given for an LDAP user: the directory checks their password")
	case in.OpenShift && in.LDAPServer != "":
		return "", nil, gatehouse.Invalid("openshift", "cannot be given with an LDAP server: a user authenticates against one or the other")
	case in.OpenShift && in.Password != "":
		return "", nil, gatehouse.Invalid("password", "cannot be given for an OpenShift user: OpenShift checks their password")
	case in.LDAPServer == "" && in.LDAPUserDN != "":
		return "", nil, gatehouse.Invalid("ldap_user_dn", "needs an LDAP server (--ldap --ldap-server S)")
	}
	return role, caps, nil
}

// UpdateUser changes a user's profile and, for administrators, password.
// A user changes their own password with ChangePassword instead, which asks
// for the current one. An update that sets nothing is a
// *gatehouse.FieldError for "body".
func (s *Service) UpdateUser(ctx context.Context, p *Principal, name gatehouse.UserName, pr Profile, password *string) (string, error) {
	return s.updateUser(ctx, p, ActUserUpdate, name, pr, password)
}

// updateUser is UpdateUser, authorized and audited as act.
func (s *Service) updateUser(ctx context.Context, p *Principal, act Action, name gatehouse.UserName, pr Profile, password *string) (string, error) {
	if pr == (Profile{}) && password == nil {
		return "", s.Reject(ctx, p, act, "USER", string(name),
			gatehouse.Invalid("body", "nothing to update: give one or more of password, first_name, last_name, email, company and phone"))
	}
	if err := pr.validate(); err != nil {
		return "", s.Reject(ctx, p, act, "USER", string(name), err)
	}
	var hash string
	var st Settings
	if password != nil {
		var err error
		if hash, st, err = s.newPasswordFor(ctx, p, act, name, *password); err != nil {
			return "", err
		}
	}
	var id gatehouse.UserID
	err := s.Change(ctx, p, act, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, act, t); err != nil {
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
func (s *Service) newPasswordFor(ctx context.Context, p *Principal, act Action, name gatehouse.UserName, password string) (string, Settings, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return "", st, err
	}
	if err := st.CheckPassword("password", password); err != nil {
		return "", st, s.Reject(ctx, p, act, "USER", string(name), err)
	}
	// The history is checked only for a caller who may change the user,
	// so that it tells no one else anything.
	var u gatehouse.User
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var t Target
		if u, t, err = loadTarget(ctx, tx, name); err != nil {
			return err
		}
		return s.authorize(p, act, t)
	})
	switch {
	case err == nil:
		if err := s.checkHistory(ctx, &st, "password", u, password); err != nil {
			return "", st, s.Reject(ctx, p, act, "USER", string(name), err)
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
