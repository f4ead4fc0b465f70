package ldap

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	goldap "github.com/go-ldap/ldap/v3"
)

// User is a directory user as the mapping reads it.
type User struct {
	DN          string
	Username    string
	FirstName   string
	LastName    string
	DisplayName string
	Email       string
	Phone       string
	UPN         string
	ObjectSID   string
	// EntryID is the entry's stable id (Mapping.EntryUUID): a new entry
	// created under the same DN has another.
	EntryID string
	// Raw holds every attribute read, for --raw.
	Raw map[string][]string
}

// Group is a directory group: its direct members as DNs and as usernames
// (memberUid).
type Group struct {
	DN         string
	Name       string
	ObjectSID  string
	MemberDNs  []string
	MemberUIDs []string
	Raw        map[string][]string
}

// userAttrs returns the attributes a user search reads.
func (m *Mapping) userAttrs() []string {
	a := append([]string{"objectClass"}, m.Username...)
	a = append(a, m.Email...)
	for _, x := range []string{m.FirstName, m.LastName, m.DisplayName, m.Phone, m.UPN, m.UserSID, m.EntryUUID} {
		if x != "" {
			a = append(a, x)
		}
	}
	return a
}

func (m *Mapping) groupAttrs() []string {
	a := append([]string{"objectClass", m.GroupName}, m.Members...)
	a = append(a, m.MemberUIDs...)
	if m.GroupSID != "" {
		a = append(a, m.GroupSID)
	}
	return a
}

func first(e *goldap.Entry, attrs ...string) string {
	for _, a := range attrs {
		if a == "" {
			continue
		}
		if v := e.GetEqualFoldAttributeValue(a); v != "" {
			return v
		}
	}
	return ""
}

func raw(e *goldap.Entry) map[string][]string {
	out := make(map[string][]string, len(e.Attributes))
	for _, a := range e.Attributes {
		out[a.Name] = a.Values
	}
	return out
}

// sid renders an object identifier: a binary AD SID as S-1-..., text as is.
func sid(e *goldap.Entry, attr string) string {
	if attr == "" {
		return ""
	}
	b := e.GetEqualFoldRawAttributeValue(attr)
	if len(b) >= 8 && b[0] == 1 && len(b) == 8+4*int(b[1]) {
		var s strings.Builder
		auth := uint64(0)
		for _, x := range b[2:8] {
			auth = auth<<8 | uint64(x)
		}
		fmt.Fprintf(&s, "S-1-%d", auth)
		for i := 0; i < int(b[1]); i++ {
			s.WriteString("-" + strconv.FormatUint(uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10))
		}
		return s.String()
	}
	return string(b)
}

func (m *Mapping) user(e *goldap.Entry) User {
	return User{
		DN: e.DN, Username: first(e, m.Username...), FirstName: first(e, m.FirstName), LastName: first(e, m.LastName),
		DisplayName: first(e, m.DisplayName), Email: first(e, m.Email...), Phone: first(e, m.Phone), UPN: first(e, m.UPN),
		ObjectSID: sid(e, m.UserSID), EntryID: m.entryID(e), Raw: raw(e),
	}
}

// entryID renders e's stable id: a binary GUID (AD's objectGUID) in its
// canonical text form, lower case, the first three fields little-endian;
// text (OpenLDAP's entryUUID) as is.
func (m *Mapping) entryID(e *goldap.Entry) string {
	if m.EntryUUID == "" {
		return ""
	}
	b := e.GetEqualFoldRawAttributeValue(m.EntryUUID)
	if m.GUIDs && len(b) == 16 {
		return fmt.Sprintf("%08x-%04x-%04x-%x-%x", binary.LittleEndian.Uint32(b[0:4]), binary.LittleEndian.Uint16(b[4:6]),
			binary.LittleEndian.Uint16(b[6:8]), b[8:10], b[10:16])
	}
	return string(b)
}

func (m *Mapping) group(e *goldap.Entry) Group {
	g := Group{DN: e.DN, Name: first(e, m.GroupName), ObjectSID: sid(e, m.GroupSID), Raw: raw(e)}
	for _, a := range m.Members {
		g.MemberDNs = append(g.MemberDNs, e.GetEqualFoldAttributeValues(a)...)
	}
	for _, a := range m.MemberUIDs {
		g.MemberUIDs = append(g.MemberUIDs, e.GetEqualFoldAttributeValues(a)...)
	}
	return g
}

// isGroup reports whether e has one of the mapping's group classes.
func (m *Mapping) isGroup(e *goldap.Entry) bool {
	for _, c := range e.GetAttributeValues("objectClass") {
		for _, g := range m.GroupClasses {
			if strings.EqualFold(c, g) {
				return true
			}
		}
	}
	return false
}

// Users calls fn for each user q selects, paging through the directory.
func (c *Conn) Users(ctx context.Context, q Query, fn func(User) error) error {
	m := &c.cfg.Mapping
	f, err := q.filter(m.UserClasses, m.Username)
	if err != nil {
		return err
	}
	return c.search(ctx, c.cfg.base(q.Base, c.cfg.UserBase), f, m.userAttrs(), func(e *goldap.Entry) error {
		return fn(m.user(e))
	})
}

// Groups calls fn for each group q selects, paging through the directory.
func (c *Conn) Groups(ctx context.Context, q Query, fn func(Group) error) error {
	m := &c.cfg.Mapping
	f, err := q.filter(m.GroupClasses, []string{m.GroupName})
	if err != nil {
		return err
	}
	return c.search(ctx, c.cfg.base(q.Base, c.cfg.GroupBase), f, m.groupAttrs(), func(e *goldap.Entry) error {
		return fn(m.group(e))
	})
}

// FindUsers returns the users called names under base (empty: the user
// base), keyed by name, and the names found by no entry. A name matched by
// several entries is an error: the import would not know which.
func (c *Conn) FindUsers(ctx context.Context, names []string, base string) (map[string]User, []string, error) {
	found := make(map[string]User, len(names))
	m := &c.cfg.Mapping
	for chunk := range slices.Chunk(names, 100) {
		err := c.Users(ctx, Query{Names: chunk, Base: base}, func(u User) error {
			key := m.matchName(chunk, u)
			if key == "" {
				return nil
			}
			if prev, dup := found[key]; dup {
				return fmt.Errorf("directory user %q is ambiguous: both %s and %s match", key, prev.DN, u.DN)
			}
			found[key] = u
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	var missing []string
	for _, n := range names {
		if _, ok := found[n]; !ok {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	return found, missing, nil
}

// matchName returns the name of names that u answered to through one of
// the username attributes.
func (m *Mapping) matchName(names []string, u User) string {
	for _, attr := range m.Username {
		for name, vs := range u.Raw {
			if !strings.EqualFold(name, attr) {
				continue
			}
			for _, v := range vs {
				for _, n := range names {
					if strings.EqualFold(n, v) {
						return n
					}
				}
			}
		}
	}
	return ""
}
