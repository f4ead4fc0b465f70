package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// Actions of the object use cases.
const (
	ActObjectAdd         identity.Action = "object.add"
	ActObjectRemove      identity.Action = "object.remove"
	ActObjectChangeOwner identity.Action = "object.change_owner"
)

// namespaceType is the object type of namespaces, which are kept by the
// user and tenant use cases.
const namespaceType = string(authz.NamespaceType)

// ObjectInput describes an object a platform registers.
type ObjectInput struct {
	Type   string
	ID     string
	Name   string
	Tenant gatehouse.TenantName
	Owner  gatehouse.UserName

	// Size attributes, all optional (see gatehouse.Object).
	Zone   string
	Memory int64 // MiB
	Disk   int64 // GiB
	Image  string
	OS     string
}

func validObjectID(field, id string, required bool) error {
	switch {
	case id == "" && required:
		return gatehouse.Invalid(field, "is required")
	case len(id) > 256:
		return gatehouse.Invalid(field, "must be at most 256 bytes, not %d", len(id))
	}
	return gatehouse.CheckText(field, id)
}

// AddObject registers an object a user created. The caller needs create on
// its type; a superadmin registers objects in any tenant, a tenantadmin in
// the tenant they are logged into, a user only their own objects there. A
// sub-user registers objects of its account's owner, as Aperture allows
// (subuserRegistration).
func (s *Service) AddObject(ctx context.Context, p *identity.Principal, in ObjectInput) (string, error) {
	ref := in.Type + "/" + in.ID
	err := s.Identity.Change(ctx, p, ActObjectAdd, in.Type, in.ID, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := s.checkObjectType(in.Type); err != nil {
			return nil, err
		}
		o := gatehouse.Object{Type: in.Type, ID: in.ID, Name: in.Name, CreatedAt: s.Now().UTC(),
			Zone: in.Zone, Memory: in.Memory, Disk: in.Disk, Image: in.Image, OS: in.OS}
		if err := errors.Join(validObjectID("object_id", in.ID, true), validObjectID("name", in.Name, false), validSizes(&o)); err != nil {
			return nil, err
		}
		var (
			t     gatehouse.Tenant
			owner gatehouse.User
			tags  []string // a sub-user's active roles
			err   error
		)
		if p.User.Account != 0 {
			if t, owner, tags, err = s.subuserRegistration(ctx, tx, p, &in); err != nil {
				return nil, err
			}
		} else {
			if err := s.permit(p, ActObjectAdd, authz.ObjectType(in.Type), authz.OpCreate); err != nil {
				return nil, err
			}
			if in.Tenant == "" {
				return nil, gatehouse.Invalid("tenant", "is required: the tenant the object belongs to")
			}
			if in.Owner == "" {
				return nil, gatehouse.Invalid("owner", "is required: the username of the object's owner, a member of the tenant")
			}
			if t, owner, err = tenantMember(ctx, tx, in.Tenant, in.Owner); err != nil {
				return nil, err
			}
			if !p.IsSuperadmin() {
				if t.ID != p.Tenant.ID {
					return nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: you may register objects only in tenant %s, which you are logged into", ActObjectAdd, p.Tenant.Name)
				}
				if p.Role() == gatehouse.RoleUser && owner.ID != p.User.ID {
					return nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: you may register only objects you own", ActObjectAdd)
				}
			}
		}
		o.TenantID, o.OwnerID = t.ID, owner.ID
		if err := s.Identity.OperatorRules(p, ActObjectAdd, objectTarget(&o, authz.OpCreate)); err != nil {
			return nil, err
		}
		if err := s.enforceLimits(ctx, tx, nil, &o); err != nil {
			return nil, err
		}
		if err := tx.CreateObject(ctx, o); err != nil {
			if errors.Is(err, gatehouse.ErrConflict) {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "object %s already exists: choose another id, or see 'gatehouse object list --type %s'", ref, in.Type)
			}
			return nil, err
		}
		changes := objectChanges(&o, t.Name, owner.Name)
		if len(tags) > 0 {
			if err := tx.PutRoleTags(ctx, in.Type, in.ID, tags); err != nil {
				return nil, err
			}
			changes["role_tags"] = tags
		}
		ch.Object(in.Type, in.ID)
		return changes, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object %s registered", ref), nil
}

