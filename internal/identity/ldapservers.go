package identity

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"strings"

	goldap "github.com/go-ldap/ldap/v3"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// Directory servers: a superadmin adds them after a bind with the service
// account succeeds, lists them (never with the bind password, which is
// kept sealed with the master key), and removes them.

// The actions on directory servers.
const (
	ActLDAPServerAdd    Action = "ldap.add_server"
	ActLDAPServerRemove Action = "ldap.remove_server"
	ActLDAPServerList   Action = "ldap.list_servers"
)

// LDAPServerInput describes a new directory server.
type LDAPServerInput struct {
	Name       string
	Host       string
	Port       int
	Type       string
	BindDN     string // the seed's username
	Password   string
	SearchBase string
	UserBase   string
	GroupBase  string
	NetBIOS    string
	TLS        bool // LDAPS
	StartTLS   bool
	CACert     string // PEM
}

var ldapServerName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// validate checks in and returns the server to store (without its
// password) and the connection configuration to check it with.
func (in *LDAPServerInput) validate() (gatehouse.LDAPServer, error) {
	var errs []error
	if !ldapServerName.MatchString(in.Name) {
		errs = append(errs, gatehouse.Invalid("name", "must be 1 to 64 letters, digits and . _ -, starting with a letter or digit (got %q)", in.Name))
	}
	if in.Host == "" || len(in.Host) > 253 || strings.ContainsAny(in.Host, " /\\@") {
		errs = append(errs, gatehouse.Invalid("hostname", "must be a host name or IP address (got %q)", in.Host))
	}
	if in.Port < 1 || in.Port > 65535 {
		errs = append(errs, gatehouse.Invalid("port", "must be between 1 and 65535 (got %d)", in.Port))
	}
	typ, err := ldap.ParseServerType(in.Type)
	if err != nil {
		errs = append(errs, gatehouse.Invalid("server_type", "%v", err))
	}
	if typ == ldap.ActiveDirectory && in.NetBIOS == "" {
		errs = append(errs, gatehouse.Invalid("netbios", "is required for an ACTIVE_DIRECTORY server: the domain name without its suffix, such as mydomain for mydomain.com"))
	}
	if in.BindDN == "" {
		errs = append(errs, gatehouse.Invalid("username", "is required: the DN (or, for Active Directory, the name) of an account that may read the directory"))
	}
	if in.Password == "" {
		errs = append(errs, gatehouse.Invalid("password", "is required: the password of the service account"))
	}
	base := in.SearchBase
	if typ == ldap.ActiveDirectory && base != "" && !strings.Contains(base, "=") {
		base = domainDN(base)
	}
	for _, b := range []struct{ field, dn string }{{"search_base", base}, {"user_base", in.UserBase}, {"group_base", in.GroupBase}} {
		if b.dn == "" && b.field != "search_base" {
			continue
		}
		if _, err := goldap.ParseDN(b.dn); err != nil || b.dn == "" {
			errs = append(errs, gatehouse.Invalid(b.field, "must be a DN such as dc=example,dc=com (got %q)", b.dn))
		}
	}
	if in.TLS && in.StartTLS {
		errs = append(errs, gatehouse.Invalid("start_tls", "cannot be given with tls: choose LDAPS (--tls) or StartTLS (--start-tls)"))
	}
	if in.CACert != "" {
		if b, _ := pem.Decode([]byte(in.CACert)); b == nil || b.Type != "CERTIFICATE" {
			errs = append(errs, gatehouse.Invalid("ca_cert", "must be PEM certificates (-----BEGIN CERTIFICATE-----)"))
		}
	}
	security := ldap.Plain
	switch {
	case in.TLS:
		security = ldap.TLS
	case in.StartTLS:
		security = ldap.StartTLS
	}
	return gatehouse.LDAPServer{
		Name: in.Name, Type: typ, Host: in.Host, Port: in.Port, Security: string(security), CACert: in.CACert,
		BindDN: in.BindDN, SearchBase: base, UserBase: in.UserBase, GroupBase: in.GroupBase, NetBIOS: in.NetBIOS,
	}, errors.Join(errs...)
}

// domainDN turns a domain name (mydomain.com) into its DN
// (dc=mydomain,dc=com), as the seed's Active Directory example gives it.
func domainDN(domain string) string {
	parts := strings.Split(domain, ".")
	for i, p := range parts {
		parts[i] = "dc=" + p
	}
	return strings.Join(parts, ",")
}

// sealContext binds a server's sealed password to the server's name.
func sealContext(name string) string { return "ldap-server:" + name }

// AddLDAPServer checks that the server answers and accepts the service
// account (and that the search base exists), then stores it with the
// password sealed. On any failure nothing is stored.
func (s *Service) AddLDAPServer(ctx context.Context, p *Principal, in LDAPServerInput) (string, error) {
	srv, err := in.validate()
	if err != nil {
		return "", s.Reject(ctx, p, ActLDAPServerAdd, "LDAP", in.Name, err)
	}
	// Refuse early, before reaching out to the server, what the
	// transaction would refuse anyway.
	err = s.view(ctx, p, ActLDAPServerAdd, "LDAP", in.Name, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActLDAPServerAdd, Target{}); err != nil {
			return err
		}
		return ldapServerFree(ctx, tx, in.Name)
	})
	if err != nil {
		return "", err
	}
	if err := s.checkLDAPServer(ctx, &srv, in.Password); err != nil {
		return "", s.Reject(ctx, p, ActLDAPServerAdd, "LDAP", in.Name, err)
	}
	srv.BindPassword = s.Secrets.Seal([]byte(in.Password), sealContext(srv.Name))
	srv.CreatedAt = s.Now().UTC()
	err = s.Change(ctx, p, ActLDAPServerAdd, "LDAP", in.Name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActLDAPServerAdd, Target{}); err != nil {
			return nil, err
		}
		if err := ldapServerFree(ctx, tx, in.Name); err != nil {
			return nil, err
		}
		if err := tx.CreateLDAPServer(ctx, &srv); err != nil {
			return nil, err
		}
		return map[string]any{
			"server_type": srv.Type, "hostname": srv.Host, "port": srv.Port, "username": srv.BindDN,
			"search_base": srv.SearchBase, "user_base": srv.UserBase, "group_base": srv.GroupBase,
			"netbios": srv.NetBIOS, "security": srv.Security,
		}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully added ldap server '%s'", in.Name), nil
}

