package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// accountQuery is the account query parameter; empty: the caller's tenant.
func accountQuery(account string) url.Values {
	if account == "" {
		return nil
	}
	return url.Values{"account": {account}}
}

// ListSubusers returns the sub-users of account, the caller's tenant when
// empty (GET /api/v1/subusers).
func (c *Client) ListSubusers(ctx context.Context, account string) (*api.SubuserList, error) {
	var resp api.SubuserList
	if err := c.do(ctx, http.MethodGet, "/api/v1/subusers", accountQuery(account), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddSubuser adds a sub-user (POST /api/v1/subusers).
func (c *Client) AddSubuser(ctx context.Context, req api.SubuserAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/subusers", req)
}

// UpdateSubuser changes the sub-user login of account
// (PUT /api/v1/subusers/{login}).
func (c *Client) UpdateSubuser(ctx context.Context, account, login string, req api.UserUpdateRequest) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodPut, "/api/v1/subusers/"+pathName(login), account, req)
}

// RemoveSubuser removes the sub-user login of account
// (DELETE /api/v1/subusers/{login}).
func (c *Client) RemoveSubuser(ctx context.Context, account, login string) (*api.MessageResponse, error) {
	return c.accountMessage(ctx, http.MethodDelete, "/api/v1/subusers/"+pathName(login), account, nil)
}
