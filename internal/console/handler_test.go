package console_test

import (
	"context"
	"crypto/tls"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/console"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// httpEnv is the console over real services, served by httptest, with a
// cookie-keeping HTTP client: for what a test reads in the HTML and the
// headers rather than on the screen.
type httpEnv struct {
	t   *testing.T
	env *testenv.Env
	srv *httptest.Server
	c   *http.Client
}

func newHTTPEnv(t *testing.T, tlsOn bool) *httpEnv {
	t.Helper()
	env := testenv.New(t)
	con, err := console.New(env.Identity, env.Access, env.Logger, tlsOn)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(con.Handler())
	if tlsOn {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if tlsOn {
		c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	}
	return &httpEnv{t: t, env: env, srv: srv, c: c}
}

// get fetches a console path and returns the response and its body.
func (h *httpEnv) get(path string) (*http.Response, string) {
	h.t.Helper()
	resp, err := h.c.Get(h.srv.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// post posts a form to a console path.
func (h *httpEnv) post(path string, form url.Values) (*http.Response, string) {
	h.t.Helper()
	resp, err := h.c.PostForm(h.srv.URL+path, form)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the first form of a page.
func (h *httpEnv) csrf(body string) string {
	h.t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("no CSRF token in:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

// login logs in through the login form and returns the response.
func (h *httpEnv) login(user, password string) *http.Response {
	h.t.Helper()
	_, body := h.get("/console/login")
	resp, _ := h.post("/console/login", url.Values{"csrf": {h.csrf(body)}, "username": {user}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("login as %s answers %d", user, resp.StatusCode)
	}
	return resp
}

func TestSecurityHeaders(t *testing.T) {
	h := newHTTPEnv(t, false)
	h.login("admin", testenv.AdminPassword)
	for _, path := range []string{"/console/login", "/console/users", "/console/tenants/Administrators", "/console/users/admin",
		"/console/audit", "/console/profile", "/console/capabilities", "/console/capabilities/ManageUsers", "/console/ldap",
		"/console/users/new", "/console/nowhere"} {
		resp, body := h.get(path)
		csp := resp.Header.Get("Content-Security-Policy")
		if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, got)
		}
		// Nothing inline: the CSP would block it, so it would be a bug.
		for _, bad := range []*regexp.Regexp{regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`), regexp.MustCompile(`<style`),
			regexp.MustCompile(`\sstyle=`), regexp.MustCompile(`\son[a-z]+=`)} {
			if loc := bad.FindStringIndex(body); loc != nil {
				t.Errorf("%s: inline code %q", path, body[loc[0]:min(len(body), loc[1]+40)])
			}
		}
	}
}

func TestSessionCookie(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		h := newHTTPEnv(t, tlsOn)
		resp := h.login("admin", testenv.AdminPassword)
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "gatehouse_session" {
				session = c
			}
		}
		if session == nil {
			t.Fatal("no session cookie")
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Secure != tlsOn {
			t.Errorf("TLS %v: session cookie HttpOnly %v, SameSite %v, Secure %v", tlsOn, session.HttpOnly, session.SameSite, session.Secure)
		}
		p, err := h.env.Identity.Authenticate(context.Background(), session.Value)
		if err != nil {
			t.Fatal(err)
		}
		if !session.Expires.Equal(p.Claims.ExpiresAt.Truncate(1e9)) {
			t.Errorf("the session cookie expires at %v, its token at %v", session.Expires, p.Claims.ExpiresAt)
		}
	}
}

// The session is the token: once the token is revoked (here by logging
// out through the API), the console sends the browser to the login page.
func TestSessionEndsWithItsToken(t *testing.T) {
	h := newHTTPEnv(t, false)
	tok := h.loginToken()
	if resp, _ := h.get("/console/users"); resp.StatusCode != http.StatusOK {
		t.Fatalf("users page answers %d", resp.StatusCode)
	}
	p, err := h.env.Identity.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.env.Identity.Logout(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	resp, _ := h.get("/console/users")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/login?next=%2Fconsole%2Fusers" {
		t.Errorf("with a revoked token the users page answers %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestCSRF(t *testing.T) {
	h := newHTTPEnv(t, false)
	// The login form's own token: a post without it is refused.
	if resp, _ := h.post("/console/login", url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login without its CSRF token answers %d", resp.StatusCode)
	}
	h.login("admin", testenv.AdminPassword)
	_, body := h.get("/console/tenants")
	token := h.csrf(body)
	for _, tc := range []struct {
		name, csrf string
	}{{"missing", ""}, {"wrong", wrongToken(token)}} {
		resp, _ := h.post("/console/tenants", url.Values{"csrf": {tc.csrf}, "name": {"sneaky"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s CSRF token: add tenant answers %d", tc.name, resp.StatusCode)
		}
	}
	if h.tenantExists("sneaky") {
		t.Error("a tenant was added without a valid CSRF token")
	}
	if resp, _ := h.post("/console/tenants", url.Values{"csrf": {token}, "name": {"fine"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("add tenant with the CSRF token answers %d", resp.StatusCode)
	}
	if !h.tenantExists("fine") {
		t.Error("add tenant with the CSRF token added nothing")
	}
}

// tenantExists asks the domain, as the logged-in admin, whether a tenant
// exists.
func (h *httpEnv) tenantExists(name gatehouse.TenantName) bool {
	h.t.Helper()
	p, err := h.env.Identity.Authenticate(context.Background(), adminToken(h))
	if err != nil {
		h.t.Fatal(err)
	}
	_, err = h.env.Identity.GetTenant(context.Background(), p, name)
	return err == nil
}

func adminToken(h *httpEnv) string {
	h.t.Helper()
	u, _ := url.Parse(h.srv.URL + "/console/")
	for _, c := range h.c.Jar.Cookies(u) {
		if c.Name == "gatehouse_session" {
			return c.Value
		}
	}
	h.t.Fatal("not logged in")
	return ""
}

func TestLoginRedirectsOnlyInsideTheConsole(t *testing.T) {
	h := newHTTPEnv(t, false)
	for next, want := range map[string]string{
		"/console/audit": "/console/audit", "//evil.example/console/": "/console/", "https://evil.example/": "/console/",
		"/console/\\evil": "/console/",
	} {
		_, body := h.get("/console/login?next=" + url.QueryEscape(next))
		resp, _ := h.post("/console/login", url.Values{"csrf": {h.csrf(body)}, "username": {"admin"},
			"password": {testenv.AdminPassword}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("login with next %q sends the browser to %q, want %q", next, got, want)
		}
	}
}

// Values users choose are text: a first name, company or phone of <script>
// shows as text on every page, never as markup.
func TestEscaping(t *testing.T) {
	h := newHTTPEnv(t, false)
	p, err := h.env.Identity.Authenticate(context.Background(), h.loginToken())
	if err != nil {
		t.Fatal(err)
	}
	const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	const evilCompany = `</td><script>alert("co")</script>`
	const evilPhone = `"><script>alert(5)</script>`
	if _, err := h.env.Identity.AddUser(context.Background(), p, identity.AddUserInput{Username: "mallory",
		Tenant: gatehouse.AdministratorsTenant, Role: "user", Password: "a-long-user-password-7", FirstName: evil, Company: evilCompany,
		Phone: evilPhone}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/console/users", "/console/users?q=mallory&fragment=results", "/console/users/mallory",
		"/console/users/mallory/edit", "/console/users?q=" + url.QueryEscape(evil), "/console/users?q=" + url.QueryEscape(`alert("co")`)} {
		_, body := h.get(path)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "</td><script>") ||
			strings.Contains(body, `"><script>`) {
			t.Errorf("%s puts the first name, the company or the phone into the page as markup", path)
		}
	}
	for _, path := range []string{"/console/users/mallory", "/console/users?q=" + url.QueryEscape(`alert("co")`)} {
		_, body := h.get(path)
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") || !strings.Contains(body, "&lt;/td&gt;&lt;script&gt;alert(&#34;co&#34;)&lt;/script&gt;") {
			t.Errorf("%s does not show the first name and the company as text", path)
		}
	}
	for _, path := range []string{"/console/users/mallory", "/console/users/mallory/edit"} {
		if _, body := h.get(path); !strings.Contains(body, "&#34;&gt;&lt;script&gt;alert(5)&lt;/script&gt;") {
			t.Errorf("%s does not show the phone as text", path)
		}
	}
}

// loginToken logs in as admin and returns the session's token.
func (h *httpEnv) loginToken() string {
	h.t.Helper()
	h.login("admin", testenv.AdminPassword)
	return adminToken(h)
}

// wrongToken returns token with its first character changed: a token
// that differs from it, whatever its first character was.
func wrongToken(token string) string {
	if token[0] == 'x' {
		return "y" + token[1:]
	}
	return "x" + token[1:]
}
