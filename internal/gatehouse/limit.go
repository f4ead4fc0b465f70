package gatehouse

import "time"

// LimitResource is what a provisioning limit caps.
type LimitResource string

// The resources a limit caps.
const (
	LimitCount  LimitResource = "count"  // the number of objects
	LimitMemory LimitResource = "memory" // their total memory, in MiB
	LimitDisk   LimitResource = "disk"   // their total disk, in GiB
)

// Limit values with a meaning of their own; a positive value is the cap.
const (
	Unlimited int64 = 0  // no cap: the limit counts but never refuses
	Blocked   int64 = -1 // nothing the limit counts may be provisioned
)

// LimitScope selects the objects a limit counts: those of one tenant
// (Triton's account), or of one owner in it, in one zone, of one type, and
// optionally of one image or one operating system.
type LimitScope struct {
	TenantID   TenantID
	UserID     UserID // 0: every owner in the tenant
	Zone       string
	ObjectType string
	Image      string // "": any image
	OS         string // "": any operating system
}

// Counts reports whether the scope selects o.
func (s *LimitScope) Counts(o *Object) bool {
	return o.TenantID == s.TenantID && (s.UserID == 0 || o.OwnerID == s.UserID) &&
		o.Zone == s.Zone && o.Type == s.ObjectType &&
		(s.Image == "" || o.Image == s.Image) && (s.OS == "" || o.OS == s.OS)
}

// Limit is a provisioning limit: the most of Resource the objects its
// scope selects may use together. Value is Unlimited, Blocked, or the cap.
type Limit struct {
	ID int64
	LimitScope
	Resource  LimitResource
	Value     int64
	CreatedAt time.Time

	TenantName TenantName // filled in on read
	UserName   UserName   // filled in on read, for a limit on one user
}

// Usage is what a set of objects uses together.
type Usage struct {
	Count  int64
	Memory int64 // MiB
	Disk   int64 // GiB
}

// Of returns the use of resource r.
func (u Usage) Of(r LimitResource) int64 {
	switch r {
	case LimitMemory:
		return u.Memory
	case LimitDisk:
		return u.Disk
	}
	return u.Count
}

// UsageOf returns what o alone uses.
func UsageOf(o *Object) Usage { return Usage{Count: 1, Memory: o.Memory, Disk: o.Disk} }
