package gatehouse

import "time"

// Namespace is a Kubernetes namespace record bound to a tenant and owned by a
// user. Gatehouse keeps the record; platforms read it through the API.
type Namespace struct {
	Name      NamespaceName
	TenantID  TenantID
	OwnerID   UserID
	Primary   bool // the owner's primary namespace in the tenant
	CreatedAt time.Time

	TenantName TenantName // filled in on read
	OwnerName  UserName   // filled in on read
}

// NamespaceQuery selects namespaces; zero fields do not filter.
type NamespaceQuery struct {
	TenantID TenantID
	OwnerID  UserID
}

// SigningKey is an Ed25519 key used to sign tokens.
type SigningKey struct {
	ID        string // the JWT "kid"
	Seed      []byte // the 32-byte Ed25519 private key seed
	CreatedAt time.Time
}
