package client

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestServiceAccountRoutes(t *testing.T) {
	ctx := context.Background()
	testRoutes(t, []route{
		{"list", func(c *Client) error { _, err := c.ListServiceAccounts(ctx); return err }, "GET", "/api/v1/service-accounts", "", nil},
		{"add", func(c *Client) error {
			_, err := c.AddServiceAccount(ctx, api.ServiceAccountRequest{Name: "ci", Tenant: "t1", Role: "user",
				Capabilities: []string{"ManageApplications"}, ExpiresIn: "720h"})
			return err
		}, "POST", "/api/v1/service-accounts", "", map[string]any{"name": "ci", "tenant": "t1", "role": "user",
			"capabilities": []any{"ManageApplications"}, "expires_in": "720h"}},
		{"add key", func(c *Client) error { _, err := c.AddKey(ctx, "ci", api.KeyRequest{}); return err },
			"POST", "/api/v1/service-accounts/ci/keys", "", map[string]any{}},
		{"revoke key", func(c *Client) error { _, err := c.RevokeKey(ctx, "ci", "k/1"); return err },
			"DELETE", "/api/v1/service-accounts/ci/keys/k%2F1", "", nil},
	})
}

func TestNewKey(t *testing.T) {
	srv, _ := newFake(t, http.StatusCreated, `{"name":"ci","key_id":"k1","key":"secret","expires_at":"2026-02-01T00:00:00Z"}`)
	k, err := New(srv.URL, "tok", nil).AddServiceAccount(context.Background(), api.ServiceAccountRequest{Name: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	want := api.NewKey{Name: "ci", KeyID: "k1", Key: "secret", ExpiresAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	if *k != want {
		t.Errorf("AddServiceAccount = %+v, want %+v", *k, want)
	}
}
