package api

import (
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestSource(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "192.0.2.7:5000", nil, "192.0.2.7"},
		{"untrusted peer's header is ignored", "192.0.2.7:5000", []string{"198.51.100.1"}, "192.0.2.7"},
		{"one trusted proxy", "10.0.0.2:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"client's own entries at the left are not believed", "10.0.0.2:5000", []string{"203.0.113.9, 198.51.100.1"}, "198.51.100.1"},
		{"two trusted proxies", "10.0.0.2:5000", []string{"198.51.100.1, 10.0.0.3"}, "198.51.100.1"},
		{"several header lines", "10.0.0.2:5000", []string{"203.0.113.9", "198.51.100.1", "10.0.0.3"}, "198.51.100.1"},
		{"trusted proxy without header", "10.0.0.2:5000", nil, "10.0.0.2"},
		{"only trusted hops", "10.0.0.2:5000", []string{"10.0.0.4, 10.0.0.3"}, "10.0.0.4"},
		{"garbage appended by a proxy", "10.0.0.2:5000", []string{"198.51.100.1, not-an-address"}, "10.0.0.2"},
		{"IPv6 loopback proxy", "[::1]:5000", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped client", "10.0.0.2:5000", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := source(r, trusted); got != tc.want {
				t.Fatalf("source = %q, want %q", got, tc.want)
			}
		})
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.2:5000"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	if got := source(r, nil); got != "10.0.0.2" {
		t.Fatalf("with no trusted proxies, source = %q, want the peer", got)
	}
}

// TestSourceBehindProxy logs in through a trusted proxy: the audit record
// of the failed login names the client the proxy forwarded, and a client
// that is not a trusted proxy cannot choose its address with the header.
func TestSourceBehindProxy(t *testing.T) {
	e := newAPIEnv(t)
	e.api.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	login := func(xff string) {
		t.Helper()
		req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"username":"admin","password":"wrong password 1"}`))
		req.RemoteAddr = "127.0.0.1:4000"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff)
		w := httptest.NewRecorder()
		e.api.Handler().ServeHTTP(w, req)
		if w.Code != 401 {
			t.Fatalf("login = %d %s", w.Code, w.Body)
		}
	}
	login("203.0.113.66, 198.51.100.23")
	e.api.TrustedProxies = nil
	login("198.51.100.99")
	admin := e.login("admin", adminPW, "")
	var list AuditList
	e.expect(200, "GET", "/api/v1/audit?action=login&outcome=failure", admin, nil, &list)
	var sources []string
	for _, r := range list.Items {
		sources = append(sources, r.Source)
	}
	if want := []string{"127.0.0.1", "198.51.100.23"}; !slices.Equal(sources, want) {
		t.Fatalf("sources of the failed logins, newest first = %v, want %v", sources, want)
	}
}