// objectChanges returns the audited fields of a new object: its name,
// tenant and owner, and the size attributes it states.
func objectChanges(o *gatehouse.Object, t gatehouse.TenantName, owner gatehouse.UserName) map[string]any {
	c := map[string]any{"name": o.Name, "tenant": t, "owner": owner}
	for k, v := range map[string]string{"zone": o.Zone, "image": o.Image, "os": o.OS} {
		if v != "" {
			c[k] = v
		}
	}
	for k, v := range map[string]int64{"memory": o.Memory, "disk": o.Disk} {
		if v != 0 {
			c[k] = v
		}
	}
	return c
}

// RemoveObject forgets an object and its shares.
func (s *Service) RemoveObject(ctx context.Context, p *identity.Principal, typ, id string) (string, error) {
	if _, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: typ, ID: id}); err != nil {
		return "", err
	}
	err := s.Identity.Change(ctx, p, ActObjectRemove, typ, id, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if typ == namespaceType {
			return nil, gatehouse.Invalid("object_type", "namespaces are removed with their users or tenants, not as objects")
		}
		if err := s.access(ctx, tx, p, ActObjectRemove, typ, id, authz.OpDelete); err != nil {
			return nil, err
		}
		if err := tx.DeleteObject(ctx, typ, id); err != nil {
			return nil, err
		}
		ch.Object(typ, id)
		return map[string]any{"deleted": true}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object %s/%s removed", typ, id), nil
}

// ChangeOwner gives an object to another member of its tenant. It needs
// change_owner on the object's type (the ChangeOwner capability) and
// access to the object, and the new owner's provisioning limits must
// allow it.
func (s *Service) ChangeOwner(ctx context.Context, p *identity.Principal, typ, id string, owner gatehouse.UserName) (string, error) {
	if _, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: typ, ID: id}); err != nil {
		return "", err
	}
	err := s.Identity.Change(ctx, p, ActObjectChangeOwner, typ, id, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := s.access(ctx, tx, p, ActObjectChangeOwner, typ, id, "change_owner"); err != nil {
			return nil, err
		}
		o, _, _ := s.engine().Object(typ, id)
		t, err := tx.TenantByID(ctx, o.TenantID)
		if err != nil {
			return nil, err
		}
		_, u, err := tenantMember(ctx, tx, t.Name, owner)
		if err != nil {
			return nil, err
		}
		if typ == namespaceType {
			ns, err := tx.NamespaceByName(ctx, gatehouse.NamespaceName(id))
			if err != nil {
				return nil, err
			}
			if ns.Primary {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "namespace %s is the primary namespace of %s and stays theirs while they are members of %s", id, ns.OwnerName, t.Name)
			}
			ns.OwnerID = u.ID
			err = tx.UpdateNamespace(ctx, ns)
		} else {
			cur, err2 := tx.ObjectByRef(ctx, typ, id)
			if err2 != nil {
				return nil, err2
			}
			next := cur
			next.OwnerID = u.ID
			if err := s.enforceLimits(ctx, tx, &cur, &next); err != nil {
				return nil, err
			}
			err = tx.UpdateObject(ctx, next)
		}
		if err != nil {
			return nil, err
		}
		ch.Object(typ, id)
		return map[string]any{"owner": owner}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Owner of %s/%s changed to %s", typ, id, owner), nil
}

// ObjectFilter selects the objects a listing returns: of one type, in one
// tenant, of one owner; an empty field selects all.
type ObjectFilter struct {
	Type   string
	Tenant gatehouse.TenantName
	Owner  gatehouse.UserName
}

