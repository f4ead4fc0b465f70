package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listObjectTypes(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ts, err := a.Access.ListObjectTypes(r.Context(), p)
	if err != nil {
		return err
	}
	out := ObjectTypeList{Items: make([]ObjectType, len(ts))}
	for i, t := range ts {
		out.Items[i] = ObjectType{Name: string(t.Name), Operations: opsOut(t.Operations), Builtin: t.Builtin}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) registerObjectType(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req ObjectTypeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.RegisterObjectType(r.Context(), p, req.Name, req.Operations)
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) listObjects(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	q := r.URL.Query()
	os, err := a.Access.ListObjects(r.Context(), p, access.ObjectFilter{Type: q.Get("type"),
		Tenant: gatehouse.TenantName(q.Get("tenant")), Owner: gatehouse.UserName(q.Get("owner"))})
	if err != nil {
		return err
	}
	out := ObjectList{Items: make([]Object, len(os))}
	for i, o := range os {
		out.Items[i] = Object{Type: o.Type, ID: o.ID, Name: o.Name, Tenant: string(o.TenantName), Owner: string(o.OwnerName), CreatedAt: o.CreatedAt,
			Zone: o.Zone, Memory: o.Memory, Disk: o.Disk, Image: o.Image, OS: o.OS}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addObject(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req ObjectAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.AddObject(r.Context(), p, access.ObjectInput{Type: req.Type, ID: req.ID, Name: req.Name,
		Tenant: gatehouse.TenantName(req.Tenant), Owner: gatehouse.UserName(req.Owner),
		Zone: req.Zone, Memory: req.Memory, Disk: req.Disk, Image: req.Image, OS: req.OS})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) removeObject(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Access.RemoveObject(r.Context(), p, r.PathValue("type"), r.PathValue("id"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) resizeObject(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req ObjectResizeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.ResizeObject(r.Context(), p, access.ResizeInput{Type: r.PathValue("type"), ID: r.PathValue("id"),
		Memory: req.Memory, Disk: req.Disk})
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) changeOwner(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req OwnerRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Access.ChangeOwner(r.Context(), p, r.PathValue("type"), r.PathValue("id"), gatehouse.UserName(req.Owner))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) listShares(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ss, err := a.Access.ListShares(r.Context(), p, r.PathValue("type"), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := ShareList{Items: make([]Share, len(ss))}
	for i, s := range ss {
		out.Items[i] = Share{Tenant: string(s.TenantName), User: string(s.UserName), Operations: nonNil(s.Operations), CreatedAt: s.CreatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}

// changeShare returns the handler adding (add) or removing a share.
func (a *API) changeShare(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
		var req ShareRequest
		if err := decode(w, r, &req); err != nil {
			return err
		}
		in := access.ShareInput{Type: r.PathValue("type"), ID: r.PathValue("id"), User: gatehouse.UserName(req.User),
			Tenant: gatehouse.TenantName(req.Tenant), Operations: req.Operations}
		change := a.Access.RemoveShare
		if add {
			change = a.Access.AddShare
		}
		msg, err := change(r.Context(), p, in)
		if err != nil {
			return err
		}
		return message(w, http.StatusOK, msg)
	}
}

func (a *API) shareOptions(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	rules := a.Access.ShareOptions()
	out := ShareRuleList{Items: make([]ShareRule, len(rules))}
	for i, rl := range rules {
		out.Items[i] = ShareRule{ObjectType: string(rl.Type), Target: string(rl.Target), Share: string(rl.Share),
			Unshare: string(rl.Unshare), Operations: opsOut(rl.Operations), Default: opsOut(rl.Default), AllMembers: rl.AllMembers}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) userPermissions(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	name := gatehouse.UserName(r.PathValue("name"))
	ps, err := a.Access.UserPermissions(r.Context(), p, name, gatehouse.TenantName(r.URL.Query().Get("tenant")))
	if err != nil {
		return err
	}
	out := UserPermissions{Username: string(name), Tenants: []TenantPermissions{}}
	for _, tp := range ps {
		t := TenantPermissions{Tenant: string(tp.Membership.TenantName), Role: string(tp.Membership.Role),
			Capabilities: nonNil(tp.Membership.Capabilities), Permissions: []Permission{}}
		for _, e := range tp.Entries {
			if n := len(t.Permissions); n > 0 && t.Permissions[n-1].ObjectType == string(e.Type) {
				t.Permissions[n-1].Operations = append(t.Permissions[n-1].Operations, string(e.Op))
			} else {
				t.Permissions = append(t.Permissions, Permission{ObjectType: string(e.Type), Operations: []string{string(e.Op)}})
			}
		}
		out.Tenants = append(out.Tenants, t)
	}
	return writeJSON(w, http.StatusOK, out)
}

func opsOut(ops []authz.Operation) []string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = string(o)
	}
	return out
}
