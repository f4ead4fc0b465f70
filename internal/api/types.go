package api

import "time"

// This file holds the wire types of /api/v1: every JSON body the API reads
// or writes. The Go client (internal/client) uses the same types.

// ErrorResponse is the body of every error response.
type ErrorResponse struct {
	// Error is one line saying what was wrong and what to do.
	Error string `json:"error"`
	// Field names the input field at fault, for 400 responses.
	Field string `json:"field,omitempty"`
}

// MessageResponse is the body of a successful change that returns nothing
// else; Message is the seed's success message ("Successfully added user 'u1'").
type MessageResponse struct {
	Message string `json:"message"`
}

// LoginRequest is the body of POST /api/v1/login.
type LoginRequest struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	Tenant    string `json:"tenant,omitempty"`    // default: the previous login's tenant
	Namespace string `json:"namespace,omitempty"` // must be the user's namespace in the tenant
}

// ExpiredPasswordRequest is the body of POST /api/v1/password/expired: the
// credentials of a user whose password has expired, and the new password.
type ExpiredPasswordRequest struct {
	Username    string `json:"username"`
	Password    string `json:"password"`
	NewPassword string `json:"new_password"`
	Tenant      string `json:"tenant,omitempty"` // default: the previous login's tenant
}

// LoginResponse is the body of a successful login and of a password change.
type LoginResponse struct {
	Token          string    `json:"token"`
	TokenTimestamp int64     `json:"token_timestamp"` // expiry, Unix seconds (as the seed)
	ExpiresAt      time.Time `json:"expires_at"`
	Username       string    `json:"username"`
	Tenant         string    `json:"tenant"`
	Role           string    `json:"role"`
	Tenants        []string  `json:"tenants"`
	Namespace      string    `json:"namespace"`
	// Active is false for an inactive user, who may only read until
	// activated.
	Active bool `json:"active"`
	// PendingAgreements names the agreements the user must sign before
	// they may change anything.
	PendingAgreements []string `json:"pending_agreements"`
}

// WhoAmI is the body of GET /api/v1/whoami.
type WhoAmI struct {
	Username     string    `json:"username"`
	UserID       int64     `json:"user_id"`
	Tenant       string    `json:"tenant"`
	Role         string    `json:"role"`
	Namespace    string    `json:"namespace"`
	Capabilities []string  `json:"capabilities"`
	Tenants      []string  `json:"tenants"`
	ExpiresAt    time.Time `json:"expires_at"`
	// Subuser is set for a sub-user of the account (tenant) it is logged
	// into, whose access Aperture decides with the rules of its
	// ActiveRoles: the account roles it is a default member of, or those
	// the request names. Absent for other users.
	Subuser     bool     `json:"subuser,omitempty"`
	ActiveRoles []string `json:"active_roles,omitempty"`
}

// PasswordChangeRequest is the body of PUT /api/v1/password.
type PasswordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

// UserAddRequest is the body of POST /api/v1/users.
type UserAddRequest struct {
	Username        string   `json:"username"`
	Tenant          string   `json:"tenant"`
	Role            string   `json:"role"`
	Capabilities    []string `json:"capabilities,omitempty"`
	Password        string   `json:"password"`
	FirstName       string   `json:"first_name,omitempty"`
	LastName        string   `json:"last_name,omitempty"`
	Email           string   `json:"email,omitempty"`
	Company         string   `json:"company,omitempty"`
	Phone           string   `json:"phone,omitempty"`
	Namespace       string   `json:"namespace,omitempty"`
	ImportNamespace bool     `json:"import_namespace,omitempty"`
	// ReuseRemovedName gives the new user the name of a removed user.
	ReuseRemovedName bool `json:"reuse_removed_name,omitempty"`
	// Operator, "full" or "read-only", makes the user an operator of
	// tenant Administrators in place of Tenant, Role and Capabilities.
	Operator string `json:"operator,omitempty"`
	// LDAPServer makes the user authenticate against this directory
	// server, as LDAPUserDN when set.
	LDAPServer string `json:"ldap_server,omitempty"`
	LDAPUserDN string `json:"ldap_user_dn,omitempty"`
	// OpenShift makes the user authenticate with their OpenShift
	// password; their OpenShift user must exist.
	OpenShift bool `json:"openshift,omitempty"`
	// PreActivated creates the account with an email and no credentials;
	// its first directory login links it to the entry with that email.
	PreActivated bool `json:"pre_activated,omitempty"`
}

