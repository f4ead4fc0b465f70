package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// accountParam is the account query parameter: the tenant whose sub-users,
// policies or roles are meant; empty for the caller's tenant.
func accountParam(r *http.Request) gatehouse.TenantName {
	return gatehouse.TenantName(r.URL.Query().Get("account"))
}

func (a *API) listSubusers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	subs, err := a.Identity.ListSubusers(r.Context(), p, accountParam(r))
	if err != nil {
		return err
	}
	out := SubuserList{Items: make([]Subuser, len(subs))}
	for i, s := range subs {
		u := &s.User
		out.Items[i] = Subuser{ID: int64(u.ID), Account: string(s.Account), Login: string(s.Login), Username: string(u.Name),
			FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, Disabled: u.Disabled, CreatedAt: u.CreatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addSubuser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req SubuserAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddSubuser(r.Context(), p, identity.SubuserInput{Account: gatehouse.TenantName(req.Account),
		Login: gatehouse.UserName(req.Login), Password: req.Password, FirstName: req.FirstName, LastName: req.LastName, Email: req.Email})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updateSubuser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req UserUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdateSubuser(r.Context(), p, accountParam(r), gatehouse.UserName(r.PathValue("login")),
		identity.Profile{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email, Company: req.Company, Phone: req.Phone}, req.Password)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeSubuser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemoveSubuser(r.Context(), p, accountParam(r), gatehouse.UserName(r.PathValue("login")))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
