package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// Login logs a user into a tenant (POST /api/v1/login). It needs no token;
// use WithToken with the returned token for the calls that follow.
func (c *Client) Login(ctx context.Context, req api.LoginRequest) (*api.LoginResponse, error) {
	var resp api.LoginResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/login", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Logout revokes the client's token (POST /api/v1/logout).
func (c *Client) Logout(ctx context.Context) (*api.MessageResponse, error) {
	var resp api.MessageResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/logout", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// WhoAmI describes the user and tenant of the client's token
// (GET /api/v1/whoami).
func (c *Client) WhoAmI(ctx context.Context) (*api.WhoAmI, error) {
	var resp api.WhoAmI
	if err := c.do(ctx, http.MethodGet, "/api/v1/whoami", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ChangePassword changes the current user's password (PUT /api/v1/password).
// The response carries a new token; the old one no longer works.
func (c *Client) ChangePassword(ctx context.Context, req api.PasswordChangeRequest) (*api.LoginResponse, error) {
	var resp api.LoginResponse
	if err := c.do(ctx, http.MethodPut, "/api/v1/password", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ChangeExpiredPassword sets a new password for a user whose password has
// expired, who cannot log in, and logs them in (POST /api/v1/password/expired).
func (c *Client) ChangeExpiredPassword(ctx context.Context, req api.ExpiredPasswordRequest) (*api.LoginResponse, error) {
	var resp api.LoginResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/password/expired", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Health reports whether the server is ready (GET /healthz).
func (c *Client) Health(ctx context.Context) (*api.Health, error) {
	var resp api.Health
	if err := c.do(ctx, http.MethodGet, "/healthz", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
