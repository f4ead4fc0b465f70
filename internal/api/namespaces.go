package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listNamespaces(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	q := r.URL.Query()
	nss, err := a.Identity.ListNamespaces(r.Context(), p, identity.NamespaceFilter{
		Tenant: gatehouse.TenantName(q.Get("tenant")), Username: gatehouse.UserName(q.Get("username")),
	})
	if err != nil {
		return err
	}
	out := NamespaceList{Items: make([]Namespace, len(nss))}
	for i, ns := range nss {
		out.Items[i] = namespaceOut(ns)
	}
	return writeJSON(w, http.StatusOK, out)
}
