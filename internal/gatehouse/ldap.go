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
	// LDAPAttributes returns the custom attribute mappings, by server
	// type, object type and name.
	LDAPAttributes(ctx context.Context) ([]LDAPAttribute, error)
	// PutLDAPAttribute stores a, replacing the custom mapping of its
	// server type, object type and name.
	PutLDAPAttribute(ctx context.Context, a LDAPAttribute) error
	// DeleteLDAPAttribute removes a custom mapping, or returns ErrNotFound.
	DeleteLDAPAttribute(ctx context.Context, serverType, objectType, name string) error
}
