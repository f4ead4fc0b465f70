package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	all, err := queryBool(r, "all")
	if err != nil {
		return err
	}
	after, err := queryInt(r, "after")
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	sort, desc, err := gatehouse.ParseUserSort(r.URL.Query().Get("sort"))
	if err != nil {
		return err
	}
	vs, next, err := a.Identity.ListUsers(r.Context(), p, identity.UserListQuery{
		Search: r.URL.Query().Get("search"), All: all, Sort: sort, Desc: desc, After: gatehouse.UserID(after), Limit: int(limit),
	})
	if err != nil {
		return err
	}
	out := UserList{Items: make([]User, len(vs)), NextAfter: int64(next)}
	for i := range vs {
		out.Items[i] = userOut(&vs[i])
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	v, err := a.Identity.GetUser(r.Context(), p, gatehouse.UserName(r.PathValue("name")))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, userOut(v))
}

func (a *API) addUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req UserAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddUser(r.Context(), p, identity.AddUserInput{
		Username: gatehouse.UserName(req.Username), Tenant: gatehouse.TenantName(req.Tenant), Role: req.Role,
		Capabilities: req.Capabilities, Password: req.Password, FirstName: req.FirstName, LastName: req.LastName,
		Email: req.Email, Company: req.Company, Phone: req.Phone, Namespace: gatehouse.NamespaceName(req.Namespace), ImportNamespace: req.ImportNamespace,
		ReuseRemovedName: req.ReuseRemovedName, Operator: req.Operator, LDAPServer: req.LDAPServer, LDAPUserDN: req.LDAPUserDN,
		OpenShift:    req.OpenShift,
		PreActivated: req.PreActivated,
	})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req UserUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.UpdateUser(r.Context(), p, gatehouse.UserName(r.PathValue("name")),
		identity.Profile{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email, Company: req.Company, Phone: req.Phone}, req.Password)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req UserRemoveRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	in := identity.RemoveUsersInput{Usernames: userNames(req.Usernames), KeepNamespaces: req.KeepNamespaces,
		Replacements: map[gatehouse.TenantName]gatehouse.UserName{}}
	for _, ru := range req.ReplacementUsers {
		t := gatehouse.TenantName(ru.Tenant)
		if _, dup := in.Replacements[t]; dup {
			return gatehouse.Invalid("replacement_users", "tenant %s is named twice", t)
		}
		in.Replacements[t] = gatehouse.UserName(ru.ReplacementUser)
	}
	msg, err := a.Identity.RemoveUsers(r.Context(), p, in)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) revokeTokens(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.RevokeTokens)
}

func (a *API) unlockUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.UnlockUser)
}

func (a *API) disableUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.DisableUser)
}

func (a *API) enableUser(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	return userChange(w, r, p, a.Identity.EnableUser)
}

func (a *API) mergeUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req UserMergeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.MergeUsers(r.Context(), p, identity.MergeInput{
		OldUser: gatehouse.UserName(req.OldUser), NewUser: gatehouse.UserName(req.NewUser), DryRun: req.DryRun})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, UserMergeReport{
		OldUser: string(rep.OldUser), NewUser: string(rep.NewUser), DryRun: rep.DryRun,
		Memberships: nonNil(rep.Memberships), EndedMemberships: nonNil(rep.Ended),
		Namespaces: nonNil(rep.Namespaces), Objects: nonNil(rep.Objects), Shares: nonNil(rep.Shares),
		AccountOwnerOf: nonNil(rep.AccountOwnerOf),
	})
}
