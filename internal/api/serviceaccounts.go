package api

import (
	"net/http"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// parseTTL parses an optional Go duration ("720h"); zero when empty.
func parseTTL(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, gatehouse.Invalid("expires_in", "must be a positive duration like 720h (got %q)", s)
	}
	return d, nil
}

func (a *API) addServiceAccount(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req ServiceAccountRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ttl, err := parseTTL(req.ExpiresIn)
	if err != nil {
		return err
	}
	k, err := a.Identity.AddServiceAccount(r.Context(), p, identity.ServiceAccountInput{Name: gatehouse.UserName(req.Name),
		Tenant: gatehouse.TenantName(req.Tenant), Role: req.Role, Capabilities: req.Capabilities, TTL: ttl})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, NewKey{Name: req.Name, KeyID: k.ID, Key: k.Secret, ExpiresAt: k.ExpiresAt})
}

func (a *API) addKey(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req KeyRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ttl, err := parseTTL(req.ExpiresIn)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	k, err := a.Identity.AddKey(r.Context(), p, gatehouse.UserName(name), ttl)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, NewKey{Name: name, KeyID: k.ID, Key: k.Secret, ExpiresAt: k.ExpiresAt})
}

func (a *API) revokeKey(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RevokeKey(r.Context(), p, gatehouse.UserName(r.PathValue("name")), r.PathValue("id"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) listServiceAccounts(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	sas, err := a.Identity.ListServiceAccounts(r.Context(), p)
	if err != nil {
		return err
	}
	out := ServiceAccountList{Items: []ServiceAccount{}}
	for _, sa := range sas {
		o := ServiceAccount{Name: string(sa.View.User.Name), Capabilities: []string{}, Keys: []APIKey{}}
		if m := sa.View.Current(); m != nil {
			o.Tenant, o.Role, o.Capabilities = string(m.TenantName), string(m.Role), nonNil(m.Capabilities)
		}
		for _, k := range sa.Keys {
			o.Keys = append(o.Keys, APIKey{ID: k.ID, ExpiresAt: k.ExpiresAt, CreatedAt: k.CreatedAt})
		}
		out.Items = append(out.Items, o)
	}
	return writeJSON(w, http.StatusOK, out)
}

// changeMemberCapabilities returns the handler adding (add) or removing
// capabilities of a tenant member.
func (a *API) changeMemberCapabilities(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
		var req MemberCapabilitiesRequest
		if err := decode(w, r, &req); err != nil {
			return err
		}
		msg, err := a.Identity.ChangeMemberCapabilities(r.Context(), p, tenantParam(r), gatehouse.UserName(r.PathValue("user")), req.Capabilities, add)
		if err != nil {
			return err
		}
		return message(w, http.StatusOK, msg)
	}
}
