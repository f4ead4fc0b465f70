package api

import "time"

// This file holds the wire types of the authorization endpoints.

// CapabilityEntry is one OBJECT_TYPE:operation permission.
type CapabilityEntry struct {
	ObjectType string `json:"object_type"`
	Operation  string `json:"operation"`
}

// Capability is a user capability, built in or custom.
type Capability struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Group       string            `json:"capability_group"`
	Description string            `json:"description"`
	Hidden      bool              `json:"hidden"`
	TenantRoles []string          `json:"tenant_roles"`
	Providers   []string          `json:"providers"`
	Entries     []CapabilityEntry `json:"capability_entries"`
}

// CapabilityList is the body of GET /api/v1/capabilities.
type CapabilityList struct {
	Items []Capability `json:"items"`
}

// CapabilityAddRequest is the body of POST /api/v1/capabilities.
type CapabilityAddRequest struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	TenantRoles []string `json:"tenant_roles"`
	Providers   []string `json:"providers,omitempty"`
	Entries     []string `json:"capability_entries,omitempty"` // OBJECT_TYPE:operation
	Hidden      bool     `json:"hidden,omitempty"`
}

// CapabilityUpdateRequest is the body of PUT /api/v1/capabilities/{name}.
// Absent fields stay as they are; providers and entries replace the
// current lists.
type CapabilityUpdateRequest struct {
	Description *string   `json:"description,omitempty"`
	TenantRoles *[]string `json:"tenant_roles,omitempty"`
	Providers   *[]string `json:"providers,omitempty"`
	Entries     *[]string `json:"capability_entries,omitempty"`
	Hide        bool      `json:"hide,omitempty"`
	Expose      bool      `json:"expose,omitempty"`
}

// CapabilityEntriesRequest adds or removes entries of a custom capability.
type CapabilityEntriesRequest struct {
	Entries []string `json:"capability_entries"`
}

// CapabilityProvidersRequest adds or removes providers of a custom
// capability.
type CapabilityProvidersRequest struct {
	Providers []string `json:"providers"`
}

// CapabilityOption is a capability that gives some wanted entries.
type CapabilityOption struct {
	Name     string            `json:"name"`
	Group    string            `json:"capability_group"`
	Hidden   bool              `json:"hidden"`
	Provides []CapabilityEntry `json:"provides"`
}

// CapabilityOptionList is the body of GET /api/v1/capabilities/options.
type CapabilityOptionList struct {
	Items []CapabilityOption `json:"items"`
}

// ObjectType is an object type and its operations.
type ObjectType struct {
	Name       string   `json:"name"`
	Operations []string `json:"operations"`
	Builtin    bool     `json:"builtin"`
}

// ObjectTypeList is the body of GET /api/v1/object-types.
type ObjectTypeList struct {
	Items []ObjectType `json:"items"`
}

// ObjectTypeRequest is the body of POST /api/v1/object-types.
type ObjectTypeRequest struct {
	Name       string   `json:"name"`
	Operations []string `json:"operations,omitempty"`
}

// Object is a platform object.
type Object struct {
	Type      string    `json:"object_type"`
	ID        string    `json:"object_id"`
	Name      string    `json:"name"`
	Tenant    string    `json:"tenant"`
	Owner     string    `json:"owner"`
	CreatedAt time.Time `json:"created_at"`
	Zone      string    `json:"zone,omitempty"`
	Memory    int64     `json:"memory,omitempty"` // MiB
	Disk      int64     `json:"disk,omitempty"`   // GiB
	Image     string    `json:"image,omitempty"`
	OS        string    `json:"os,omitempty"`
}

// ObjectList is the body of GET /api/v1/objects.
type ObjectList struct {
	Items []Object `json:"items"`
}

// ObjectAddRequest is the body of POST /api/v1/objects.
type ObjectAddRequest struct {
	Type   string `json:"object_type"`
	ID     string `json:"object_id"`
	Name   string `json:"name,omitempty"`
	Tenant string `json:"tenant"`
	Owner  string `json:"owner"`
	Zone   string `json:"zone,omitempty"`
	Memory int64  `json:"memory,omitempty"` // MiB
	Disk   int64  `json:"disk,omitempty"`   // GiB
	Image  string `json:"image,omitempty"`
	OS     string `json:"os,omitempty"`
}

// ObjectResizeRequest is the body of PATCH /api/v1/objects/{type}/{id}:
// the new memory, disk or both; an absent size stays as it is.
type ObjectResizeRequest struct {
	Memory *int64 `json:"memory,omitempty"` // MiB
	Disk   *int64 `json:"disk,omitempty"`   // GiB
}

// OwnerRequest is the body of PUT /api/v1/objects/{type}/{id}/owner.
type OwnerRequest struct {
	Owner string `json:"owner"`
}

// Share is one share of an object, with a tenant or with a user.
type Share struct {
	Tenant     string    `json:"tenant,omitempty"`
	User       string    `json:"user,omitempty"`
	Operations []string  `json:"operations"`
	CreatedAt  time.Time `json:"created_at"`
}

// ShareList is the body of GET /api/v1/objects/{type}/{id}/shares.
type ShareList struct {
	Items []Share `json:"items"`
}