// query resolves f's names into a store query in tx. A tenant or owner
// that does not exist is ErrNotFound for those who see every tenant
// (Principal.SeesAll); for others it selects nothing, so that a listing
// does not tell them which names exist. none reports that.
func query(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, f ObjectFilter) (q gatehouse.ObjectQuery, none bool, err error) {
	q.Type = f.Type
	// missing is the answer to a name that was not found.
	missing := func(err error, what string, name any) (gatehouse.ObjectQuery, bool, error) {
		if errors.Is(err, gatehouse.ErrNotFound) && !p.SeesAll() {
			return q, true, nil
		}
		return q, false, notFound(err, "%s %s does not exist", what, name)
	}
	if f.Tenant != "" {
		t, err := tx.TenantByName(ctx, f.Tenant)
		if err != nil {
			return missing(err, "tenant", f.Tenant)
		}
		q.TenantID = t.ID
	}
	if f.Owner != "" {
		u, err := tx.UserByName(ctx, f.Owner)
		if err != nil {
			return missing(err, "user", f.Owner)
		}
		q.OwnerID = u.ID
	}
	return q, false, nil
}

// ListObjects returns the objects f selects that p may see, of one type or
// of all types whose view p's capabilities grant; for a sub-user, the
// objects of its account its active roles may view.
func (s *Service) ListObjects(ctx context.Context, p *identity.Principal, f ObjectFilter) ([]gatehouse.Object, error) {
	typ := f.Type
	if typ != "" {
		if err := s.checkObjectType(typ); err != nil {
			return nil, err
		}
	}
	if err := s.ruled(ctx, p, ActObjectList, typ, "", func() rules.Value { return fieldsTarget("object_type", typ) }); err != nil {
		return nil, err
	}
	if typ != "" && p.User.Account == 0 {
		if err := s.permit(p, ActObjectList, authz.ObjectType(typ), authz.OpView); err != nil {
			return nil, err
		}
	}
	if p.User.Account != 0 {
		return s.subuserObjects(ctx, p, f)
	}
	eng := s.engine()
	subj := s.subject(p)
	var out []gatehouse.Object
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		q, none, err := query(ctx, tx, p, f)
		if err != nil || none {
			return err
		}
		var all []gatehouse.Object
		if typ != namespaceType {
			objs, err := tx.ListObjects(ctx, q)
			if err != nil {
				return err
			}
			all = objs
		}
		if typ == "" || typ == namespaceType {
			nss, err := tx.ListNamespaces(ctx, gatehouse.NamespaceQuery{TenantID: q.TenantID, OwnerID: q.OwnerID})
			if err != nil {
				return err
			}
			for _, ns := range nss {
				all = append(all, authz.NamespaceObject(ns))
			}
		}
		var shared []authsync.ObjectRef // visible only through a share, if at all
		for i := range all {
			o := &all[i]
			switch {
			case !eng.Allowed(&subj, authz.ObjectType(o.Type), authz.OpView):
			case eng.Visible(&subj, o):
				out = append(out, *o)
			case !eng.HasObject(o.Type, o.ID):
				shared = append(shared, authsync.ObjectRef{Type: o.Type, ID: o.ID})
			}
		}
		if len(shared) == 0 {
			return nil
		}
		// Objects the index does not hold yet may be shared with p: load
		// them and look again, keeping the listing's order.
		if eng, err = s.Sync.EnsureObjects(ctx, shared...); err != nil {
			return err
		}
		out = out[:0]
		for i := range all {
			if o := &all[i]; eng.Allowed(&subj, authz.ObjectType(o.Type), authz.OpView) && eng.Visible(&subj, o) {
				out = append(out, *o)
			}
		}
		return nil
	})
	return out, err
}

