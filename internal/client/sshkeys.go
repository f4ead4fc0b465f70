package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// AddSSHKey adds the public key text to the user called user under name
// (POST /api/v1/users/{name}/keys).
func (c *Client) AddSSHKey(ctx context.Context, user, name, text string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/users/"+pathName(user)+"/keys", api.SSHKeyAddRequest{Name: name, Key: text})
}

// ListSSHKeys returns the public SSH keys of the user called user
// (GET /api/v1/users/{name}/keys).
func (c *Client) ListSSHKeys(ctx context.Context, user string) (*api.SSHKeyList, error) {
	var resp api.SSHKeyList
	if err := c.do(ctx, http.MethodGet, "/api/v1/users/"+pathName(user)+"/keys", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RemoveSSHKey removes the key called name of the user called user
// (DELETE /api/v1/users/{name}/keys/{key}).
func (c *Client) RemoveSSHKey(ctx context.Context, user, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, "/api/v1/users/"+pathName(user)+"/keys/"+pathName(name), nil)
}
