package authz

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The rules that give a member access to one object, as
// Explanation.Rule names them. Check tries them in this order.
const (
	// RuleOwner: the member owns the object and is logged into its tenant.
	RuleOwner = "owner"
	// RuleTenantAdmin: the member is a tenantadmin of the object's tenant
	// and logged into it.
	RuleTenantAdmin = "tenantadmin"
	// RuleSuperadmin: the member is a superadmin logged into the
	// Administrators tenant.
	RuleSuperadmin = "superadmin"
	// RuleOperator: the member is a read-only operator (holds
	// ReadOnlyOperator) logged into the Administrators tenant, and the
	// operation is view.
	RuleOperator = "operator"
	// RuleUserShare: the object is shared with the member for the
	// operation, and they are logged into the object's tenant or into a
	// tenant the object is shared with (whose tenantadmin passed it on).
	RuleUserShare = "user-share"
	// RuleTenantShare: the object is shared for the operation with the
	// tenant the member is logged into, and either its type gives tenant
	// shares to all members (ShareRule.AllMembers) or the member is a
	// tenantadmin there.
	RuleTenantShare = "tenant-share"
)

// Allowed reports whether s may do op on objects of type typ: whether
// their permissions hold typ:op. It is the first phase of every
// authorization check and the whole of it for requests on no object
// (listing, creating). It takes no lock and does not allocate.
func (e *Engine) Allowed(s *Subject, typ ObjectType, op Operation) bool {
	m := e.member(s)
	return m != nil && m.allowed(typ, op)
}

func (m *member) allowed(typ ObjectType, op Operation) bool {
	p := m.caps.perms.Load()
	return p != nil && p.Has(typ, op)
}

// Check reports whether s may do op on objects of type typ and, if id is
// not empty, on the object typ/id: Allowed, then CanAccess. It does not
// allocate.
func (e *Engine) Check(s *Subject, typ ObjectType, op Operation, id string) bool {
	m := e.member(s)
	if m == nil || !m.allowed(typ, op) {
		return false
	}
	if id == "" {
		return true
	}
	x := e.lookup(typ, id)
	return x != nil && e.rule(m, x, op) != ""
}

// CanAccess reports whether the object typ/id exists and one of the
// instance rules (RuleOwner ... RuleTenantShare) lets s do op on it. It
// does not check s's permissions on the type; callers that have checked
// Allowed already use it. With an empty id it reports false.
func (e *Engine) CanAccess(s *Subject, typ ObjectType, op Operation, id string) bool {
	m := e.member(s)
	if m == nil || id == "" {
		return false
	}
	x := e.lookup(typ, id)
	return x != nil && e.rule(m, x, op) != ""
}

// rule returns the first rule that lets m do op on x, or "".
func (e *Engine) rule(m *member, x *object, op Operation) string {
	switch o := &x.obj; {
	case o.OwnerID == m.user && o.TenantID == m.tenant:
		return RuleOwner
	case m.role == gatehouse.RoleTenantadmin && o.TenantID == m.tenant:
		return RuleTenantAdmin
	case m.role == gatehouse.RoleSuperadmin && m.tenant == e.admins && e.admins != 0:
		return RuleSuperadmin
	case op == OpView && e.operator(m):
		return RuleOperator
	case userShareApplies(x, m) && slices.Contains(grantedOps(x.users, int64(m.user)), op):
		return RuleUserShare
	case (x.allMembers || m.role == gatehouse.RoleTenantadmin) && slices.Contains(grantedOps(x.tenants, int64(m.tenant)), op):
		return RuleTenantShare
	}
	return ""
}

// userShareApplies reports whether shares of x with users count for m: m
// is logged into x's tenant, or into a tenant x is shared with, whose
// tenantadmins may pass x on to their members.
func userShareApplies(x *object, m *member) bool {
	return x.obj.TenantID == m.tenant || grantedOps(x.tenants, int64(m.tenant)) != nil
}
