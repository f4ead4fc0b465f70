package authz

import "github.com/gatehouse-iam/gatehouse/internal/gatehouse"

// Visible reports whether object o appears in the listings of s: the
// instance rules of Check with any operation. A user sees the objects
// they own in the tenant they are logged into and those shared with them
// or, under RuleTenantShare, with that tenant; a tenantadmin sees every
// object of their tenant and those shared with it; a superadmin logged
// into the Administrators tenant sees all. A share for any operation
// makes an object visible: its holder must be able to find it to use it.
//
// o's owner and tenant are taken from o; its shares from the engine's
// index, by o's type and id. Visible does not check s's permission to
// view the type: a listing checks Allowed(s, type, OpView) once.
func (e *Engine) Visible(s *Subject, o *gatehouse.Object) bool {
	m := e.member(s)
	if m == nil || o == nil {
		return false
	}
	switch {
	case o.OwnerID == m.user && o.TenantID == m.tenant,
		m.role == gatehouse.RoleTenantadmin && o.TenantID == m.tenant,
		m.role == gatehouse.RoleSuperadmin && m.tenant == e.admins && e.admins != 0,
		e.operator(m):
		return true
	}
	x := e.lookup(ObjectType(o.Type), o.ID)
	if x == nil {
		return false
	}
	return (o.TenantID == m.tenant || grantedOps(x.tenants, int64(m.tenant)) != nil) && grantedOps(x.users, int64(m.user)) != nil ||
		(x.allMembers || m.role == gatehouse.RoleTenantadmin) && grantedOps(x.tenants, int64(m.tenant)) != nil
}
