package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListSettings returns every security setting (GET /api/v1/settings).
func (c *Client) ListSettings(ctx context.Context) (*api.SettingList, error) {
	var resp api.SettingList
	if err := c.do(ctx, http.MethodGet, "/api/v1/settings", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// SetSetting changes the setting called name to value
// (PUT /api/v1/settings/{name}).
func (c *Client) SetSetting(ctx context.Context, name, value string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, "/api/v1/settings/"+pathName(name), api.SettingRequest{Value: value})
}

// RateLimited lists who this server rate limits (GET /api/v1/ratelimits).
func (c *Client) RateLimited(ctx context.Context) (*api.RateLimitList, error) {
	var l api.RateLimitList
	if err := c.do(ctx, http.MethodGet, "/api/v1/ratelimits", nil, nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}
