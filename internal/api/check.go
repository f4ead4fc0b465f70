package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) check(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req CheckRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	res, err := a.Access.Check(r.Context(), p, access.As{User: gatehouse.UserName(req.User), Tenant: gatehouse.TenantName(req.Tenant)},
		access.Query{Operation: req.Operation, ObjectType: req.ObjectType, ObjectID: req.ObjectID}, req.Explain)
	if err != nil {
		return err
	}
	out := CheckResponse{Allowed: res.Allowed}
	if x := res.Explanation; x != nil {
		out.Explanation = &Explanation{Chain: nonNil(x.Chain), Rule: x.Rule, Denied: x.Denied}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) checkBatch(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	req, err := decodeBatch(w, r)
	if err != nil {
		return err
	}
	qs := make([]access.Query, len(req.Checks))
	for i, c := range req.Checks {
		qs[i] = access.Query{Operation: c.Operation, ObjectType: c.ObjectType, ObjectID: c.ObjectID}
	}
	res, err := a.Access.CheckBatch(r.Context(), p, access.As{User: gatehouse.UserName(req.User), Tenant: gatehouse.TenantName(req.Tenant)}, qs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, BatchCheckResponse{Results: res})
}
