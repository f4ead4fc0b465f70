package ldap

import (
	"context"
	"fmt"
	"slices"
	"strings"

	goldap "github.com/go-ldap/ldap/v3"
)

// Members is the expansion of a group: its users, direct or through
// nested groups, and what could not be followed.
type Members struct {
	Group Group
	// Users are the member users, each once, in the order met.
	Users []User
	// Nested are the DNs of the nested groups followed.
	Nested []string
	// Cycles are the DNs of groups met again inside themselves: not
	// followed a second time.
	Cycles []string
	// Missing are member DNs or uids that name no entry.
	Missing []string
}

// GroupMembers returns the members of the group called name under base
// (empty: the group base), following nested groups and stopping at
// cycles. ErrNotFound if no group has that name.
func (c *Conn) GroupMembers(ctx context.Context, name, base string) (*Members, error) {
	var groups []Group
	err := c.Groups(ctx, Query{Names: []string{name}, Base: base}, func(g Group) error {
		groups = append(groups, g)
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case len(groups) == 0:
		return nil, fmt.Errorf("%w: no group called %q under %s", ErrNotFound, name, c.cfg.base(base, c.cfg.GroupBase))
	case len(groups) > 1:
		return nil, fmt.Errorf("group %q is ambiguous: both %s and %s match", name, groups[0].DN, groups[1].DN)
	}
	return c.expand(ctx, groups[0])
}

// GroupMembersAt returns the members of the group whose entry is dn, as
// GroupMembers does. ErrNotFound if there is no entry at dn, or it is not
// a group.
func (c *Conn) GroupMembersAt(ctx context.Context, dn string) (*Members, error) {
	e, err := c.read(ctx, dn)
	switch {
	case err != nil:
		return nil, err
	case e == nil || !c.cfg.Mapping.isGroup(e):
		return nil, fmt.Errorf("%w: no group has DN %s", ErrNotFound, dn)
	}
	return c.expand(ctx, c.cfg.Mapping.group(e))
}

// expand returns the members of group, following nested groups and
// stopping at cycles.
func (c *Conn) expand(ctx context.Context, group Group) (*Members, error) {
	out := &Members{Group: group}
	seenUsers := map[string]bool{}
	onPath := map[string]bool{}
	done := map[string]bool{}
	var walk func(g Group) error
	walk = func(g Group) error {
		onPath[g.DN], done[g.DN] = true, true
		defer delete(onPath, g.DN)
		for _, dn := range g.MemberDNs {
			key := NormDN(dn)
			if onPath[key] {
				out.Cycles = append(out.Cycles, dn)
				continue
			}
			if done[key] || seenUsers[key] {
				continue
			}
			e, err := c.read(ctx, dn)
			if err != nil {
				return err
			}
			switch {
			case e == nil:
				out.Missing = append(out.Missing, dn)
			case c.cfg.Mapping.isGroup(e):
				out.Nested = append(out.Nested, e.DN)
				ng := c.cfg.Mapping.group(e)
				ng.DN = key
				if err := walk(ng); err != nil {
					return err
				}
			default:
				seenUsers[key] = true
				out.Users = append(out.Users, c.cfg.Mapping.user(e))
			}
		}
		if len(g.MemberUIDs) == 0 {
			return nil
		}
		found, missing, err := c.FindUsers(ctx, g.MemberUIDs, "")
		if err != nil {
			return err
		}
		for _, uid := range g.MemberUIDs {
			if u, ok := found[uid]; ok && !seenUsers[NormDN(u.DN)] {
				seenUsers[NormDN(u.DN)] = true
				out.Users = append(out.Users, u)
			}
		}
		out.Missing = append(out.Missing, missing...)
		return nil
	}
	g := out.Group
	g.DN = NormDN(g.DN)
	if err := walk(g); err != nil {
		return nil, err
	}
	slices.Sort(out.Missing)
	return out, nil
}

// read returns the entry at dn with user and group attributes, or nil
// if there is none.
func (c *Conn) read(ctx context.Context, dn string) (*goldap.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := &c.cfg.Mapping
	attrs := append(m.userAttrs(), m.groupAttrs()...)
	req := goldap.NewSearchRequest(dn, goldap.ScopeBaseObject, goldap.NeverDerefAliases, 1, 0, false, "(objectClass=*)", attrs, nil)
	res, err := c.conn.Search(req)
	switch {
	case goldap.IsErrorWithCode(err, goldap.LDAPResultNoSuchObject), goldap.IsErrorWithCode(err, goldap.LDAPResultInvalidDNSyntax):
		return nil, nil
	case err != nil:
		return nil, classify(c.cfg, "read "+dn, err)
	case len(res.Entries) == 0:
		return nil, nil
	}
	return res.Entries[0], nil
}

// NormDN returns dn in a canonical form for comparisons (lower case), or dn itself if
// it does not parse.
func NormDN(dn string) string {
	p, err := goldap.ParseDN(dn)
	if err != nil {
		return dn
	}
	return strings.ToLower(p.String())
}

// UserAt returns the user whose entry is dn, or nil if there is none.
func (c *Conn) UserAt(ctx context.Context, dn string) (*User, error) {
	e, err := c.read(ctx, dn)
	if e == nil || err != nil {
		return nil, err
	}
	u := c.cfg.Mapping.user(e)
	return &u, nil
}

// Exists reports whether an entry has dn.
func (c *Conn) Exists(ctx context.Context, dn string) (bool, error) {
	e, err := c.read(ctx, dn)
	return e != nil, err
}

// RDNValue returns the value of the first attribute of dn's first RDN:
// euclid for uid=euclid,ou=people,dc=example,dc=org; dn itself if it does
// not parse.
func RDNValue(dn string) string {
	p, err := goldap.ParseDN(dn)
	if err != nil || len(p.RDNs) == 0 || len(p.RDNs[0].Attributes) == 0 {
		return dn
	}
	return p.RDNs[0].Attributes[0].Value
}
