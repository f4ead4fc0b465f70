package access

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// Actions of the sharing use cases.
const (
	ActShareAdd    identity.Action = "object_share.add"
	ActShareRemove identity.Action = "object_share.remove"
)

// ShareInput names an object, the tenant or user to share it with (one of
// them), and the operations to grant (none: the rule's defaults).
type ShareInput struct {
	Type       string
	ID         string
	User       gatehouse.UserName
	Tenant     gatehouse.TenantName
	Operations []string
}

// target returns which kind of share in asks for.
func (in *ShareInput) target() (authz.ShareTarget, error) {
	switch {
	case in.User != "" && in.Tenant != "":
		return "", gatehouse.Invalid("user", "give a user or a tenant to share with, not both")
	case in.User != "":
		return authz.ShareWithUser, nil
	case in.Tenant != "":
		return authz.ShareWithTenant, nil
	}
	return "", gatehouse.Invalid("user", "give a user or a tenant to share with")
}

// ShareOptions returns the sharing rules: which types can be shared with
// tenants and with users, and which operations each share may grant.
func (s *Service) ShareOptions() []authz.ShareRule { return authz.ShareRules() }

// AddShare shares an object with a tenant or a user, or replaces the
// operations of an existing share. Only a superadmin shares with a tenant
// other than the object's own; a user share goes to a member of the
// object's tenant, or, when the object is shared with the sharer's tenant
// with user_share, to a member of that tenant.
func (s *Service) AddShare(ctx context.Context, p *identity.Principal, in ShareInput) (string, error) {
	if _, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: in.Type, ID: in.ID}); err != nil {
		return "", err
	}
	var what string
	err := s.Identity.Change(ctx, p, ActShareAdd, in.Type, in.ID, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		rule, err := s.shareRule(&in)
		if err != nil {
			return nil, err
		}
		ops, err := shareOperations(rule, in.Operations)
		if err != nil {
			return nil, err
		}
		if err := s.access(ctx, tx, p, ActShareAdd, in.Type, in.ID, rule.Share); err != nil {
			return nil, err
		}
		o, _, _ := s.engine().Object(in.Type, in.ID)
		sh := gatehouse.Share{ObjectType: in.Type, ObjectID: in.ID, CreatedBy: p.User.ID, CreatedAt: s.Now().UTC()}
		for _, op := range ops {
			sh.Operations = append(sh.Operations, string(op))
		}
		if rule.Target == authz.ShareWithTenant {
			t, err := tx.TenantByName(ctx, in.Tenant)
			if err != nil {
				return nil, notFound(err, "tenant %s does not exist", in.Tenant)
			}
			if t.ID != o.TenantID && !p.IsSuperadmin() {
				return nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: only a superadmin may share an object with a tenant other than its own", ActShareAdd)
			}
			sh.TenantID = t.ID
			what = "tenant " + string(t.Name)
		} else {
			u, err := s.shareUser(ctx, tx, p, o, in.User)
			if err != nil {
				return nil, err
			}
			sh.UserID = u.ID
			what = "user " + string(u.Name)
		}
		if err := tx.PutShare(ctx, sh); err != nil {
			return nil, err
		}
		ch.Object(in.Type, in.ID)
		return map[string]any{"shared_with": what, "operations": sh.Operations}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object %s/%s shared with %s", in.Type, in.ID, what), nil
}

// shareUser returns the user to share o with, who must belong to o's
// tenant, or to the sharer's tenant when o is shared with it.
func (s *Service) shareUser(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, o gatehouse.Object, name gatehouse.UserName) (gatehouse.User, error) {
	u, err := tx.UserByName(ctx, name)
	if err != nil {
		return u, notFound(err, "user %s does not exist", name)
	}
	if _, err := tx.Membership(ctx, u.ID, o.TenantID); err == nil {
		return u, nil
	}
	if p.Tenant.ID != o.TenantID {
		if _, err := tx.Membership(ctx, u.ID, p.Tenant.ID); err == nil {
			return u, nil
		}
	}
	return u, gatehouse.Invalid("user", "user %s is not a member of the object's tenant or of yours", name)
}

