package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var req LoginRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	s, err := a.Identity.Login(r.Context(), identity.LoginInput{
		Username: gatehouse.UserName(req.Username), Password: req.Password,
		Tenant: gatehouse.TenantName(req.Tenant), Namespace: gatehouse.NamespaceName(req.Namespace),
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sessionOut(s))
}

func (a *API) logout(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	if err := a.Identity.Logout(r.Context(), p); err != nil {
		return err
	}
	return message(w, http.StatusOK, "Logged out")
}

func (a *API) whoami(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	v, err := a.Identity.GetUser(r.Context(), p, p.User.Name)
	if err != nil {
		return err
	}
	out := WhoAmI{Username: string(p.User.Name), UserID: int64(p.User.ID), Tenant: string(p.Tenant.Name),
		Role: string(p.Role()), Namespace: string(p.Membership.Namespace),
		Capabilities: nonNil(p.Membership.Capabilities), Tenants: []string{}, ExpiresAt: p.Claims.ExpiresAt}
	for _, m := range v.Memberships {
		out.Tenants = append(out.Tenants, string(m.TenantName))
	}
	if p.User.Account != 0 {
		roles, err := a.Access.ActiveRoles(r.Context(), p)
		if err != nil {
			return err
		}
		out.Subuser, out.ActiveRoles = true, roles
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) changePassword(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req PasswordChangeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	s, err := a.Identity.ChangePassword(r.Context(), p, req.CurrentPassword, req.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sessionOut(s))
}

func (a *API) changeExpiredPassword(w http.ResponseWriter, r *http.Request) error {
	var req ExpiredPasswordRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	s, err := a.Identity.ChangeExpiredPassword(r.Context(), identity.LoginInput{
		Username: gatehouse.UserName(req.Username), Password: req.Password, Tenant: gatehouse.TenantName(req.Tenant),
	}, req.NewPassword)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sessionOut(s))
}
