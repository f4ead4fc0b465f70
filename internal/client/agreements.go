package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ActivateUser activates the user called name, or the caller themself
// (POST /api/v1/users/{name}/activate).
func (c *Client) ActivateUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/activate", nil)
}

// DeactivateUser makes the user called name inactive
// (POST /api/v1/users/{name}/deactivate).
func (c *Client) DeactivateUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/deactivate", nil)
}

// SetupUser sets up the user called name (POST /api/v1/users/{name}/setup).
func (c *Client) SetupUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/setup", nil)
}

// UnsetupUser unsets up the user called name
// (POST /api/v1/users/{name}/unsetup).
func (c *Client) UnsetupUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/unsetup", nil)
}

// AddAgreement publishes an agreement (POST /api/v1/agreements).
func (c *Client) AddAgreement(ctx context.Context, req api.AgreementAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/agreements", req)
}

// ListAgreements lists the agreements (GET /api/v1/agreements).
func (c *Client) ListAgreements(ctx context.Context) (*api.AgreementList, error) {
	var resp api.AgreementList
	if err := c.do(ctx, http.MethodGet, "/api/v1/agreements", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// GetAgreement returns the agreement called name with its text
// (GET /api/v1/agreements/{name}).
func (c *Client) GetAgreement(ctx context.Context, name string) (*api.Agreement, error) {
	var resp api.Agreement
	if err := c.do(ctx, http.MethodGet, "/api/v1/agreements/"+pathName(name), nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RemoveAgreement removes the agreement called name
// (DELETE /api/v1/agreements/{name}).
func (c *Client) RemoveAgreement(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, "/api/v1/agreements/"+pathName(name), nil)
}

// SignAgreement signs the agreement called name as the caller
// (POST /api/v1/agreements/{name}/sign).
func (c *Client) SignAgreement(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/agreements/"+pathName(name)+"/sign", nil)
}

// ListSignatures lists the signatures of the user called user, or those
// the caller may see when user is empty (GET /api/v1/agreement-signatures).
func (c *Client) ListSignatures(ctx context.Context, user string) (*api.SignatureList, error) {
	var q url.Values
	if user != "" {
		q = url.Values{"username": {user}}
	}
	var resp api.SignatureList
	if err := c.do(ctx, http.MethodGet, "/api/v1/agreement-signatures", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
