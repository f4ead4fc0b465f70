package access

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// Actions of the capability use cases.
const (
	ActCapabilityList   identity.Action = "capability.list"
	ActCapabilityAdd    identity.Action = "capability.add"
	ActCapabilityUpdate identity.Action = "capability.update"
	ActCapabilityRemove identity.Action = "capability.remove"
)

// ListCapabilities returns the capabilities f selects.
func (s *Service) ListCapabilities(ctx context.Context, p *identity.Principal, f authz.Filter) ([]authz.Capability, error) {
	if err := s.mayListCapabilities(ctx, p); err != nil {
		return nil, err
	}
	cat := s.engine().Catalog()
	if err := checkGroup(cat, f.Group); err != nil {
		return nil, err
	}
	for _, n := range f.Names {
		if _, ok := cat.Lookup(n); !ok {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "capability %s does not exist: see 'gatehouse capabilities list --all'", n)
		}
	}
	return cat.List(f), nil
}

// mayListCapabilities checks that p may list capabilities: the built-in
// check, then the identity rule set, a refusal of which is audited.
func (s *Service) mayListCapabilities(ctx context.Context, p *identity.Principal) error {
	if err := s.permit(p, ActCapabilityList, "USER_CAPABILITY", authz.OpView); err != nil {
		return err
	}
	return s.ruled(ctx, p, ActCapabilityList, "USER_CAPABILITY", "", func() rules.Value { return fieldsTarget() })
}

// reservedCapabilityName cannot name a capability: the API's path for
// capability options would hide it.
const reservedCapabilityName = "options"

// CapabilityInput describes a new custom capability.
type CapabilityInput struct {
	Name        string
	Description string
	TenantRoles []string
	Providers   []string
	Entries     []string // "OBJECT_TYPE:operation"
	Hidden      bool
}

// CapabilityUpdate changes a custom capability; nil fields stay as they
// are, and Providers and Entries replace the current lists.
type CapabilityUpdate struct {
	Description *string
	TenantRoles []string // nil: unchanged
	Providers   []string // nil: unchanged
	Entries     []string // nil: unchanged
	Hide        bool
	Expose      bool
}

// AddCapability creates a custom capability in the Custom group.
func (s *Service) AddCapability(ctx context.Context, p *identity.Principal, in CapabilityInput) (string, error) {
	c := authz.Capability{Name: in.Name, Group: authz.GroupCustom, Description: in.Description, Hidden: in.Hidden}
	err := s.Identity.Change(ctx, p, ActCapabilityAdd, "USER_CAPABILITY", in.Name, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := s.permit(p, ActCapabilityAdd, "USER_CAPABILITY", authz.OpCreate); err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActCapabilityAdd, fieldsTarget("capability", in.Name)); err != nil {
			return nil, err
		}
		cat := s.engine().Catalog()
		if _, ok := cat.Lookup(in.Name); ok {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "capability %s already exists: choose another name", in.Name)
		}
		if in.Name == reservedCapabilityName {
			return nil, gatehouse.Invalid("name", "%q is reserved (it names /api/v1/capabilities/options): choose another name", in.Name)
		}
		var err error
		if c.TenantRoles, err = parseRoles(in.TenantRoles); err != nil {
			return nil, err
		}
		if c.Providers, c.Entries, err = parseParts(cat, in.Name, in.Providers, in.Entries); err != nil {
			return nil, err
		}
		if err := checkCapability(cat, c); err != nil {
			return nil, err
		}
		rec := record(c)
		rec.CreatedAt, rec.UpdatedAt = s.Now().UTC(), s.Now().UTC()
		if err := tx.CreateCapability(ctx, &rec); err != nil {
			return nil, err
		}
		ch.Catalog = true
		return capabilityChanges(c), nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Custom User Capability '%s' successfully added", in.Name), nil
}

