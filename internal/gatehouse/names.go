package gatehouse

import (
	"fmt"
	"strings"
)

// UserID identifies a user for ever; it is never reused.
type UserID int64

// TenantID identifies a tenant for ever; it is never reused.
type TenantID int64

// UserName is a user's login name: 1-64 characters of a-z, A-Z, 0-9, '.', '-'
// and '_'.
type UserName string

// TenantName is a tenant's name; the same rule as UserName applies.
type TenantName string

// NamespaceName names a namespace (a Kubernetes namespace name: lower-case
// alphanumerics and '-', 1-63 characters, starting and ending alphanumeric).
type NamespaceName string

// AdministratorsTenant is the built-in tenant whose superadmins manage the
// whole installation.
const AdministratorsTenant TenantName = "Administrators"

// Role is a member's role in one tenant.
type Role string

// The three tenant roles.
const (
	RoleSuperadmin  Role = "superadmin"
	RoleTenantadmin Role = "tenantadmin"
	RoleUser        Role = "user"
)

// Roles lists the valid roles, most powerful first.
var Roles = []Role{RoleSuperadmin, RoleTenantadmin, RoleUser}

// MaxNameLen is the longest user or tenant name accepted.
const MaxNameLen = 64

// validName reports whether s is 1-64 characters of a-z A-Z 0-9 . - _.
func validName(s string) bool {
	if len(s) == 0 || len(s) > MaxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// Validate reports whether n is a valid user name, as a *FieldError for
// field "username".
func (n UserName) Validate() error {
	if !validName(string(n)) {
		return Invalid("username", "must be 1-%d characters of a-z, A-Z, 0-9, '.', '-' and '_' (got %q)", MaxNameLen, truncate(string(n)))
	}
	return nil
}

// SubuserSep separates a sub-user's account from its login in its
// username: "account/login". No ordinary username contains it.
const SubuserSep = "/"

// SubuserName returns the username of the sub-user login of account.
func SubuserName(account TenantName, login UserName) UserName {
	return UserName(string(account) + SubuserSep + string(login))
}

// Subuser splits a sub-user's username into its account and login; ok is
// false for an ordinary username.
func (n UserName) Subuser() (account TenantName, login UserName, ok bool) {
	a, l, ok := strings.Cut(string(n), SubuserSep)
	return TenantName(a), UserName(l), ok
}

// ValidateLogin reports whether n is a valid sub-user login (the rule of
// usernames), as a *FieldError for field "login".
func (n UserName) ValidateLogin() error {
	if !validName(string(n)) {
		return Invalid("login", "must be 1-%d characters of a-z, A-Z, 0-9, '.', '-' and '_', without '/' (a sub-user logs in as <account>/<login>) (got %q)", MaxNameLen, truncate(string(n)))
	}
	return nil
}

// ValidateRef reports whether n names a user: a valid username, or a
// sub-user's "account/login". A *FieldError for field "username".
func (n UserName) ValidateRef() error {
	if a, l, ok := n.Subuser(); ok && validName(string(a)) && validName(string(l)) {
		return nil
	}
	return n.Validate()
}

// Validate reports whether n is a valid tenant name, as a *FieldError for
// field "tenant".
func (n TenantName) Validate() error {
	if !validName(string(n)) {
		return Invalid("tenant", "must be 1-%d characters of a-z, A-Z, 0-9, '.', '-' and '_' (got %q)", MaxNameLen, truncate(string(n)))
	}
	return nil
}

// Validate reports whether n is a valid namespace name, as a *FieldError for
// field "namespace".
func (n NamespaceName) Validate() error {
	s := string(n)
	ok := len(s) >= 1 && len(s) <= 63
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		ok = alnum || (c == '-' && i > 0 && i < len(s)-1)
	}
	if !ok {
		return Invalid("namespace", "must be 1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit (got %q)", truncate(s))
	}
	return nil
}

// ParseRole returns the Role named s, or a *FieldError for field "role".
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Invalid("role", "must be one of superadmin, tenantadmin, user (got %q)", truncate(s))
}

// PrimaryNamespace returns the default primary namespace name of a user in a
// tenant: t<tenant id, 3 digits>-u<user id, 6 digits>, as "t001-u000003".
func PrimaryNamespace(t TenantID, u UserID) NamespaceName {
	return NamespaceName(fmt.Sprintf("t%03d-u%06d", t, u))
}

// truncate shortens s for inclusion in an error message.
func truncate(s string) string {
	const max = 80
	if len(s) > max {
		return s[:max] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
