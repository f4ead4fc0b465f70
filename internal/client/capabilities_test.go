package client

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestCapabilityRoutes(t *testing.T) {
	ctx := context.Background()
	list := func(l []string) *[]string { return &l }
	str := func(s string) *string { return &s }
	testRoutes(t, []route{
		{"list", func(c *Client) error {
			_, err := c.ListCapabilities(ctx, CapabilityListOptions{})
			return err
		}, "GET", "/api/v1/capabilities", "", nil},
		{"list filtered", func(c *Client) error {
			_, err := c.ListCapabilities(ctx, CapabilityListOptions{Names: []string{"ManageApplications", "ViewUsers"}, Group: "User", All: true,
				Entries: []string{"APPLICATION:start"}})
			return err
		}, "GET", "/api/v1/capabilities", "all=true&group=User&names=ManageApplications%2CViewUsers", nil},
		{"options", func(c *Client) error {
			_, err := c.ListCapabilityOptions(ctx, CapabilityListOptions{Entries: []string{"APPLICATION:start", "BUNDLE:view"}, Group: "Application"})
			return err
		}, "GET", "/api/v1/capabilities/options", "entries=APPLICATION%3Astart%2CBUNDLE%3Aview&group=Application", nil},
		{"add", func(c *Client) error {
			_, err := c.AddCapability(ctx, api.CapabilityAddRequest{Name: "CustomUserCapability", Description: "Custom user capability",
				TenantRoles: []string{"user"}, Providers: []string{"ManageApplications"}})
			return err
		}, "POST", "/api/v1/capabilities", "", map[string]any{"name": "CustomUserCapability", "description": "Custom user capability",
			"tenant_roles": []any{"user"}, "providers": []any{"ManageApplications"}}},
		{"update", func(c *Client) error {
			_, err := c.UpdateCapability(ctx, "Custom Cap", api.CapabilityUpdateRequest{Description: str("d"), Providers: list([]string{}),
				Entries: list([]string{"APPLICATION:backup"}), Hide: true})
			return err
		}, "PUT", "/api/v1/capabilities/Custom%20Cap", "", map[string]any{"description": "d", "providers": []any{},
			"capability_entries": []any{"APPLICATION:backup"}, "hide": true}},
		{"remove", func(c *Client) error { _, err := c.RemoveCapability(ctx, "a/b"); return err },
			"DELETE", "/api/v1/capabilities/a%2Fb", "", nil},
		{"add entries", func(c *Client) error {
			_, err := c.AddCapabilityEntries(ctx, "C", []string{"BUNDLE:view", "BUNDLE:create"})
			return err
		}, "POST", "/api/v1/capabilities/C/entries", "", map[string]any{"capability_entries": []any{"BUNDLE:view", "BUNDLE:create"}}},
		{"remove entries", func(c *Client) error {
			_, err := c.RemoveCapabilityEntries(ctx, "C", []string{"BUNDLE:view"})
			return err
		}, "DELETE", "/api/v1/capabilities/C/entries", "", map[string]any{"capability_entries": []any{"BUNDLE:view"}}},
		{"add providers", func(c *Client) error {
			_, err := c.AddCapabilityProviders(ctx, "C", []string{"CreateImages", "CreateBundles"})
			return err
		}, "POST", "/api/v1/capabilities/C/providers", "", map[string]any{"providers": []any{"CreateImages", "CreateBundles"}}},
		{"remove providers", func(c *Client) error {
			_, err := c.RemoveCapabilityProviders(ctx, "C", []string{"CreateImages"})
			return err
		}, "DELETE", "/api/v1/capabilities/C/providers", "", map[string]any{"providers": []any{"CreateImages"}}},
	})
}
