package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Actions of the provisioning limit use cases.
const (
	ActLimitAdd    identity.Action = "limit.add"
	ActLimitRemove identity.Action = "limit.remove"
	ActLimitList   identity.Action = "limit.list"
)

// limitObjectType is the audit object type of limits.
const limitObjectType = "LIMIT"

// LimitInput describes a provisioning limit to add.
type LimitInput struct {
	Tenant     gatehouse.TenantName
	User       gatehouse.UserName // "": the whole tenant
	Zone       string
	ObjectType string
	Resource   string // count, memory or disk
	Value      int64  // 0 unlimited, -1 blocked, else the cap
	Image      string // "": any image
	OS         string // "": any operating system
}

// validate checks the fields of in that need no lookup, every problem at
// once.
func (in *LimitInput) validate() error {
	var errs []error
	errs = append(errs, validZone("zone", in.Zone, true))
	switch gatehouse.LimitResource(in.Resource) {
	case gatehouse.LimitCount, gatehouse.LimitMemory, gatehouse.LimitDisk:
	default:
		errs = append(errs, gatehouse.Invalid("resource", "must be count, memory or disk, not %q", in.Resource))
	}
	if in.Value < gatehouse.Blocked {
		errs = append(errs, gatehouse.Invalid("value", "must be -1 (blocked), 0 (unlimited) or a positive cap, not %d", in.Value))
	}
	errs = append(errs, validLabel("image", in.Image), validLabel("os", in.OS))
	if in.Image != "" && in.OS != "" {
		errs = append(errs, gatehouse.Invalid("os", "a limit is for one image or one OS, not both: drop image or os"))
	}
	return errors.Join(errs...)
}

// AddLimit adds a provisioning limit. Only superadmins (operators) set
// limits.
func (s *Service) AddLimit(ctx context.Context, p *identity.Principal, in LimitInput) (string, error) {
	var l gatehouse.Limit
	err := s.Identity.Change(ctx, p, ActLimitAdd, limitObjectType, string(in.Tenant), func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		if err := requireSuperadmin(p, ActLimitAdd); err != nil {
			return nil, err
		}
		if err := errors.Join(in.validate(), s.checkLimitType(in.ObjectType)); err != nil {
			return nil, err
		}
		t, err := tx.TenantByName(ctx, in.Tenant)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "tenant %s does not exist", in.Tenant)
		}
		if err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActLimitAdd, tenantTarget(t.ID)); err != nil {
			return nil, err
		}
		l = gatehouse.Limit{
			LimitScope: gatehouse.LimitScope{TenantID: t.ID, Zone: in.Zone, ObjectType: in.ObjectType, Image: in.Image, OS: in.OS},
			Resource:   gatehouse.LimitResource(in.Resource), Value: in.Value, CreatedAt: s.Now().UTC(),
			TenantName: t.Name, UserName: in.User,
		}
		if in.User != "" {
			u, err := tx.UserByName(ctx, in.User)
			if errors.Is(err, gatehouse.ErrNotFound) {
				return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s does not exist", in.User)
			}
			if err != nil {
				return nil, err
			}
			if u.Account != 0 {
				return nil, gatehouse.Invalid("user", "%s is a sub-user, and sub-users own no objects (those they register belong to the account owner): set the limit on the account owner or on tenant %s", in.User, t.Name)
			}
			if _, err := tx.Membership(ctx, u.ID, t.ID); err != nil {
				return nil, gatehouse.Invalid("user", "user %s is not a member of tenant %s: limits apply to the owners of a tenant's objects", in.User, t.Name)
			}
			l.UserID = u.ID
		}
		if err := sameLimit(ctx, tx, &l); err != nil {
			return nil, err
		}
		if err := tx.CreateLimit(ctx, &l); err != nil {
			return nil, err
		}
		return limitChanges(&l), nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Limit %d added: %s", l.ID, describeLimit(&l)), nil
}

// checkLimitType refuses object types that are unknown or not kept as
// objects.
func (s *Service) checkLimitType(typ string) error {
	if typ == namespaceType {
		return gatehouse.Invalid("object_type", "namespaces are not provisioned objects: limits count registered objects")
	}
	return s.checkObjectType(typ)
}

