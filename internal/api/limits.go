package api

import (
	"net/http"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) addLimit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LimitAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.AddLimit(r.Context(), p, access.LimitInput{Tenant: gatehouse.TenantName(req.Tenant), User: gatehouse.UserName(req.User),
		Zone: req.Zone, ObjectType: req.ObjectType, Resource: req.Resource, Value: req.Value, Image: req.Image, OS: req.OS})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) removeLimit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return gatehouse.Invalid("id", "must be a limit id, a positive number: see GET /api/v1/limits/usage")
	}
	msg, err := a.Access.RemoveLimit(r.Context(), p, id)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) limitUsage(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ls, err := a.Access.ListLimitUsage(r.Context(), p, gatehouse.TenantName(r.URL.Query().Get("tenant")))
	if err != nil {
		return err
	}
	out := LimitUsageList{Items: make([]LimitUsage, len(ls))}
	for i, l := range ls {
		out.Items[i] = LimitUsage{ID: l.ID, Tenant: string(l.TenantName), User: string(l.UserName), Zone: l.Zone,
			ObjectType: l.ObjectType, Image: l.Image, OS: l.OS, Resource: string(l.Resource), Value: l.Value, Used: l.Used, CreatedAt: l.CreatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}