// ShareRequest adds or removes a share: name a tenant or a user.
type ShareRequest struct {
	Tenant     string   `json:"tenant,omitempty"`
	User       string   `json:"user,omitempty"`
	Operations []string `json:"operations,omitempty"`
}

// ShareRule says which objects can be shared with tenants or users and
// which operations such a share may grant.
type ShareRule struct {
	ObjectType string   `json:"object_type"`
	Target     string   `json:"target"` // "tenant" or "user"
	Share      string   `json:"share_operation"`
	Unshare    string   `json:"unshare_operation"`
	Operations []string `json:"operations"`
	Default    []string `json:"default_operations"`
	AllMembers bool     `json:"all_members"`
}

// ShareRuleList is the body of GET /api/v1/share-options.
type ShareRuleList struct {
	Items []ShareRule `json:"items"`
}

// CheckRequest is the body of POST /api/v1/check. User and Tenant name
// whom to check for (callers allowed to ask on others' behalf); empty: the
// caller.
type CheckRequest struct {
	Operation  string `json:"operation"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id,omitempty"`
	User       string `json:"user,omitempty"`
	Tenant     string `json:"tenant,omitempty"`
	Explain    bool   `json:"explain,omitempty"`
}

// Explanation says why a check was allowed or denied.
type Explanation struct {
	Chain  []string `json:"chain"`
	Rule   string   `json:"rule,omitempty"`
	Denied string   `json:"denied,omitempty"`
}

// CheckResponse answers a check.
type CheckResponse struct {
	Allowed     bool         `json:"allowed"`
	Explanation *Explanation `json:"explanation,omitempty"`
}

// CheckItem is one check of a batch.
type CheckItem struct {
	Operation  string `json:"operation"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id,omitempty"`
}

// BatchCheckRequest is the body of POST /api/v1/check/batch: many checks
// about one subject.
type BatchCheckRequest struct {
	User   string      `json:"user,omitempty"`
	Tenant string      `json:"tenant,omitempty"`
	Checks []CheckItem `json:"checks"`
}

// BatchCheckResponse answers a batch; Results[i] answers Checks[i].
type BatchCheckResponse struct {
	Results []bool `json:"results"`
}

// ServiceAccountRequest is the body of POST /api/v1/service-accounts.
type ServiceAccountRequest struct {
	Name         string   `json:"name"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
	ExpiresIn    string   `json:"expires_in,omitempty"` // Go duration; default 2160h
}

// KeyRequest is the body of POST /api/v1/service-accounts/{name}/keys.
type KeyRequest struct {
	ExpiresIn string `json:"expires_in,omitempty"`
}

// NewKey is a new API key. Key is shown only in this response.
type NewKey struct {
	Name      string    `json:"name"`
	KeyID     string    `json:"key_id"`
	Key       string    `json:"key"`
	ExpiresAt time.Time `json:"expires_at"`
}

// APIKey describes a key without its secret.
type APIKey struct {
	ID        string    `json:"key_id"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

// ServiceAccount is a service account with its keys.
type ServiceAccount struct {
	Name         string   `json:"name"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities"`
	Keys         []APIKey `json:"keys"`
}

// ServiceAccountList is the body of GET /api/v1/service-accounts.
type ServiceAccountList struct {
	Items []ServiceAccount `json:"items"`
}

// MemberCapabilitiesRequest adds or removes capabilities of a member.
type MemberCapabilitiesRequest struct {
	Capabilities []string `json:"capabilities"`
}

// Permission is the operations a member may do on one object type.
type Permission struct {
	ObjectType string   `json:"object_type"`
	Operations []string `json:"operations"`
}

// TenantPermissions are a member's effective permissions in one tenant.
type TenantPermissions struct {
	Tenant       string       `json:"tenant"`
	Role         string       `json:"tenant_role"`
	Capabilities []string     `json:"user_capabilities"`
	Permissions  []Permission `json:"permissions"`
}

// UserPermissions is the body of GET /api/v1/users/{name}/permissions.
type UserPermissions struct {
	Username string              `json:"username"`
	Tenants  []TenantPermissions `json:"tenants"`
}

// LimitAddRequest is the body of POST /api/v1/limits.
type LimitAddRequest struct {
	Tenant     string `json:"tenant"`
	User       string `json:"user,omitempty"`
	Zone       string `json:"zone"`
	ObjectType string `json:"object_type"`
	Resource   string `json:"resource"` // count, memory or disk
	Value      int64  `json:"value"`    // 0 unlimited, -1 blocked, else the cap
	Image      string `json:"image,omitempty"`
	OS         string `json:"os,omitempty"`
}

// LimitUsage is a provisioning limit with what the objects it counts use
// now, in the limit's unit (objects, MiB or GiB).
type LimitUsage struct {
	ID         int64     `json:"id"`
	Tenant     string    `json:"tenant"`
	User       string    `json:"user,omitempty"`
	Zone       string    `json:"zone"`
	ObjectType string    `json:"object_type"`
	Image      string    `json:"image,omitempty"`
	OS         string    `json:"os,omitempty"`
	Resource   string    `json:"resource"`
	Value      int64     `json:"value"`
	Used       int64     `json:"used"`
	CreatedAt  time.Time `json:"created_at"`
}

// LimitUsageList is the body of GET /api/v1/limits/usage.
type LimitUsageList struct {
	Items []LimitUsage `json:"items"`
}
