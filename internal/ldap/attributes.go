package ldap

import (
	"fmt"
	"slices"
)

// Server types.
const (
	OpenLDAP        = "OPEN_LDAP"
	ActiveDirectory = "ACTIVE_DIRECTORY"
)

// ServerTypes lists the server types, as the CLI accepts them.
var ServerTypes = []string{OpenLDAP, ActiveDirectory}

// Object types of attribute mappings; ObjectNone is for attributes that
// apply to every object of a server type.
const (
	ObjectNone  = "none"
	ObjectUser  = "user"
	ObjectGroup = "group"
)

// Attribute is one attribute mapping: which LDAP attributes hold one
// property of an object. List marks properties that take several
// attributes (tried in order, or all read for members).
type Attribute struct {
	ServerType string
	ObjectType string
	Name       string
	Value      []string
	List       bool
}

func attr(st, ot, name string, values ...string) Attribute {
	return Attribute{ServerType: st, ObjectType: ot, Name: name, Value: values, List: len(values) > 1 || slices.Contains(listNames, name)}
}

// listNames are the properties whose values are lists.
var listNames = []string{"class_list", "members", "member_uids", "username", "email_address"}

// Defaults are the default attribute mappings: for OPEN_LDAP those of the
// Robin Platform, except that email_address also reads mail (the
// inetOrgPerson attribute) before emailAddress, and groups read the
// uid-valued memberUid of posixGroup; for ACTIVE_DIRECTORY the attributes
// AD uses. phone_number, which the Robin Platform does not map, reads
// telephoneNumber (RFC 4519, and AD's attribute of that name) on both.
// entry_uuid is the entry's stable id, which a login checks: entryUUID
// (RFC 4530) on OPEN_LDAP, objectGUID on ACTIVE_DIRECTORY.
var Defaults = []Attribute{
	attr(OpenLDAP, ObjectNone, "distinguished_name", "entryDN"),
	attr(OpenLDAP, ObjectNone, "object_class", "objectClass"),
	attr(OpenLDAP, ObjectGroup, "class_list", "posixGroup", "groupOfNames", "groupOfUniqueNames"),
	attr(OpenLDAP, ObjectGroup, "distinguished_name", "entryDN"),
	attr(OpenLDAP, ObjectGroup, "group_name", "cn"),
	attr(OpenLDAP, ObjectGroup, "members", "uniqueMember", "member"),
	attr(OpenLDAP, ObjectGroup, "member_uids", "memberUid"),
	attr(OpenLDAP, ObjectGroup, "object_class", "objectClass"),
	attr(OpenLDAP, ObjectGroup, "object_sid", "objectSid"),
	attr(OpenLDAP, ObjectUser, "class_list", "posixAccount", "inetOrgPerson", "organizationalPerson"),
	attr(OpenLDAP, ObjectUser, "display_name", "displayName"),
	attr(OpenLDAP, ObjectUser, "distinguished_name", "entryDN"),
	attr(OpenLDAP, ObjectUser, "email_address", "mail", "emailAddress"),
	attr(OpenLDAP, ObjectUser, "entry_uuid", "entryUUID"),
	attr(OpenLDAP, ObjectUser, "first_name", "givenName"),
	attr(OpenLDAP, ObjectUser, "last_name", "sn"),
	attr(OpenLDAP, ObjectUser, "object_class", "objectClass"),
	attr(OpenLDAP, ObjectUser, "object_sid", "entryUUID"),
	attr(OpenLDAP, ObjectUser, "phone_number", "telephoneNumber"),
	attr(OpenLDAP, ObjectUser, "user_principal_name", "userPrincipalName"),
	attr(OpenLDAP, ObjectUser, "username", "uid", "cn"),

	attr(ActiveDirectory, ObjectNone, "distinguished_name", "distinguishedName"),
	attr(ActiveDirectory, ObjectNone, "object_class", "objectClass"),
	attr(ActiveDirectory, ObjectGroup, "class_list", "group"),
	attr(ActiveDirectory, ObjectGroup, "distinguished_name", "distinguishedName"),
	attr(ActiveDirectory, ObjectGroup, "group_name", "cn"),
	attr(ActiveDirectory, ObjectGroup, "member_of", "memberOf"),
	attr(ActiveDirectory, ObjectGroup, "members", "member"),
	attr(ActiveDirectory, ObjectGroup, "member_uids"),
	attr(ActiveDirectory, ObjectGroup, "object_class", "objectClass"),
	attr(ActiveDirectory, ObjectGroup, "object_sid", "objectSid"),
	attr(ActiveDirectory, ObjectUser, "class_list", "user"),
	attr(ActiveDirectory, ObjectUser, "display_name", "displayName"),
	attr(ActiveDirectory, ObjectUser, "distinguished_name", "distinguishedName"),
	attr(ActiveDirectory, ObjectUser, "email_address", "mail"),
	attr(ActiveDirectory, ObjectUser, "entry_uuid", "objectGUID"),
	attr(ActiveDirectory, ObjectUser, "first_name", "givenName"),
	attr(ActiveDirectory, ObjectUser, "last_name", "sn"),
	attr(ActiveDirectory, ObjectUser, "member_of", "memberOf"),
	attr(ActiveDirectory, ObjectUser, "object_class", "objectClass"),
	attr(ActiveDirectory, ObjectUser, "object_sid", "objectSid"),
	attr(ActiveDirectory, ObjectUser, "phone_number", "telephoneNumber"),
	attr(ActiveDirectory, ObjectUser, "user_principal_name", "userPrincipalName"),
	attr(ActiveDirectory, ObjectUser, "username", "sAMAccountName"),
}

