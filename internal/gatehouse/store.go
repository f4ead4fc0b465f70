package gatehouse

import (
	"context"
	"time"
)

// Store is a storage backend. All reads and writes happen inside a
// transaction: Update runs fn in a read-write transaction and commits it if
// fn returns nil; View runs fn in a read-only one. A backend retries fn when
// the database reports a serialization failure, so fn must have no effects
// outside the transaction.
//
// Every backend passes the conformance suite in internal/store/storetest.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is one transaction. Its methods return ErrNotFound (possibly wrapped)
// when the record they look up does not exist, and ErrConflict when a write
// breaks a uniqueness rule.
type Tx interface {
	UserStore
	TenantStore
	MembershipStore
	NamespaceStore
	KeyStore
	RevocationStore
	AuditStore
	CapabilityStore
	ObjectTypeStore
	ObjectStore
	ShareStore
	APIKeyStore
	SettingsStore
	PasswordHistoryStore
	TokenStore
	SSHKeyStore
	LimitStore
	LDAPStore
	OpenShiftStore
	AgreementStore
	RuleSetStore
	ApertureStore
}

// UserStore keeps users.
type UserStore interface {
	// CreateUser inserts u, setting u.ID. It returns ErrConflict if a user
	// that is not deleted already has u.Name.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns the user with id, deleted or not, or ErrNotFound.
	UserByID(ctx context.Context, id UserID) (User, error)
	// UserByName returns the user, not deleted, named name, or ErrNotFound.
	UserByName(ctx context.Context, name UserName) (User, error)
	// UpdateUser writes every field of u except ID and CreatedAt. It returns
	// ErrNotFound if no user has u.ID, ErrConflict if u.Name is taken.
	UpdateUser(ctx context.Context, u User) error
	// ListUsers returns the users q selects, in increasing ID order.
	ListUsers(ctx context.Context, q UserQuery) ([]User, error)
	// DormantUsers returns up to limit live, enabled, listed (not hidden)
	// users with ids above after whose last activity (User.LastActiveAt)
	// is before before, in increasing ID order.
	DormantUsers(ctx context.Context, before time.Time, after UserID, limit int) ([]User, error)
	// RemovedUsersNamed returns the removed users who were called name, in
	// increasing ID order.
	RemovedUsersNamed(ctx context.Context, name UserName) ([]User, error)
}

// TenantStore keeps tenants.
type TenantStore interface {
	// CreateTenant inserts t, setting t.ID; ErrConflict if the name is taken.
	CreateTenant(ctx context.Context, t *Tenant) error
	// TenantByID returns the tenant with id, or ErrNotFound.
	TenantByID(ctx context.Context, id TenantID) (Tenant, error)
	// TenantByName returns the tenant named name, or ErrNotFound.
	TenantByName(ctx context.Context, name TenantName) (Tenant, error)
	// UpdateTenant writes the name, description and account owner of t;
	// ErrNotFound if no tenant has t.ID.
	UpdateTenant(ctx context.Context, t Tenant) error
	// DeleteTenant removes the tenant; ErrNotFound if it does not exist,
	// ErrConflict if memberships or namespaces still refer to it.
	DeleteTenant(ctx context.Context, id TenantID) error
	// ListTenants returns all tenants in increasing ID order.
	ListTenants(ctx context.Context) ([]Tenant, error)
}

// MembershipStore keeps the memberships of users in tenants.
type MembershipStore interface {
	// AddMembership inserts m; ErrConflict if the user is already a member,
	// ErrNotFound if the user or tenant does not exist.
	AddMembership(ctx context.Context, m Membership) error
	// UpdateMembership writes the role, capabilities and namespace of m;
	// ErrNotFound if there is no such membership.
	UpdateMembership(ctx context.Context, m Membership) error
	// RemoveMembership deletes the membership; ErrNotFound if absent. If u
	// was the account owner of t, t has no account owner any more.
	RemoveMembership(ctx context.Context, u UserID, t TenantID) error
	// Membership returns the membership of u in t, or ErrNotFound.
	Membership(ctx context.Context, u UserID, t TenantID) (Membership, error)
	// MembershipsOfUsers returns the memberships of the given users, ordered
	// by user id, then tenant id.
	MembershipsOfUsers(ctx context.Context, users []UserID) ([]Membership, error)
	// MembershipsOfTenant returns the memberships of t in user id order.
	MembershipsOfTenant(ctx context.Context, t TenantID) ([]Membership, error)
}

