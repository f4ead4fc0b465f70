package gatehouse

import (
	"context"
	"net"
	"strconv"
	"time"
)

// AuthLDAP is the authentication of users who log in by binding to a
// directory server.
const AuthLDAP = "ldap"

// LDAPServerID identifies a directory server.
type LDAPServerID int64

// LDAPServer is an LDAP or Active Directory server users authenticate
// against and are imported from.
type LDAPServer struct {
	ID   LDAPServerID
	Name string
	Type string // OPEN_LDAP or ACTIVE_DIRECTORY
	Host string
	Port int
	// Security is "" (plain LDAP), "tls" (LDAPS) or "start_tls".
	Security string
	// CACert is the PEM certificates the server's must chain to; empty:
	// the system roots.
	CACert     string
	BindDN     string
	SearchBase string
	UserBase   string
	GroupBase  string
	NetBIOS    string
	// BindPassword is the service account's password, sealed with the
	// master key (package secret). It never leaves the server.
	BindPassword []byte
	CreatedAt    time.Time
}

// Address returns host:port.
func (s *LDAPServer) Address() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// LDAPLink ties a Gatehouse user to their directory entry.
type LDAPLink struct {
	UserID   UserID
	ServerID LDAPServerID
	// DN is the entry the user binds as.
	DN string
	// DirectoryName is the user's name in the directory, which differs
	// from theirs when it had characters Gatehouse does not allow.
	DirectoryName string
	// EntryID is the entry's stable id (entryUUID on OpenLDAP, objectGUID
	// on Active Directory), which a new entry created under the same DN
	// does not have. Empty for a link made before it was recorded.
	EntryID string
}

// LDAPGroupID identifies an imported directory group.
type LDAPGroupID int64

// LDAPGroup is a directory group imported into a tenant with
// import-group: what 'gatehouse ldap sync' keeps the tenant's members in
// step with. A group is imported once per server, DN and tenant.
type LDAPGroup struct {
	ID       LDAPGroupID
	ServerID LDAPServerID
	// DN is the group's entry; Name the name it was imported by.
	DN           string
	Name         string
	TenantID     TenantID
	Role         Role
	Capabilities []string
	// Exclude are the directory usernames never to import.
	Exclude []string
	// Members are the users whose membership of the tenant the group
	// brought (imported, or added by a sync), by id: a sync removes from
	// the tenant only those of them who left the group.
	Members []UserID
}

// LDAPAttribute is a custom attribute mapping, replacing the default of
// its server type, object type and name.
type LDAPAttribute struct {
	ServerType string
	ObjectType string
	Name       string
	Value      []string
}

// LDAPStore keeps directory servers, the links of users to their entries
// and custom attribute mappings.
type LDAPStore interface {
	// CreateLDAPServer inserts s, setting s.ID; ErrConflict if the name
	// is taken.
	CreateLDAPServer(ctx context.Context, s *LDAPServer) error
	// LDAPServerByName returns the server called name, or ErrNotFound.
	LDAPServerByName(ctx context.Context, name string) (LDAPServer, error)
	// LDAPServerByID returns the server with id, or ErrNotFound.
	LDAPServerByID(ctx context.Context, id LDAPServerID) (LDAPServer, error)
	// LDAPServers returns every server, by name.
	LDAPServers(ctx context.Context) ([]LDAPServer, error)
	// DeleteLDAPServer removes the server with id and the links to it, or
	// returns ErrNotFound.
	DeleteLDAPServer(ctx context.Context, id LDAPServerID) error
	// PutLDAPLink stores l, replacing the user's link if they have one.
	// ErrNotFound if the user or the server does not exist.
	PutLDAPLink(ctx context.Context, l LDAPLink) error
	// LDAPLinkOf returns the link of user u, or ErrNotFound.
	LDAPLinkOf(ctx context.Context, u UserID) (LDAPLink, error)
	// LDAPLinks returns the links to server id, by user id.
	LDAPLinks(ctx context.Context, id LDAPServerID) ([]LDAPLink, error)
	// PutLDAPGroup stores g, replacing the group of its server, DN and
	// tenant if there is one (g.ID is then that group's), and its members.
	// ErrNotFound if the server, the tenant or a member does not exist.
	PutLDAPGroup(ctx context.Context, g *LDAPGroup) error
	// LDAPGroups returns the groups imported from server id, by id, each
	// with its members by user id.
	LDAPGroups(ctx context.Context, id LDAPServerID) ([]LDAPGroup, error)
	// DeleteLDAPGroup removes the imported group with id and the record
	// of the members it brought (the users and their memberships stay),
	// or returns ErrNotFound.
	DeleteLDAPGroup(ctx context.Context, id LDAPGroupID) error
	// LDAPAttributes returns the custom attribute mappings, by server
	// type, object type and name.
	LDAPAttributes(ctx context.Context) ([]LDAPAttribute, error)
	// PutLDAPAttribute stores a, replacing the custom mapping of its
	// server type, object type and name.
	PutLDAPAttribute(ctx context.Context, a LDAPAttribute) error
	// DeleteLDAPAttribute removes a custom mapping, or returns ErrNotFound.
	DeleteLDAPAttribute(ctx context.Context, serverType, objectType, name string) error
}
