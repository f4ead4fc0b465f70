package client

import (
	"context"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ListTenants returns every tenant the caller may see (GET /api/v1/tenants).
func (c *Client) ListTenants(ctx context.Context) (*api.TenantList, error) {
	var resp api.TenantList
	if err := c.do(ctx, http.MethodGet, "/api/v1/tenants", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// GetTenant returns the tenant called name (GET /api/v1/tenants/{name}).
func (c *Client) GetTenant(ctx context.Context, name string) (*api.Tenant, error) {
	var resp api.Tenant
	if err := c.do(ctx, http.MethodGet, tenantPath(name), nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddTenant creates a tenant (POST /api/v1/tenants).
func (c *Client) AddTenant(ctx context.Context, req api.TenantAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, "/api/v1/tenants", req)
}

// UpdateTenant changes the set fields of the tenant called name
// (PUT /api/v1/tenants/{name}).
func (c *Client) UpdateTenant(ctx context.Context, name string, req api.TenantUpdateRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, tenantPath(name), req)
}

// RemoveTenant removes the tenant called name
// (DELETE /api/v1/tenants/{name}).
func (c *Client) RemoveTenant(ctx context.Context, name string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, tenantPath(name), nil)
}

// ListMembers returns the members of a tenant
// (GET /api/v1/tenants/{name}/members).
func (c *Client) ListMembers(ctx context.Context, tenant string) (*api.MemberList, error) {
	var resp api.MemberList
	if err := c.do(ctx, http.MethodGet, tenantPath(tenant)+"/members", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// AddMembers adds existing users to a tenant, all or none
// (POST /api/v1/tenants/{name}/members).
func (c *Client) AddMembers(ctx context.Context, tenant string, req api.MembersAddRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, tenantPath(tenant)+"/members", req)
}

// RemoveMembers removes users from a tenant, all or none
// (DELETE /api/v1/tenants/{name}/members).
func (c *Client) RemoveMembers(ctx context.Context, tenant string, req api.MembersRemoveRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, tenantPath(tenant)+"/members", req)
}

// UpdateMember changes a member's role in a tenant
// (PUT /api/v1/tenants/{name}/members/{user}).
func (c *Client) UpdateMember(ctx context.Context, tenant, user string, req api.MemberUpdateRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, tenantPath(tenant)+"/members/"+pathName(user), req)
}

// AddMemberCapabilities gives a member of a tenant more user capabilities
// (POST /api/v1/tenants/{name}/members/{user}/capabilities).
func (c *Client) AddMemberCapabilities(ctx context.Context, tenant, user string, capabilities []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPost, memberCapabilitiesPath(tenant, user), api.MemberCapabilitiesRequest{Capabilities: capabilities})
}

// RemoveMemberCapabilities takes user capabilities from a member of a
// tenant (DELETE /api/v1/tenants/{name}/members/{user}/capabilities).
func (c *Client) RemoveMemberCapabilities(ctx context.Context, tenant, user string, capabilities []string) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodDelete, memberCapabilitiesPath(tenant, user), api.MemberCapabilitiesRequest{Capabilities: capabilities})
}

func memberCapabilitiesPath(tenant, user string) string {
	return tenantPath(tenant) + "/members/" + pathName(user) + "/capabilities"
}

func tenantPath(name string) string { return "/api/v1/tenants/" + pathName(name) }
