package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
)

// capabilitiesPage is the data of the capabilities browser.
type capabilitiesPage struct {
	Group        string
	All          bool // hidden capabilities too
	Groups       []string
	Capabilities []authz.Capability
	Form         *form // the add custom capability form
	Roles        []string
}

// capabilityRoles are the tenant roles a custom capability may be limited to.
var capabilityRoles = []string{"superadmin", "tenantadmin", "user"}

// capabilityFields are the fields of the custom capability forms.
var capabilityFields = []string{"name", "description", "tenant_roles", "providers", "capability_entries"}

func (c *Console) capabilitiesPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.showCapabilities(w, r, s, http.StatusOK, &form{Values: map[string]string{"tenant_roles": "user"}})
}

func (c *Console) showCapabilities(w http.ResponseWriter, r *http.Request, s *session, status int, f *form) error {
	q := r.URL.Query()
	d := capabilitiesPage{Group: q.Get("group"), All: q.Get("all") == "on", Form: f, Roles: capabilityRoles}
	every, err := c.Access.ListCapabilities(r.Context(), s.p, authz.Filter{All: true})
	if err != nil {
		return err
	}
	for _, cp := range every {
		if !slices.Contains(d.Groups, cp.Group) {
			d.Groups = append(d.Groups, cp.Group)
		}
	}
	if d.Capabilities, err = c.Access.ListCapabilities(r.Context(), s.p, authz.Filter{Group: d.Group, All: d.All}); err != nil {
		return err
	}
	return c.render(w, r, s, status, "capabilities", "", view{Title: "Capabilities", Nav: "capabilities", Data: d})
}

// capabilityURL returns the path of a capability's page.
func capabilityURL(name string) string { return Path + "capabilities/" + url.PathEscape(name) }

// list splits a form field of names or entries, separated by commas or
// white space; an empty field is an empty list, not a missing one.
func list(v string) []string {
	return append([]string{}, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })...)
}

func (c *Console) addCapability(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PostFormValue("name")
	msg, err := c.Access.AddCapability(r.Context(), s.p, access.CapabilityInput{Name: name, Description: r.PostFormValue("description"),
		TenantRoles: r.PostForm["tenant_roles"], Providers: list(r.PostFormValue("providers")),
		Entries: list(r.PostFormValue("capability_entries")), Hidden: r.PostFormValue("hidden") == "on"})
	if err != nil {
		f, status, ok := refused(r, err, capabilityFields...)
		if !ok {
			return err
		}
		f.Values["tenant_roles"] = strings.Join(r.PostForm["tenant_roles"], " ")
		return c.showCapabilities(w, r, s, status, f)
	}
	return c.redirect(w, r, capabilityURL(name), msg)
}

// capabilityPage is the data of one capability's page.
type capabilityPage struct {
	Capability authz.Capability
	Custom     bool
	// Tree is the capability with its providers, and theirs.
	Tree capabilityNode
	// Effective are the entries it grants, itself or through providers.
	Effective []authz.Entry
	Form      *form // the edit form of a custom capability
	Roles     []string
}

// capabilityNode is a capability in a provider tree.
type capabilityNode struct {
	Name      string
	Providers []capabilityNode
}

// providerTree returns the tree of name's providers; a capability met
// again on its own path is not expanded (the catalog refuses cycles, but
// the page must end regardless).
func providerTree(byName map[string]authz.Capability, name string, path []string) capabilityNode {
	n := capabilityNode{Name: name}
	if slices.Contains(path, name) {
		return n
	}
	for _, p := range byName[name].Providers {
		n.Providers = append(n.Providers, providerTree(byName, p, append(path, name)))
	}
	return n
}

func (c *Console) capabilityPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.showCapability(w, r, s, http.StatusOK, nil)
}

func (c *Console) showCapability(w http.ResponseWriter, r *http.Request, s *session, status int, f *form) error {
	name := r.PathValue("name")
	every, err := c.Access.ListCapabilities(r.Context(), s.p, authz.Filter{All: true})
	if err != nil {
		return err
	}
	byName := make(map[string]authz.Capability, len(every))
	for _, cp := range every {
		byName[cp.Name] = cp
	}
	opts, err := c.Access.CapabilityOptions(r.Context(), s.p, nil, authz.Filter{Names: []string{name}})
	if err != nil {
		return err
	}
	cp, ok := byName[name]
	if !ok {
		return notFound(w, r)
	}
	d := capabilityPage{Capability: cp, Custom: cp.Group == authz.GroupCustom, Tree: providerTree(byName, name, nil),
		Form: f, Roles: capabilityRoles}
	if len(opts) > 0 {
		d.Effective = opts[0].Provides
	}
	if d.Form == nil {
		ents := make([]string, len(cp.Entries))
		for i, e := range cp.Entries {
			ents[i] = e.String()
		}
		roles := make([]string, len(cp.TenantRoles))
		for i, r := range cp.TenantRoles {
			roles[i] = string(r)
		}
		d.Form = &form{Values: map[string]string{"description": cp.Description, "tenant_roles": strings.Join(roles, " "),
			"providers": strings.Join(cp.Providers, ", "), "capability_entries": strings.Join(ents, "\n")}}
		if cp.Hidden {
			d.Form.Values["hidden"] = "on"
		}
	}
	return c.render(w, r, s, status, "capability", "", view{Title: "Capability " + name, Nav: "capabilities", Data: d})
}

func (c *Console) updateCapability(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PathValue("name")
	desc := r.PostFormValue("description")
	hide := r.PostFormValue("hidden") == "on"
	roles := r.PostForm["tenant_roles"]
	if roles == nil {
		roles = []string{} // none ticked: the domain says which rule that breaks
	}
	msg, err := c.Access.UpdateCapability(r.Context(), s.p, name, access.CapabilityUpdate{Description: &desc,
		TenantRoles: roles, Providers: list(r.PostFormValue("providers")),
		Entries: list(r.PostFormValue("capability_entries")), Hide: hide, Expose: !hide})
	if err != nil {
		f, status, ok := refused(r, err, capabilityFields...)
		if !ok {
			return err
		}
		f.Values["tenant_roles"] = strings.Join(r.PostForm["tenant_roles"], " ")
		f.Values["hidden"] = r.PostFormValue("hidden")
		return c.showCapability(w, r, s, status, f)
	}
	return c.redirect(w, r, capabilityURL(name), msg)
}

func (c *Console) removeCapability(w http.ResponseWriter, r *http.Request, s *session) error {
	msg, err := c.Access.RemoveCapability(r.Context(), s.p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return c.redirect(w, r, Path+"capabilities", msg)
}
