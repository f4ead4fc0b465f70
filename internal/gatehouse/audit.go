package gatehouse

import "time"

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure" // bad input, conflict, failed login
	OutcomeDenied  = "denied"  // refused by authorization
)

// AuditRecord is one entry of the audit trail: a login attempt or a change.
// It never holds a password or a token.
type AuditRecord struct {
	ID          int64
	Time        time.Time
	ActorID     UserID     // 0 when the actor is unknown (a failed login)
	ActorName   UserName   // as given, even when no such user exists
	ActorTenant TenantName // the tenant the actor was logged into
	Action      string     // "login", "user.add", "tenant.remove", ...
	ObjectType  string     // "USER", "TENANT", "NAMESPACE", ...
	ObjectID    string     // the object's name or id
	Source      string     // the client's address
	Outcome     string     // OutcomeSuccess, OutcomeFailure or OutcomeDenied
	// Reason explains a failure ("bad password", "unknown user"); for
	// operators only, never sent to the client that failed.
	Reason string
	// Changes maps changed field names to their new values.
	Changes   map[string]any
	RequestID string
	// PrevHash is the hex SHA-256 of the previous record's canonical
	// encoding (audit.Canonical), and Hash that of this record's, which
	// includes PrevHash: together a hash chain, so that changing, removing
	// or reordering a record breaks it. Both are empty in records written
	// before the chain began.
	PrevHash string
	Hash     string
}

// AuditQuery selects audit records, newest first unless OldestFirst. Zero
// fields do not filter.
type AuditQuery struct {
	Actor      UserName
	Action     string
	ObjectType string
	ObjectID   string
	Outcome    string
	Since      time.Time
	Until      time.Time
	BeforeID   int64 // keyset pagination: records with a smaller id
	AfterID    int64 // keyset pagination: records with a larger id
	// OldestFirst lists the records in the order they were appended.
	OldestFirst bool
	Limit       int
}

// AuditCheckpoint stands for records pruned from the start of the trail,
// so that what is left still verifies: the first record kept must chain
// to LastHash. The server signs each checkpoint (audit.SignCheckpoint), so
// that one cannot be forged without its key.
type AuditCheckpoint struct {
	ID       int64
	LastID   int64  // the last record pruned; 0 for none
	LastHash string // its Hash
	Pruned   int64  // how many records this pruning removed
	// Unchained is the last record written before the hash chain began:
	// records up to it may have no Hash. Each checkpoint carries it
	// forward from the one before.
	Unchained int64
	Time      time.Time
	KeyID     string // the token signing key that signed it
	Signature []byte // Ed25519 over audit.CheckpointMessage
}
