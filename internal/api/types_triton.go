package api

import "time"

// Wire types of Triton's sub-users, Aperture policies and roles.

// SubuserAddRequest is the body of POST /api/v1/subusers.
type SubuserAddRequest struct {
	Account   string `json:"account,omitempty"`
	Login     string `json:"login"`
	Password  string `json:"password"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Subuser is a sub-user as listed.
type Subuser struct {
	ID        int64     `json:"id"`
	Account   string    `json:"account"`
	Login     string    `json:"login"`
	Username  string    `json:"username"`
	FirstName string    `json:"first_name"`
	LastName  string    `json:"last_name"`
	Email     string    `json:"email"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// SubuserList is the body of GET /api/v1/subusers.
type SubuserList struct {
	Items []Subuser `json:"items"`
}

// PolicyAddRequest is the body of POST /api/v1/policies.
type PolicyAddRequest struct {
	Account     string   `json:"account,omitempty"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Rules       []string `json:"rules"`
}

// PolicyUpdateRequest is the body of PUT /api/v1/policies/{name}; what is
// left out (or null) stays as it is.
type PolicyUpdateRequest struct {
	Description *string  `json:"description,omitempty"`
	Rules       []string `json:"rules,omitempty"`
}

// Policy is an Aperture policy of an account.
type Policy struct {
	ID          int64     `json:"id"`
	Account     string    `json:"account"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Rules       []string  `json:"rules"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// PolicyList is the body of GET /api/v1/policies.
type PolicyList struct {
	Items []Policy `json:"items"`
}

// RoleAddRequest is the body of POST /api/v1/roles.
type RoleAddRequest struct {
	Account        string   `json:"account,omitempty"`
	Name           string   `json:"name"`
	Policies       []string `json:"policies,omitempty"`
	Members        []string `json:"members,omitempty"`
	DefaultMembers []string `json:"default_members,omitempty"`
}

// RoleUpdateRequest is the body of PUT /api/v1/roles/{name}: each list
// given replaces the role's; null (or left out) leaves it as it is.
type RoleUpdateRequest struct {
	Policies       []string `json:"policies"`
	Members        []string `json:"members"`
	DefaultMembers []string `json:"default_members"`
}

// Role is a role of an account.
type Role struct {
	ID             int64     `json:"id"`
	Account        string    `json:"account"`
	Name           string    `json:"name"`
	Policies       []string  `json:"policies"`
	Members        []string  `json:"members"`
	DefaultMembers []string  `json:"default_members"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// RoleList is the body of GET /api/v1/roles.
type RoleList struct {
	Items []Role `json:"items"`
}

// RoleTagsRequest is the body of PUT /api/v1/objects/{type}/{id}/role-tags.
type RoleTagsRequest struct {
	Roles []string `json:"roles"`
}

// RoleTags is the body of GET /api/v1/objects/{type}/{id}/role-tags.
type RoleTags struct {
	Roles []string `json:"roles"`
}