func ldapServerFree(ctx context.Context, tx gatehouse.Tx, name string) error {
	_, err := tx.LDAPServerByName(ctx, name)
	switch {
	case err == nil:
		return gatehouse.Errorf(gatehouse.ErrConflict, "ldap server %s already exists: remove it first or choose another name", name)
	case errors.Is(err, gatehouse.ErrNotFound):
		return nil
	}
	return err
}

// checkLDAPServer binds to srv as its service account with password and
// reads the search base, reporting what failed against the input field
// to fix.
func (s *Service) checkLDAPServer(ctx context.Context, srv *gatehouse.LDAPServer, password string) error {
	cfg := ldapConfig(srv, password, nil)
	c, err := ldap.Dial(ctx, cfg)
	switch {
	case errors.Is(err, ldap.ErrBadCredentials):
		return gatehouse.Invalid("password", "the server refused the bind as %s: check the username and password (%v)", srv.BindDN, err)
	case errors.Is(err, ldap.ErrUnreachable):
		return gatehouse.Invalid("hostname", "%v", err)
	case err != nil:
		return gatehouse.Invalid("hostname", "cannot use ldap server %s: %v", srv.Address(), err)
	}
	defer c.Close()
	ok, err := c.Exists(ctx, srv.SearchBase)
	switch {
	case err != nil:
		return gatehouse.Invalid("search_base", "cannot read %s: %v", srv.SearchBase, err)
	case !ok:
		return gatehouse.Invalid("search_base", "%s does not exist on the server", srv.SearchBase)
	}
	return nil
}

// ldapConfig returns the connection configuration of srv.
func ldapConfig(srv *gatehouse.LDAPServer, password string, overrides []gatehouse.LDAPAttribute) *ldap.Config {
	custom := make([]ldap.Attribute, len(overrides))
	for i, o := range overrides {
		custom[i] = ldap.Attribute{ServerType: o.ServerType, ObjectType: o.ObjectType, Name: o.Name, Value: o.Value}
	}
	return &ldap.Config{
		Type: srv.Type, Host: srv.Host, Port: srv.Port, Security: ldap.Security(srv.Security), CACert: []byte(srv.CACert),
		BindDN: srv.BindDN, BindPassword: password, NetBIOS: srv.NetBIOS,
		SearchBase: srv.SearchBase, UserBase: srv.UserBase, GroupBase: srv.GroupBase,
		Mapping: ldap.Resolve(srv.Type, custom),
	}
}

// ListLDAPServers returns the servers, by name; only the one called name
// when it is set.
func (s *Service) ListLDAPServers(ctx context.Context, p *Principal, name string) ([]gatehouse.LDAPServer, error) {
	var out []gatehouse.LDAPServer
	err := s.view(ctx, p, ActLDAPServerList, "LDAP", name, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActLDAPServerList, Target{}); err != nil {
			return err
		}
		if name != "" {
			srv, err := ldapServerByName(ctx, tx, name)
			out = []gatehouse.LDAPServer{srv}
			return err
		}
		var err error
		out, err = tx.LDAPServers(ctx)
		return err
	})
	return out, err
}

// ldapServerByName is tx.LDAPServerByName with a message for the client.
func ldapServerByName(ctx context.Context, tx gatehouse.Tx, name string) (gatehouse.LDAPServer, error) {
	srv, err := tx.LDAPServerByName(ctx, name)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return srv, gatehouse.Errorf(gatehouse.ErrNotFound, "ldap server %s does not exist: see 'gatehouse ldap list-servers'", name)
	}
	return srv, err
}

// RemoveLDAPServer removes the server called name. While live users
// authenticate against it, it is refused, naming them, unless force:
// then those users can no longer log in until they are moved.
func (s *Service) RemoveLDAPServer(ctx context.Context, p *Principal, name string, force bool) (string, error) {
	err := s.Change(ctx, p, ActLDAPServerRemove, "LDAP", name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActLDAPServerRemove, Target{}); err != nil {
			return nil, err
		}
		srv, err := ldapServerByName(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		users, err := linkedUsers(ctx, tx, srv.ID)
		if err != nil {
			return nil, err
		}
		if len(users) > 0 && !force {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "ldap server %s still authenticates %d users (%s): remove them first, or give --force to remove it anyway (they will not be able to log in)",
				name, len(users), strings.Join(users, ", "))
		}
		if err := tx.DeleteLDAPServer(ctx, srv.ID); err != nil {
			return nil, err
		}
		return map[string]any{"users": users, "forced": force && len(users) > 0}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Successfully removed ldap server '%s'", name), nil
}

// linkedUsers returns the names of the live users linked to server id.
func linkedUsers(ctx context.Context, tx gatehouse.Tx, id gatehouse.LDAPServerID) ([]string, error) {
	links, err := tx.LDAPLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, l := range links {
		u, err := tx.UserByID(ctx, l.UserID)
		if err != nil {
			return nil, err
		}
		if !u.Deleted {
			names = append(names, string(u.Name))
		}
	}
	return names, nil
}
