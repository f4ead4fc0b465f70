package api

import "time"

// LDAPServer is a directory server as GET /api/v1/ldap/servers lists it.
// Its bind password is never returned.
type LDAPServer struct {
	Name       string    `json:"name"`
	ServerType string    `json:"server_type"`
	Hostname   string    `json:"hostname"`
	Port       int       `json:"port"`
	Username   string    `json:"username"`
	SearchBase string    `json:"search_base"`
	UserBase   string    `json:"user_base"`
	GroupBase  string    `json:"group_base"`
	NetBIOS    string    `json:"netbios"`
	TLS        bool      `json:"tls"`
	StartTLS   bool      `json:"start_tls"`
	CACert     string    `json:"ca_cert"`
	CreatedAt  time.Time `json:"created_at"`
}

// LDAPServerList is the body of GET /api/v1/ldap/servers.
type LDAPServerList struct {
	Items []LDAPServer `json:"items"`
}

// LDAPServerAddRequest is the body of POST /api/v1/ldap/servers.
type LDAPServerAddRequest struct {
	Name       string `json:"name"`
	Hostname   string `json:"hostname"`
	Port       int    `json:"port"`
	ServerType string `json:"server_type"`
	Username   string `json:"username"`
	Password   string `json:"password"`
	SearchBase string `json:"search_base"`
	UserBase   string `json:"user_base,omitempty"`
	GroupBase  string `json:"group_base,omitempty"`
	NetBIOS    string `json:"netbios,omitempty"`
	TLS        bool   `json:"tls,omitempty"`
	StartTLS   bool   `json:"start_tls,omitempty"`
	CACert     string `json:"ca_cert,omitempty"`
}

// LDAPUser is a directory user as GET /api/v1/ldap/servers/{name}/users
// lists them, through the server type's attribute mappings.
type LDAPUser struct {
	Username          string              `json:"username"`
	DN                string              `json:"dn"`
	FirstName         string              `json:"first_name"`
	LastName          string              `json:"last_name"`
	DisplayName       string              `json:"display_name"`
	Email             string              `json:"email"`
	UserPrincipalName string              `json:"user_principal_name"`
	ObjectSID         string              `json:"object_sid"`
	Attributes        map[string][]string `json:"attributes,omitempty"`
}

// LDAPUserList is the body of GET /api/v1/ldap/servers/{name}/users. It
// is streamed: when the directory fails after the first entries were
// sent, Error says so and the list is incomplete.
type LDAPUserList struct {
	Items []LDAPUser `json:"items"`
	Error string     `json:"error,omitempty"`
}

// LDAPGroup is a directory group as GET /api/v1/ldap/servers/{name}/groups
// lists them: its direct members' names (the first value of a member DN,
// or a memberUid) and DNs.
type LDAPGroup struct {
	Name       string              `json:"name"`
	DN         string              `json:"dn"`
	ObjectSID  string              `json:"object_sid"`
	Members    []string            `json:"members"`
	MemberDNs  []string            `json:"member_dns"`
	Attributes map[string][]string `json:"attributes,omitempty"`
}

// LDAPGroupList is the body of GET /api/v1/ldap/servers/{name}/groups,
// streamed as LDAPUserList is.
type LDAPGroupList struct {
	Items []LDAPGroup `json:"items"`
	Error string      `json:"error,omitempty"`
}

// LDAPImportUsersRequest is the body of
// POST /api/v1/ldap/servers/{name}/import-users.
type LDAPImportUsersRequest struct {
	Users        []string `json:"users"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
	SearchBase   string   `json:"search_base,omitempty"`
}

// LDAPImportGroupRequest is the body of
// POST /api/v1/ldap/servers/{name}/import-group.
type LDAPImportGroupRequest struct {
	Group        string   `json:"group"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
	ExcludeUsers []string `json:"exclude_users,omitempty"`
	SearchBase   string   `json:"search_base,omitempty"`
}

// LDAPAttribute is one attribute mapping in effect, as
// GET /api/v1/ldap/attributes lists them.
type LDAPAttribute struct {
	ServerType    string   `json:"server_type"`
	ObjectType    string   `json:"object_type"`
	AttributeName string   `json:"attribute_name"`
	Custom        bool     `json:"custom"`
	List          bool     `json:"list"`
	Value         []string `json:"value"`
}

// LDAPAttributeList is the body of GET /api/v1/ldap/attributes.
type LDAPAttributeList struct {
	Items []LDAPAttribute `json:"items"`
}

// LDAPAttributeRequest is the body of
// PUT /api/v1/ldap/attributes/{server_type}/{object_type}/{name}.
type LDAPAttributeRequest struct {
	Value []string `json:"value"`
}

// LDAPSyncRequest is the body of POST /api/v1/ldap/servers/{name}/sync.
type LDAPSyncRequest struct {
	DryRun bool `json:"dry_run,omitempty"`
}

// LDAPSyncChange is one change of a sync.
type LDAPSyncChange struct {
	Kind     string `json:"kind"`
	Username string `json:"username"`
	Tenant   string `json:"tenant"`
	Group    string `json:"group"`
	Detail   string `json:"detail"`
}

// LDAPSyncReport is the response of a sync: what it changed, or would
// change when a dry run.
type LDAPSyncReport struct {
	Server  string           `json:"server"`
	DryRun  bool             `json:"dry_run"`
	Message string           `json:"message"`
	Changes []LDAPSyncChange `json:"changes"`
}

// LDAPImportedGroup is a group imported into a tenant with import-group,
// which a sync keeps the tenant in step with, as
// GET /api/v1/ldap/servers/{name}/imported-groups lists them.
type LDAPImportedGroup struct {
	DN           string   `json:"dn"`
	Name         string   `json:"name"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities"`
	ExcludeUsers []string `json:"exclude_users"`
	Members      int      `json:"members"`
}

// LDAPImportedGroupList is the body of
// GET /api/v1/ldap/servers/{name}/imported-groups.
type LDAPImportedGroupList struct {
	Items []LDAPImportedGroup `json:"items"`
}
