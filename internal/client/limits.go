package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// AddLimit adds a provisioning limit (POST /api/v1/limits).
func (c *Client) AddLimit(ctx context.Context, req api.LimitAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/limits", req)
}

// RemoveLimit removes a provisioning limit (DELETE /api/v1/limits/{id}).
func (c *Client) RemoveLimit(ctx context.Context, id int64) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, "/api/v1/limits/"+strconv.FormatInt(id, 10), nil)
}

// LimitUsage returns the provisioning limits of tenant (or all the caller
// may see, when empty) with their current use (GET /api/v1/limits/usage).
func (c *Client) LimitUsage(ctx context.Context, tenant string) (*api.LimitUsageList, error) {
	q := url.Values{}
	if tenant != "" {
		q.Set("tenant", tenant)
	}
	var resp api.LimitUsageList
	if err := c.do(ctx, http.MethodGet, "/api/v1/limits/usage", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