// NamespaceStore keeps namespace records.
type NamespaceStore interface {
	// CreateNamespace inserts ns; ErrConflict if the name is taken.
	CreateNamespace(ctx context.Context, ns Namespace) error
	// NamespaceByName returns the namespace, or ErrNotFound.
	NamespaceByName(ctx context.Context, name NamespaceName) (Namespace, error)
	// UpdateNamespace writes the tenant, owner and primary flag of ns;
	// ErrNotFound if it does not exist.
	UpdateNamespace(ctx context.Context, ns Namespace) error
	// DeleteNamespace removes the namespace and its shares; ErrNotFound if
	// absent.
	DeleteNamespace(ctx context.Context, name NamespaceName) error
	// ListNamespaces returns the namespaces q selects, ordered by name.
	ListNamespaces(ctx context.Context, q NamespaceQuery) ([]Namespace, error)
}

// KeyStore keeps token signing keys.
type KeyStore interface {
	// AddSigningKey stores k; ErrConflict if its ID exists.
	AddSigningKey(ctx context.Context, k SigningKey) error
	// SigningKeys returns all keys, oldest first.
	SigningKeys(ctx context.Context) ([]SigningKey, error)
}

// RevocationStore keeps revoked token ids until the tokens expire.
type RevocationStore interface {
	// RevokeToken records that the token with id jti, valid until expires,
	// is revoked. Revoking twice is not an error.
	RevokeToken(ctx context.Context, jti string, expires time.Time) error
	// TokenRevoked reports whether jti was revoked.
	TokenRevoked(ctx context.Context, jti string) (bool, error)
	// PurgeRevocations forgets revocations of tokens that expired before t.
	PurgeRevocations(ctx context.Context, t time.Time) error
}

// AuditStore keeps the audit trail. Records are appended in the transaction
// of the change they describe.
type AuditStore interface {
	// AppendAudit inserts r, setting r.ID.
	AppendAudit(ctx context.Context, r *AuditRecord) error
	// ListAudit returns the records q selects, newest first (oldest first
	// with q.OldestFirst).
	ListAudit(ctx context.Context, q AuditQuery) ([]AuditRecord, error)
	// LastAuditHash returns the Hash of the newest record, or "" if there
	// is none.
	LastAuditHash(ctx context.Context) (string, error)
	// AuditChain returns up to limit records with ids above after, oldest
	// first.
	AuditChain(ctx context.Context, after int64, limit int) ([]AuditRecord, error)
	// PlanAuditPrune returns the checkpoint that pruning the records older
	// than before would write: the records appended before the first one
	// at or after before. It sets LastID, LastHash and Pruned, which is 0
	// when there is nothing to prune.
	PlanAuditPrune(ctx context.Context, before time.Time) (AuditCheckpoint, error)
	// PruneAudit deletes the records with ids up to cp.LastID and stores
	// cp, setting cp.ID. It returns ErrConflict, deleting nothing, if that
	// is not cp.Pruned records.
	PruneAudit(ctx context.Context, cp *AuditCheckpoint) error
	// LastAuditCheckpoint returns the newest checkpoint, or ErrNotFound.
	LastAuditCheckpoint(ctx context.Context) (AuditCheckpoint, error)
}

// CapabilityStore keeps custom user capabilities.
type CapabilityStore interface {
	// CreateCapability inserts c, setting c.ID; ErrConflict if the name is
	// taken.
	CreateCapability(ctx context.Context, c *CapabilityRecord) error
	// UpdateCapability writes every field of c but ID, Name and CreatedAt,
	// finding it by name; ErrNotFound if absent.
	UpdateCapability(ctx context.Context, c CapabilityRecord) error
	// DeleteCapability removes the named capability; ErrNotFound if absent.
	DeleteCapability(ctx context.Context, name string) error
	// ListCapabilities returns all custom capabilities in ID order.
	ListCapabilities(ctx context.Context) ([]CapabilityRecord, error)
}

