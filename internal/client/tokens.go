package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListTokens returns the live login tokens of the user called name, or of
// the caller when name is empty (GET /api/v1/tokens).
func (c *Client) ListTokens(ctx context.Context, name string) (*api.TokenList, error) {
	var q url.Values
	if name != "" {
		q = url.Values{"username": {name}}
	}
	var resp api.TokenList
	if err := c.do(ctx, http.MethodGet, "/api/v1/tokens", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RevokeToken revokes the login token with id, which must be that of the
// user called name when name is not empty (DELETE /api/v1/tokens/{id}).
func (c *Client) RevokeToken(ctx context.Context, name, id string) (*api.MessageResponse, error) {
	var q url.Values
	if name != "" {
		q = url.Values{"username": {name}}
	}
	var resp api.MessageResponse
	if err := c.do(ctx, http.MethodDelete, "/api/v1/tokens/"+pathName(id), q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
