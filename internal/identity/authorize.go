package identity

import (
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Action names something a caller asks to do. Actions double as audit
// record actions.
type Action string

// The actions of the identity use cases.
const (
	ActUserList         Action = "user.list"
	ActUserView         Action = "user.view"
	ActUserAdd          Action = "user.add"
	ActUserUpdate       Action = "user.update"
	ActUserRemove       Action = "user.remove"
	ActTokenRevoke      Action = "token.revoke"
	ActTenantList       Action = "tenant.list"
	ActTenantView       Action = "tenant.view"
	ActTenantAdd        Action = "tenant.add"
	ActTenantUpdate     Action = "tenant.update"
	ActTenantRemove     Action = "tenant.remove"
	ActMemberList       Action = "member.list"
	ActMemberAdd        Action = "member.add"
	ActMemberUpdateRole Action = "member.update_role"
	ActMemberRemove     Action = "member.remove"
	ActNamespaceList    Action = "namespace.list"
	ActAuditList        Action = "audit.list"
)

// Target describes what an action is applied to. Only the fields an action
// needs are set.
type Target struct {
	// Tenant is the tenant acted on or in.
	Tenant gatehouse.TenantID
	// User is the user acted on, and UserTenants that user's roles by tenant.
	User        *gatehouse.User
	UserTenants map[gatehouse.TenantID]gatehouse.Role
	// Role is the role being granted, for user.add, member.add and
	// member.update_role.
	Role gatehouse.Role
}

// Authorize decides whether p may do act to t. It is the one place where
// Gatehouse decides permissions until the capability engine replaces it:
//
//   - a superadmin logged into Administrators may do everything;
//   - anyone may view themself and update their own profile;
//   - a tenantadmin manages the tenant they are logged into: they list and
//     view its members, add users to it and change their roles (never to
//     superadmin), and update, revoke or remove users who belong to no
//     other tenant;
//   - a member may view the tenant they are logged into.
//
// It returns nil or an error matching gatehouse.ErrForbidden.
func Authorize(p *Principal, act Action, t Target) error {
	if p.IsSuperadmin() {
		return nil
	}
	self := t.User != nil && t.User.ID == p.User.ID
	switch act {
	case ActUserView, ActUserUpdate:
		if self {
			return nil
		}
	case ActTenantView:
		if t.Tenant == p.Tenant.ID {
			return nil
		}
	}
	if p.Role() != gatehouse.RoleTenantadmin {
		return denied(act, "only a superadmin logged into %s or a tenantadmin may do this", gatehouse.AdministratorsTenant)
	}
	own := p.Tenant.ID
	switch act {
	case ActUserList, ActMemberList, ActNamespaceList, ActTenantView:
		if t.Tenant == own {
			return nil
		}
	case ActUserView:
		if _, ok := t.UserTenants[own]; ok {
			return nil
		}
	case ActUserAdd, ActMemberAdd, ActMemberUpdateRole, ActMemberRemove:
		if t.Tenant != own {
			return denied(act, "a tenantadmin manages only the members of tenant %s", p.Tenant.Name)
		}
		if t.Role == gatehouse.RoleSuperadmin || t.UserTenants[own] == gatehouse.RoleSuperadmin {
			return denied(act, "only a superadmin may grant or change the superadmin role")
		}
		return nil
	case ActUserUpdate, ActTokenRevoke, ActUserRemove:
		if exclusiveMember(t.UserTenants, own) {
			return nil
		}
		return denied(act, "a tenantadmin may change only users who belong to tenant %s alone", p.Tenant.Name)
	}
	return denied(act, "only a superadmin logged into %s may do this", gatehouse.AdministratorsTenant)
}

// exclusiveMember reports whether tenants holds tenant t and no other.
func exclusiveMember(tenants map[gatehouse.TenantID]gatehouse.Role, t gatehouse.TenantID) bool {
	_, ok := tenants[t]
	return ok && len(tenants) == 1
}

func denied(act Action, format string, args ...any) error {
	return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for "+string(act)+": "+format, args...)
}
