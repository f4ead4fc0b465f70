// Package openshiftd is a stand-in for an OpenShift cluster in tests, as
// no cluster can run here: two real HTTPS servers on loopback, built from
// OpenShift's API documentation. The API server serves the users and
// groups of user.openshift.io/v1 (lists paged with limit and continue)
// to the bearer token Token, users/~ to the tokens its OAuth server
// issued, and /.well-known/oauth-authorization-server. The OAuth server
// issues tokens for the openshift-challenging-client flow of `oc login`:
// Basic auth, X-CSRF-Token, the token in the redirect's fragment.
//
// The fixture has users with non-ASCII full names, one whose name
// Gatehouse does not allow (jane@example.com), and groups with a member
// who is not a user (ghosts) and with none (empty). Recreate gives one
// server's user a new UID, as when an administrator deletes a user and
// creates another of the same name.
package openshiftd

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Token is the bearer token that may read users and groups, as a
// cluster-reader service account's.
const Token = "sha256~gatehouse-reader-token"

// Password returns the OpenShift password of the fixture's user name.
func Password(name string) string { return name + "-pw" }

// User is a fixture user.
type User struct {
	Name, UID, FullName string
}

// Group is a fixture group.
type Group struct {
	Name, UID string
	Users     []string
}

// Users are the fixture's users, by name.
var Users = []User{
	{"admin1", "ee29177c-b48b-42a9-b63c-e9cce6935219", "Ada Admin"},
	{"jane@example.com", "0b7c1a52-3e8e-4f55-9a57-3f0f4d1c2a10", "Jane Doe"},
	{"robin", "881fdd9d-9270-4d1b-a853-ec767b3793cc", ""},
	{"user1", "678a46ce-2c32-44ce-a88c-ca084d29c60c", "Jürgen Müller"},
	{"user2", "c9ba0e73-b90a-4285-86b6-479e3ddb91ed", "Zoë Ünal"},
	{"user3", "883c0d99-0c4d-4f89-a7ac-79da198e9229", "Søren Ødegård"},
}

// Groups are the fixture's groups, by name.
var Groups = []Group{
	{"admins", "5e0f0a8e-7f3a-4c1e-9d0e-2b1f9c3d4e51", []string{"admin1"}},
	{"empty", "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d", nil},
	{"ghosts", "9c8b7a6d-5e4f-4d3c-8b2a-1f0e9d8c7b6a", []string{"user1", "departed"}},
	{"robin-users", "abc53d88-ca7f-4634-b70f-7f51d538d9e4", []string{"robin", "user1", "user2", "user3", "admin1", "jane@example.com"}},
}

// Server is a running stand-in cluster.
type Server struct {
	api, oauth *httptest.Server
	// URL is the API server's URL.
	URL string
	// CACert is the PEM certificate both servers' certificates chain to.
	CACert []byte

	mu     sync.Mutex
	issued map[string]string // user tokens, to their user's name
	uids   map[string]string // users recreated, to their new UID
}

// Start starts a stand-in cluster, stopped when tb ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := New()
	tb.Cleanup(s.Close)
	return s
}

// New starts a stand-in cluster; Close stops it.
func New() *Server {
	s := &Server{issued: map[string]string{}, uids: map[string]string{}}
	s.oauth = startTLS(http.HandlerFunc(s.authorize))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.discovery)
	mux.HandleFunc("GET /apis/user.openshift.io/v1/users", s.reader(s.listUsers))
	mux.HandleFunc("GET /apis/user.openshift.io/v1/users/{name}", s.getUser)
	mux.HandleFunc("GET /apis/user.openshift.io/v1/groups", s.reader(s.listGroups))
	mux.HandleFunc("GET /apis/user.openshift.io/v1/groups/{name}", s.reader(s.getGroup))
	s.api = startTLS(mux)
	s.URL = s.api.URL
	// httptest's servers share one self-signed certificate, its own CA.
	s.CACert = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.api.Certificate().Raw})
	return s
}

// startTLS starts an HTTPS server of h on loopback that does not log the
// handshakes tests fail on purpose.
func startTLS(h http.Handler) *httptest.Server {
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	return s
}

// Close stops both servers.
func (s *Server) Close() {
	s.api.Close()
	s.oauth.Close()
}

// Recreate deletes the fixture's user name on this server only and
// creates a user of the same name, password and full name again, as a
// cluster administrator would: the new user has a new UID, which it
// returns, and which users, users/{name} and users/~ answer from now on.
// The fixture's Users are left as they are. It panics if name is not a
// fixture user.
func (s *Server) Recreate(name string) string {
	if !slices.ContainsFunc(Users, func(u User) bool { return u.Name == name }) {
		panic("openshiftd: recreate " + name + ": not a fixture user")
	}
	b := make([]byte, 16)
	rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80 // a version 4 UUID, as OpenShift's
	h := hex.EncodeToString(b)
	uid := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	s.mu.Lock()
	s.uids[name] = uid
	s.mu.Unlock()
	return uid
}

// user returns u as this server has it: with its new UID if it was
// recreated.
func (s *Server) user(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if uid, ok := s.uids[u.Name]; ok {
		u.UID = uid
	}
	return u
}

