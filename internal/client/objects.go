package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListObjectTypes returns the object types and their operations
// (GET /api/v1/object-types).
func (c *Client) ListObjectTypes(ctx context.Context) (*api.ObjectTypeList, error) {
	var resp api.ObjectTypeList
	if err := c.do(ctx, http.MethodGet, "/api/v1/object-types", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddObjectType registers an object type or more operations of one
// (POST /api/v1/object-types).
func (c *Client) AddObjectType(ctx context.Context, req api.ObjectTypeRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/object-types", req)
}

// ListObjects returns the objects f selects that the caller may see
// (GET /api/v1/objects).
func (c *Client) ListObjects(ctx context.Context, f ObjectFilter) (*api.ObjectList, error) {
	q := url.Values{}
	for k, v := range map[string]string{"type": f.Type, "tenant": f.Tenant, "owner": f.Owner} {
		if v != "" {
			q.Set(k, v)
		}
	}
	var resp api.ObjectList
	if err := c.do(ctx, http.MethodGet, "/api/v1/objects", q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ObjectFilter selects the objects ListObjects returns: of one type, in one
// tenant, of one owner; an empty field selects all.
type ObjectFilter struct {
	Type, Tenant, Owner string
}

// AddObject registers an object with its tenant and owner
// (POST /api/v1/objects).
func (c *Client) AddObject(ctx context.Context, req api.ObjectAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/objects", req)
}

// RemoveObject removes an object and its shares
// (DELETE /api/v1/objects/{type}/{id}).
func (c *Client) RemoveObject(ctx context.Context, objectType, id string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, objectPath(objectType, id), nil)
}

// ResizeObject changes the memory or disk of an object
// (PATCH /api/v1/objects/{type}/{id}).
func (c *Client) ResizeObject(ctx context.Context, objectType, id string, req api.ObjectResizeRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPatch, objectPath(objectType, id), req)
}

// ChangeOwner gives an object to another user
// (PUT /api/v1/objects/{type}/{id}/owner).
func (c *Client) ChangeOwner(ctx context.Context, objectType, id, owner string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, objectPath(objectType, id)+"/owner", api.OwnerRequest{Owner: owner})
}

// ListShares returns the shares of an object
// (GET /api/v1/objects/{type}/{id}/shares).
func (c *Client) ListShares(ctx context.Context, objectType, id string) (*api.ShareList, error) {
	var resp api.ShareList
	if err := c.do(ctx, http.MethodGet, objectPath(objectType, id)+"/shares", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddShare shares an object with a tenant or a user
// (POST /api/v1/objects/{type}/{id}/shares).
func (c *Client) AddShare(ctx context.Context, objectType, id string, req api.ShareRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, objectPath(objectType, id)+"/shares", req)
}

// RemoveShare withdraws a share of an object
// (DELETE /api/v1/objects/{type}/{id}/shares).
func (c *Client) RemoveShare(ctx context.Context, objectType, id string, req api.ShareRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, objectPath(objectType, id)+"/shares", req)
}

// ListShareOptions returns which object types can be shared with tenants
// and users, and with which operations (GET /api/v1/share-options).
func (c *Client) ListShareOptions(ctx context.Context) (*api.ShareRuleList, error) {
	var resp api.ShareRuleList
	if err := c.do(ctx, http.MethodGet, "/api/v1/share-options", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

func objectPath(objectType, id string) string {
	return "/api/v1/objects/" + pathName(objectType) + "/" + pathName(id)
}
