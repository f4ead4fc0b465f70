package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Switching tenants. A token names one tenant, and the API issues a token
// for another only at login (POST /api/v1/login with a tenant, as
// `gatehouse login --tenant` does): it has no exchange of a live token for
// another tenant's. So the console does what the CLI does, with the
// username it already knows: the header's switch form asks for the
// password only, logs in to the chosen tenant through the same Login as
// the API (throttled, counted towards lockout and audited as a login),
// then logs the previous token out (audited as a logout). A stolen session
// cookie alone therefore cannot reach the user's other tenants.

// otherTenants returns the tenants of the caller but the one they are
// logged into, for the header's switch form. It returns none if they
// cannot be read, which leaves the form out but the page whole.
func (c *Console) otherTenants(ctx context.Context, s *session) []gatehouse.TenantName {
	v, err := c.Identity.GetUser(ctx, s.p, s.p.User.Name)
	if err != nil {
		c.Logger.WarnContext(ctx, "console: the caller's tenants", "err", err)
		return nil
	}
	var names []gatehouse.TenantName
	for _, m := range v.Memberships {
		if m.TenantID != s.p.Tenant.ID {
			names = append(names, m.TenantName)
		}
	}
	return names
}

// switchTenant logs the caller into another of their tenants, given
// their password, and ends the session it replaces.
func (c *Console) switchTenant(w http.ResponseWriter, r *http.Request, s *session) error {
	tenant := gatehouse.TenantName(r.PostFormValue("tenant"))
	ns, err := c.Identity.Login(r.Context(), identity.LoginInput{Username: s.p.User.Name, Password: r.PostFormValue("password"), Tenant: tenant})
	if err != nil {
		f, status, ok := refused(r, err, "tenant", "password")
		if errors.Is(err, gatehouse.ErrUnauthenticated) {
			f, status, ok = &form{Values: map[string]string{}, Errors: map[string]string{"password": "the password is wrong"}}, http.StatusUnauthorized, true
		}
		if !ok {
			return err
		}
		f.Values = map[string]string{"tenant": string(tenant)}
		return c.render(w, r, s, status, "switch", "", view{Title: "Switch tenant", Data: switchPage{Form: f}})
	}
	c.setCookie(w, sessionCookie, ns.Token, ns.ExpiresAt)
	if err := c.Identity.Logout(r.Context(), s.p); err != nil {
		c.Logger.ErrorContext(r.Context(), "console: log out the session a tenant switch replaced", "err", err)
	}
	return c.redirect(w, r, Path, fmt.Sprintf("You are now in tenant %s as %s.", ns.Tenant.Name, ns.Role))
}

// switchPage is the data of the switch form shown again after a refusal.
type switchPage struct {
	Form *form
}
