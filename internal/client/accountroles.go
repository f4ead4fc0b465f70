package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListPolicies returns the policies of account, the caller's tenant when
// empty (GET /api/v1/policies).
func (c *Client) ListPolicies(ctx context.Context, account string) (*api.PolicyList, error) {
	var resp api.PolicyList
	if err := c.do(ctx, http.MethodGet, "/api/v1/policies", accountQuery(account), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddPolicy adds a policy (POST /api/v1/policies).
func (c *Client) AddPolicy(ctx context.Context, req api.PolicyAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/policies", req)
}

// UpdatePolicy changes a policy of account (PUT /api/v1/policies/{name}).
func (c *Client) UpdatePolicy(ctx context.Context, account, name string, req api.PolicyUpdateRequest) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodPut, "/api/v1/policies/"+pathName(name), account, req)
}

// RemovePolicy removes a policy of account (DELETE /api/v1/policies/{name}).
func (c *Client) RemovePolicy(ctx context.Context, account, name string) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodDelete, "/api/v1/policies/"+pathName(name), account, nil)
}

// ListRoles returns the roles of account, the caller's tenant when empty
// (GET /api/v1/roles).
func (c *Client) ListRoles(ctx context.Context, account string) (*api.RoleList, error) {
	var resp api.RoleList
	if err := c.do(ctx, http.MethodGet, "/api/v1/roles", accountQuery(account), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddRole adds a role (POST /api/v1/roles).
func (c *Client) AddRole(ctx context.Context, req api.RoleAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/roles", req)
}

// UpdateRole changes a role of account (PUT /api/v1/roles/{name}).
func (c *Client) UpdateRole(ctx context.Context, account, name string, req api.RoleUpdateRequest) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodPut, "/api/v1/roles/"+pathName(name), account, req)
}

// RemoveRole removes a role of account (DELETE /api/v1/roles/{name}).
func (c *Client) RemoveRole(ctx context.Context, account, name string) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodDelete, "/api/v1/roles/"+pathName(name), account, nil)
}

// accountMessage sends in to path with the account query parameter and
// returns the server's message.
func (c *Client) accountMessage(ctx context.Context, method, path, account string, in any) (*api.MessageResponse, error) {
	var resp api.MessageResponse
	if err := c.do(ctx, method, path, accountQuery(account), in, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// SetRoleTags sets the role tags of an object
// (PUT /api/v1/objects/{type}/{id}/role-tags).
func (c *Client) SetRoleTags(ctx context.Context, typ, id string, roles []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, "/api/v1/objects/"+pathName(typ)+"/"+pathName(id)+"/role-tags", api.RoleTagsRequest{Roles: roles})
}

// RoleTags returns the role tags of an object
// (GET /api/v1/objects/{type}/{id}/role-tags).
func (c *Client) RoleTags(ctx context.Context, typ, id string) (*api.RoleTags, error) {
	var resp api.RoleTags
	if err := c.do(ctx, http.MethodGet, "/api/v1/objects/"+pathName(typ)+"/"+pathName(id)+"/role-tags", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
