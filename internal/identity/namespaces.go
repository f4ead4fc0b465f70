package identity

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// bindNamespace gives user u in tenant t its primary namespace: name if
// given (created, or taken over if it belongs to t and is nobody else's
// primary namespace), else t<tenant>-u<user>. It returns the namespace's name.
func (s *Service) bindNamespace(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, t gatehouse.Tenant, u gatehouse.UserID, name gatehouse.NamespaceName) (gatehouse.NamespaceName, error) {
	if name == "" {
		name = gatehouse.PrimaryNamespace(t.ID, u)
	}
	c.Namespace(name)
	ns, err := tx.NamespaceByName(ctx, name)
	switch {
	case errors.Is(err, gatehouse.ErrNotFound):
		ns = gatehouse.Namespace{Name: name, TenantID: t.ID, OwnerID: u, Primary: true, CreatedAt: s.Now().UTC()}
		return name, tx.CreateNamespace(ctx, ns)
	case err != nil:
		return "", err
	case ns.TenantID != t.ID:
		return "", gatehouse.Errorf(gatehouse.ErrConflict, "namespace %s is bound to tenant %s, not %s: choose another namespace", name, ns.TenantName, t.Name)
	case ns.Primary && ns.OwnerID != u:
		return "", gatehouse.Errorf(gatehouse.ErrConflict, "namespace %s is the primary namespace of user %s: choose another namespace", name, ns.OwnerName)
	}
	ns.OwnerID, ns.Primary = u, true
	return name, tx.UpdateNamespace(ctx, ns)
}

// releaseNamespaces disposes of the namespaces user u owns in tenant t when
// u leaves it: they go to heir (as non-primary namespaces) when heir is not
// zero, stay as they are when keep is set, and are deleted otherwise. It
// returns the names of the namespaces it moved or deleted.
func releaseNamespaces(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, t gatehouse.TenantID, u, heir gatehouse.UserID, keep bool) ([]string, error) {
	nss, err := tx.ListNamespaces(ctx, gatehouse.NamespaceQuery{TenantID: t, OwnerID: u})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, ns := range nss {
		switch {
		case heir != 0:
			ns.OwnerID, ns.Primary = heir, false
			err = tx.UpdateNamespace(ctx, ns)
		case keep:
			continue
		default:
			err = tx.DeleteNamespace(ctx, ns.Name)
		}
		if err != nil {
			return nil, err
		}
		c.Namespace(ns.Name)
		names = append(names, string(ns.Name))
	}
	return names, nil
}

// moveObjects gives the platform objects user u owns in tenant t to heir.
// Without an heir they stay u's: the platform still has them, and a
// tenantadmin can give them to someone with 'gatehouse object
// change-owner'. It returns the objects it moved, as TYPE/ID.
func moveObjects(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, t gatehouse.TenantID, u, heir gatehouse.UserID) ([]string, error) {
	if heir == 0 {
		return nil, nil
	}
	objs, err := tx.ListObjects(ctx, gatehouse.ObjectQuery{TenantID: t, OwnerID: u})
	if err != nil {
		return nil, err
	}
	var moved []string
	for _, o := range objs {
		o.OwnerID = heir
		if err := tx.UpdateObject(ctx, o); err != nil {
			return nil, err
		}
		c.Object(o.Type, o.ID)
		moved = append(moved, o.Type+"/"+o.ID)
	}
	return moved, nil
}

// NamespaceFilter selects namespaces by tenant and owner names.
type NamespaceFilter struct {
	Tenant   gatehouse.TenantName
	Username gatehouse.UserName
}

// ListNamespaces returns the namespaces f selects that p may see: all for a
// superadmin, the tenant's for a tenantadmin, and a user's own otherwise.
func (s *Service) ListNamespaces(ctx context.Context, p *Principal, f NamespaceFilter) ([]gatehouse.Namespace, error) {
	var out []gatehouse.Namespace
	err := s.view(ctx, p, ActNamespaceList, "NAMESPACE", "", func(tx gatehouse.Tx) error {
		var q gatehouse.NamespaceQuery
		if f.Tenant != "" {
			t, err := tenantByName(ctx, tx, f.Tenant)
			if err != nil {
				return err
			}
			q.TenantID = t.ID
		}
		if f.Username != "" {
			u, err := userByName(ctx, tx, f.Username)
			if err != nil {
				return err
			}
			q.OwnerID = u.ID
		}
		if !p.SeesAll() {
			if q.TenantID != 0 && q.TenantID != p.Tenant.ID {
				return s.authorize(p, ActNamespaceList, Target{Tenant: q.TenantID})
			}
			q.TenantID = p.Tenant.ID
			// One's own namespaces need no capability; others' do.
			if q.OwnerID == p.User.ID || q.OwnerID == 0 && p.Role() != gatehouse.RoleTenantadmin {
				q.OwnerID = p.User.ID
			} else if err := s.authorize(p, ActNamespaceList, Target{Tenant: q.TenantID}); err != nil {
				return err
			}
		}
		var err error
		out, err = tx.ListNamespaces(ctx, q)
		return err
	})
	return out, err
}
