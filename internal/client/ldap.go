package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// AddLDAPServer adds a directory server (POST /api/v1/ldap/servers).
func (c *Client) AddLDAPServer(ctx context.Context, req api.LDAPServerAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/ldap/servers", req)
}

// ListLDAPServers returns the directory servers, or only the one called
// name when it is set (GET /api/v1/ldap/servers[/{name}]).
func (c *Client) ListLDAPServers(ctx context.Context, name string) (*api.LDAPServerList, error) {
	var resp api.LDAPServerList
	if name != "" {
		var s api.LDAPServer
		if err := c.do(ctx, http.MethodGet, "/api/v1/ldap/servers/"+pathName(name), nil, nil, &s); err != nil {
			return nil, err
		}
		resp.Items = []api.LDAPServer{s}
		return &resp, nil
	}
	if err := c.do(ctx, http.MethodGet, "/api/v1/ldap/servers", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RemoveLDAPServer removes the directory server called name; force
// removes it even while users authenticate against it
// (DELETE /api/v1/ldap/servers/{name}).
func (c *Client) RemoveLDAPServer(ctx context.Context, name string, force bool) (*api.MessageResponse, error) {
	var q url.Values
	if force {
		q = url.Values{"force": {"true"}}
	}
	var resp api.MessageResponse
	if err := c.do(ctx, http.MethodDelete, "/api/v1/ldap/servers/"+pathName(name), q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// LDAPListOptions selects the entries of a directory listing.
type LDAPListOptions struct {
	Names      []string // empty: every entry
	SearchBase string
	Filter     string // an LDAP filter ANDed with the base filter
	Raw        bool   // every attribute read
}

func (o LDAPListOptions) values() url.Values {
	q := url.Values{}
	if len(o.Names) > 0 {
		q.Set("names", strings.Join(o.Names, ","))
	}
	if o.SearchBase != "" {
		q.Set("search_base", o.SearchBase)
	}
	if o.Filter != "" {
		q.Set("ldap_filter", o.Filter)
	}
	if o.Raw {
		q.Set("raw", "true")
	}
	return q
}

// ListLDAPUsers calls fn for each user of the directory server called
// server that opts selects, as the streamed response delivers them
// (GET /api/v1/ldap/servers/{name}/users).
func (c *Client) ListLDAPUsers(ctx context.Context, server string, opts LDAPListOptions, fn func(api.LDAPUser) error) error {
	return streamItems(ctx, c, "/api/v1/ldap/servers/"+pathName(server)+"/users", opts.values(), fn)
}

// ListLDAPGroups calls fn for each group of the directory server called
// server that opts selects (GET /api/v1/ldap/servers/{name}/groups).
func (c *Client) ListLDAPGroups(ctx context.Context, server string, opts LDAPListOptions, fn func(api.LDAPGroup) error) error {
	return streamItems(ctx, c, "/api/v1/ldap/servers/"+pathName(server)+"/groups", opts.values(), fn)
}

// streamItems decodes a streamed {"items":[...],"error":"..."} body one
// item at a time; a listing that failed midway returns its error after
// the items that came.
func streamItems[T any](ctx context.Context, c *Client, path string, q url.Values, fn func(T) error) error {
	resp, err := c.send(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return err
	}
	defer finish(resp)
	dec := json.NewDecoder(resp.Body)
	bad := func(err error) error { return fmt.Errorf("decode response of GET %s: %w", path, err) }
	if err := expectDelim(dec, '{'); err != nil {
		return bad(err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		switch key {
		case "items":
			if err := expectDelim(dec, '['); err != nil {
				return bad(err)
			}
			for dec.More() {
				var v T
				if err := dec.Decode(&v); err != nil {
					return bad(err)
				}
				if err := fn(v); err != nil {
					return err
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return bad(err)
			}
		case "error":
			var msg string
			if err := dec.Decode(&msg); err != nil {
				return bad(err)
			}
			return &Error{Status: http.StatusServiceUnavailable, Message: msg}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return bad(err)
			}
		}
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("got %v, want %v", tok, want)
	}
	return nil
}

// ImportLDAPUsers imports directory users
// (POST /api/v1/ldap/servers/{name}/import-users).
func (c *Client) ImportLDAPUsers(ctx context.Context, server string, req api.LDAPImportUsersRequest) (*api.ImportReport, error) {
	var resp api.ImportReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/ldap/servers/"+pathName(server)+"/import-users", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ImportLDAPGroup imports the members of a directory group
// (POST /api/v1/ldap/servers/{name}/import-group).
func (c *Client) ImportLDAPGroup(ctx context.Context, server string, req api.LDAPImportGroupRequest) (*api.ImportReport, error) {
	var resp api.ImportReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/ldap/servers/"+pathName(server)+"/import-group", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ListLDAPAttributes returns the attribute mappings in effect, only those
// of serverType and objectType when set (GET /api/v1/ldap/attributes).
func (c *Client) ListLDAPAttributes(ctx context.Context, serverType, objectType string) (*api.LDAPAttributeList, error) {
	q := url.Values{}
	if serverType != "" {
		q.Set("server_type", serverType)
	}
	if objectType != "" {
		q.Set("object_type", objectType)
	}
	var resp api.LDAPAttributeList
	if err := c.do(ctx, http.MethodGet, "/api/v1/ldap/attributes", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

func ldapAttributePath(serverType, objectType, name string) string {
	return "/api/v1/ldap/attributes/" + pathName(serverType) + "/" + pathName(objectType) + "/" + pathName(name)
}

// UpdateLDAPAttribute sets a custom attribute mapping
// (PUT /api/v1/ldap/attributes/{server_type}/{object_type}/{name}).
func (c *Client) UpdateLDAPAttribute(ctx context.Context, serverType, objectType, name string, value []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, ldapAttributePath(serverType, objectType, name), api.LDAPAttributeRequest{Value: value})
}

// ResetLDAPAttribute returns an attribute mapping to its default
// (DELETE /api/v1/ldap/attributes/{server_type}/{object_type}/{name}).
func (c *Client) ResetLDAPAttribute(ctx context.Context, serverType, objectType, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, ldapAttributePath(serverType, objectType, name), nil)
}

// SyncLDAP brings Gatehouse in step with the directory server called
// server, or with dryRun reports what that would change
// (POST /api/v1/ldap/servers/{name}/sync).
func (c *Client) SyncLDAP(ctx context.Context, server string, dryRun bool) (*api.LDAPSyncReport, error) {
	var resp api.LDAPSyncReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/ldap/servers/"+pathName(server)+"/sync", nil, api.LDAPSyncRequest{DryRun: dryRun}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ListImportedLDAPGroups returns the groups imported from the directory
// server called server, which a sync keeps their tenants in step with
// (GET /api/v1/ldap/servers/{name}/imported-groups).
func (c *Client) ListImportedLDAPGroups(ctx context.Context, server string) (*api.LDAPImportedGroupList, error) {
	var resp api.LDAPImportedGroupList
	if err := c.do(ctx, http.MethodGet, "/api/v1/ldap/servers/"+pathName(server)+"/imported-groups", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ForgetLDAPGroup stops syncing group (its name or DN), imported from the
// server called server into tenant; its members stay in the tenant
// (DELETE /api/v1/ldap/servers/{name}/imported-groups).
func (c *Client) ForgetLDAPGroup(ctx context.Context, server, tenant, group string) (*api.MessageResponse, error) {
	var resp api.MessageResponse
	q := url.Values{"tenant": {tenant}, "group": {group}}
	if err := c.do(ctx, http.MethodDelete, "/api/v1/ldap/servers/"+pathName(server)+"/imported-groups", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
