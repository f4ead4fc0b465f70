package console

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Path is where the console is mounted.
const Path = "/console/"

//go:embed static
var staticFS embed.FS

// Console serves the web console.
type Console struct {
	Identity *identity.Service
	Access   *access.Service
	Logger   *slog.Logger
	// Secure marks cookies Secure; set it when serving over TLS.
	Secure bool

	pages *pages
}

// New returns a console over the domain services.
func New(id *identity.Service, acc *access.Service, logger *slog.Logger, secure bool) (*Console, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Console{Identity: id, Access: acc, Logger: logger, Secure: secure, pages: p}, nil
}

// Handler returns the handler of every path under Path.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", cacheFor(http.FileServerFS(static))))

	mux.Handle("GET /console/{$}", c.authed(c.home))
	mux.Handle("GET /console/login", c.serve(c.loginPage))
	mux.Handle("POST /console/login", c.serve(c.login))
	mux.Handle("POST /console/logout", c.authed(c.logout))
	mux.Handle("POST /console/switch", c.authed(c.switchTenant))

	mux.Handle("GET /console/users", c.authed(c.usersPage))
	mux.Handle("GET /console/users/new", c.authed(c.newUserPage))
	mux.Handle("POST /console/users", c.authed(c.addUser))
	mux.Handle("GET /console/users/{name}", c.authed(c.userPage))
	mux.Handle("GET /console/users/{name}/edit", c.authed(c.editUserPage))
	mux.Handle("POST /console/users/{name}", c.authed(c.updateUser))
	mux.Handle("POST /console/users/{name}/unlock", c.authed(c.unlockUser))
	mux.Handle("POST /console/users/{name}/disable", c.authed(c.disableUser))
	mux.Handle("POST /console/users/{name}/enable", c.authed(c.enableUser))
	mux.Handle("POST /console/users/{name}/password", c.authed(c.resetPassword))
	mux.Handle("POST /console/users/{name}/keys", c.authed(c.addKey))
	mux.Handle("POST /console/users/{name}/keys/{key}/remove", c.authed(c.removeKey))
	mux.Handle("POST /console/users/{name}/tokens/{id}/revoke", c.authed(c.revokeToken))

	mux.Handle("GET /console/tenants", c.authed(c.tenantsPage))
	mux.Handle("POST /console/tenants", c.authed(c.addTenant))
	mux.Handle("GET /console/tenants/{name}", c.authed(c.membersPage))
	mux.Handle("POST /console/tenants/{name}/members", c.authed(c.addMember))
	mux.Handle("POST /console/tenants/{name}/members/{user}/role", c.authed(c.changeRole))
	mux.Handle("POST /console/tenants/{name}/members/{user}/remove", c.authed(c.removeMember))
	mux.Handle("POST /console/tenants/{name}/members/{user}/capabilities", c.authed(c.changeCapabilities(true)))
	mux.Handle("POST /console/tenants/{name}/members/{user}/capabilities/{capability}/remove", c.authed(c.changeCapabilities(false)))

	mux.Handle("GET /console/ldap", c.authed(c.ldapServersPage))
	mux.Handle("POST /console/ldap", c.authed(c.addLDAPServer))
	mux.Handle("GET /console/ldap/{name}", c.authed(c.ldapServerPage))
	mux.Handle("POST /console/ldap/{name}/remove", c.authed(c.removeLDAPServer))

	mux.Handle("GET /console/audit", c.authed(c.auditPage))

	mux.Handle("GET /console/profile", c.authed(c.profilePage))
	mux.Handle("POST /console/profile/password", c.authed(c.changePassword))

	mux.Handle("GET /console/capabilities", c.authed(c.capabilitiesPage))
	mux.Handle("POST /console/capabilities", c.authed(c.addCapability))
	mux.Handle("GET /console/capabilities/{name}", c.authed(c.capabilityPage))
	mux.Handle("POST /console/capabilities/{name}", c.authed(c.updateCapability))
	mux.Handle("POST /console/capabilities/{name}/remove", c.authed(c.removeCapability))

	mux.Handle("/console/", c.serve(notFound))
	return withHeaders(mux)
}

// cacheFor lets browsers keep the embedded assets for an hour.
func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (c *Console) home(w http.ResponseWriter, r *http.Request, s *session) error {
	to := Path + "profile"
	if s.p.IsSuperadmin() || s.p.Role() == gatehouse.RoleTenantadmin {
		to = Path + "users"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
