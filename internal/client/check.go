package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// Check asks whether a user may do an operation on an object type or one
// object (POST /api/v1/check). A denial is a response with Allowed false,
// not an error.
func (c *Client) Check(ctx context.Context, req api.CheckRequest) (*api.CheckResponse, error) {
	var resp api.CheckResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/check", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// CheckBatch asks many checks about one user at once
// (POST /api/v1/check/batch).
func (c *Client) CheckBatch(ctx context.Context, req api.BatchCheckRequest) (*api.BatchCheckResponse, error) {
	var resp api.BatchCheckResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/check/batch", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// UserPermissions returns a user's effective permissions in each of their
// tenants, or only in tenant when it is not empty
// (GET /api/v1/users/{name}/permissions).
func (c *Client) UserPermissions(ctx context.Context, name, tenant string) (*api.UserPermissions, error) {
	q := url.Values{}
	if tenant != "" {
		q.Set("tenant", tenant)
	}
	var resp api.UserPermissions
	if err := c.do(ctx, http.MethodGet, "/api/v1/users/"+pathName(name)+"/permissions", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
