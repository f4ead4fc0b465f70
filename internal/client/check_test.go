package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestCheckRoutes(t *testing.T) {
	ctx := context.Background()
	testRoutes(t, []route{
		{"check", func(c *Client) error {
			_, err := c.Check(ctx, api.CheckRequest{Operation: "start", ObjectType: "APPLICATION", ObjectID: "app 1", User: "u1", Tenant: "t1", Explain: true})
			return err
		}, "POST", "/api/v1/check", "", map[string]any{"operation": "start", "object_type": "APPLICATION", "object_id": "app 1",
			"user": "u1", "tenant": "t1", "explain": true}},
		{"check type", func(c *Client) error {
			_, err := c.Check(ctx, api.CheckRequest{Operation: "create", ObjectType: "APPLICATION"})
			return err
		}, "POST", "/api/v1/check", "", map[string]any{"operation": "create", "object_type": "APPLICATION"}},
		{"batch", func(c *Client) error {
			_, err := c.CheckBatch(ctx, api.BatchCheckRequest{User: "u1", Checks: []api.CheckItem{{Operation: "view", ObjectType: "BUNDLE", ObjectID: "b1"}}})
			return err
		}, "POST", "/api/v1/check/batch", "", map[string]any{"user": "u1",
			"checks": []any{map[string]any{"operation": "view", "object_type": "BUNDLE", "object_id": "b1"}}}},
		{"permissions", func(c *Client) error { _, err := c.UserPermissions(ctx, "u1", ""); return err },
			"GET", "/api/v1/users/u1/permissions", "", nil},
		{"permissions in a tenant", func(c *Client) error { _, err := c.UserPermissions(ctx, "u1", "t 1"); return err },
			"GET", "/api/v1/users/u1/permissions", "tenant=t+1", nil},
		{"add member capabilities", func(c *Client) error {
			_, err := c.AddMemberCapabilities(ctx, "t1", "u1", []string{"ManageApplications"})
			return err
		}, "POST", "/api/v1/tenants/t1/members/u1/capabilities", "", map[string]any{"capabilities": []any{"ManageApplications"}}},
		{"remove member capabilities", func(c *Client) error {
			_, err := c.RemoveMemberCapabilities(ctx, "t1", "u1", []string{"ManageApplications", "CreateBundles"})
			return err
		}, "DELETE", "/api/v1/tenants/t1/members/u1/capabilities", "", map[string]any{"capabilities": []any{"ManageApplications", "CreateBundles"}}},
	})
}

// TestCheckDenied checks that a denial is an answer, not an error.
func TestCheckDenied(t *testing.T) {
	srv, _ := newFake(t, http.StatusOK, `{"allowed":false,"explanation":{"chain":[],"denied":"no capability gives APPLICATION:start"}}`)
	resp, err := New(srv.URL, "tok", nil).Check(context.Background(), api.CheckRequest{Operation: "start", ObjectType: "APPLICATION"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Allowed || resp.Explanation == nil || resp.Explanation.Denied != "no capability gives APPLICATION:start" {
		t.Errorf("Check = %+v", resp)
	}
}
