package authz

import "github.com/gatehouse-iam/gatehouse/internal/gatehouse"

// Subject is a member acting in the tenant they are logged into: the
// "who" of an authorization question. Get one per request from
// Engine.Subject; it remembers the membership it was made from, so
// questions about it take no lock and no map lookup for the member.
//
// The exported fields are for reading. Decisions use the membership the
// Subject was made from, so changing Role does not change what it may do.
// A Subject written as a literal (Subject{User: u, Tenant: t}) works too:
// the engine then looks the membership up on each question and ignores
// Role.
//
// A Subject sees capability changes (SetCatalog) at once. It does not see
// later changes of its membership (SetMemberships): those reach the next
// Subject made.
type Subject struct {
	User   gatehouse.UserID
	Tenant gatehouse.TenantID
	Role   gatehouse.Role

	m *member // the membership it was made from; nil for a literal
}

// Subject returns user u logged into tenant t, and false if u is not a
// member of t.
func (e *Engine) Subject(u gatehouse.UserID, t gatehouse.TenantID) (Subject, bool) {
	m := e.loadMember(memberKey{u, t})
	if m == nil {
		return Subject{}, false
	}
	return Subject{User: u, Tenant: t, Role: m.role, m: m}, true
}

// member returns the membership s acts through, or nil if s is nil or not
// a member.
func (e *Engine) member(s *Subject) *member {
	if s == nil {
		return nil
	}
	if s.m != nil {
		return s.m
	}
	return e.loadMember(memberKey{s.User, s.Tenant})
}

// loadMember returns the membership k, or nil, marking it used under the
// shard's lock, which an eviction pass takes too.
func (e *Engine) loadMember(k memberKey) *member {
	sh := e.members.shard(k)
	sh.mu.RLock()
	m := sh.m[k]
	if m != nil {
		m.used.touch(e.members.epoch.Load())
	}
	sh.mu.RUnlock()
	return m
}

// permissions returns the current permissions of m.
func (m *member) permissions() PermissionSet {
	if p := m.caps.perms.Load(); p != nil {
		return *p
	}
	return PermissionSet{}
}

// Permissions returns the effective permissions of s: the closure of the
// capabilities assigned to them in the tenant they are logged into. It is
// empty if s is not a member.
func (e *Engine) Permissions(s *Subject) PermissionSet {
	m := e.member(s)
	if m == nil {
		return PermissionSet{}
	}
	return m.permissions()
}

// Capabilities returns the effective capabilities of s: the names of the
// capabilities assigned to them in the tenant they are logged into (their
// role's default when none are), and of all those inherit, each once. It
// is empty if s is not a member.
func (e *Engine) Capabilities(s *Subject) []string {
	m := e.member(s)
	if m == nil {
		return nil
	}
	return e.Catalog().Expand(m.caps.names)
}
