package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// UserListOptions selects the users listed by ListUsers. The zero value asks
// for the server's first page of visible users.
type UserListOptions struct {
	// Search keeps users whose username, id, name or email contains it.
	Search string
	// All includes hidden, disabled and deleted users.
	All bool
	// Sort orders the users: id, created, username, name or email, after
	// a "-" for descending order; empty for id order.
	Sort string
	// After starts the page after this user id (UserList.NextAfter).
	After int64
	// Limit is the page size; 0 leaves it to the server.
	Limit int
}

func (o UserListOptions) values() url.Values {
	q := url.Values{}
	if o.Search != "" {
		q.Set("search", o.Search)
	}
	if o.All {
		q.Set("all", "true")
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	if o.After != 0 {
		q.Set("after", strconv.FormatInt(o.After, 10))
	}
	if o.Limit != 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	return q
}

// ListUsers returns one page of users (GET /api/v1/users).
func (c *Client) ListUsers(ctx context.Context, opts UserListOptions) (*api.UserList, error) {
	var resp api.UserList
	if err := c.do(ctx, http.MethodGet, "/api/v1/users", opts.values(), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// GetUser returns the user called name (GET /api/v1/users/{name}).
func (c *Client) GetUser(ctx context.Context, name string) (*api.User, error) {
	var resp api.User
	if err := c.do(ctx, http.MethodGet, "/api/v1/users/"+pathName(name), nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddUser adds a user to a tenant (POST /api/v1/users).
func (c *Client) AddUser(ctx context.Context, req api.UserAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users", req)
}

// UpdateUser changes the set fields of the user called name
// (PUT /api/v1/users/{name}).
func (c *Client) UpdateUser(ctx context.Context, name string, req api.UserUpdateRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, "/api/v1/users/"+pathName(name), req)
}

// RemoveUsers removes users, all or none (DELETE /api/v1/users).
func (c *Client) RemoveUsers(ctx context.Context, req api.UserRemoveRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, "/api/v1/users", req)
}

// RevokeTokens revokes every token issued to the user called name
// (POST /api/v1/users/{name}/revoke-tokens).
func (c *Client) RevokeTokens(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/revoke-tokens", nil)
}

// MergeUsers moves what one user owns to another and disables the first
// (POST /api/v1/users/merge); with DryRun it only reports.
func (c *Client) MergeUsers(ctx context.Context, req api.UserMergeRequest) (*api.UserMergeReport, error) {
	var rep api.UserMergeReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/users/merge", nil, req, &rep); err != nil {
		return nil, err
	}
	return &rep, nil
}

// message sends a change and returns the server's success message.
func (c *Client) message(ctx context.Context, method, path string, in any) (*api.MessageResponse, error) {
	var resp api.MessageResponse
	if err := c.do(ctx, method, path, nil, in, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// UnlockUser ends the lockout of the user called name
// (POST /api/v1/users/{name}/unlock).
func (c *Client) UnlockUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/unlock", nil)
}

// DisableUser disables the user called name: they cannot log in and their
// tokens stop working (POST /api/v1/users/{name}/disable).
func (c *Client) DisableUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/disable", nil)
}

// EnableUser lets the disabled user called name log in again
// (POST /api/v1/users/{name}/enable).
func (c *Client) EnableUser(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(name)+"/enable", nil)
}
