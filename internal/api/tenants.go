package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func tenantParam(r *http.Request) gatehouse.TenantName {
	return gatehouse.TenantName(r.PathValue("name"))
}

func (a *API) listTenants(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	vs, err := a.Identity.ListTenants(r.Context(), p)
	if err != nil {
		return err
	}
	out := TenantList{Items: make([]Tenant, len(vs))}
	for i, v := range vs {
		out.Items[i] = tenantOut(v)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getTenant(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	v, err := a.Identity.GetTenant(r.Context(), p, tenantParam(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tenantOut(*v))
}

func (a *API) addTenant(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req TenantAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddTenant(r.Context(), p, gatehouse.TenantName(req.Name), req.Description)
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updateTenant(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req TenantUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	in := identity.TenantUpdate{Description: req.Description}
	if req.AccountOwner != nil {
		owner := gatehouse.UserName(*req.AccountOwner)
		in.AccountOwner = &owner
	}
	msg, err := a.Identity.UpdateTenant(r.Context(), p, tenantParam(r), in)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeTenant(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemoveTenant(r.Context(), p, tenantParam(r))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) listMembers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ms, err := a.Identity.ListMembers(r.Context(), p, tenantParam(r))
	if err != nil {
		return err
	}
	out := MemberList{Items: make([]Member, len(ms))}
	for i, m := range ms {
		out.Items[i] = memberOut(m)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addMembers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req MembersAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddMembers(r.Context(), p, tenantParam(r), userNames(req.Usernames), req.Role, req.Capabilities)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeMembers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req MembersRemoveRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.RemoveMembers(r.Context(), p, tenantParam(r), userNames(req.Usernames),
		gatehouse.UserName(req.ReplacementUser), req.KeepNamespaces)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) updateMember(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req MemberUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdateMemberRole(r.Context(), p, tenantParam(r), gatehouse.UserName(r.PathValue("user")), req.Role)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
