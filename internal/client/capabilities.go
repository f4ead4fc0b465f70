package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// CapabilityListOptions selects the capabilities listed by ListCapabilities
// and ListCapabilityOptions; zero fields do not filter.
type CapabilityListOptions struct {
	// Names lists only these capabilities, hidden ones included.
	Names []string
	// Group lists only the capabilities of this group.
	Group string
	// All includes hidden capabilities.
	All bool
	// Entries, for ListCapabilityOptions only, are the OBJECT_TYPE:operation
	// entries wanted: only capabilities giving some of them are listed.
	Entries []string
}

func (o CapabilityListOptions) values() url.Values {
	q := url.Values{}
	if len(o.Names) > 0 {
		q.Set("names", strings.Join(o.Names, ","))
	}
	if o.Group != "" {
		q.Set("group", o.Group)
	}
	if o.All {
		q.Set("all", "true")
	}
	if len(o.Entries) > 0 {
		q.Set("entries", strings.Join(o.Entries, ","))
	}
	return q
}

// ListCapabilities returns user capabilities (GET /api/v1/capabilities).
// Entries in opts is ignored.
func (c *Client) ListCapabilities(ctx context.Context, opts CapabilityListOptions) (*api.CapabilityList, error) {
	opts.Entries = nil
	var resp api.CapabilityList
	if err := c.do(ctx, http.MethodGet, "/api/v1/capabilities", opts.values(), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ListCapabilityOptions returns the capabilities that give some of the
// wanted entries, and which of them each gives
// (GET /api/v1/capabilities/options).
func (c *Client) ListCapabilityOptions(ctx context.Context, opts CapabilityListOptions) (*api.CapabilityOptionList, error) {
	var resp api.CapabilityOptionList
	if err := c.do(ctx, http.MethodGet, "/api/v1/capabilities/options", opts.values(), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddCapability adds a custom user capability (POST /api/v1/capabilities).
func (c *Client) AddCapability(ctx context.Context, req api.CapabilityAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/capabilities", req)
}

// UpdateCapability changes the set fields of the custom capability called
// name (PUT /api/v1/capabilities/{name}).
func (c *Client) UpdateCapability(ctx context.Context, name string, req api.CapabilityUpdateRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, capabilityPath(name), req)
}

// RemoveCapability removes the custom capability called name
// (DELETE /api/v1/capabilities/{name}).
func (c *Client) RemoveCapability(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, capabilityPath(name), nil)
}

// AddCapabilityEntries adds OBJECT_TYPE:operation entries to a custom
// capability (POST /api/v1/capabilities/{name}/entries).
func (c *Client) AddCapabilityEntries(ctx context.Context, name string, entries []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, capabilityPath(name)+"/entries", api.CapabilityEntriesRequest{Entries: entries})
}

// RemoveCapabilityEntries removes entries from a custom capability
// (DELETE /api/v1/capabilities/{name}/entries).
func (c *Client) RemoveCapabilityEntries(ctx context.Context, name string, entries []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, capabilityPath(name)+"/entries", api.CapabilityEntriesRequest{Entries: entries})
}

// AddCapabilityProviders adds providers to a custom capability
// (POST /api/v1/capabilities/{name}/providers).
func (c *Client) AddCapabilityProviders(ctx context.Context, name string, providers []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, capabilityPath(name)+"/providers", api.CapabilityProvidersRequest{Providers: providers})
}

// RemoveCapabilityProviders removes providers from a custom capability
// (DELETE /api/v1/capabilities/{name}/providers).
func (c *Client) RemoveCapabilityProviders(ctx context.Context, name string, providers []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, capabilityPath(name)+"/providers", api.CapabilityProvidersRequest{Providers: providers})
}

func capabilityPath(name string) string { return "/api/v1/capabilities/" + pathName(name) }
