package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listLDAPAttributes(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	q := r.URL.Query()
	as, err := a.Identity.ListLDAPAttributes(r.Context(), p, q.Get("server_type"), q.Get("object_type"))
	if err != nil {
		return err
	}
	out := LDAPAttributeList{Items: make([]LDAPAttribute, len(as))}
	for i, v := range as {
		out.Items[i] = LDAPAttribute{ServerType: v.ServerType, ObjectType: v.ObjectType, AttributeName: v.Name,
			Custom: v.Custom, List: v.List, Value: nonNil(v.Value)}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) updateLDAPAttribute(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LDAPAttributeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdateLDAPAttribute(r.Context(), p, r.PathValue("server_type"), r.PathValue("object_type"), r.PathValue("name"), req.Value)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) resetLDAPAttribute(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.ResetLDAPAttribute(r.Context(), p, r.PathValue("server_type"), r.PathValue("object_type"), r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
