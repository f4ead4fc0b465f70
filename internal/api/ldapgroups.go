package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listImportedLDAPGroups(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	gs, err := a.Identity.ListImportedLDAPGroups(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	out := LDAPImportedGroupList{Items: make([]LDAPImportedGroup, len(gs))}
	for i, g := range gs {
		out.Items[i] = LDAPImportedGroup{DN: g.DN, Name: g.Name, Tenant: string(g.Tenant), Role: string(g.Role),
			Capabilities: nonNil(g.Capabilities), ExcludeUsers: nonNil(g.Exclude), Members: g.Members}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) forgetLDAPGroup(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	q := r.URL.Query()
	msg, err := a.Identity.ForgetLDAPGroup(r.Context(), p, r.PathValue("name"), gatehouse.TenantName(q.Get("tenant")), q.Get("group"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
