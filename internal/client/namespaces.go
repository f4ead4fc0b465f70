package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// NamespaceListOptions selects the namespaces listed by ListNamespaces;
// empty fields do not filter.
type NamespaceListOptions struct {
	Tenant   string // namespaces bound to this tenant
	Username string // namespaces owned by this user
}

// ListNamespaces returns namespaces (GET /api/v1/namespaces).
func (c *Client) ListNamespaces(ctx context.Context, opts NamespaceListOptions) (*api.NamespaceList, error) {
	q := url.Values{}
	if opts.Tenant != "" {
		q.Set("tenant", opts.Tenant)
	}
	if opts.Username != "" {
		q.Set("username", opts.Username)
	}
	var resp api.NamespaceList
	if err := c.do(ctx, http.MethodGet, "/api/v1/namespaces", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
