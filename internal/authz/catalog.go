package authz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Capability groups. Custom capabilities are all in GroupCustom.
const (
	GroupApplication    = "Application"
	GroupInfrastructure = "Infrastructure"
	GroupUser           = "User"
	GroupAdministration = "Administration"
	GroupCustom         = "Custom"
)

// Names of the capabilities the authorization engine treats specially.
const (
	// AllSuperAdminCapabilities is the default capability of a superadmin.
	AllSuperAdminCapabilities = "AllSuperAdminCapabilities"
	// AllTenantAdminCapabilities is the default capability of a tenantadmin.
	AllTenantAdminCapabilities = "AllTenantAdminCapabilities"
	// AllUserCapabilities is the default capability of a user.
	AllUserCapabilities = "AllUserCapabilities"
	// NoCapabilities grants nothing; assigning it alone gives a member no
	// permissions instead of the role's default.
	NoCapabilities = "NoCapabilities"
	// AllCapabilities grants every operation of every registered type.
	AllCapabilities = "AllCapabilities"
	// ReadOnlyOperator grants the view operation of every registered type.
	// A member of Administrators holding it is a read-only operator (Triton's
	// operator level): they see every object of every tenant (RuleOperator)
	// and change nothing.
	ReadOnlyOperator = "ReadOnlyOperator"
)

// FirstCustomID is the lowest id a custom capability may have; built-in
// ids are below it.
const FirstCustomID = 1000

// RoleDefault returns the name of the capability a member with role r gets
// when none are named, or "" if r is not a role.
func RoleDefault(r gatehouse.Role) string {
	switch r {
	case gatehouse.RoleSuperadmin:
		return AllSuperAdminCapabilities
	case gatehouse.RoleTenantadmin:
		return AllTenantAdminCapabilities
	case gatehouse.RoleUser:
		return AllUserCapabilities
	}
	return ""
}

// Capability is a named bundle of entries, the "user capability" of the
// Robin document. Its permissions are its entries plus those of its
// providers, transitively. The JSON form is the document's.
type Capability struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Group       string `json:"capability_group"`
	Description string `json:"description"`
	Hidden      bool   `json:"hidden"` // left out of default listings
	// AllEntries makes the capability grant every operation of every type
	// registered when its closure is computed. Only AllCapabilities has it.
	AllEntries bool `json:"all_entries,omitempty"`
	// AllViews makes the capability grant the view operation of every type
	// registered when its closure is computed. Only ReadOnlyOperator has it.
	AllViews bool `json:"all_views,omitempty"`
	// TenantRoles are the roles of the members it may be assigned to. The
	// built-in role defaults have none: they are given by role.
	TenantRoles []gatehouse.Role `json:"tenant_roles"`
	// Providers name the capabilities it inherits from.
	Providers []string `json:"providers"`
	Entries   []Entry  `json:"capability_entries"`
}

// Clone returns a copy of c that shares no slices with it.
func (c Capability) Clone() Capability {
	c.TenantRoles = slices.Clone(c.TenantRoles)
	c.Providers = slices.Clone(c.Providers)
	c.Entries = slices.Clone(c.Entries)
	return c
}

// AllowsRole reports whether c may be assigned to a member with role r.
func (c Capability) AllowsRole(r gatehouse.Role) bool { return slices.Contains(c.TenantRoles, r) }

// Catalog is an immutable set of capabilities over a Registry, kept in the
// order given to New. It is safe for concurrent use. Changes make new
// catalogs (With, Without).
type Catalog struct {
	reg       *Registry
	caps      []Capability
	byName    map[string]int
	providers [][]int                  // indices of each capability's providers
	compiled  atomic.Pointer[compiled] // entries as bits, for one registry snapshot
}

// New returns a catalog of caps over reg. It checks that names are valid
// and unique, roles valid, providers present and not repeated, entries
// registered in reg and not repeated, and that no capability inherits from
// itself. The error lists every problem found, each as a
// *gatehouse.FieldError. A nil reg is an empty registry.
func New(reg *Registry, caps []Capability) (*Catalog, error) {
	if reg == nil {
		reg = NewRegistry()
	}
	c := &Catalog{reg: reg, byName: make(map[string]int, len(caps))}
	var errs []error
	for _, cp := range caps {
		if _, dup := c.byName[cp.Name]; dup {
			errs = append(errs, gatehouse.Invalid("name", "duplicate user capability %s", quote(cp.Name)))
			continue
		}
		c.byName[cp.Name] = len(c.caps)
		c.caps = append(c.caps, cp.Clone())
	}
	c.providers = make([][]int, len(c.caps))
	for i, cp := range c.caps {
		errs = append(errs, c.check(cp, false)...)
		for _, p := range cp.Providers {
			if j, ok := c.byName[p]; ok && !slices.Contains(c.providers[i], j) {
				c.providers[i] = append(c.providers[i], j)
			}
		}
	}
	if cyc := c.findCycle(); cyc != nil {
		errs = append(errs, gatehouse.Invalid("providers", "user capabilities inherit from themselves: %s", strings.Join(cyc, " -> ")))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// check returns the problems of cp as a member of c. Custom capabilities
// are held to more rules: at least one role, no AllEntries, and providers
// that do not lead back to cp.
func (c *Catalog) check(cp Capability, custom bool) []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, gatehouse.Invalid(field, "user capability %s: "+format, append([]any{quote(cp.Name)}, args...)...))
	}
	if !validCapabilityName(cp.Name) {
		errs = append(errs, gatehouse.Invalid("name", "must be 1-%d characters of a-z, A-Z, 0-9, '.', '-' and '_', starting with a letter (got %s)",
			gatehouse.MaxNameLen, quote(cp.Name)))
	}
	if custom && len(cp.TenantRoles) == 0 {
		add("tenant_roles", "needs one or more of superadmin, tenantadmin, user")
	}
	if custom && cp.AllEntries {
		add("all_entries", "only the built-in %s grants every entry", AllCapabilities)
	}
	if custom && cp.AllViews {
		add("all_views", "only the built-in %s grants every view entry", ReadOnlyOperator)
	}
	for i, r := range cp.TenantRoles {
		if _, err := gatehouse.ParseRole(string(r)); err != nil {
			add("tenant_roles", "unknown role %s; valid roles: superadmin, tenantadmin, user", quote(string(r)))
		} else if slices.Contains(cp.TenantRoles[:i], r) {
			add("tenant_roles", "role %s given twice", r)
		}
	}
	for i, p := range cp.Providers {
		switch {
		case p == cp.Name:
			add("providers", "cannot be its own provider")
		case c.index(p) < 0:
			add("providers", "unknown provider %s", quote(p))
		case slices.Contains(cp.Providers[:i], p):
			add("providers", "provider %s given twice", p)
		}
	}
	for i, e := range cp.Entries {
		if err := c.reg.CheckEntry(e); err != nil {
			var fe *gatehouse.FieldError
			errors.As(err, &fe)
			add(fe.Field, "%s", fe.Rule)
		} else if slices.Contains(cp.Entries[:i], e) {
			add("capability_entries", "entry %s given twice", e)
		}
	}
	if custom && len(errs) == 0 {
		if cyc := c.DetectCycle(cp.Name, cp.Providers); cyc != nil {
			add("providers", "would inherit from itself: %s", strings.Join(cyc, " -> "))
		}
	}
	return errs
}

