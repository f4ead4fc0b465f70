package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// TenantView is a tenant with its member count.
type TenantView struct {
	Tenant  gatehouse.Tenant
	Members int
}

// MaxDescriptionLen bounds tenant descriptions.
const MaxDescriptionLen = 256

func validateDescription(d string) error {
	if len(d) > MaxDescriptionLen {
		return gatehouse.Invalid("description", "must be at most %d bytes", MaxDescriptionLen)
	}
	return gatehouse.CheckText("description", d)
}

// AddTenant creates a tenant.
func (s *Service) AddTenant(ctx context.Context, p *Principal, name gatehouse.TenantName, description string) (string, error) {
	if err := name.Validate(); err != nil {
		return "", s.Reject(ctx, p, ActTenantAdd, "TENANT", string(name), gatehouse.AsField(err, "name"))
	}
	if err := validateDescription(description); err != nil {
		return "", s.Reject(ctx, p, ActTenantAdd, "TENANT", string(name), err)
	}
	err := s.Change(ctx, p, ActTenantAdd, "TENANT", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActTenantAdd, Target{}); err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		t := gatehouse.Tenant{Name: name, Description: description, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateTenant(ctx, &t); err != nil {
			if errors.Is(err, gatehouse.ErrConflict) {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "tenant %s already exists: choose another name", name)
			}
			return nil, err
		}
		return map[string]any{"name": name, "description": description}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added tenant '%s'", name), nil
}

// ListTenants returns every tenant for a superadmin and the caller's own
// tenants for anyone else.
func (s *Service) ListTenants(ctx context.Context, p *Principal) ([]TenantView, error) {
	var out []TenantView
	err := s.view(ctx, p, ActTenantList, "TENANT", "", func(tx gatehouse.Tx) error {
		if err := s.operatorRules(p, ActTenantList, Target{}); err != nil {
			return err
		}
		ts, err := tx.ListTenants(ctx)
		if err != nil {
			return err
		}
		mine := map[gatehouse.TenantID]bool{}
		if !p.SeesAll() {
			ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{p.User.ID})
			if err != nil {
				return err
			}
			for _, m := range ms {
				mine[m.TenantID] = true
			}
		}
		for _, t := range ts {
			if !p.SeesAll() && !mine[t.ID] {
				continue
			}
			ms, err := tx.MembershipsOfTenant(ctx, t.ID)
			if err != nil {
				return err
			}
			out = append(out, TenantView{Tenant: t, Members: len(ms)})
		}
		return nil
	})
	return out, err
}

// GetTenant returns the named tenant if p may see it.
func (s *Service) GetTenant(ctx context.Context, p *Principal, name gatehouse.TenantName) (*TenantView, error) {
	var v *TenantView
	err := s.view(ctx, p, ActTenantView, "TENANT", string(name), func(tx gatehouse.Tx) error {
		t, err := tenantByName(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActTenantView, Target{Tenant: t.ID}); err != nil {
			return err
		}
		ms, err := tx.MembershipsOfTenant(ctx, t.ID)
		v = &TenantView{Tenant: t, Members: len(ms)}
		return err
	})
	return v, err
}

// TenantUpdate is what a tenant update changes; a nil field stays as it is.
type TenantUpdate struct {
	Description *string
	// AccountOwner names the account owner (Triton's User account), who
	// owns the objects the tenant's sub-users create: a member of the
	// tenant who is not a sub-user. "" leaves the tenant without one.
	AccountOwner *gatehouse.UserName
}