// RemoveShare withdraws the share of an object with a tenant or a user.
func (s *Service) RemoveShare(ctx context.Context, p *identity.Principal, in ShareInput) (string, error) {
	if _, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: in.Type, ID: in.ID}); err != nil {
		return "", err
	}
	var what string
	err := s.Identity.Change(ctx, p, ActShareRemove, in.Type, in.ID, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		rule, err := s.shareRule(&in)
		if err != nil {
			return nil, err
		}
		if err := s.access(ctx, tx, p, ActShareRemove, in.Type, in.ID, rule.Unshare); err != nil {
			return nil, err
		}
		var t gatehouse.TenantID
		var u gatehouse.UserID
		if rule.Target == authz.ShareWithTenant {
			tn, err := tx.TenantByName(ctx, in.Tenant)
			if err != nil {
				return nil, notFound(err, "tenant %s does not exist", in.Tenant)
			}
			t, what = tn.ID, "tenant "+string(tn.Name)
		} else {
			un, err := tx.UserByName(ctx, in.User)
			if err != nil {
				return nil, notFound(err, "user %s does not exist", in.User)
			}
			u, what = un.ID, "user "+string(un.Name)
		}
		if err := tx.DeleteShare(ctx, in.Type, in.ID, t, u); err != nil {
			return nil, notFound(err, "object %s/%s is not shared with %s", in.Type, in.ID, what)
		}
		ch.Object(in.Type, in.ID)
		return map[string]any{"unshared_with": what}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object %s/%s no longer shared with %s", in.Type, in.ID, what), nil
}

// ListShares returns the shares of an object p may see.
func (s *Service) ListShares(ctx context.Context, p *identity.Principal, typ, id string) ([]gatehouse.Share, error) {
	eng, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: typ, ID: id})
	if err != nil {
		return nil, err
	}
	subj := s.subject(p)
	o, _, ok := eng.Object(typ, id)
	if !ok || !eng.Visible(&subj, &o) {
		return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "object %s/%s does not exist", typ, id)
	}
	if err := s.ruled(ctx, p, ActShareList, typ, id, func() rules.Value { return objectTarget(&o, "") }); err != nil {
		return nil, err
	}
	var out []gatehouse.Share
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		out, err = tx.ListShares(ctx, gatehouse.ShareQuery{ObjectType: typ, ObjectID: id})
		return err
	})
	return out, err
}

// shareRule returns the rule for sharing in's object type with in's target.
func (s *Service) shareRule(in *ShareInput) (authz.ShareRule, error) {
	target, err := in.target()
	if err != nil {
		return authz.ShareRule{}, err
	}
	rule, ok := authz.ShareRuleFor(target, authz.ObjectType(in.Type))
	if !ok {
		var types []string
		for _, t := range authz.Shareable(target) {
			types = append(types, string(t))
		}
		return rule, gatehouse.Invalid("object_type", "objects of type %s cannot be shared with a %s; these can: %s", in.Type, target, strings.Join(types, ", "))
	}
	return rule, nil
}

// shareOperations checks the operations asked for against rule.
func shareOperations(rule authz.ShareRule, names []string) ([]authz.Operation, error) {
	if len(names) == 0 {
		return rule.Default, nil
	}
	var ops []authz.Operation
	for _, n := range names {
		op := authz.Operation(strings.TrimSpace(n))
		if !rule.Allows(op) {
			valid := make([]string, len(rule.Operations))
			for i, o := range rule.Operations {
				valid[i] = string(o)
			}
			return nil, gatehouse.Invalid("operations", "a %s share of %s cannot grant %q; it can grant: %s", rule.Target, rule.Type, n, strings.Join(valid, ", "))
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// notFound turns gatehouse.ErrNotFound into a message for the client.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gatehouse.ErrNotFound) {
		return gatehouse.Errorf(gatehouse.ErrNotFound, format, args...)
	}
	return err
}
