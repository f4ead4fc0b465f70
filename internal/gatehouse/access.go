package gatehouse

import "time"

// CapabilityRecord is a custom user capability as stored. Built-in
// capabilities are data embedded in the binary and never stored.
type CapabilityRecord struct {
	ID          int64
	Name        string
	Description string
	Hidden      bool
	TenantRoles []Role   // in the order given
	Providers   []string // capability names, in the order given
	Entries     []string // "OBJECT_TYPE:operation", in the order given
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ObjectTypeRecord is an object type a platform registered, with its
// operations. Built-in types are not stored.
type ObjectTypeRecord struct {
	Name       string
	Operations []string
	CreatedAt  time.Time
}

// Object is a platform object a user created: an application, a backup, a
// storage repo. Gatehouse keeps its owner and tenant to decide who may act
// on it. Namespaces are objects of type NAMESPACE kept in their own table.
type Object struct {
	Type      string
	ID        string
	Name      string
	TenantID  TenantID
	OwnerID   UserID
	CreatedAt time.Time

	// Size attributes, all optional, which provisioning limits count:
	// the zone (datacenter) it runs in, its memory in MiB and disk in
	// GiB (0: not stated), and its image and operating system.
	Zone   string
	Memory int64
	Disk   int64
	Image  string
	OS     string

	TenantName TenantName // filled in on read
	OwnerName  UserName   // filled in on read
}

// ObjectQuery selects objects; zero fields do not filter. Results are
// ordered by type, then id.
type ObjectQuery struct {
	Type     string
	TenantID TenantID
	OwnerID  UserID
	Limit    int // 0: no limit
}

// Share grants operations on one object to one tenant (TenantID set) or
// one user (UserID set); exactly one of the two is set.
type Share struct {
	ObjectType string
	ObjectID   string
	TenantID   TenantID
	UserID     UserID
	Operations []string
	CreatedBy  UserID
	CreatedAt  time.Time

	TenantName TenantName // filled in on read, for tenant shares
	UserName   UserName   // filled in on read, for user shares
}

// ShareQuery selects shares; zero fields do not filter.
type ShareQuery struct {
	ObjectType string
	ObjectID   string
	TenantID   TenantID
	UserID     UserID
}

// APIKey is a service account's credential. Only a hash of the secret is
// kept; the secret is shown once, when the key is made.
type APIKey struct {
	ID        string // public part of the key, unique
	UserID    UserID
	TenantID  TenantID // the tenant the key acts in
	Hash      string   // SHA-256 of the secret, hex
	ExpiresAt time.Time
	CreatedAt time.Time
}