// UpdateTenant changes a tenant's description or account owner. An
// update changing neither is a *gatehouse.FieldError.
func (s *Service) UpdateTenant(ctx context.Context, p *Principal, name gatehouse.TenantName, in TenantUpdate) (string, error) {
	if in.Description == nil && in.AccountOwner == nil {
		return "", s.Reject(ctx, p, ActTenantUpdate, "TENANT", string(name),
			gatehouse.Invalid("description", "or account_owner is required: they are what a tenant update changes"))
	}
	if in.Description != nil {
		if err := validateDescription(*in.Description); err != nil {
			return "", s.Reject(ctx, p, ActTenantUpdate, "TENANT", string(name), err)
		}
	}
	if in.AccountOwner != nil && *in.AccountOwner != "" {
		if err := in.AccountOwner.ValidateRef(); err != nil {
			return "", s.Reject(ctx, p, ActTenantUpdate, "TENANT", string(name), gatehouse.AsField(err, "account_owner"))
		}
	}
	err := s.Change(ctx, p, ActTenantUpdate, "TENANT", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActTenantUpdate, Target{Tenant: t.ID}); err != nil {
			return nil, err
		}
		changes := map[string]any{}
		if in.Description != nil && *in.Description != t.Description {
			t.Description = *in.Description
			changes["description"] = *in.Description
		}
		if in.AccountOwner != nil {
			owner, err := accountOwner(ctx, tx, t, *in.AccountOwner)
			if err != nil {
				return nil, err
			}
			if owner != t.AccountOwner {
				t.AccountOwner = owner
				changes["account_owner"] = *in.AccountOwner
			}
		}
		t.UpdatedAt = s.Now().UTC()
		return changes, tx.UpdateTenant(ctx, t)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully updated tenant %s", name), nil
}

// accountOwner returns the id of the user named name, who may be the
// account owner of t: a member of t who is not a sub-user. "" is 0, none.
func accountOwner(ctx context.Context, tx gatehouse.Tx, t gatehouse.Tenant, name gatehouse.UserName) (gatehouse.UserID, error) {
	if name == "" {
		return 0, nil
	}
	u, err := tx.UserByName(ctx, name)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return 0, gatehouse.Invalid("account_owner", "user %s does not exist", name)
	}
	if err != nil {
		return 0, err
	}
	if u.Account != 0 {
		return 0, gatehouse.Invalid("account_owner", "%s is a sub-user: the account owner is a member of tenant %s who is not a sub-user", name, t.Name)
	}
	if _, err := tx.Membership(ctx, u.ID, t.ID); errors.Is(err, gatehouse.ErrNotFound) {
		return 0, gatehouse.Invalid("account_owner", "user %s is not a member of tenant %s: add them with 'gatehouse tenant add-users' first", name, t.Name)
	} else if err != nil {
		return 0, err
	}
	return u.ID, nil
}

// RemoveTenant removes an empty tenant. It refuses, listing them, while the
// tenant has members or namespaces; Administrators is never removed.
func (s *Service) RemoveTenant(ctx context.Context, p *Principal, name gatehouse.TenantName) (string, error) {
	err := s.Change(ctx, p, ActTenantRemove, "TENANT", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := tenantByName(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActTenantRemove, Target{Tenant: t.ID}); err != nil {
			return nil, err
		}
		if t.Name == gatehouse.AdministratorsTenant {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "tenant %s is built in and cannot be removed", t.Name)
		}
		ms, err := tx.MembershipsOfTenant(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		nss, err := tx.ListNamespaces(ctx, gatehouse.NamespaceQuery{TenantID: t.ID})
		if err != nil {
			return nil, err
		}
		if len(ms) > 0 || len(nss) > 0 {
			var parts []string
			if len(ms) > 0 {
				names := make([]string, len(ms))
				for i, m := range ms {
					names[i] = string(m.UserName)
				}
				parts = append(parts, "members "+strings.Join(names, ", "))
			}
			if len(nss) > 0 {
				names := make([]string, len(nss))
				for i, ns := range nss {
					names[i] = string(ns.Name)
				}
				parts = append(parts, "namespaces "+strings.Join(names, ", "))
			}
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "tenant %s still has %s: remove them first", name, strings.Join(parts, " and "))
		}
		return map[string]any{"deleted": true}, tx.DeleteTenant(ctx, t.ID)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Deleted tenant %s.", name), nil
}
