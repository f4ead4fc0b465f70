package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

func ldapServerOut(s gatehouse.LDAPServer) LDAPServer {
	return LDAPServer{
		Name: s.Name, ServerType: s.Type, Hostname: s.Host, Port: s.Port, Username: s.BindDN,
		SearchBase: s.SearchBase, UserBase: s.UserBase, GroupBase: s.GroupBase, NetBIOS: s.NetBIOS,
		TLS: s.Security == string(ldap.TLS), StartTLS: s.Security == string(ldap.StartTLS), CACert: s.CACert,
		CreatedAt: s.CreatedAt,
	}
}

func (a *API) listLDAPServers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ss, err := a.Identity.ListLDAPServers(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	out := LDAPServerList{Items: make([]LDAPServer, len(ss))}
	for i, s := range ss {
		out.Items[i] = ldapServerOut(s)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getLDAPServer(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ss, err := a.Identity.ListLDAPServers(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ldapServerOut(ss[0]))
}

func (a *API) addLDAPServer(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LDAPServerAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddLDAPServer(r.Context(), p, identity.LDAPServerInput{
		Name: req.Name, Host: req.Hostname, Port: req.Port, Type: req.ServerType, BindDN: req.Username, Password: req.Password,
		SearchBase: req.SearchBase, UserBase: req.UserBase, GroupBase: req.GroupBase, NetBIOS: req.NetBIOS,
		TLS: req.TLS, StartTLS: req.StartTLS, CACert: req.CACert,
	})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) removeLDAPServer(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	force, err := queryBool(r, "force")
	if err != nil {
		return err
	}
	msg, err := a.Identity.RemoveLDAPServer(r.Context(), p, r.PathValue("name"), force)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) importLDAPUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LDAPImportUsersRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.ImportLDAPUsers(r.Context(), p, identity.LDAPImportInput{
		Server: r.PathValue("name"), Users: req.Users, Tenant: gatehouse.TenantName(req.Tenant), Role: req.Role,
		Capabilities: req.Capabilities, SearchBase: req.SearchBase,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, importReportOut(rep))
}

func (a *API) importLDAPGroup(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LDAPImportGroupRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.ImportLDAPGroup(r.Context(), p, identity.LDAPImportInput{
		Server: r.PathValue("name"), Group: req.Group, Exclude: req.ExcludeUsers, Tenant: gatehouse.TenantName(req.Tenant),
		Role: req.Role, Capabilities: req.Capabilities, SearchBase: req.SearchBase,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, importReportOut(rep))
}

func (a *API) syncLDAP(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req LDAPSyncRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := a.Identity.SyncLDAP(r.Context(), p, r.PathValue("name"), req.DryRun)
	if err != nil {
		return err
	}
	out := LDAPSyncReport{Server: rep.Server, DryRun: rep.DryRun, Message: rep.Message, Changes: make([]LDAPSyncChange, len(rep.Changes))}
	for i, c := range rep.Changes {
		out.Changes[i] = LDAPSyncChange{Kind: c.Kind, Username: string(c.Username), Tenant: string(c.Tenant), Group: c.Group, Detail: c.Detail}
	}
	return writeJSON(w, http.StatusOK, out)
}
