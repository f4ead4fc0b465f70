package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// recorded is what the fake server saw of one request.
type recorded struct {
	method, path, query, auth, contentType string
	body                                   map[string]any
}

// newFake starts a server that records each request and answers with
// status and body.
func newFake(t *testing.T, status int, body string) (*httptest.Server, *recorded) {
	t.Helper()
	rec := &recorded{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.method, rec.path, rec.query = r.Method, r.URL.EscapedPath(), r.URL.RawQuery
		rec.auth, rec.contentType = r.Header.Get("Authorization"), r.Header.Get("Content-Type")
		rec.body = nil
		if b, _ := io.ReadAll(r.Body); len(b) > 0 {
			if err := json.Unmarshal(b, &rec.body); err != nil {
				t.Errorf("request body %q: %v", b, err)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// route is one call of a Client method and the request it should send.
type route struct {
	name                string
	call                func(c *Client) error
	method, path, query string
	body                map[string]any
}

func TestRoutes(t *testing.T) {
	ctx := context.Background()
	str := func(s string) *string { return &s }
	testRoutes(t, []route{
		{"login", func(c *Client) error {
			_, err := c.Login(ctx, api.LoginRequest{Username: "u1", Password: "pw", Tenant: "t1"})
			return err
		}, "POST", "/api/v1/login", "", map[string]any{"username": "u1", "password": "pw", "tenant": "t1"}},
		{"logout", func(c *Client) error { _, err := c.Logout(ctx); return err }, "POST", "/api/v1/logout", "", nil},
		{"whoami", func(c *Client) error { _, err := c.WhoAmI(ctx); return err }, "GET", "/api/v1/whoami", "", nil},
		{"password", func(c *Client) error {
			_, err := c.ChangePassword(ctx, api.PasswordChangeRequest{CurrentPassword: "a", Password: "b"})
			return err
		}, "PUT", "/api/v1/password", "", map[string]any{"current_password": "a", "password": "b"}},
		{"health", func(c *Client) error { _, err := c.Health(ctx); return err }, "GET", "/healthz", "", nil},
		{"list users", func(c *Client) error {
			_, err := c.ListUsers(ctx, UserListOptions{Search: "a b", All: true, After: 7, Limit: 50})
			return err
		}, "GET", "/api/v1/users", "after=7&all=true&limit=50&search=a+b", nil},
		{"list users default", func(c *Client) error { _, err := c.ListUsers(ctx, UserListOptions{}); return err },
			"GET", "/api/v1/users", "", nil},
		{"get user", func(c *Client) error { _, err := c.GetUser(ctx, "a/b"); return err }, "GET", "/api/v1/users/a%2Fb", "", nil},
		{"add user", func(c *Client) error {
			_, err := c.AddUser(ctx, api.UserAddRequest{Username: "u5", Tenant: "t3", Role: "user", Password: "pw", Namespace: "user5-ns"})
			return err
		}, "POST", "/api/v1/users", "", map[string]any{"username": "u5", "tenant": "t3", "role": "user", "password": "pw", "namespace": "user5-ns"}},
		{"update user", func(c *Client) error {
			_, err := c.UpdateUser(ctx, "u1", api.UserUpdateRequest{FirstName: str("demo-user")})
			return err
		}, "PUT", "/api/v1/users/u1", "", map[string]any{"first_name": "demo-user"}},
		{"remove users", func(c *Client) error {
			_, err := c.RemoveUsers(ctx, api.UserRemoveRequest{Usernames: []string{"user5"},
				ReplacementUsers: []api.ReplacementUser{{Tenant: "t3", ReplacementUser: "admin3"}}})
			return err
		}, "DELETE", "/api/v1/users", "", map[string]any{"usernames": []any{"user5"},
			"replacement_users": []any{map[string]any{"tenant": "t3", "replacement_user": "admin3"}}}},
		{"revoke tokens", func(c *Client) error { _, err := c.RevokeTokens(ctx, "u1"); return err },
			"POST", "/api/v1/users/u1/revoke-tokens", "", nil},
		{"list tenants", func(c *Client) error { _, err := c.ListTenants(ctx); return err }, "GET", "/api/v1/tenants", "", nil},
		{"get tenant", func(c *Client) error { _, err := c.GetTenant(ctx, "t1"); return err }, "GET", "/api/v1/tenants/t1", "", nil},
		{"add tenant", func(c *Client) error {
			_, err := c.AddTenant(ctx, api.TenantAddRequest{Name: "t1", Description: "d"})
			return err
		}, "POST", "/api/v1/tenants", "", map[string]any{"name": "t1", "description": "d"}},
		{"update tenant", func(c *Client) error {
			_, err := c.UpdateTenant(ctx, "t1", api.TenantUpdateRequest{Description: str("")})
			return err
		}, "PUT", "/api/v1/tenants/t1", "", map[string]any{"description": ""}},
		{"remove tenant", func(c *Client) error { _, err := c.RemoveTenant(ctx, "t1"); return err }, "DELETE", "/api/v1/tenants/t1", "", nil},
		{"list members", func(c *Client) error { _, err := c.ListMembers(ctx, "t1"); return err }, "GET", "/api/v1/tenants/t1/members", "", nil},
		{"add members", func(c *Client) error {
			_, err := c.AddMembers(ctx, "t1", api.MembersAddRequest{Usernames: []string{"a", "b"}, Role: "user"})
			return err
		}, "POST", "/api/v1/tenants/t1/members", "", map[string]any{"usernames": []any{"a", "b"}, "role": "user"}},
		{"remove members", func(c *Client) error {
			_, err := c.RemoveMembers(ctx, "t1", api.MembersRemoveRequest{Usernames: []string{"a"}, KeepNamespaces: true})
			return err
		}, "DELETE", "/api/v1/tenants/t1/members", "", map[string]any{"usernames": []any{"a"}, "keep_namespaces": true}},
		{"update member", func(c *Client) error {
			_, err := c.UpdateMember(ctx, "t1", "a", api.MemberUpdateRequest{Role: "tenantadmin"})
			return err
		}, "PUT", "/api/v1/tenants/t1/members/a", "", map[string]any{"role": "tenantadmin"}},
		{"list namespaces", func(c *Client) error {
			_, err := c.ListNamespaces(ctx, NamespaceListOptions{Tenant: "t3", Username: "user6"})
			return err
		}, "GET", "/api/v1/namespaces", "tenant=t3&username=user6", nil},
		{"list audit", func(c *Client) error {
			_, err := c.ListAudit(ctx, AuditListOptions{User: "admin", Action: "login", ObjectType: "USER", ObjectID: "u1",
				Outcome: "failure", Since: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Before: 9, Limit: 10})
			return err
		}, "GET", "/api/v1/audit", "action=login&before=9&limit=10&object_id=u1&object_type=USER&outcome=failure&since=2026-01-02T03%3A04%3A05Z&user=admin", nil},
	})
}

// testRoutes makes each call against a fake server and checks the method,
// escaped path, query, token and JSON body it sent.
func testRoutes(t *testing.T, tests []route) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newFake(t, http.StatusOK, `{}`)
			if err := tt.call(New(srv.URL+"/", "tok", srv.Client())); err != nil {
				t.Fatal(err)
			}
			if rec.method != tt.method || rec.path != tt.path || rec.query != tt.query {
				t.Errorf("sent %s %s?%s, want %s %s?%s", rec.method, rec.path, rec.query, tt.method, tt.path, tt.query)
			}
			if rec.auth != "Bearer tok" {
				t.Errorf("Authorization = %q, want %q", rec.auth, "Bearer tok")
			}
			if got, want := mustJSON(t, rec.body), mustJSON(t, tt.body); got != want {
				t.Errorf("body = %s, want %s", got, want)
			}
			if tt.body != nil && rec.contentType != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", rec.contentType)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDecode(t *testing.T) {
	srv, _ := newFake(t, http.StatusOK, `{"items":[{"user_id":10,"username":"user5","tenants":[{"name":"t3","tenant_role":"user"}]}],"next_after":10}`)
	got, err := New(srv.URL, "", nil).ListUsers(context.Background(), UserListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 || got.Items[0].ID != 10 || got.Items[0].Tenants[0].TenantRole != "user" || got.NextAfter != 10 {
		t.Errorf("ListUsers = %+v", got)
	}
}

func TestAnonymous(t *testing.T) {
	srv, rec := newFake(t, http.StatusOK, `{"token":"new"}`)
	resp, err := New(srv.URL, "", nil).Login(context.Background(), api.LoginRequest{Username: "u"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.auth != "" {
		t.Errorf("Authorization = %q, want none", rec.auth)
	}
	if _, err := New(srv.URL, "", nil).WithToken(resp.Token).WhoAmI(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec.auth != "Bearer new" {
		t.Errorf("WithToken: Authorization = %q, want %q", rec.auth, "Bearer new")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		want       Error
	}{
		{"field", `{"error":"username: must be 1-64 characters","field":"username"}`, 400,
			Error{400, "username: must be 1-64 characters", "username"}},
		{"conflict", `{"error":"user 'u1' already exists"}`, 409, Error{409, "user 'u1' already exists", ""}},
		{"not json", `<html>bad gateway</html>`, 502, Error{502, "server answered 502 bad gateway", ""}},
		{"empty", ``, 401, Error{401, "server answered 401 unauthorized", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newFake(t, tt.status, tt.body)
			_, err := New(srv.URL, "tok", nil).WhoAmI(context.Background())
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %#v, want *Error", err)
			}
			if *e != tt.want {
				t.Errorf("err = %+v, want %+v", *e, tt.want)
			}
			if err.Error() != tt.want.Message {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.want.Message)
			}
			if !IsStatus(err, tt.status) || IsStatus(err, 200) {
				t.Errorf("IsStatus wrong for %v", err)
			}
		})
	}
}

// TestKeepAlive checks that responses, including error responses with
// unread bodies, leave the connection reusable.
func TestKeepAlive(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/whoami" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid token"}`+strings.Repeat(" ", 64<<10))
			return
		}
		io.WriteString(w, `{"status":"ok"} `)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	// One connection at most: a request waits for the previous one's
	// connection to come back to the pool instead of dialing another, so
	// the count does not depend on how fast the transport returns it. A
	// body left unread would keep the connection forever, and the next
	// request would time out.
	hc := srv.Client()
	hc.Transport.(*http.Transport).MaxConnsPerHost = 1
	c := New(srv.URL, "", hc)
	for range 10 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if _, err := c.Health(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WhoAmI(ctx); err == nil {
			t.Fatal("WhoAmI succeeded, want error")
		}
		cancel()
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("opened %d connections, want 1", n)
	}
}
