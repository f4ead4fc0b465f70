package api

import (
	"net/http"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// splitList splits a comma-separated query parameter.
func splitList(r *http.Request, name string) []string {
	var out []string
	for _, s := range strings.Split(r.URL.Query().Get(name), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func capabilityFilter(r *http.Request) (authz.Filter, error) {
	all, err := queryBool(r, "all")
	return authz.Filter{Names: splitList(r, "names"), Group: r.URL.Query().Get("group"), All: all}, err
}

func (a *API) listCapabilities(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	f, err := capabilityFilter(r)
	if err != nil {
		return err
	}
	cs, err := a.Access.ListCapabilities(r.Context(), p, f)
	if err != nil {
		return err
	}
	out := CapabilityList{Items: make([]Capability, len(cs))}
	for i, c := range cs {
		out.Items[i] = capabilityOut(c)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) capabilityOptions(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	f, err := capabilityFilter(r)
	if err != nil {
		return err
	}
	opts, err := a.Access.CapabilityOptions(r.Context(), p, splitList(r, "entries"), f)
	if err != nil {
		return err
	}
	out := CapabilityOptionList{Items: make([]CapabilityOption, len(opts))}
	for i, o := range opts {
		out.Items[i] = CapabilityOption{Name: o.Capability.Name, Group: o.Capability.Group, Hidden: o.Capability.Hidden, Provides: entriesOut(o.Provides)}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addCapability(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req CapabilityAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.AddCapability(r.Context(), p, access.CapabilityInput{Name: req.Name, Description: req.Description,
		TenantRoles: req.TenantRoles, Providers: req.Providers, Entries: req.Entries, Hidden: req.Hidden})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) updateCapability(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req CapabilityUpdateRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u := access.CapabilityUpdate{Description: req.Description, Hide: req.Hide, Expose: req.Expose}
	if req.TenantRoles != nil {
		u.TenantRoles = nonNil(*req.TenantRoles)
	}
	if req.Providers != nil {
		u.Providers = nonNil(*req.Providers)
	}
	if req.Entries != nil {
		u.Entries = nonNil(*req.Entries)
	}
	msg, err := a.Access.UpdateCapability(r.Context(), p, r.PathValue("name"), u)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) removeCapability(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Access.RemoveCapability(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

// changeEntries returns the handler adding (add) or removing entries.
func (a *API) changeEntries(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
		var req CapabilityEntriesRequest
		if err := decode(w, r, &req); err != nil {
			return err
		}
		msg, err := a.Access.ChangeEntries(r.Context(), p, r.PathValue("name"), req.Entries, add)
		if err != nil {
			return err
		}
		return message(w, http.StatusOK, msg)
	}
}

// changeProviders returns the handler adding (add) or removing providers.
func (a *API) changeProviders(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
		var req CapabilityProvidersRequest
		if err := decode(w, r, &req); err != nil {
			return err
		}
		msg, err := a.Access.ChangeProviders(r.Context(), p, r.PathValue("name"), req.Providers, add)
		if err != nil {
			return err
		}
		return message(w, http.StatusOK, msg)
	}
}

func capabilityOut(c authz.Capability) Capability {
	out := Capability{ID: c.ID, Name: c.Name, Group: c.Group, Description: c.Description, Hidden: c.Hidden,
		TenantRoles: []string{}, Providers: nonNil(c.Providers), Entries: entriesOut(c.Entries)}
	for _, r := range c.TenantRoles {
		out.TenantRoles = append(out.TenantRoles, string(r))
	}
	return out
}

func entriesOut(es []authz.Entry) []CapabilityEntry {
	out := make([]CapabilityEntry, len(es))
	for i, e := range es {
		out[i] = CapabilityEntry{ObjectType: string(e.Type), Operation: string(e.Op)}
	}
	return out
}