// Default returns the default mapping of one attribute, or false.
func Default(serverType, objectType, name string) (Attribute, bool) {
	for _, a := range Defaults {
		if a.ServerType == serverType && a.ObjectType == objectType && a.Name == name {
			return a, true
		}
	}
	return Attribute{}, false
}

// Mapping is the resolved attribute mapping of one server type: what
// the searches read.
type Mapping struct {
	UserClasses []string
	Username    []string
	FirstName   string
	LastName    string
	DisplayName string
	Email       []string
	Phone       string
	UPN         string
	UserSID     string
	// EntryUUID is the attribute holding a user entry's stable id; a
	// 16-byte value of it is a binary GUID when GUIDs is set.
	EntryUUID    string
	GUIDs        bool
	GroupClasses []string
	GroupName    string
	Members      []string // DN-valued
	MemberUIDs   []string // username-valued
	GroupSID     string
}

// Resolve returns the mapping of serverType from the defaults with
// overrides (stored custom values) applied.
func Resolve(serverType string, overrides []Attribute) Mapping {
	get := func(ot, name string) []string {
		for _, o := range overrides {
			if o.ServerType == serverType && o.ObjectType == ot && o.Name == name {
				return o.Value
			}
		}
		a, _ := Default(serverType, ot, name)
		return a.Value
	}
	one := func(ot, name string) string {
		if v := get(ot, name); len(v) > 0 {
			return v[0]
		}
		return ""
	}
	return Mapping{
		UserClasses: get(ObjectUser, "class_list"), Username: get(ObjectUser, "username"),
		FirstName: one(ObjectUser, "first_name"), LastName: one(ObjectUser, "last_name"),
		DisplayName: one(ObjectUser, "display_name"), Email: get(ObjectUser, "email_address"),
		Phone: one(ObjectUser, "phone_number"), UPN: one(ObjectUser, "user_principal_name"), UserSID: one(ObjectUser, "object_sid"),
		EntryUUID: one(ObjectUser, "entry_uuid"), GUIDs: serverType == ActiveDirectory,
		GroupClasses: get(ObjectGroup, "class_list"), GroupName: one(ObjectGroup, "group_name"),
		Members: get(ObjectGroup, "members"), MemberUIDs: get(ObjectGroup, "member_uids"),
		GroupSID: one(ObjectGroup, "object_sid"),
	}
}

// ParseServerType checks a server type.
func ParseServerType(s string) (string, error) {
	if slices.Contains(ServerTypes, s) {
		return s, nil
	}
	return "", fmt.Errorf("must be OPEN_LDAP or ACTIVE_DIRECTORY (got %q)", s)
}
