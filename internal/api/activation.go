package api

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) activateUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.ActivateUser)
}

func (a *API) deactivateUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.DeactivateUser)
}

func (a *API) setupUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.SetupUser)
}

func (a *API) unsetupUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.UnsetupUser)
}

// userChange answers a bodiless POST to /api/v1/users/{name}/... with the
// message of change applied to the user called name.
func userChange(w http.ResponseWriter, r *http.Request, p *identity.Principal, change func(context.Context, *identity.Principal, gatehouse.UserName) (string, error)) error {
	msg, err := change(r.Context(), p, gatehouse.UserName(r.PathValue("name")))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
