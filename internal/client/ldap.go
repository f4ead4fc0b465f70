package client

import (
	"context"
	"net/http"
	"net/url"

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