// UserUpdateRequest is the body of PUT /api/v1/users/{name}; nil fields are
// left as they are.
type UserUpdateRequest struct {
	Password  *string `json:"password,omitempty"`
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	Email     *string `json:"email,omitempty"`
	Company   *string `json:"company,omitempty"`
	Phone     *string `json:"phone,omitempty"`
}

// ReplacementUser names who takes over a removed user's namespaces and
// objects in one tenant.
type ReplacementUser struct {
	Tenant          string `json:"tenant"`
	ReplacementUser string `json:"replacement_user"`
}

// UserRemoveRequest is the body of DELETE /api/v1/users. All users are
// removed in one transaction, or none.
type UserRemoveRequest struct {
	Usernames        []string          `json:"usernames"`
	ReplacementUsers []ReplacementUser `json:"replacement_users,omitempty"`
	KeepNamespaces   bool              `json:"keep_namespaces,omitempty"`
}

// UserMergeRequest is the body of POST /api/v1/users/merge.
type UserMergeRequest struct {
	OldUser string `json:"old_user"`
	NewUser string `json:"new_user"`
	DryRun  bool   `json:"dry_run,omitempty"`
}

// UserMergeReport is the answer of POST /api/v1/users/merge: what moved
// from the old user to the new one, or would move in a dry run.
type UserMergeReport struct {
	OldUser          string   `json:"old_user"`
	NewUser          string   `json:"new_user"`
	DryRun           bool     `json:"dry_run"`
	Memberships      []string `json:"memberships"`
	EndedMemberships []string `json:"ended_memberships"`
	Namespaces       []string `json:"namespaces"`
	Objects          []string `json:"objects"`
	Shares           []string `json:"shares"`
	// AccountOwnerOf are the tenants whose account owner the new user
	// becomes.
	AccountOwnerOf []string `json:"account_owner_of"`
}

// RateLimitBurst is a run of requests of one user or tenant refused for
// going over its rate limit.
type RateLimitBurst struct {
	Kind    string    `json:"kind"`
	Name    string    `json:"name"`
	Limit   int       `json:"limit"`
	Refused int64     `json:"refused"`
	Since   time.Time `json:"since"`
	Last    time.Time `json:"last"`
	Active  bool      `json:"active"`
}

// RateLimitList is the body of GET /api/v1/ratelimits.
type RateLimitList struct {
	Items []RateLimitBurst `json:"items"`
}

// UserTenant is one membership as shown in a user listing.
type UserTenant struct {
	Name         string   `json:"name"`
	TenantRole   string   `json:"tenant_role"`
	Capabilities []string `json:"user_capabilities"`
	Namespace    string   `json:"namespace"`
}