// sameLimit refuses l if a limit with its scope and resource exists.
func sameLimit(ctx context.Context, tx gatehouse.Tx, l *gatehouse.Limit) error {
	ls, err := tx.ListLimits(ctx, l.TenantID)
	if err != nil {
		return err
	}
	for i := range ls {
		if ls[i].LimitScope == l.LimitScope && ls[i].Resource == l.Resource {
			return gatehouse.Errorf(gatehouse.ErrConflict, "limit %d has that scope and resource already: remove it first with 'gatehouse limit remove %d'", ls[i].ID, ls[i].ID)
		}
	}
	return nil
}

// RemoveLimit removes a provisioning limit. Only superadmins may.
func (s *Service) RemoveLimit(ctx context.Context, p *identity.Principal, id int64) (string, error) {
	ref := fmt.Sprint(id)
	err := s.Identity.Change(ctx, p, ActLimitRemove, limitObjectType, ref, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		if err := requireSuperadmin(p, ActLimitRemove); err != nil {
			return nil, err
		}
		l, err := tx.LimitByID(ctx, id)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "limit %d does not exist: see 'gatehouse limit list'", id)
		}
		if err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActLimitRemove, tenantTarget(l.TenantID)); err != nil {
			return nil, err
		}
		if err := tx.DeleteLimit(ctx, id); err != nil {
			return nil, err
		}
		c := limitChanges(&l)
		c["deleted"] = true
		return c, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Limit %d removed", id), nil
}

// limitChanges returns the audited fields of a limit.
func limitChanges(l *gatehouse.Limit) map[string]any {
	c := map[string]any{"limit": describeLimit(l), "tenant": l.TenantName, "zone": l.Zone,
		"object_type": l.ObjectType, "resource": l.Resource, "value": l.Value}
	for k, v := range map[string]string{"user": string(l.UserName), "image": l.Image, "os": l.OS} {
		if v != "" {
			c[k] = v
		}
	}
	return c
}

// LimitUsage is a provisioning limit and what the objects it counts use
// now.
type LimitUsage struct {
	gatehouse.Limit
	Used int64
}

// ListLimitUsage returns the limits of tenant (of every tenant when
// empty) with their current use. Superadmins see every tenant's;
// tenantadmins those of the tenant they are logged into, which is also
// what an empty tenant means for them.
func (s *Service) ListLimitUsage(ctx context.Context, p *identity.Principal, tenant gatehouse.TenantName) ([]LimitUsage, error) {
	if tenant == "" && !p.IsSuperadmin() {
		tenant = p.Tenant.Name
	}
	var out []LimitUsage
	err := s.Identity.View(ctx, p, ActLimitList, limitObjectType, string(tenant), func(tx gatehouse.Tx) error {
		if !p.IsSuperadmin() && (p.Role() != gatehouse.RoleTenantadmin || tenant != p.Tenant.Name) {
			return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: only a superadmin, or a tenantadmin of the tenant logged into it, may list its limits", ActLimitList)
		}
		var tid gatehouse.TenantID
		if tenant != "" {
			t, err := tx.TenantByName(ctx, tenant)
			if errors.Is(err, gatehouse.ErrNotFound) {
				return gatehouse.Errorf(gatehouse.ErrNotFound, "tenant %s does not exist", tenant)
			}
			if err != nil {
				return err
			}
			tid = t.ID
		}
		if err := s.Identity.OperatorRules(p, ActLimitList, tenantTarget(tid)); err != nil {
			return err
		}
		ls, err := tx.ListLimits(ctx, tid)
		if err != nil {
			return err
		}
		for _, l := range ls {
			u, err := tx.ObjectUsage(ctx, l.LimitScope)
			if err != nil {
				return err
			}
			out = append(out, LimitUsage{Limit: l, Used: u.Of(l.Resource)})
		}
		return nil
	})
	return out, err
}

