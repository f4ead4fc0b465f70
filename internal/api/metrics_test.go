package api

import (
	"strings"
	"testing"
)

// TestMetrics reads /metrics as an operator's scraper would: it needs a
// superadmin's token, and counts logins by their outcome under the route
// they matched, never under the path a client sent.
func TestMetrics(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	user := e.login("u1", "passphrase-of-u1", "t1")
	e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "wrong password!", Tenant: "t1"})
	e.do("GET", "/api/v1/users/no-such-user-0123", admin, nil)
	e.do("GET", "/no/such/path", "", nil)

	if code, _ := e.do("GET", "/metrics", "", nil); code != 401 {
		t.Errorf("GET /metrics without a token = %d, want 401", code)
	}
	if code, _ := e.do("GET", "/metrics", user, nil); code != 403 {
		t.Errorf("GET /metrics as a user = %d, want 403", code)
	}
	code, body := e.do("GET", "/metrics", admin, nil)
	if code != 200 {
		t.Fatalf("GET /metrics as admin = %d %s", code, body)
	}
	out := string(body)
	for _, want := range []string{
		`gatehouse_http_requests_total{route="POST /api/v1/login",method="POST",code="200"} 2`,
		`gatehouse_http_requests_total{route="POST /api/v1/login",method="POST",code="401"} 1`,
		`gatehouse_http_requests_total{route="GET /api/v1/users/{name}",method="GET",code="404"} 1`,
		`gatehouse_http_requests_total{route="/",method="GET",code="404"} 1`,
		`gatehouse_http_request_duration_seconds_count{route="POST /api/v1/users"} 3`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no-such-user-0123") || strings.Contains(out, "/no/such/path") {
		t.Errorf("metrics name a path a client sent:\n%s", out)
	}
}