// UpdateCapability changes a custom capability. The change reaches every
// member who holds it, directly or through providers, at once. An update
// that sets nothing is a *gatehouse.FieldError for "body".
func (s *Service) UpdateCapability(ctx context.Context, p *identity.Principal, name string, u CapabilityUpdate) (string, error) {
	err := s.updateCapability(ctx, p, name, func(cat *authz.Catalog, c *authz.Capability) error {
		if u.Hide && u.Expose {
			return gatehouse.Invalid("hide", "hide and expose cannot both be set")
		}
		if u.Description == nil && u.TenantRoles == nil && u.Providers == nil && u.Entries == nil && !u.Hide && !u.Expose {
			return gatehouse.Invalid("body", "nothing to update: give one or more of description, tenant_roles, providers, capability_entries, hide and expose")
		}
		if u.Description != nil {
			c.Description = *u.Description
		}
		if u.Hide || u.Expose {
			c.Hidden = u.Hide
		}
		var err error
		if u.TenantRoles != nil {
			if c.TenantRoles, err = parseRoles(u.TenantRoles); err != nil {
				return err
			}
		}
		if u.Providers != nil || u.Entries != nil {
			provs, ents := u.Providers, u.Entries
			if provs == nil {
				provs = c.Providers
			}
			if ents == nil {
				ents = entryStrings(c.Entries)
			}
			if c.Providers, c.Entries, err = parseParts(cat, name, provs, ents); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("User Capability '%s' has been updated", name), nil
}

// ChangeEntries adds (add true) or removes capability entries of a custom
// capability.
func (s *Service) ChangeEntries(ctx context.Context, p *identity.Principal, name string, entries []string, add bool) (string, error) {
	if len(entries) == 0 {
		return "", gatehouse.Invalid("capability_entries", "name at least one entry, as OBJECT_TYPE:operation")
	}
	err := s.updateCapability(ctx, p, name, func(cat *authz.Catalog, c *authz.Capability) error {
		cur := entryStrings(c.Entries)
		next, err := addOrRemove(cur, entries, add, "capability_entries", "entry")
		if err != nil {
			return err
		}
		c.Providers, c.Entries, err = parseParts(cat, name, c.Providers, next)
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("One or more Capability Entries for User Capability '%s' have been %s", name, addedOrRemoved(add)), nil
}

// ChangeProviders adds (add true) or removes providers of a custom
// capability.
func (s *Service) ChangeProviders(ctx context.Context, p *identity.Principal, name string, providers []string, add bool) (string, error) {
	if len(providers) == 0 {
		return "", gatehouse.Invalid("providers", "name at least one provider capability")
	}
	err := s.updateCapability(ctx, p, name, func(cat *authz.Catalog, c *authz.Capability) error {
		next, err := addOrRemove(c.Providers, providers, add, "providers", "provider")
		if err != nil {
			return err
		}
		c.Providers, c.Entries, err = parseParts(cat, name, next, entryStrings(c.Entries))
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("One or more Providers for User Capability '%s' have been %s", name, addedOrRemoved(add)), nil
}

// updateCapability runs edit on a copy of the named custom capability and
// stores the result, refusing built-ins, cycles, and tenant roles that
// members holding it would lose.
func (s *Service) updateCapability(ctx context.Context, p *identity.Principal, name string, edit func(*authz.Catalog, *authz.Capability) error) error {
	return s.Identity.Change(ctx, p, ActCapabilityUpdate, "USER_CAPABILITY", name, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := s.permit(p, ActCapabilityUpdate, "USER_CAPABILITY", authz.OpUpdate); err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActCapabilityUpdate, fieldsTarget("capability", name)); err != nil {
			return nil, err
		}
		cat := s.engine().Catalog()
		c, err := customCapability(cat, name)
		if err != nil {
			return nil, err
		}
		if err := edit(cat, &c); err != nil {
			return nil, err
		}
		if err := checkCapability(cat, c); err != nil {
			return nil, err
		}
		if err := s.checkRolesStillHeld(ctx, tx, c); err != nil {
			return nil, err
		}
		rec := record(c)
		rec.UpdatedAt = s.Now().UTC()
		if err := tx.UpdateCapability(ctx, rec); err != nil {
			return nil, err
		}
		ch.Catalog = true
		return capabilityChanges(c), nil
	})
}

// RemoveCapability removes a custom capability that nobody holds and no
// other capability inherits.
func (s *Service) RemoveCapability(ctx context.Context, p *identity.Principal, name string) (string, error) {
	err := s.Identity.Change(ctx, p, ActCapabilityRemove, "USER_CAPABILITY", name, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := s.permit(p, ActCapabilityRemove, "USER_CAPABILITY", authz.OpDelete); err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActCapabilityRemove, fieldsTarget("capability", name)); err != nil {
			return nil, err
		}
		cat := s.engine().Catalog()
		if _, err := customCapability(cat, name); err != nil {
			return nil, err
		}
		var users []string
		if err := eachMembership(ctx, tx, func(m gatehouse.Membership) {
			if slices.Contains(m.Capabilities, name) {
				users = append(users, fmt.Sprintf("%s in %s", m.UserName, m.TenantName))
			}
		}); err != nil {
			return nil, err
		}
		var heirs []string
		for _, c := range cat.List(authz.Filter{All: true}) {
			if slices.Contains(c.Providers, name) {
				heirs = append(heirs, c.Name)
			}
		}
		if len(users) > 0 || len(heirs) > 0 {
			var where []string
			if len(users) > 0 {
				where = append(where, "assigned to "+strings.Join(users, ", "))
			}
			if len(heirs) > 0 {
				where = append(where, "a provider of "+strings.Join(heirs, ", "))
			}
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "capability %s is still %s: remove it there first", name, strings.Join(where, " and "))
		}
		if err := tx.DeleteCapability(ctx, name); err != nil {
			return nil, err
		}
		ch.Catalog = true
		return map[string]any{"deleted": true}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Deleted User Capability '%s'", name), nil
}

// checkRolesStillHeld refuses tenant roles that leave out the role of a
// member who holds c.
func (s *Service) checkRolesStillHeld(ctx context.Context, tx gatehouse.Tx, c authz.Capability) error {
	var bad []string
	err := eachMembership(ctx, tx, func(m gatehouse.Membership) {
		if slices.Contains(m.Capabilities, c.Name) && !c.AllowsRole(m.Role) {
			bad = append(bad, fmt.Sprintf("%s (%s in %s)", m.UserName, m.Role, m.TenantName))
		}
	})
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return gatehouse.Errorf(gatehouse.ErrConflict, "capability %s is assigned to %s, whose role the new tenant roles leave out: remove it from them first", c.Name, strings.Join(bad, ", "))
	}
	return nil
}

// eachMembership calls fn for every membership of every tenant.
func eachMembership(ctx context.Context, tx gatehouse.Tx, fn func(gatehouse.Membership)) error {
	ts, err := tx.ListTenants(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		ms, err := tx.MembershipsOfTenant(ctx, t.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			fn(m)
		}
	}
	return nil
}

// customCapability returns a copy of the named custom capability, refusing
// unknown names and built-ins.
func customCapability(cat *authz.Catalog, name string) (authz.Capability, error) {
	c, ok := cat.Lookup(name)
	switch {
	case !ok:
		return c, gatehouse.Errorf(gatehouse.ErrNotFound, "capability %s does not exist: see 'gatehouse capabilities list --all'", name)
	case c.Group != authz.GroupCustom:
		return c, gatehouse.Errorf(gatehouse.ErrForbidden, "capability %s is built in and cannot be changed or removed: make a custom capability with it as a provider instead", name)
	}
	return c.Clone(), nil
}

// checkCapability validates c against the catalog, including provider
// cycles, which it names.
func checkCapability(cat *authz.Catalog, c authz.Capability) error {
	if cycle := cat.DetectCycle(c.Name, c.Providers); cycle != nil {
		return gatehouse.Invalid("providers", "would make a cycle: %s", strings.Join(cycle, " -> "))
	}
	return cat.Validate(c)
}

// parseRoles parses tenant roles; at least one is needed.
func parseRoles(names []string) ([]gatehouse.Role, error) {
	if len(names) == 0 {
		return nil, gatehouse.Invalid("tenant_roles", "name at least one of superadmin, tenantadmin, user")
	}
	var roles []gatehouse.Role
	for _, n := range names {
		r, err := gatehouse.ParseRole(n)
		if err != nil {
			return nil, gatehouse.Invalid("tenant_roles", "must be superadmin, tenantadmin or user (got %q)", n)
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, nil
}

// parseParts checks providers and entries of capability name against cat.
func parseParts(cat *authz.Catalog, name string, providers, entries []string) ([]string, []authz.Entry, error) {
	var provs []string
	for _, pn := range providers {
		if _, ok := cat.Lookup(pn); !ok {
			return nil, nil, gatehouse.Invalid("providers", "unknown capability %q: see 'gatehouse capabilities list --all'", pn)
		}
		if pn == name {
			return nil, nil, gatehouse.Invalid("providers", "would make a cycle: %s -> %s", name, name)
		}
		if !slices.Contains(provs, pn) {
			provs = append(provs, pn)
		}
	}
	var ents []authz.Entry
	for _, es := range entries {
		e, err := authz.ParseEntry(es)
		if err == nil {
			err = cat.Registry().CheckEntry(e)
		}
		if err != nil {
			return nil, nil, err
		}
		if !slices.Contains(ents, e) {
			ents = append(ents, e)
		}
	}
	return provs, ents, nil
}

// addOrRemove adds names to (or removes them from) cur.
func addOrRemove(cur, names []string, add bool, field, what string) ([]string, error) {
	out := slices.Clone(cur)
	for _, n := range names {
		i := slices.Index(out, n)
		switch {
		case add && i < 0:
			out = append(out, n)
		case !add && i < 0:
			return nil, gatehouse.Invalid(field, "%s %s is not in the capability", what, n)
		case !add:
			out = slices.Delete(out, i, i+1)
		}
	}
	return out, nil
}

func addedOrRemoved(add bool) string {
	if add {
		return "added"
	}
	return "removed"
}

func entryStrings(es []authz.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.String()
	}
	return out
}

// record converts c to its stored form.
func record(c authz.Capability) gatehouse.CapabilityRecord {
	return gatehouse.CapabilityRecord{ID: c.ID, Name: c.Name, Description: c.Description, Hidden: c.Hidden,
		TenantRoles: c.TenantRoles, Providers: c.Providers, Entries: entryStrings(c.Entries)}
}

func capabilityChanges(c authz.Capability) map[string]any {
	return map[string]any{"description": c.Description, "hidden": c.Hidden, "tenant_roles": c.TenantRoles,
		"providers": c.Providers, "capability_entries": entryStrings(c.Entries)}
}

// Option is a capability that could give some of the wanted entries.
type Option struct {
	Capability authz.Capability
	Provides   []authz.Entry // wanted entries it gives, itself or through providers
}

// checkGroup refuses a group filter that names no group of cat; Custom is
// a group even before any custom capability exists.
func checkGroup(cat *authz.Catalog, group string) error {
	if group == "" {
		return nil
	}
	groups := cat.Groups()
	if !slices.Contains(groups, authz.GroupCustom) {
		groups = append(groups, authz.GroupCustom)
	}
	for _, g := range groups {
		if strings.EqualFold(g, group) {
			return nil
		}
	}
	return gatehouse.Invalid("group", "unknown capability group %q: the groups are %s", group, strings.Join(groups, ", "))
}

// CapabilityOptions lists the capabilities that give any of the wanted
// entries (every entry they give, when none are wanted), most wanted
// entries first: the capabilities to assign, or to use as providers of a
// custom capability, for a permission.
func (s *Service) CapabilityOptions(ctx context.Context, p *identity.Principal, wanted []string, f authz.Filter) ([]Option, error) {
	if err := s.mayListCapabilities(ctx, p); err != nil {
		return nil, err
	}
	cat := s.engine().Catalog()
	if err := checkGroup(cat, f.Group); err != nil {
		return nil, err
	}
	var want []authz.Entry
	for _, w := range wanted {
		e, err := authz.ParseEntry(w)
		if err == nil {
			err = cat.Registry().CheckEntry(e)
		}
		if err != nil {
			return nil, err
		}
		want = append(want, e)
	}
	var out []Option
	for _, c := range cat.List(f) {
		perms := cat.Closure([]string{c.Name})
		var got []authz.Entry
		if len(want) == 0 {
			got = perms.Entries()
		}
		for _, e := range want {
			if perms.HasEntry(e) {
				got = append(got, e)
			}
		}
		if len(got) > 0 {
			out = append(out, Option{Capability: c, Provides: got})
		}
	}
	slices.SortStableFunc(out, func(a, b Option) int { return len(b.Provides) - len(a.Provides) })
	return out, nil
}