// validCapabilityName reports whether s is 1-64 characters of a-z A-Z 0-9
// . - _ starting with a letter. Commas are excluded because command lines
// separate names with them.
func validCapabilityName(s string) bool {
	if len(s) == 0 || len(s) > gatehouse.MaxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
			return false
		}
	}
	return true
}

// Validate checks cp as a custom capability to be added to c, or to replace
// the capability of the same name: everything New checks, plus at least
// one tenant role, no AllEntries, and no provider that inherits, directly
// or not, from cp. The error joins a *gatehouse.FieldError per problem.
func (c *Catalog) Validate(cp Capability) error {
	return errors.Join(c.check(cp, true)...)
}

// Registry returns the registry the catalog's entries are checked against.
func (c *Catalog) Registry() *Registry { return c.reg }

// Len returns the number of capabilities.
func (c *Catalog) Len() int { return len(c.caps) }

// index returns the position of the capability named name, or -1.
func (c *Catalog) index(name string) int {
	if i, ok := c.byName[name]; ok {
		return i
	}
	return -1
}

// Lookup returns a copy of the capability named name.
func (c *Catalog) Lookup(name string) (Capability, bool) {
	i := c.index(name)
	if i < 0 {
		return Capability{}, false
	}
	return c.caps[i].Clone(), true
}

// Filter selects capabilities for Catalog.List, as the options of
// "capabilities list" do.
type Filter struct {
	// Names, when set, keeps only these capabilities, hidden or not, in
	// catalog order. Unknown names are skipped.
	Names []string
	// Group, when set, keeps only this group, ignoring case. Hidden ones
	// are kept too, as the Robin document's "--group User" example shows.
	Group string
	// All keeps hidden capabilities.
	All bool
}

// List returns copies of the capabilities f selects, in catalog order. The
// built-in catalog is ordered by id, which is the order of the Robin
// document's listings.
func (c *Catalog) List(f Filter) []Capability {
	var out []Capability
	for _, cp := range c.caps {
		switch {
		case f.Names != nil && !slices.Contains(f.Names, cp.Name):
			continue
		case f.Group != "" && !strings.EqualFold(f.Group, cp.Group):
			continue
		case cp.Hidden && !f.All && f.Names == nil && f.Group == "":
			continue
		}
		out = append(out, cp.Clone())
	}
	return out
}

// Groups returns the capability groups in order of first appearance.
func (c *Catalog) Groups() []string {
	var gs []string
	for _, cp := range c.caps {
		if !slices.Contains(gs, cp.Group) {
			gs = append(gs, cp.Group)
		}
	}
	return gs
}

// With returns a new catalog over the same registry in which each of caps
// replaces the capability of the same name or, if there is none, is added
// at the end. It checks the result as New does; callers check custom
// capabilities with Validate first.
func (c *Catalog) With(caps ...Capability) (*Catalog, error) {
	all := slices.Clone(c.caps)
	for _, cp := range caps {
		if i := slices.IndexFunc(all, func(x Capability) bool { return x.Name == cp.Name }); i >= 0 {
			all[i] = cp
		} else {
			all = append(all, cp)
		}
	}
	return New(c.reg, all)
}

// Without returns a new catalog without the named capabilities. It
// returns an error of kind gatehouse.ErrNotFound if one is not in c, and
// of kind gatehouse.ErrConflict if a capability that stays lists one as a
// provider.
func (c *Catalog) Without(names ...string) (*Catalog, error) {
	for _, n := range names {
		if c.index(n) < 0 {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user capability %s not found", quote(n))
		}
	}
	var keep []Capability
	for _, cp := range c.caps {
		if !slices.Contains(names, cp.Name) {
			keep = append(keep, cp)
		}
	}
	for _, cp := range keep {
		for _, p := range cp.Providers {
			if slices.Contains(names, p) {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user capability %s is a provider of %s; remove it from there first", p, cp.Name)
			}
		}
	}
	nc, err := New(c.reg, keep)
	if err != nil {
		return nil, fmt.Errorf("remove user capabilities: %w", err)
	}
	return nc, nil
}
