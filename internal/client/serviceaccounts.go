package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListServiceAccounts returns the service accounts the caller may see, with
// their keys but not the keys' secrets (GET /api/v1/service-accounts).
func (c *Client) ListServiceAccounts(ctx context.Context) (*api.ServiceAccountList, error) {
	var resp api.ServiceAccountList
	if err := c.do(ctx, http.MethodGet, "/api/v1/service-accounts", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddServiceAccount creates a service account, a member of one tenant, and
// its first API key; the key's secret is only in this response
// (POST /api/v1/service-accounts).
func (c *Client) AddServiceAccount(ctx context.Context, req api.ServiceAccountRequest) (*api.NewKey, error) {
	var resp api.NewKey
	if err := c.do(ctx, http.MethodPost, "/api/v1/service-accounts", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddKey gives a service account another API key; its secret is only in
// this response (POST /api/v1/service-accounts/{name}/keys).
func (c *Client) AddKey(ctx context.Context, account string, req api.KeyRequest) (*api.NewKey, error) {
	var resp api.NewKey
	if err := c.do(ctx, http.MethodPost, serviceAccountPath(account)+"/keys", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RevokeKey revokes one API key of a service account
// (DELETE /api/v1/service-accounts/{name}/keys/{id}).
func (c *Client) RevokeKey(ctx context.Context, account, keyID string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, serviceAccountPath(account)+"/keys/"+pathName(keyID), nil)
}

func serviceAccountPath(name string) string { return "/api/v1/service-accounts/" + pathName(name) }