// User is a user as listed by GET /api/v1/users and /api/v1/users/{name}.
type User struct {
	ID               int64        `json:"user_id"`
	Username         string       `json:"username"`
	FirstName        string       `json:"first_name"`
	LastName         string       `json:"last_name"`
	FullName         string       `json:"full_name"`
	Email            string       `json:"email"`
	Company          string       `json:"company"`
	Phone            string       `json:"phone"`
	Tenants          []UserTenant `json:"tenants"`
	CurrentTenant    string       `json:"tenant"`
	CurrentRole      string       `json:"current_role"`
	CurrentNamespace string       `json:"namespace"`
	Authentication   string       `json:"authentication"`
	Hidden           bool         `json:"hidden"`
	Disabled         bool         `json:"disabled"`
	// DisabledReason says why a disabled user is (an administrator,
	// dormancy, a merge); absent when enabled.
	DisabledReason string `json:"disabled_reason,omitempty"`
	Deleted        bool   `json:"deleted"`
	// Active is false for an inactive user, who may only read; Invited
	// says the user was set up and may activate themself.
	Active  bool `json:"active"`
	Invited bool `json:"invited"`
	// Locked says whether the user is locked out after failed logins,
	// and LockedUntil until when.
	Locked      bool       `json:"locked"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
	// LastLoginAt is the time of the user's last login; absent if never.
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// UserList is the body of GET /api/v1/users.
type UserList struct {
	Items []User `json:"items"`
	// NextAfter, when not zero, is the "after" parameter for the next page.
	NextAfter int64 `json:"next_after,omitempty"`
}

// Tenant is a tenant as listed by the API.
type Tenant struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Members     int    `json:"members"`
	// AccountOwner is the member who owns the objects the tenant's
	// sub-users register; "" for none.
	AccountOwner string    `json:"account_owner,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// TenantList is the body of GET /api/v1/tenants.
type TenantList struct {
	Items []Tenant `json:"items"`
}

// TenantAddRequest is the body of POST /api/v1/tenants.
type TenantAddRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// TenantUpdateRequest is the body of PUT /api/v1/tenants/{name}.
type TenantUpdateRequest struct {
	Description *string `json:"description,omitempty"`
	// AccountOwner names the new account owner; "" leaves the tenant
	// without one.
	AccountOwner *string `json:"account_owner,omitempty"`
}

// Member is one member of a tenant.
type Member struct {
	Username     string   `json:"username"`
	UserID       int64    `json:"user_id"`
	Role         string   `json:"role"`
	Capabilities []string `json:"user_capabilities"`
	Namespace    string   `json:"namespace"`
}

// MemberList is the body of GET /api/v1/tenants/{name}/members.
type MemberList struct {
	Items []Member `json:"items"`
}

// MembersAddRequest is the body of POST /api/v1/tenants/{name}/members: it
// adds existing users to the tenant, all or none.
type MembersAddRequest struct {
	Usernames    []string `json:"usernames"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
}

// MemberUpdateRequest is the body of PUT /api/v1/tenants/{name}/members/{user}.
type MemberUpdateRequest struct {
	Role string `json:"role"`
}

// MembersRemoveRequest is the body of DELETE /api/v1/tenants/{name}/members:
// it removes users from the tenant, all or none. Their namespaces in the
// tenant go to ReplacementUser when set, else are deleted unless
// KeepNamespaces.
type MembersRemoveRequest struct {
	Usernames       []string `json:"usernames"`
	ReplacementUser string   `json:"replacement_user,omitempty"`
	KeepNamespaces  bool     `json:"keep_namespaces,omitempty"`
}

// Namespace is a namespace record.
type Namespace struct {
	Name      string    `json:"name"`
	Tenant    string    `json:"tenant"`
	Owner     string    `json:"owner"`
	Primary   bool      `json:"primary"`
	CreatedAt time.Time `json:"created_at"`
}

// NamespaceList is the body of GET /api/v1/namespaces.
type NamespaceList struct {
	Items []Namespace `json:"items"`
}

// AuditRecord is one audit record.
type AuditRecord struct {
	ID          int64          `json:"id"`
	Time        time.Time      `json:"time"`
	Actor       string         `json:"actor"`
	ActorID     int64          `json:"actor_id"`
	ActorTenant string         `json:"actor_tenant"`
	Action      string         `json:"action"`
	ObjectType  string         `json:"object_type"`
	ObjectID    string         `json:"object_id"`
	Source      string         `json:"source"`
	Outcome     string         `json:"outcome"`
	Reason      string         `json:"reason,omitempty"`
	Changes     map[string]any `json:"changes,omitempty"`
	RequestID   string         `json:"request_id,omitempty"`
	// PrevHash and Hash chain the record to the one before (see GET
	// /api/v1/audit/verify); empty in records from before the chain.
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// AuditList is the body of GET /api/v1/audit.
type AuditList struct {
	Items []AuditRecord `json:"items"`
	// NextBefore, when not zero, is the "before" parameter for the next page.
	NextBefore int64 `json:"next_before,omitempty"`
}

// Health is the body of GET /healthz.
type Health struct {
	Status string `json:"status"`
}

// Setting is one security setting, as GET /api/v1/settings lists them.
type Setting struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Default     string `json:"default"`
	Description string `json:"description"`
}

// SettingList is the body of GET /api/v1/settings.
type SettingList struct {
	Items []Setting `json:"items"`
}

// SettingRequest is the body of PUT /api/v1/settings/{name}.
type SettingRequest struct {
	Value string `json:"value"`
}

// Token is a live login token, as GET /api/v1/tokens lists them. The token
// itself is never shown; id is its JWT id (jti).
type Token struct {
	ID         string     `json:"id"`
	Username   string     `json:"username"`
	Tenant     string     `json:"tenant"`
	IssuedAt   time.Time  `json:"issued_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	Source     string     `json:"source"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	Current    bool       `json:"current"`
}

// TokenList is the body of GET /api/v1/tokens.
type TokenList struct {
	Items []Token `json:"items"`
}

// SSHKey is a user's public SSH key, as GET /api/v1/users/{name}/keys
// lists them.
type SSHKey struct {
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	Fingerprint string    `json:"fingerprint"`
	Key         string    `json:"key"`
	CreatedAt   time.Time `json:"created_at"`
}

// SSHKeyList is the body of GET /api/v1/users/{name}/keys.
type SSHKeyList struct {
	Items []SSHKey `json:"items"`
}

// SSHKeyAddRequest is the body of POST /api/v1/users/{name}/keys.
type SSHKeyAddRequest struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// AuditVerification is the body of GET /api/v1/audit/verify.
type AuditVerification struct {
	Records          int64  `json:"records"`
	Chained          int64  `json:"chained"`
	Intact           bool   `json:"intact"`
	Checkpoint       int64  `json:"checkpoint,omitempty"`
	PrunedThrough    int64  `json:"pruned_through,omitempty"`
	BrokenCheckpoint int64  `json:"broken_checkpoint,omitempty"`
	BrokenID         int64  `json:"broken_id,omitempty"`
	Reason           string `json:"reason,omitempty"`
}

// Agreement is a user agreement, as GET /api/v1/agreements lists it (Text
// only from GET /api/v1/agreements/{name}).
type Agreement struct {
	Name            string    `json:"name"`
	Text            string    `json:"text,omitempty"`
	Required        bool      `json:"required"`
	ApplyToExisting bool      `json:"apply_to_existing"`
	CreatedAt       time.Time `json:"created_at"`
	// SignedAt is when the caller signed it; absent if they have not.
	SignedAt *time.Time `json:"signed_at,omitempty"`
}

// AgreementList is the body of GET /api/v1/agreements.
type AgreementList struct {
	Items []Agreement `json:"items"`
}

// AgreementAddRequest is the body of POST /api/v1/agreements.
type AgreementAddRequest struct {
	Name            string `json:"name"`
	Text            string `json:"text"`
	Required        bool   `json:"required,omitempty"`
	ApplyToExisting bool   `json:"apply_to_existing,omitempty"`
}

// Signature is a user's signature of an agreement.
type Signature struct {
	Username  string    `json:"username"`
	Agreement string    `json:"agreement"`
	SignedAt  time.Time `json:"signed_at"`
}

// SignatureList is the body of GET /api/v1/agreement-signatures.
type SignatureList struct {
	Items []Signature `json:"items"`
}