// ObjectTypeStore keeps object types registered by platforms.
type ObjectTypeStore interface {
	// PutObjectType inserts t, or replaces the operations of the type with
	// that name.
	PutObjectType(ctx context.Context, t ObjectTypeRecord) error
	// ListObjectTypes returns all registered types ordered by name.
	ListObjectTypes(ctx context.Context) ([]ObjectTypeRecord, error)
}

// ObjectStore keeps platform objects.
type ObjectStore interface {
	// CreateObject inserts o; ErrConflict if (type, id) exists, ErrNotFound
	// if the tenant or owner does not exist.
	CreateObject(ctx context.Context, o Object) error
	// ObjectByRef returns the object, or ErrNotFound.
	ObjectByRef(ctx context.Context, typ, id string) (Object, error)
	// UpdateObject writes every field of o but Type, ID and CreatedAt
	// (name, tenant, owner, size attributes); ErrNotFound if absent.
	UpdateObject(ctx context.Context, o Object) error
	// DeleteObject removes the object and its shares; ErrNotFound if absent.
	DeleteObject(ctx context.Context, typ, id string) error
	// ListObjects returns the objects q selects, ordered by type, then id.
	ListObjects(ctx context.Context, q ObjectQuery) ([]Object, error)
}

// ShareStore keeps object shares. Shares of namespaces and of objects live
// here alike, keyed by object type and id.
type ShareStore interface {
	// PutShare inserts s, or replaces the operations of the share of that
	// object with that tenant or user.
	PutShare(ctx context.Context, s Share) error
	// DeleteShare removes the share of the object with tenant t or user u
	// (one of them zero); ErrNotFound if absent.
	DeleteShare(ctx context.Context, typ, id string, t TenantID, u UserID) error
	// ListShares returns the shares q selects, ordered by object type, id,
	// then tenant shares before user shares.
	ListShares(ctx context.Context, q ShareQuery) ([]Share, error)
}

// APIKeyStore keeps service account keys.
type APIKeyStore interface {
	// CreateAPIKey inserts k; ErrConflict if the id exists.
	CreateAPIKey(ctx context.Context, k APIKey) error
	// APIKeyByID returns the key, or ErrNotFound.
	APIKeyByID(ctx context.Context, id string) (APIKey, error)
	// ListAPIKeys returns the keys of user u (all keys if u is 0), oldest
	// first.
	ListAPIKeys(ctx context.Context, u UserID) ([]APIKey, error)
	// DeleteAPIKey removes the key; ErrNotFound if absent.
	DeleteAPIKey(ctx context.Context, id string) error
}

// LimitStore keeps provisioning limits and counts what they limit.
type LimitStore interface {
	// CreateLimit inserts l, setting l.ID; ErrConflict if a limit with the
	// same scope and resource exists, ErrNotFound if its tenant or user
	// does not exist.
	CreateLimit(ctx context.Context, l *Limit) error
	// LimitByID returns the limit, or ErrNotFound.
	LimitByID(ctx context.Context, id int64) (Limit, error)
	// DeleteLimit removes the limit; ErrNotFound if absent. Deleting a
	// tenant or user deletes their limits too.
	DeleteLimit(ctx context.Context, id int64) error
	// ListLimits returns the limits of tenant t, of every tenant if t is 0,
	// in increasing ID order.
	ListLimits(ctx context.Context, t TenantID) ([]Limit, error)
	// ObjectUsage returns the number and the total memory and disk of the
	// objects s selects (LimitScope.Counts). Write transactions are
	// serialized, so in an Update the usage read stays true until the
	// commit: a check of it cannot be raced by another writer.
	ObjectUsage(ctx context.Context, s LimitScope) (Usage, error)
}
