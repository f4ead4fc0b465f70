package ldap

import (
	"context"
	"errors"
	"testing"

	goldap "github.com/go-ldap/ldap/v3"

	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// TestEntryIDMapping: AD's binary objectGUID is rendered as its canonical
// GUID text, the first three fields little-endian; a custom entry_uuid
// mapping is read instead of the default. slapd has no objectGUID, so
// the AD path is tested on entries built here, not against a real AD.
func TestEntryIDMapping(t *testing.T) {
	guid := []byte{0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01}
	entry := func(attr string, v []byte) *goldap.Entry {
		return &goldap.Entry{DN: "cn=Jane Doe,cn=Users,dc=corp,dc=example,dc=com",
			Attributes: []*goldap.EntryAttribute{{Name: attr, Values: []string{string(v)}, ByteValues: [][]byte{v}}}}
	}
	ad := Resolve(ActiveDirectory, nil)
	if ad.EntryUUID != "objectGUID" || !ad.GUIDs {
		t.Fatalf("AD entry_uuid mapping %q (GUIDs %v), want objectGUID, binary", ad.EntryUUID, ad.GUIDs)
	}
	if got := ad.user(entry("objectGUID", guid)).EntryID; got != "3f2504e0-4f89-11d3-9a0c-0305e82c3301" {
		t.Errorf("objectGUID read as %q, want 3f2504e0-4f89-11d3-9a0c-0305e82c3301", got)
	}
	if got := ad.user(entry("objectGUID", guid[:15])).EntryID; got != string(guid[:15]) {
		t.Errorf("a value that is no GUID read as %q, want as is", got)
	}
	custom := Resolve(ActiveDirectory, []Attribute{{ServerType: ActiveDirectory, ObjectType: ObjectUser, Name: "entry_uuid", Value: []string{"msDS-ConsistencyGuid"}}})
	if got := custom.user(entry("msDS-ConsistencyGuid", guid)).EntryID; got != "3f2504e0-4f89-11d3-9a0c-0305e82c3301" {
		t.Errorf("custom mapping read %q", got)
	}
	open := Resolve(OpenLDAP, nil)
	uuid := "5e0b3a36-1c1f-103f-8d5c-3b5f6a1e7a10"
	if open.EntryUUID != "entryUUID" || open.GUIDs || open.user(entry("entryUUID", []byte(uuid))).EntryID != uuid {
		t.Errorf("OpenLDAP entry_uuid mapping %q (GUIDs %v), want entryUUID as text", open.EntryUUID, open.GUIDs)
	}
}

// TestAuthenticateEntry: after the bind, the entry's entryUUID (an
// operational attribute, asked for by name) is read as the user, the one
// a listing reads; a wrong password reads nothing.
func TestAuthenticateEntry(t *testing.T) {
	cfg := openLDAP(t)
	ctx := context.Background()
	dn := "uid=curie,ou=people," + slapd.LDAPBase
	id, err := AuthenticateEntry(ctx, cfg, dn, slapd.LDAPPassword("curie"))
	if err != nil || len(id) != 36 {
		t.Fatalf("AuthenticateEntry(curie) = %q, %v; want an entryUUID", id, err)
	}
	c, err := Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	found, _, err := c.FindUsers(ctx, []string{"curie"}, "")
	if err != nil || found["curie"].EntryID != id {
		t.Errorf("listing's entry id of curie %q, %v; want %q", found["curie"].EntryID, err, id)
	}
	if id, err := AuthenticateEntry(ctx, cfg, dn, "wrong"); !errors.Is(err, ErrBadCredentials) || id != "" {
		t.Errorf("wrong password = %q, %v; want bad credentials", id, err)
	}
}
