package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// ldapListLimit is how many directory users or groups a server's page
// shows; the filter narrows longer listings.
const ldapListLimit = 100

// ldapServersPage is the data of the LDAP servers page.
type ldapServersPage struct {
	Servers []gatehouse.LDAPServer
	Form    *form // the add server form
	Types   []string
}

// ldapFields are the fields of the add LDAP server form.
var ldapFields = []string{"name", "server_type", "hostname", "port", "username", "password", "search_base",
	"user_base", "group_base", "netbios", "security", "ca_cert"}

func (c *Console) ldapServersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	f := &form{Values: map[string]string{"server_type": ldap.OpenLDAP, "port": "389", "security": "none"}}
	return c.showLDAPServers(w, r, s, http.StatusOK, f)
}

func (c *Console) showLDAPServers(w http.ResponseWriter, r *http.Request, s *session, status int, f *form) error {
	ss, err := c.Identity.ListLDAPServers(r.Context(), s.p, "")
	if err != nil {
		return err
	}
	d := ldapServersPage{Servers: ss, Form: f, Types: ldap.ServerTypes}
	return c.render(w, r, s, status, "ldap_servers", "", view{Title: "LDAP servers", Nav: "ldap", Data: d})
}

// ldapURL returns the path of an LDAP server's page.
func ldapURL(name string) string { return Path + "ldap/" + url.PathEscape(name) }

// addLDAPServer adds a server; the domain first connects and binds to
// it, so adding is also the connection test.
func (c *Console) addLDAPServer(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PostFormValue("name")
	port, err := strconv.Atoi(r.PostFormValue("port"))
	if err != nil {
		port = -1 // the domain names the rule
	}
	security := r.PostFormValue("security")
	msg, err := c.Identity.AddLDAPServer(r.Context(), s.p, identity.LDAPServerInput{
		Name: name, Type: r.PostFormValue("server_type"), Host: r.PostFormValue("hostname"), Port: port,
		BindDN: r.PostFormValue("username"), Password: r.PostFormValue("password"),
		SearchBase: r.PostFormValue("search_base"), UserBase: r.PostFormValue("user_base"),
		GroupBase: r.PostFormValue("group_base"), NetBIOS: r.PostFormValue("netbios"),
		TLS: security == "tls", StartTLS: security == "starttls", CACert: r.PostFormValue("ca_cert"),
	})
	if err != nil {
		f, status, ok := refused(r, err, ldapFields...)
		if !ok {
			return err
		}
		delete(f.Values, "password")
		return c.showLDAPServers(w, r, s, status, f)
	}
	return c.redirect(w, r, ldapURL(name), msg)
}

// ldapServerPage is the data of one LDAP server's page: the server and
// the first users and groups its filter selects.
type ldapServerPage struct {
	Server     gatehouse.LDAPServer
	Filter     string
	Users      []ldap.User
	Groups     []ldap.Group
	MoreUsers  bool
	MoreGroups bool
}

func (c *Console) ldapServerPage(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	name := r.PathValue("name")
	ss, err := c.Identity.ListLDAPServers(ctx, s.p, name)
	if err != nil {
		return err
	}
	d := ldapServerPage{Server: ss[0], Filter: r.URL.Query().Get("filter")}
	q := ldap.Query{Filter: d.Filter}
	d.MoreUsers, err = firstOf(ctx, func(ctx context.Context, take func() bool) error {
		return c.Identity.ListLDAPUsers(ctx, s.p, name, q, func(u ldap.User) error {
			if !take() {
				return context.Canceled
			}
			d.Users = append(d.Users, u)
			return nil
		})
	})
	if err != nil {
		return err
	}
	d.MoreGroups, err = firstOf(ctx, func(ctx context.Context, take func() bool) error {
		return c.Identity.ListLDAPGroups(ctx, s.p, name, q, func(g ldap.Group) error {
			if !take() {
				return context.Canceled
			}
			d.Groups = append(d.Groups, g)
			return nil
		})
	})
	if err != nil {
		return err
	}
	return c.render(w, r, s, http.StatusOK, "ldap_server", "", view{Title: "LDAP server " + name, Nav: "ldap", Data: d})
}

// firstOf runs a directory listing that asks take before keeping each
// entry, and stops it after ldapListLimit entries by cancelling its
// context (the listing answers a cancelled context's error as it is). It
// reports whether there were more.
func firstOf(ctx context.Context, list func(ctx context.Context, take func() bool) error) (more bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := 0
	err = list(ctx, func() bool {
		if n == ldapListLimit {
			more = true
			cancel()
			return false
		}
		n++
		return true
	})
	if more && errors.Is(err, context.Canceled) {
		err = nil
	}
	return more, err
}

func (c *Console) removeLDAPServer(w http.ResponseWriter, r *http.Request, s *session) error {
	msg, err := c.Identity.RemoveLDAPServer(r.Context(), s.p, r.PathValue("name"), false)
	if err != nil {
		return err
	}
	return c.redirect(w, r, Path+"ldap", msg)
}