// access checks that p's capabilities grant op on typ and that p may act
// on the object, then that the identity rule set allows act on it
// (objectTarget). An object p may not even see does not exist for p. A
// sub-user's access is Aperture's (subuserAccess).
func (s *Service) access(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, act identity.Action, typ, id string, op authz.Operation) error {
	if err := s.builtinAccess(ctx, tx, p, act, typ, id, op); err != nil || !p.RulesGovern(act) {
		return err
	}
	o, _, ok := s.Identity.EngineFor(p).Object(typ, id) // namespaces too
	if !ok {
		var err error
		if o, err = tx.ObjectByRef(ctx, typ, id); err != nil {
			return notFound(err, "object %s/%s does not exist", typ, id)
		}
	}
	return s.Identity.OperatorRules(p, act, objectTarget(&o, op))
}

// builtinAccess is the built-in decision of access.
func (s *Service) builtinAccess(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, act identity.Action, typ, id string, op authz.Operation) error {
	if p.User.Account != 0 {
		return s.subuserAccess(ctx, tx, p, act, typ, id, op)
	}
	eng := s.engine()
	subj := s.subject(p)
	o, _, ok := eng.Object(typ, id)
	if !ok || !eng.Visible(&subj, &o) {
		return gatehouse.Errorf(gatehouse.ErrNotFound, "object %s/%s does not exist", typ, id)
	}
	if err := s.permit(p, act, authz.ObjectType(typ), op); err != nil {
		return err
	}
	if !eng.CanAccess(&subj, authz.ObjectType(typ), op, id) {
		x := eng.Explain(&subj, authz.ObjectType(typ), op, id)
		return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s on %s/%s: %s", act, typ, id, x.Denied)
	}
	return nil
}

// checkObjectType refuses types the registry does not know.
func (s *Service) checkObjectType(typ string) error {
	t := authz.ObjectType(typ)
	if err := t.Validate(); err != nil {
		return err
	}
	reg := s.engine().Catalog().Registry()
	if reg.Operations(t) == nil {
		return gatehouse.Invalid("object_type", "unknown object type %s: register it with 'gatehouse object-type add' or see 'gatehouse object-type list'", typ)
	}
	return nil
}

// tenantMember returns the named tenant and user, who must be a member.
func tenantMember(ctx context.Context, tx gatehouse.Tx, tn gatehouse.TenantName, un gatehouse.UserName) (gatehouse.Tenant, gatehouse.User, error) {
	t, err := tx.TenantByName(ctx, tn)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return t, gatehouse.User{}, gatehouse.Errorf(gatehouse.ErrNotFound, "tenant %s does not exist", tn)
	}
	if err != nil {
		return t, gatehouse.User{}, err
	}
	u, err := tx.UserByName(ctx, un)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return t, u, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s does not exist", un)
	}
	if err != nil {
		return t, u, err
	}
	if _, err := tx.Membership(ctx, u.ID, t.ID); err != nil {
		return t, u, gatehouse.Invalid("owner", "user %s is not a member of tenant %s", un, tn)
	}
	return t, u, nil
}

// Permissions are a member's effective permissions in one tenant.
type Permissions struct {
	Membership gatehouse.Membership
	Entries    []authz.Entry
}

// UserPermissions returns the effective permissions of a user in each of
// their tenants (or only in tenant, when named): the entries of their
// capabilities and of everything those inherit.
func (s *Service) UserPermissions(ctx context.Context, p *identity.Principal, name gatehouse.UserName, tenant gatehouse.TenantName) ([]Permissions, error) {
	v, err := s.Identity.GetUser(ctx, p, name)
	if err != nil {
		return nil, err
	}
	eng, err := s.Sync.EnsureUsers(ctx, v.User.ID)
	if err != nil {
		return nil, err
	}
	var out []Permissions
	for _, m := range v.Memberships {
		if tenant != "" && m.TenantName != tenant {
			continue
		}
		subj, ok := eng.Subject(m.UserID, m.TenantID)
		if !ok {
			continue
		}
		out = append(out, Permissions{Membership: m, Entries: eng.Permissions(&subj).Entries()})
	}
	if tenant != "" && len(out) == 0 {
		return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s is not a member of tenant %s", name, tenant)
	}
	return out, nil
}