// enforceLimits refuses writing o, a new object when old is nil or else
// old resized or given to another owner, if that would take what any
// limit counts over its value: a limit that counted old counts only the
// difference. Limits never override one another: every limit that counts o
// must hold, so a user's limit can narrow the tenant's and not widen it,
// and an unlimited (0) limit adds no cap. The first limit broken, in id
// order, is named with its current use. A registration must state the
// attributes its limits count by (zone, image, OS, memory, disk), so that
// leaving one out cannot slip past a limit. enforceLimits runs in the
// write transaction, which holds the usage it reads until the commit (see
// gatehouse.LimitStore).
func (s *Service) enforceLimits(ctx context.Context, tx gatehouse.Tx, old, o *gatehouse.Object) error {
	ls, err := tx.ListLimits(ctx, o.TenantID)
	if err != nil {
		return err
	}
	for i := range ls {
		l := &ls[i]
		if l.Value == gatehouse.Unlimited || l.ObjectType != o.Type || (l.UserID != 0 && l.UserID != o.OwnerID) {
			continue
		}
		if old == nil {
			if err := statesWhatLimitCounts(l, o); err != nil {
				return err
			}
		}
		if !l.Counts(o) {
			continue
		}
		more := gatehouse.UsageOf(o).Of(l.Resource)
		if old != nil && l.Counts(old) {
			more -= gatehouse.UsageOf(old).Of(l.Resource)
		}
		if more <= 0 {
			continue
		}
		u, err := tx.ObjectUsage(ctx, l.LimitScope)
		if err != nil {
			return err
		}
		used := u.Of(l.Resource)
		switch {
		case l.Value == gatehouse.Blocked:
			return gatehouse.Errorf(gatehouse.ErrConflict, "%s: provisioning is blocked, %s in use", describeLimit(l), amount(l.Resource, used))
		case used+more <= l.Value:
		case l.Resource == gatehouse.LimitCount:
			return gatehouse.Errorf(gatehouse.ErrConflict, "%s reached: %s in use", describeLimit(l), amount(l.Resource, used))
		default:
			return gatehouse.Errorf(gatehouse.ErrConflict, "%s would be exceeded: %s in use, %s more asked", describeLimit(l), amount(l.Resource, used), amount(l.Resource, more))
		}
	}
	return nil
}

// statesWhatLimitCounts refuses a new object of l's tenant, owner and type
// that leaves out an attribute l counts by.
func statesWhatLimitCounts(l *gatehouse.Limit, o *gatehouse.Object) error {
	counted := func(field string) error {
		return gatehouse.Invalid(field, "is required: %s counts %s objects by %s", describeLimit(l), o.Type, field)
	}
	switch {
	case o.Zone == "":
		return counted("zone")
	case o.Zone != l.Zone:
		return nil
	case l.Image != "" && o.Image == "":
		return counted("image")
	case l.OS != "" && o.OS == "":
		return counted("os")
	case !l.Counts(o):
		return nil
	case l.Resource == gatehouse.LimitMemory && o.Memory == 0:
		return counted("memory")
	case l.Resource == gatehouse.LimitDisk && o.Disk == 0:
		return counted("disk")
	}
	return nil
}

// describeLimit names a limit for people:
// "limit 3 (tenant t1, user anna, zone us-east-1, VM memory 2048 MiB, os linux)".
func describeLimit(l *gatehouse.Limit) string {
	s := fmt.Sprintf("limit %d (tenant %s", l.ID, l.TenantName)
	if l.UserName != "" {
		s += ", user " + string(l.UserName)
	}
	s += fmt.Sprintf(", zone %s, %s %s %s", l.Zone, l.ObjectType, l.Resource, limitValue(l.Resource, l.Value))
	if l.Image != "" {
		s += ", image " + l.Image
	}
	if l.OS != "" {
		s += ", os " + l.OS
	}
	return s + ")"
}

// limitValue spells a limit's value: "unlimited", "blocked", "10",
// "2048 MiB", "100 GiB".
func limitValue(r gatehouse.LimitResource, v int64) string {
	switch v {
	case gatehouse.Unlimited:
		return "unlimited"
	case gatehouse.Blocked:
		return "blocked"
	}
	return amount(r, v)
}

// amount spells n of resource r with its unit.
func amount(r gatehouse.LimitResource, n int64) string {
	switch r {
	case gatehouse.LimitMemory:
		return fmt.Sprintf("%d MiB", n)
	case gatehouse.LimitDisk:
		return fmt.Sprintf("%d GiB", n)
	}
	return fmt.Sprint(n)
}
