package gatehouse

import (
	"context"
	"time"
)

// AperturePolicy is a named list of Aperture rules of one account (tenant),
// as Triton's policies: roles collect policies, and a rule of them allows
// an action to a sub-user with the role.
type AperturePolicy struct {
	ID          int64
	TenantID    TenantID
	Name        string
	Description string
	Rules       []string // in the order given
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// AccountRole is a role of one account (tenant), as Triton's roles: the
// policies it grants and the sub-users who are its members. A role is
// active by default for its default members, who are members too.
type AccountRole struct {
	ID             int64
	TenantID       TenantID
	Name           string
	Policies       []string   // policy names, in the order given
	Members        []UserName // sub-user logins, in the order given
	DefaultMembers []UserName // a subset of Members
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ApertureStore keeps the policies and roles of accounts and the role
// tags of objects.
type ApertureStore interface {
	// CreatePolicy inserts p, setting p.ID; ErrConflict if its tenant has
	// a policy of that name, ErrNotFound if the tenant does not exist.
	CreatePolicy(ctx context.Context, p *AperturePolicy) error
	// UpdatePolicy writes the description, rules and UpdatedAt of the
	// policy with p.ID; ErrNotFound if absent.
	UpdatePolicy(ctx context.Context, p AperturePolicy) error
	// DeletePolicy removes the policy; ErrNotFound if absent.
	DeletePolicy(ctx context.Context, id int64) error
	// ListPolicies returns the policies of tenant t, ordered by name.
	ListPolicies(ctx context.Context, t TenantID) ([]AperturePolicy, error)

	// CreateRole inserts r, setting r.ID; ErrConflict if its tenant has a
	// role of that name, ErrNotFound if the tenant does not exist.
	CreateRole(ctx context.Context, r *AccountRole) error
	// UpdateRole writes the policies, members, default members and
	// UpdatedAt of the role with r.ID; ErrNotFound if absent.
	UpdateRole(ctx context.Context, r AccountRole) error
	// DeleteRole removes the role; ErrNotFound if absent.
	DeleteRole(ctx context.Context, id int64) error
	// ListRoles returns the roles of tenant t, ordered by name.
	ListRoles(ctx context.Context, t TenantID) ([]AccountRole, error)

	// PutRoleTags sets the role tags (role names of the object's tenant)
	// of the object typ/id, replacing those it had; none removes them.
	// ErrNotFound if the object does not exist. Deleting the object
	// deletes its tags.
	PutRoleTags(ctx context.Context, typ, id string, roles []string) error
	// RoleTags returns the role tags of the object typ/id, in the order
	// put; none if it has none or does not exist.
	RoleTags(ctx context.Context, typ, id string) ([]string, error)
	// UntagRole removes role from the role tags of every object of tenant
	// t, keeping the others in order, and returns how many objects it
	// changed; an object left with none has none.
	UntagRole(ctx context.Context, t TenantID, role string) (int, error)
}
