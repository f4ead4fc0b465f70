package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// tenantsPage is the data of the tenant list.
type tenantsPage struct {
	Tenants []identity.TenantView
	Form    *form // the add tenant form
}

func (c *Console) tenantsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.showTenants(w, r, s, http.StatusOK, &form{})
}

func (c *Console) showTenants(w http.ResponseWriter, r *http.Request, s *session, status int, f *form) error {
	ts, err := c.Identity.ListTenants(r.Context(), s.p)
	if err != nil {
		return err
	}
	return c.render(w, r, s, status, "tenants", "", view{Title: "Tenants", Nav: "tenants", Data: tenantsPage{Tenants: ts, Form: f}})
}

func (c *Console) addTenant(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.TenantName(r.PostFormValue("name"))
	msg, err := c.Identity.AddTenant(r.Context(), s.p, name, r.PostFormValue("description"))
	if err != nil {
		f, status, ok := refused(r, err, "name", "description")
		if !ok {
			return err
		}
		return c.showTenants(w, r, s, status, f)
	}
	return c.redirect(w, r, tenantURL(name), msg)
}

// tenantURL returns the path of a tenant's membership editor.
func tenantURL(name gatehouse.TenantName) string {
	return Path + "tenants/" + url.PathEscape(string(name))
}

// membersPage is the data of a tenant's membership editor: the users who
// are not members and the members, each column with its own filter.
type membersPage struct {
	Tenant       identity.TenantView
	UserFilter   string
	MemberFilter string
	Users        []gatehouse.User // not members, matching UserFilter
	MoreUsers    bool             // more users match than are shown
	Members      []memberRow
	Roles        []gatehouse.Role
}

// memberRow is a member in the editor, with the capabilities that could
// be added to them: those limited to their role that they do not hold.
type memberRow struct {
	gatehouse.Membership
	Addable []string
}

// addable returns the capabilities of caps that m could be given.
func addable(caps []authz.Capability, m gatehouse.Membership) []string {
	var out []string
	for _, c := range caps {
		if slices.Contains(c.TenantRoles, m.Role) && !slices.Contains(m.Capabilities, c.Name) {
			out = append(out, c.Name)
		}
	}
	return out
}

func (c *Console) membersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	name := gatehouse.TenantName(r.PathValue("name"))
	q := r.URL.Query()
	d := membersPage{UserFilter: q.Get("uq"), MemberFilter: q.Get("mq"),
		Roles: []gatehouse.Role{gatehouse.RoleUser, gatehouse.RoleTenantadmin}}
	t, err := c.Identity.GetTenant(ctx, s.p, name)
	if err != nil {
		return err
	}
	d.Tenant = *t
	if t.Tenant.Name == gatehouse.AdministratorsTenant {
		d.Roles = append(d.Roles, gatehouse.RoleSuperadmin)
	}
	ms, err := c.Identity.ListMembers(ctx, s.p, name)
	if err != nil {
		return err
	}
	// Those who may not list capabilities see members without the
	// capability editor, as the API would refuse them its changes.
	caps, err := c.Access.ListCapabilities(r.Context(), s.p, authz.Filter{})
	if hidden(err, new(bool)) != nil {
		return err
	}
	member := make(map[gatehouse.UserID]bool, len(ms))
	mq := strings.ToLower(d.MemberFilter)
	for _, m := range ms {
		member[m.UserID] = true
		if strings.Contains(strings.ToLower(string(m.UserName)), mq) {
			d.Members = append(d.Members, memberRow{Membership: m, Addable: addable(caps, m)})
		}
	}
	vs, next, err := c.Identity.ListUsers(ctx, s.p, identity.UserListQuery{Search: d.UserFilter, Limit: usersPageSize})
	if err != nil {
		return err
	}
	for _, v := range vs {
		if !member[v.User.ID] {
			d.Users = append(d.Users, v.User)
		}
	}
	d.MoreUsers = next != 0
	v := view{Title: "Members of " + string(name), Nav: "tenants", Data: d}
	switch q.Get("fragment") {
	case "users":
		return c.render(w, r, s, http.StatusOK, "members", "all-users", v)
	case "members":
		return c.render(w, r, s, http.StatusOK, "members", "tenant-members", v)
	}
	return c.render(w, r, s, http.StatusOK, "members", "", v)
}

func (c *Console) addMember(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.TenantName(r.PathValue("name"))
	user := gatehouse.UserName(r.PostFormValue("user"))
	msg, err := c.Identity.AddMembers(r.Context(), s.p, name, []gatehouse.UserName{user}, r.PostFormValue("role"), nil)
	if err != nil {
		return err
	}
	return c.redirect(w, r, tenantURL(name), msg)
}

func (c *Console) changeRole(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.TenantName(r.PathValue("name"))
	msg, err := c.Identity.UpdateMemberRole(r.Context(), s.p, name, gatehouse.UserName(r.PathValue("user")), r.PostFormValue("role"))
	if err != nil {
		return err
	}
	return c.redirect(w, r, tenantURL(name), msg)
}

func (c *Console) removeMember(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.TenantName(r.PathValue("name"))
	msg, err := c.Identity.RemoveMembers(r.Context(), s.p, name, []gatehouse.UserName{gatehouse.UserName(r.PathValue("user"))}, "", false)
	if err != nil {
		return err
	}
	return c.redirect(w, r, tenantURL(name), msg)
}

// changeCapabilities adds the posted capability to a member, or removes
// the one named in the path.
func (c *Console) changeCapabilities(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, s *session) error {
		name := gatehouse.TenantName(r.PathValue("name"))
		capability := r.PathValue("capability")
		if add {
			capability = r.PostFormValue("capability")
		}
		msg, err := c.Identity.ChangeMemberCapabilities(r.Context(), s.p, name, gatehouse.UserName(r.PathValue("user")),
			[]string{capability}, add)
		if err != nil {
			return err
		}
		return c.redirect(w, r, tenantURL(name), msg)
	}
}
