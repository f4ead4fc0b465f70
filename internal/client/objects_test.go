package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestObjectRoutes(t *testing.T) {
	ctx := context.Background()
	testRoutes(t, []route{
		{"list types", func(c *Client) error { _, err := c.ListObjectTypes(ctx); return err }, "GET", "/api/v1/object-types", "", nil},
		{"add type", func(c *Client) error {
			_, err := c.AddObjectType(ctx, api.ObjectTypeRequest{Name: "PIPELINE", Operations: []string{"run"}})
			return err
		}, "POST", "/api/v1/object-types", "", map[string]any{"name": "PIPELINE", "operations": []any{"run"}}},
		{"list objects", func(c *Client) error { _, err := c.ListObjects(ctx, ObjectFilter{}); return err }, "GET", "/api/v1/objects", "", nil},
		{"list objects of a type", func(c *Client) error { _, err := c.ListObjects(ctx, ObjectFilter{Type: "BUNDLE"}); return err },
			"GET", "/api/v1/objects", "type=BUNDLE", nil},
		{"add object", func(c *Client) error {
			_, err := c.AddObject(ctx, api.ObjectAddRequest{Type: "BUNDLE", ID: "b/1", Tenant: "t1", Owner: "u1"})
			return err
		}, "POST", "/api/v1/objects", "", map[string]any{"object_type": "BUNDLE", "object_id": "b/1", "tenant": "t1", "owner": "u1"}},
		{"remove object", func(c *Client) error { _, err := c.RemoveObject(ctx, "BUNDLE", "b/1 x"); return err },
			"DELETE", "/api/v1/objects/BUNDLE/b%2F1%20x", "", nil},
		{"change owner", func(c *Client) error { _, err := c.ChangeOwner(ctx, "BUNDLE", "b1", "u2"); return err },
			"PUT", "/api/v1/objects/BUNDLE/b1/owner", "", map[string]any{"owner": "u2"}},
		{"list shares", func(c *Client) error { _, err := c.ListShares(ctx, "BUNDLE", "?"); return err },
			"GET", "/api/v1/objects/BUNDLE/%3F/shares", "", nil},
		{"add share", func(c *Client) error {
			_, err := c.AddShare(ctx, "APPLICATION", "a1", api.ShareRequest{User: "u2", Operations: []string{"view", "start"}})
			return err
		}, "POST", "/api/v1/objects/APPLICATION/a1/shares", "", map[string]any{"user": "u2", "operations": []any{"view", "start"}}},
		{"remove share", func(c *Client) error {
			_, err := c.RemoveShare(ctx, "BUNDLE", "..", api.ShareRequest{Tenant: "t2"})
			return err
		}, "DELETE", "/api/v1/objects/BUNDLE/%2E%2E/shares", "", map[string]any{"tenant": "t2"}},
		{"share options", func(c *Client) error { _, err := c.ListShareOptions(ctx); return err }, "GET", "/api/v1/share-options", "", nil},
	})
}

// TestPathEscaping sends awkward names to a ServeMux with the server's
// patterns and checks that the handlers see them unchanged.
func TestPathEscaping(t *testing.T) {
	names := []string{"a/b", "a b", "..", ".", "a/../b", "50%", "a?b#c", "x;y", "ü+ä", "-", "a%2Fb"}
	var got []string
	mux := http.NewServeMux()
	record := func(keys ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for _, k := range keys {
				got = append(got, r.PathValue(k))
			}
			io.WriteString(w, `{}`)
		}
	}
	mux.Handle("DELETE /api/v1/objects/{type}/{id}", record("type", "id"))
	mux.Handle("PUT /api/v1/objects/{type}/{id}/owner", record("type", "id"))
	mux.Handle("POST /api/v1/objects/{type}/{id}/shares", record("type", "id"))
	mux.Handle("PUT /api/v1/capabilities/{name}", record("name"))
	mux.Handle("DELETE /api/v1/service-accounts/{name}/keys/{id}", record("name", "id"))
	mux.Handle("POST /api/v1/tenants/{name}/members/{user}/capabilities", record("name", "user"))
	mux.Handle("GET /api/v1/users/{name}/permissions", record("name"))
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.EscapedPath())
		http.NotFound(w, r)
	}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	noRedirect := *srv.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := New(srv.URL, "tok", &noRedirect)
	ctx := context.Background()
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			got = nil
			calls := []struct {
				name string
				call func() error
				want []string
			}{
				{"RemoveObject", func() error { _, err := c.RemoveObject(ctx, n, n); return err }, []string{n, n}},
				{"ChangeOwner", func() error { _, err := c.ChangeOwner(ctx, "T", n, "u"); return err }, []string{"T", n}},
				{"AddShare", func() error { _, err := c.AddShare(ctx, n, "id", api.ShareRequest{User: "u"}); return err }, []string{n, "id"}},
				{"UpdateCapability", func() error { _, err := c.UpdateCapability(ctx, n, api.CapabilityUpdateRequest{}); return err }, []string{n}},
				{"RevokeKey", func() error { _, err := c.RevokeKey(ctx, n, n); return err }, []string{n, n}},
				{"AddMemberCapabilities", func() error { _, err := c.AddMemberCapabilities(ctx, n, n, nil); return err }, []string{n, n}},
				{"UserPermissions", func() error { _, err := c.UserPermissions(ctx, n, ""); return err }, []string{n}},
			}
			for _, call := range calls {
				got = nil
				if err := call.call(); err != nil {
					t.Errorf("%s: %v", call.name, err)
					continue
				}
				if len(got) != len(call.want) {
					t.Errorf("%s: handler saw %q, want %q", call.name, got, call.want)
					continue
				}
				for i := range got {
					if got[i] != call.want[i] {
						t.Errorf("%s: handler saw %q, want %q", call.name, got, call.want)
						break
					}
				}
			}
		})
	}
}
