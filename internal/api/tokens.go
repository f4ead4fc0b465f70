package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ts, err := a.Identity.ListTokens(r.Context(), p, gatehouse.UserName(r.URL.Query().Get("username")))
	if err != nil {
		return err
	}
	out := TokenList{Items: make([]Token, len(ts))}
	for i, t := range ts {
		out.Items[i] = Token{ID: t.ID, Username: string(t.User), Tenant: string(t.Tenant),
			IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, Source: t.Source, Current: t.Current}
		if !t.LastUsedAt.IsZero() {
			out.Items[i].LastUsedAt = &t.LastUsedAt
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RevokeToken(r.Context(), p, gatehouse.UserName(r.URL.Query().Get("username")), r.PathValue("id"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
