package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listPolicies(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ps, err := a.Identity.ListPolicies(r.Context(), p, accountParam(r))
	if err != nil {
		return err
	}
	account := identity.SubuserAccount(p, accountParam(r))
	out := PolicyList{Items: make([]Policy, len(ps))}
	for i, pol := range ps {
		out.Items[i] = Policy{ID: pol.ID, Account: string(account), Name: pol.Name, Description: pol.Description,
			Rules: nonNil(pol.Rules), CreatedAt: pol.CreatedAt, UpdatedAt: pol.UpdatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addPolicy(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req PolicyAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddPolicy(r.Context(), p, identity.PolicyInput{Account: gatehouse.TenantName(req.Account),
		Name: req.Name, Description: &req.Description, Rules: req.Rules})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updatePolicy(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req PolicyUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdatePolicy(r.Context(), p, identity.PolicyInput{Account: accountParam(r),
		Name: r.PathValue("name"), Description: req.Description, Rules: req.Rules})
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removePolicy(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemovePolicy(r.Context(), p, accountParam(r), r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) listRoles(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	rs, err := a.Identity.ListRoles(r.Context(), p, accountParam(r))
	if err != nil {
		return err
	}
	account := identity.SubuserAccount(p, accountParam(r))
	out := RoleList{Items: make([]Role, len(rs))}
	for i, role := range rs {
		out.Items[i] = Role{ID: role.ID, Account: string(account), Name: role.Name, Policies: nonNil(role.Policies),
			Members: names(role.Members), DefaultMembers: names(role.DefaultMembers),
			CreatedAt: role.CreatedAt, UpdatedAt: role.UpdatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addRole(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req RoleAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddRole(r.Context(), p, identity.RoleInput{Account: gatehouse.TenantName(req.Account), Name: req.Name,
		Policies: req.Policies, Members: userNames(req.Members), DefaultMembers: userNames(req.DefaultMembers)})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updateRole(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req RoleUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdateRole(r.Context(), p, identity.RoleInput{Account: accountParam(r), Name: r.PathValue("name"),
		Policies: req.Policies, Members: optionalUserNames(req.Members), DefaultMembers: optionalUserNames(req.DefaultMembers)})
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeRole(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemoveRole(r.Context(), p, accountParam(r), r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

// names returns the usernames as strings, never nil.
func names(us []gatehouse.UserName) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = string(u)
	}
	return out
}

// optionalUserNames is userNames keeping nil (left out) apart from empty.
func optionalUserNames(ss []string) []gatehouse.UserName {
	if ss == nil {
		return nil
	}
	return userNames(ss)
}

func (a *API) setRoleTags(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req RoleTagsRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.SetRoleTags(r.Context(), p, r.PathValue("type"), r.PathValue("id"), req.Roles)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) getRoleTags(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	tags, err := a.Access.RoleTags(r.Context(), p, r.PathValue("type"), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, RoleTags{Roles: nonNil(tags)})
}
