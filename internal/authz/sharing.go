package authz

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ShareTarget says with whom an object is shared.
type ShareTarget string

// The two kinds of share.
const (
	// ShareWithTenant shares an object with a whole tenant. Only a
	// superadmin may share with a tenant other than the object's own.
	ShareWithTenant ShareTarget = "tenant"
	// ShareWithUser shares an object with members of its tenant.
	ShareWithUser ShareTarget = "user"
)

// ShareRule says that objects of one type can be shared with one kind of
// target, what the sharer needs, and which operations the share may grant.
// The rules are the data behind "object-share list-options".
type ShareRule struct {
	Type   ObjectType
	Target ShareTarget
	// Share and Unshare are the operations the sharer needs on Type to make
	// and to withdraw such a share.
	Share, Unshare Operation
	// Operations are the operations a share may grant, in the order
	// Registry.Operations gives them.
	Operations []Operation
	// Default are the operations granted when a share names none.
	Default []Operation
	// AllMembers, for a tenant share, gives the operations to every member
	// of the tenant (a shared bundle can be used by all of them at once).
	// Otherwise a tenant share gives them to the tenant's administrators,
	// who can share the object on with members if granted user_share.
	AllMembers bool
}

// Allows reports whether a share of this kind may grant op.
func (r ShareRule) Allows(op Operation) bool { return slices.Contains(r.Operations, op) }

// shareRules is the sharing table. The Robin document lists Storage Repos
// and Application Backups as shareable with tenants, and Storage Repos,
// Applications, Application Backups, Application Snapshots and Namespaces
// as shareable with tenant users. Its capabilities add the Kubernetes
// variants (TenantShareBackups, ShareApplications) and the types
// ShareObjectsWithTenants shares with whole tenants (bundles, images,
// Docker registries). Sharing never grants create (a type, not an object,
// operation), change_owner, or the right to share across tenants.
var shareRules = []ShareRule{
	{Type: "STORAGE_REPO", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_unshare",
		Operations: []Operation{"view", "update", "purge", "push", "reclaim", "scan", "user_share", "user_unshare"},
		Default:    []Operation{"view", "push"}},
	{Type: "BACKUP", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_unshare",
		Operations: []Operation{"view", "update", "delete", "export", "import", "purge", "user_share", "user_unshare"},
		Default:    []Operation{"view"}},
	{Type: "K8S_BACKUP", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_unshare",
		Operations: []Operation{"view", "update", "delete", "export", "import", "purge", "user_share", "user_unshare"},
		Default:    []Operation{"view"}},
	{Type: "BUNDLE", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_share",
		Operations: []Operation{"view"}, Default: []Operation{"view"}, AllMembers: true},
	{Type: "IMAGE", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_share",
		Operations: []Operation{"view"}, Default: []Operation{"view"}, AllMembers: true},
	{Type: "DOCKER_REGISTRY", Target: ShareWithTenant, Share: "tenant_share", Unshare: "tenant_share",
		Operations: []Operation{"view"}, Default: []Operation{"view"}, AllMembers: true},

	{Type: "STORAGE_REPO", Target: ShareWithUser, Share: "user_share", Unshare: "user_unshare",
		Operations: []Operation{"view", "update", "purge", "push", "reclaim", "scan"},
		Default:    []Operation{"view", "push"}},
	{Type: "APPLICATION", Target: ShareWithUser, Share: "share", Unshare: "unshare",
		Operations: []Operation{"view", "update", "backup", "clone", "config", "probe", "restart", "restore", "scale", "snapshot", "start", "stop"},
		Default:    []Operation{"view"}},
	{Type: "K8S_APPLICATION", Target: ShareWithUser, Share: "share", Unshare: "unshare",
		Operations: []Operation{"view", "update", "backup", "clone", "config", "probe", "restart", "restore", "scale", "snapshot", "start", "stop"},
		Default:    []Operation{"view"}},
	{Type: "BACKUP", Target: ShareWithUser, Share: "user_share", Unshare: "user_unshare",
		Operations: []Operation{"view", "update", "export", "import"},
		Default:    []Operation{"view"}},
	{Type: "K8S_BACKUP", Target: ShareWithUser, Share: "user_share", Unshare: "user_unshare",
		Operations: []Operation{"view", "update", "export", "import"},
		Default:    []Operation{"view"}},
	{Type: "SNAPSHOT", Target: ShareWithUser, Share: "share", Unshare: "unshare",
		Operations: []Operation{"view", "update"},
		Default:    []Operation{"view"}},
	{Type: "NAMESPACE", Target: ShareWithUser, Share: "user_share", Unshare: "user_unshare",
		Operations: []Operation{"view", "update", "deploy_app"},
		Default:    []Operation{"view", "deploy_app"}},
}

// ShareRules returns copies of all sharing rules: tenant shares first,
// then user shares.
func ShareRules() []ShareRule {
	rs := make([]ShareRule, len(shareRules))
	for i, r := range shareRules {
		rs[i] = r.clone()
	}
	return rs
}

func (r ShareRule) clone() ShareRule {
	r.Operations = slices.Clone(r.Operations)
	r.Default = slices.Clone(r.Default)
	return r
}

// ShareRuleFor returns the rule for sharing objects of type t with target,
// and false if such objects cannot be shared so.
func ShareRuleFor(target ShareTarget, t ObjectType) (ShareRule, bool) {
	for _, r := range shareRules {
		if r.Target == target && r.Type == t {
			return r.clone(), true
		}
	}
	return ShareRule{}, false
}

// Shareable returns the types that can be shared with target, in table
// order.
func Shareable(target ShareTarget) []ObjectType {
	var ts []ObjectType
	for _, r := range shareRules {
		if r.Target == target {
			ts = append(ts, r.Type)
		}
	}
	return ts
}

// CheckShare reports whether objects of type t may be shared with target
// granting ops, as a *gatehouse.FieldError for field "object_type" or
// "operations" that lists the valid values.
func CheckShare(target ShareTarget, t ObjectType, ops []Operation) error {
	if target != ShareWithTenant && target != ShareWithUser {
		return gatehouse.Invalid("target", "must be %s or %s (got %s)", ShareWithTenant, ShareWithUser, quote(string(target)))
	}
	r, ok := ShareRuleFor(target, t)
	if !ok {
		return gatehouse.Invalid("object_type", "objects of type %s cannot be shared with a %s; shareable types: %s", quote(string(t)), target, join(Shareable(target)))
	}
	for _, op := range ops {
		if !r.Allows(op) {
			return gatehouse.Invalid("operations", "a %s share of %s cannot grant %s; valid operations: %s", target, t, quote(string(op)), join(r.Operations))
		}
	}
	return nil
}
