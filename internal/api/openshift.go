package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
)

func (a *API) showOpenShift(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	cfg, err := a.Identity.ShowOpenShift(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, OpenShiftConfig{APIURL: cfg.APIURL, CACert: cfg.CACert, UpdatedAt: cfg.UpdatedAt})
}

func (a *API) configureOpenShift(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req OpenShiftConfigureRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.ConfigureOpenShift(r.Context(), p, identity.OpenShiftInput{APIURL: req.APIURL, Token: req.Token, CACert: req.CACert})
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) listOpenShiftUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	out := &itemStream{w: w}
	err := a.Identity.ListOpenShiftUsers(r.Context(), p, splitList(r, "names"), func(u identity.OpenShiftUser) error {
		return out.add(OpenShiftUser{Username: u.Name, UID: u.UID, FullName: u.FullName, Identities: nonNil(u.Identities), Groups: nonNil(u.Groups)})
	})
	return out.end(err)
}

func (a *API) listOpenShiftGroups(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	out := &itemStream{w: w}
	err := a.Identity.ListOpenShiftGroups(r.Context(), p, splitList(r, "names"), func(g openshift.Group) error {
		return out.add(OpenShiftGroup{Name: g.Name, UID: g.UID, Users: nonNil(g.Users)})
	})
	return out.end(err)
}

func (a *API) importOpenShiftUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req OpenShiftImportUsersRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.ImportOpenShiftUsers(r.Context(), p, identity.OpenShiftImportInput{
		Users: req.Users, Tenant: gatehouse.TenantName(req.Tenant), Role: req.Role, Capabilities: req.Capabilities,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, importReportOut(rep))
}

func (a *API) importOpenShiftGroup(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req OpenShiftImportGroupRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.ImportOpenShiftGroup(r.Context(), p, identity.OpenShiftImportInput{
		Group: req.Group, Exclude: req.ExcludeUsers, Tenant: gatehouse.TenantName(req.Tenant), Role: req.Role,
		Capabilities: req.Capabilities,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, importReportOut(rep))
}
