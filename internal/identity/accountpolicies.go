package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/aperture"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Policies and roles are Triton's, per account (tenant): a policy is a
// named list of Aperture rules; a role grants policies to sub-users, its
// members. Their administrators are those of the account's sub-users.

// The policy and role actions.
const (
	ActPolicyAdd    Action = "policy.add"
	ActPolicyUpdate Action = "policy.update"
	ActPolicyRemove Action = "policy.remove"
	ActPolicyList   Action = "policy.list"
	ActRoleAdd      Action = "role.add"
	ActRoleUpdate   Action = "role.update"
	ActRoleRemove   Action = "role.remove"
	ActRoleList     Action = "role.list"
)

// MaxRules bounds the rules of one policy.
const MaxRules = 100

// validItemName checks the name of a policy or role: the rule of
// usernames, for field.
func validItemName(field, name string) error {
	if err := gatehouse.UserName(name).ValidateLogin(); err != nil {
		return gatehouse.Invalid(field, "must be 1-%d characters of a-z, A-Z, 0-9, '.', '-' and '_' (got %q)", gatehouse.MaxNameLen, name)
	}
	return nil
}

// validRules checks that every rule parses, naming the first that does
// not with the parser's message.
func validRules(rules []string) error {
	if len(rules) == 0 || len(rules) > MaxRules {
		return gatehouse.Invalid("rules", "a policy holds 1 to %d rules (got %d)", MaxRules, len(rules))
	}
	for i, r := range rules {
		if _, err := aperture.Parse(r); err != nil {
			return gatehouse.Invalid("rules", "rule %d (%q) does not parse: %s", i+1, r, err)
		}
	}
	return nil
}

// accountFor returns the account act is about (account, else the tenant p
// is logged into), after checking that p may do act there.
func (s *Service) accountFor(ctx context.Context, tx gatehouse.Tx, p *Principal, act Action, account gatehouse.TenantName) (gatehouse.Tenant, error) {
	account = SubuserAccount(p, account)
	if err := validSubuserAccount(account); err != nil {
		return gatehouse.Tenant{}, err
	}
	t, err := tenantByName(ctx, tx, account)
	if err != nil {
		return t, err
	}
	return t, s.authorize(p, act, Target{Tenant: t.ID})
}

// PolicyInput describes a policy to add, or, for UpdatePolicy, the
// changes to make (nil Rules or Description: left as they are).
type PolicyInput struct {
	Account     gatehouse.TenantName
	Name        string
	Description *string
	Rules       []string
}

// AddPolicy adds a policy to an account; every rule must parse.
func (s *Service) AddPolicy(ctx context.Context, p *Principal, in PolicyInput) (string, error) {
	desc := ""
	if in.Description != nil {
		desc = *in.Description
	}
	if err := errors.Join(validItemName("name", in.Name), validateDescription(desc), validRules(in.Rules)); err != nil {
		return "", s.Reject(ctx, p, ActPolicyAdd, "POLICY", in.Name, err)
	}
	err := s.Change(ctx, p, ActPolicyAdd, "POLICY", in.Name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, err := s.accountFor(ctx, tx, p, ActPolicyAdd, in.Account)
		if err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		pol := gatehouse.AperturePolicy{TenantID: t.ID, Name: in.Name, Description: desc, Rules: in.Rules, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreatePolicy(ctx, &pol); errors.Is(err, gatehouse.ErrConflict) {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "policy %s already exists in account %s: choose another name, or change it with 'gatehouse policy update'", in.Name, t.Name)
		} else if err != nil {
			return nil, err
		}
		return map[string]any{"account": t.Name, "name": in.Name, "description": desc, "rules": in.Rules}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added policy '%s'", in.Name), nil
}

// UpdatePolicy changes the description or rules of a policy.
func (s *Service) UpdatePolicy(ctx context.Context, p *Principal, in PolicyInput) (string, error) {
	err := validItemName("name", in.Name)
	if err == nil && in.Description != nil {
		err = validateDescription(*in.Description)
	}
	if err == nil && in.Rules != nil {
		err = validRules(in.Rules)
	}
	if err == nil && in.Rules == nil && in.Description == nil {
		err = gatehouse.Invalid("rules", "nothing to update: give rules or a description")
	}
	if err != nil {
		return "", s.Reject(ctx, p, ActPolicyUpdate, "POLICY", in.Name, err)
	}
	err = s.Change(ctx, p, ActPolicyUpdate, "POLICY", in.Name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, pol, err := s.policyNamed(ctx, tx, p, ActPolicyUpdate, in.Account, in.Name)
		if err != nil {
			return nil, err
		}
		changes := map[string]any{"account": t.Name}
		if in.Description != nil {
			pol.Description, changes["description"] = *in.Description, *in.Description
		}
		if in.Rules != nil {
			pol.Rules, changes["rules"] = in.Rules, in.Rules
		}
		pol.UpdatedAt = s.Now().UTC()
		return changes, tx.UpdatePolicy(ctx, pol)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully updated policy %s", in.Name), nil
}

// RemovePolicy removes a policy, and takes it out of the roles that
// grant it, as Triton does.
func (s *Service) RemovePolicy(ctx context.Context, p *Principal, account gatehouse.TenantName, name string) (string, error) {
	err := s.Change(ctx, p, ActPolicyRemove, "POLICY", name, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		t, pol, err := s.policyNamed(ctx, tx, p, ActPolicyRemove, account, name)
		if err != nil {
			return nil, err
		}
		roles, err := tx.ListRoles(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		var from []string
		for _, r := range roles {
			if !slices.Contains(r.Policies, name) {
				continue
			}
			r.Policies = slices.DeleteFunc(r.Policies, func(n string) bool { return n == name })
			r.UpdatedAt = s.Now().UTC()
			if err := tx.UpdateRole(ctx, r); err != nil {
				return nil, err
			}
			from = append(from, r.Name)
		}
		return map[string]any{"account": t.Name, "deleted": true, "removed_from_roles": from}, tx.DeletePolicy(ctx, pol.ID)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully removed policy %s", name), nil
}

// ListPolicies returns the policies of an account, ordered by name.
func (s *Service) ListPolicies(ctx context.Context, p *Principal, account gatehouse.TenantName) ([]gatehouse.AperturePolicy, error) {
	var out []gatehouse.AperturePolicy
	err := s.view(ctx, p, ActPolicyList, "POLICY", "", func(tx gatehouse.Tx) error {
		t, err := s.accountFor(ctx, tx, p, ActPolicyList, account)
		if err != nil {
			return err
		}
		out, err = tx.ListPolicies(ctx, t.ID)
		return err
	})
	return out, err
}

// policyNamed returns the account and its policy called name, after
// checking that p may do act there.
func (s *Service) policyNamed(ctx context.Context, tx gatehouse.Tx, p *Principal, act Action, account gatehouse.TenantName, name string) (gatehouse.Tenant, gatehouse.AperturePolicy, error) {
	t, err := s.accountFor(ctx, tx, p, act, account)
	if err != nil {
		return t, gatehouse.AperturePolicy{}, err
	}
	ps, err := tx.ListPolicies(ctx, t.ID)
	if err != nil {
		return t, gatehouse.AperturePolicy{}, err
	}
	for _, pol := range ps {
		if pol.Name == name {
			return t, pol, nil
		}
	}
	return t, gatehouse.AperturePolicy{}, gatehouse.Errorf(gatehouse.ErrNotFound, "policy %s does not exist in account %s: see 'gatehouse policy list'", name, t.Name)
}