// StopOAuth stops the OAuth server only, as when it is down while the
// API server answers.
func (s *Server) StopOAuth() { s.oauth.Close() }

// status writes a Status, as the API server answers errors.
func status(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": msg, "reason": reason, "code": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// bearer returns the request's bearer token.
func bearer(r *http.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

// reader lets only Token through to h; another token a user was issued
// is forbidden, any other is unauthorized.
func (s *Server) reader(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		s.mu.Lock()
		user, isUser := s.issued[tok]
		s.mu.Unlock()
		switch {
		case tok == Token:
			h(w, r)
		case isUser:
			status(w, http.StatusForbidden, "Forbidden", `users.user.openshift.io is forbidden: User "`+user+`" cannot list resource "users"`)
		default:
			status(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
		}
	}
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{
		"issuer": s.oauth.URL, "authorization_endpoint": s.oauth.URL + "/oauth/authorize", "token_endpoint": s.oauth.URL + "/oauth/token",
		"scopes_supported":         []string{"user:check-access", "user:full", "user:info", "user:list-projects", "user:list-scoped-projects"},
		"response_types_supported": []string{"code", "token"}, "grant_types_supported": []string{"authorization_code", "implicit"},
		"code_challenge_methods_supported": []string{"plain", "S256"},
	})
}

func userObject(u User) map[string]any {
	return map[string]any{"kind": "User", "apiVersion": "user.openshift.io/v1",
		"metadata": map[string]any{"name": u.Name, "uid": u.UID, "resourceVersion": "1"},
		"fullName": u.FullName, "identities": []string{"htpasswd:" + u.Name}, "groups": nil}
}

func groupObject(g Group) map[string]any {
	users := g.Users
	if users == nil {
		users = []string{}
	}
	return map[string]any{"kind": "Group", "apiVersion": "user.openshift.io/v1",
		"metadata": map[string]any{"name": g.Name, "uid": g.UID, "resourceVersion": "1"}, "users": users}
}

// page writes items as a list of kind, limit at a time from the index the
// continue token holds.
func page[T any](w http.ResponseWriter, r *http.Request, kind string, items []T, object func(T) map[string]any) {
	q := r.URL.Query()
	start, limit := 0, len(items)
	if c := q.Get("continue"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > len(items) {
			status(w, http.StatusGone, "Expired", "the provided continue parameter is too old")
			return
		}
		start = n
	}
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 {
		limit = l
	}
	end := min(start+limit, len(items))
	meta := map[string]any{"resourceVersion": "1"}
	if end < len(items) {
		meta["continue"] = strconv.Itoa(end)
	}
	out := make([]map[string]any, 0, end-start)
	for _, x := range items[start:end] {
		out = append(out, object(x))
	}
	writeJSON(w, map[string]any{"kind": kind, "apiVersion": "user.openshift.io/v1", "metadata": meta, "items": out})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	page(w, r, "UserList", Users, func(u User) map[string]any { return userObject(s.user(u)) })
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	page(w, r, "GroupList", Groups, groupObject)
}

// getUser serves a user to Token, and users/~ to the tokens the OAuth
// server issued.
func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name == "~" {
		s.mu.Lock()
		user, ok := s.issued[bearer(r)]
		s.mu.Unlock()
		if !ok {
			status(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
			return
		}
		name = user
	} else if bearer(r) != Token {
		s.reader(nil)(w, r)
		return
	}
	i := slices.IndexFunc(Users, func(u User) bool { return u.Name == name })
	if i < 0 {
		status(w, http.StatusNotFound, "NotFound", `users.user.openshift.io "`+name+`" not found`)
		return
	}
	writeJSON(w, userObject(s.user(Users[i])))
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	i := slices.IndexFunc(Groups, func(g Group) bool { return g.Name == name })
	if i < 0 {
		status(w, http.StatusNotFound, "NotFound", `groups.user.openshift.io "`+name+`" not found`)
		return
	}
	writeJSON(w, groupObject(Groups[i]))
}

// authorize is the OAuth server's authorization endpoint for the
// challenging client: a right username and password get a redirect
// whose fragment holds a new token; anything else a 401 challenge.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.URL.Path != "/oauth/authorize" || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	if q.Get("client_id") != "openshift-challenging-client" || q.Get("response_type") != "token" {
		http.Redirect(w, r, s.oauth.URL+"/oauth/error#error=unauthorized_client", http.StatusFound)
		return
	}
	user, pw, ok := r.BasicAuth()
	known := slices.ContainsFunc(Users, func(u User) bool { return u.Name == user })
	if r.Header.Get("X-CSRF-Token") == "" || !ok || !known || pw != Password(user) {
		w.Header().Set("WWW-Authenticate", `Basic realm="openshift"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	b := make([]byte, 16)
	rand.Read(b)
	tok := "sha256~" + hex.EncodeToString(b)
	s.mu.Lock()
	s.issued[tok] = user
	s.mu.Unlock()
	frag := url.Values{"access_token": {tok}, "expires_in": {"86400"}, "scope": {"user:full"}, "token_type": {"Bearer"}}
	w.Header().Set("Location", s.oauth.URL+"/oauth/token/implicit#"+frag.Encode())
	w.WriteHeader(http.StatusFound)
}
