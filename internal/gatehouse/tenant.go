package gatehouse

import "time"

// Tenant is a group of users and the objects they work on. The built-in
// Administrators tenant holds the superadmins.
type Tenant struct {
	ID          TenantID
	Name        TenantName
	Description string
	// AccountOwner is the account owner (Triton's User account): a member
	// of the tenant, not a sub-user, who owns the objects the tenant's
	// sub-users create; 0 for none.
	AccountOwner     UserID
	AccountOwnerName UserName // filled in on read
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Membership says that a user belongs to a tenant with a role and a set of
// user capabilities.
type Membership struct {
	UserID     UserID
	TenantID   TenantID
	TenantName TenantName // filled in on read
	UserName   UserName   // filled in on read
	Role       Role
	// Capabilities are the names of the user capabilities assigned to the
	// member in this tenant, in the order given.
	Capabilities []string
	// Namespace is the member's primary namespace in this tenant.
	Namespace NamespaceName
	CreatedAt time.Time
}
