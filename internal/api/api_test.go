package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/metrics"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

const adminPW = testenv.AdminPassword

// rec records every exchange of every API test, for TestResponsesMatchOpenAPI.
var rec = &recorder{}

// apiEnv is an API over a fresh SQLite store, served by httptest.
type apiEnv struct {
	t     *testing.T
	srv   *httptest.Server
	store gatehouse.Store
	// identity is the server's service; set its Now before the first
	// request, if at all.
	identity *identity.Service
	api      *API // the API srv serves
}

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	te := testenv.New(t)
	if os.Getenv(envIdentityRules) == "default" {
		storeStrictDefaultRules(t, te.Store)
	}
	a := &API{Identity: te.Identity, Access: te.Access, JWKS: te.Tokens.JWKS, Logger: te.Logger, Metrics: metrics.New()}
	srv := httptest.NewServer(rec.wrap(a.Handler()))
	t.Cleanup(srv.Close)
	return &apiEnv{t: t, srv: srv, store: te.Store, identity: te.Identity, api: a}
}

// do sends a request with an optional JSON body (a string is sent as is)
// and returns the status and body.
func (e *apiEnv) do(method, path, tok string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, out
}

// expect sends a request, checks the status and decodes the body into out.
func (e *apiEnv) expect(status int, method, path, tok string, body, out any) {
	e.t.Helper()
	got, b := e.do(method, path, tok, body)
	if got != status {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, got, b, status)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

func (e *apiEnv) login(user, pw, tenant string) string {
	e.t.Helper()
	var lr LoginResponse
	e.expect(200, "POST", "/api/v1/login", "", LoginRequest{Username: user, Password: pw, Tenant: tenant}, &lr)
	return lr.Token
}

// state returns everything a failed request must leave alone.
func (e *apiEnv) state() any {
	e.t.Helper()
	var s []any
	err := e.store.View(context.Background(), func(tx gatehouse.Tx) error {
		us, err := tx.ListUsers(context.Background(), gatehouse.UserQuery{All: true})
		if err != nil {
			return err
		}
		ts, err := tx.ListTenants(context.Background())
		if err != nil {
			return err
		}
		var ids []gatehouse.UserID
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		ms, err := tx.MembershipsOfUsers(context.Background(), ids)
		if err != nil {
			return err
		}
		nss, err := tx.ListNamespaces(context.Background(), gatehouse.NamespaceQuery{})
		s = []any{us, ts, ms, nss}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// seed adds tenant t1 with tenantadmin ta1 and user u1, and tenant t2 with
// user u3, returning the admin token.
func (e *apiEnv) seed() string {
	e.t.Helper()
	admin := e.login("admin", adminPW, "")
	e.expect(201, "POST", "/api/v1/tenants", admin, TenantAddRequest{Name: "t1", Description: "first"}, nil)
	e.expect(201, "POST", "/api/v1/tenants", admin, TenantAddRequest{Name: "t2"}, nil)
	for _, u := range [][3]string{{"ta1", "t1", "tenantadmin"}, {"u1", "t1", "user"}, {"u3", "t2", "user"}} {
		e.expect(201, "POST", "/api/v1/users", admin, UserAddRequest{Username: u[0], Tenant: u[1], Role: u[2], Password: "passphrase-of-" + u[0]}, nil)
	}
	return admin
}

func TestLoginAndUserLifecycle(t *testing.T) {
	e := newAPIEnv(t)
	e.expect(200, "GET", "/healthz", "", nil, nil)
	e.expect(200, "GET", "/.well-known/jwks.json", "", nil, nil)
	admin := e.seed()

	var msg MessageResponse
	e.expect(201, "POST", "/api/v1/users", admin, UserAddRequest{Username: "user5", Tenant: "t1", Role: "user",
		Password: "passphrase-of-user5", FirstName: "Five", Email: "five@example.com", Namespace: "user5-ns"}, &msg)
	if msg.Message != "Successfully added user 'user5'" {
		t.Fatalf("add message = %q", msg.Message)
	}
	var u User
	e.expect(200, "GET", "/api/v1/users/user5", admin, nil, &u)
	if u.CurrentTenant != "t1" || u.CurrentRole != "user" || u.CurrentNamespace != "user5-ns" || u.FullName != "Five" || u.Authentication != "local" {
		t.Fatalf("user5 = %+v", u)
	}
	e.expect(200, "PUT", "/api/v1/users/user5", admin, UserUpdateRequest{FirstName: ptr("Fifth")}, &msg)
	if msg.Message != "Successfully updated user user5" {
		t.Fatalf("update message = %q", msg.Message)
	}
	var list UserList
	e.expect(200, "GET", "/api/v1/users?search=FIFTH", admin, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Username != "user5" {
		t.Fatalf("search = %+v", list)
	}
	e.expect(200, "GET", "/api/v1/users?limit=2", admin, nil, &list)
	if len(list.Items) != 2 || list.NextAfter != list.Items[1].ID {
		t.Fatalf("first page = %+v", list)
	}
	// Sorted over every user, page after page.
	var names []string
	for after := int64(0); ; {
		list = UserList{}
		e.expect(200, "GET", fmt.Sprintf("/api/v1/users?sort=-username&limit=2&after=%d", after), admin, nil, &list)
		for _, u := range list.Items {
			names = append(names, u.Username)
		}
		if after = list.NextAfter; after == 0 {
			break
		}
	}
	if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(b, a) }) || len(names) < 3 || names[len(names)-1] != "admin" {
		t.Fatalf("users sorted by -username: %v", names)
	}
	e.expect(400, "GET", "/api/v1/users?sort=password", admin, nil, nil)

	// The company: set, found by search, refused when too long.
	e.expect(200, "PUT", "/api/v1/users/user5", admin, UserUpdateRequest{Company: ptr("Joyent Triton")}, &msg)
	e.expect(200, "GET", "/api/v1/users?search=triton", admin, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Username != "user5" || list.Items[0].Company != "Joyent Triton" {
		t.Fatalf("search by company = %+v", list)
	}
	var apiErr map[string]any
	e.expect(400, "PUT", "/api/v1/users/user5", admin, UserUpdateRequest{Company: ptr(strings.Repeat("x", 129))}, &apiErr)
	if !strings.Contains(fmt.Sprint(apiErr), "company") || !strings.Contains(fmt.Sprint(apiErr), "at most 128") {
		t.Fatalf("a company of 129 characters: %v", apiErr)
	}
	e.expect(200, "GET", "/api/v1/users/user5", admin, nil, &u)
	if u.Company != "Joyent Triton" {
		t.Fatalf("a refused update changed the company to %q", u.Company)
	}

	tok := e.login("user5", "passphrase-of-user5", "")
	var who WhoAmI
	e.expect(200, "GET", "/api/v1/whoami", tok, nil, &who)
	if who.Username != "user5" || who.Tenant != "t1" || who.Namespace != "user5-ns" {
		t.Fatalf("whoami = %+v", who)
	}
	var lr LoginResponse
	e.expect(200, "PUT", "/api/v1/password", tok, PasswordChangeRequest{CurrentPassword: "passphrase-of-user5", Password: "new-password-5"}, &lr)
	e.expect(401, "GET", "/api/v1/whoami", tok, nil, nil)
	e.expect(200, "GET", "/api/v1/whoami", lr.Token, nil, nil)

	e.expect(200, "DELETE", "/api/v1/users", admin, UserRemoveRequest{Usernames: []string{"user5"},
		ReplacementUsers: []ReplacementUser{{Tenant: "t1", ReplacementUser: "ta1"}}}, &msg)
	if msg.Message != "Deleted user user5." {
		t.Fatalf("remove message = %q", msg.Message)
	}
	e.expect(401, "GET", "/api/v1/whoami", lr.Token, nil, nil)
	var nss NamespaceList
	e.expect(200, "GET", "/api/v1/namespaces?tenant=t1&username=ta1", admin, nil, &nss)
	if len(nss.Items) != 2 || nss.Items[1].Name != "user5-ns" || nss.Items[1].Owner != "ta1" {
		t.Fatalf("namespaces = %+v", nss)
	}
	e.expect(200, "GET", "/api/v1/users?all=true", admin, nil, &list)
	if last := list.Items[len(list.Items)-1]; last.Username != "user5" || !last.Deleted {
		t.Fatalf("--all does not show the deleted user: %+v", last)
	}
}

func TestTokenRevokeAnswersInvalidToken(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	tok := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(200, "GET", "/api/v1/whoami", tok, nil, nil)
	e.expect(200, "POST", "/api/v1/users/u1/revoke-tokens", admin, nil, nil)
	var er ErrorResponse
	e.expect(401, "GET", "/api/v1/whoami", tok, nil, &er)
	if !strings.HasPrefix(er.Error, "Invalid token") {
		t.Fatalf("revoked token error = %q", er.Error)
	}
	tok = e.login("u1", "passphrase-of-u1", "t1")
	e.expect(200, "POST", "/api/v1/logout", tok, nil, nil)
	e.expect(401, "GET", "/api/v1/whoami", tok, nil, nil)
}

func TestBadRequestsChangeNothing(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	valid := func(tok string) string { return tok }
	expired := func() string {
		// A token signed by a different issuer is as good as tampered.
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "other.db"), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		iss, err := token.NewIssuer(context.Background(), st, time.Hour, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := iss.Issue(1, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}()
	big := `{"username":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		name, method, path, tok string
		body                    any
		status                  int
		field                   string
	}{
		{"invalid username", "POST", "/api/v1/users", valid(admin), UserAddRequest{Username: "bad/name", Tenant: "t1", Role: "user", Password: "passphrase-of-xx"}, 400, "username"},
		{"duplicate username", "POST", "/api/v1/users", admin, UserAddRequest{Username: "u1", Tenant: "t1", Role: "user", Password: "passphrase-of-xx"}, 409, ""},
		{"unknown tenant", "POST", "/api/v1/users", admin, UserAddRequest{Username: "n1", Tenant: "nope", Role: "user", Password: "passphrase-of-xx"}, 404, ""},
		{"unknown role", "POST", "/api/v1/users", admin, UserAddRequest{Username: "n1", Tenant: "t1", Role: "owner", Password: "passphrase-of-xx"}, 400, "role"},
		{"superadmin outside Administrators", "POST", "/api/v1/users", admin, UserAddRequest{Username: "n1", Tenant: "t1", Role: "superadmin", Password: "passphrase-of-xx"}, 400, "role"},
		{"member added twice", "POST", "/api/v1/tenants/t1/members", admin, MembersAddRequest{Usernames: []string{"u3", "u1"}, Role: "user"}, 409, ""},
		{"unknown user", "PUT", "/api/v1/users/ghost", admin, UserUpdateRequest{FirstName: ptr("x")}, 404, ""},
		{"user update of nothing", "PUT", "/api/v1/users/u1", admin, `{}`, 400, "body"},
		{"tenant update of nothing", "PUT", "/api/v1/tenants/t1", admin, `{}`, 400, "description"},
		{"replacement not in tenant", "DELETE", "/api/v1/users", admin, UserRemoveRequest{Usernames: []string{"u1"}, ReplacementUsers: []ReplacementUser{{Tenant: "t1", ReplacementUser: "u3"}}}, 400, "replacement_users"},
		{"last superadmin", "DELETE", "/api/v1/users", admin, UserRemoveRequest{Usernames: []string{"admin"}}, 409, ""},
		{"malformed JSON", "POST", "/api/v1/users", admin, `{"username":`, 400, "body"},
		{"two JSON values", "POST", "/api/v1/tenants", admin, `{"name":"x1"} {}`, 400, "body"},
		{"unknown JSON field", "POST", "/api/v1/tenants", admin, `{"name":"x1","owner":"me"}`, 400, "owner"},
		{"wrong JSON type", "POST", "/api/v1/tenants", admin, `{"name":5}`, 400, "name"},
		{"oversized JSON", "POST", "/api/v1/tenants", admin, big, 413, ""},
		{"missing token", "GET", "/api/v1/users", "", nil, 401, ""},
		{"tampered token", "GET", "/api/v1/users", admin[:len(admin)-4] + "AAAA", nil, 401, ""},
		{"foreign-signed token", "GET", "/api/v1/users", expired, nil, 401, ""},
		{"another tenant's objects", "GET", "/api/v1/tenants/t2/members", ta, nil, 403, ""},
		{"another tenant's user", "GET", "/api/v1/users/u3", ta, nil, 403, ""},
		{"bad limit", "GET", "/api/v1/users?limit=-1", admin, nil, 400, "limit"},
		{"bad outcome", "GET", "/api/v1/audit?outcome=maybe", admin, nil, 400, "outcome"},
		{"overlong name in the path", "GET", "/api/v1/users/" + strings.Repeat("a", 5000), admin, nil, 400, "name"},
		{"overlong id in the path", "DELETE", "/api/v1/objects/APPLICATION/" + strings.Repeat("a", 300), admin, nil, 400, "id"},
		{"bidi override in an object name", "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "a1", Tenant: "t1", Owner: "u1", Name: "invoice\u202egpj.exe"}, 400, "name"},
		{"bidi override in a first name", "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{FirstName: ptr("ad\u2066min")}, 400, "first_name"},
		{"control characters in a tenant description", "POST", "/api/v1/tenants", admin, TenantAddRequest{Name: "t9", Description: "a\x1b[31mred\nline"}, 400, "description"},
		{"misspelt query parameter", "GET", "/api/v1/users?serach=u1", admin, nil, 400, "serach"},
		{"query parameter on a route that takes none", "DELETE", "/api/v1/users?force=true", admin, UserRemoveRequest{Usernames: []string{"u1"}}, 400, "force"},
		{"query parameter before the token", "GET", "/api/v1/users?serach=u1", "", nil, 401, ""},
		{"no such endpoint", "GET", "/api/v1/nothing", admin, nil, 404, ""},
		{"wrong method", "PATCH", "/api/v1/users/u1", admin, `{"first_name":"x"}`, 405, ""},
		{"wrong method on a collection", "PUT", "/api/v1/users", admin, `{}`, 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state()
			var er ErrorResponse
			e.expect(tt.status, tt.method, tt.path, tt.tok, tt.body, &er)
			if er.Error == "" || er.Field != tt.field {
				t.Fatalf("error body = %+v, want field %q", er, tt.field)
			}
			if !reflect.DeepEqual(before, e.state()) {
				t.Fatal("a refused request changed the store")
			}
		})
	}
}

func TestLoginErrorsDoNotRevealUsers(t *testing.T) {
	e := newAPIEnv(t)
	e.seed()
	_, b1 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "ghost", Password: "passphrase-of-x"})
	_, b2 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "passphrase-of-x"})
	s3, b3 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "passphrase-of-u1", Tenant: "t2"})
	if string(b1) != string(b2) {
		t.Fatalf("unknown user %s differs from bad password %s", b1, b2)
	}
	if s3 != 403 {
		t.Fatalf("login into a tenant that is not the user's = %d %s", s3, b3)
	}
}

func TestTenantsAndMembers(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(200, "POST", "/api/v1/tenants/t2/members", admin, MembersAddRequest{Usernames: []string{"u1"}, Role: "tenantadmin"}, nil)
	e.expect(200, "PUT", "/api/v1/tenants/t2/members/u1", admin, MemberUpdateRequest{Role: "user"}, nil)
	var ml MemberList
	e.expect(200, "GET", "/api/v1/tenants/t2/members", admin, nil, &ml)
	if len(ml.Items) != 2 || ml.Items[0].Username != "u1" || ml.Items[0].Role != "user" || ml.Items[0].Namespace != "t003-u000003" {
		t.Fatalf("t2 members = %+v", ml)
	}
	tok := e.login("u1", "passphrase-of-u1", "t2")
	var who WhoAmI
	e.expect(200, "GET", "/api/v1/whoami", tok, nil, &who)
	if who.Tenant != "t2" || !reflect.DeepEqual(who.Tenants, []string{"t1", "t2"}) {
		t.Fatalf("whoami = %+v", who)
	}
	var er ErrorResponse
	e.expect(409, "DELETE", "/api/v1/tenants/t2", admin, nil, &er)
	if !strings.Contains(er.Error, "members u1, u3") {
		t.Fatalf("tenant remove error = %q", er.Error)
	}
	e.expect(200, "PUT", "/api/v1/tenants/t2", admin, TenantUpdateRequest{Description: ptr("second tenant")}, nil)
	var tn Tenant
	e.expect(200, "GET", "/api/v1/tenants/t2", admin, nil, &tn)
	if tn.Description != "second tenant" || tn.Members != 2 {
		t.Fatalf("t2 = %+v", tn)
	}
	e.expect(200, "DELETE", "/api/v1/tenants/t2/members", admin, MembersRemoveRequest{Usernames: []string{"u1", "u3"}}, nil)
	e.expect(200, "DELETE", "/api/v1/tenants/t2", admin, nil, nil)
	var tl TenantList
	e.expect(200, "GET", "/api/v1/tenants", admin, nil, &tl)
	if len(tl.Items) != 2 {
		t.Fatalf("tenants = %+v", tl)
	}
}

func TestAuditTrail(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "wrong-password"})
	var al AuditList
	e.expect(200, "GET", "/api/v1/audit?action=user.add&limit=2", admin, nil, &al)
	if len(al.Items) != 2 || al.Items[0].ObjectID != "u3" || al.Items[0].Actor != "admin" || al.Items[0].Source != "127.0.0.1" || al.NextBefore == 0 {
		t.Fatalf("audit page = %+v", al)
	}
	if _, ok := al.Items[0].Changes["password"]; ok {
		t.Fatalf("audit record holds a password: %+v", al.Items[0].Changes)
	}
	e.expect(200, "GET", fmt.Sprintf("/api/v1/audit?action=user.add&before=%d", al.NextBefore), admin, nil, &al)
	if len(al.Items) != 1 || al.Items[0].ObjectID != "ta1" {
		t.Fatalf("audit second page = %+v", al)
	}
	e.expect(200, "GET", "/api/v1/audit?action=login&outcome=failure&user=u1", admin, nil, &al)
	if len(al.Items) != 1 || al.Items[0].Reason != "bad password" {
		t.Fatalf("failed login records = %+v", al)
	}
	since := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	e.expect(200, "GET", "/api/v1/audit?since="+since, admin, nil, &al)
	if len(al.Items) != 0 {
		t.Fatalf("records from the future: %+v", al)
	}
}

func ptr[T any](v T) *T { return &v }

// TestMethodNotAllowed checks that a path the API serves, asked with
// another method, is answered 405 with the methods it takes.
func TestMethodNotAllowed(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	req, err := http.NewRequest("PATCH", e.srv.URL+"/api/v1/users/u1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var er ErrorResponse
	if err := json.NewDecoder(resp.Body).Decode(&er); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, PUT" ||
		er.Error != "method PATCH is not allowed on /api/v1/users/u1: use GET or PUT (see /api/v1/openapi.json)" {
		t.Fatalf("PATCH /api/v1/users/u1 = %d, Allow %q, %+v", resp.StatusCode, resp.Header.Get("Allow"), er)
	}
}

// TestUnknownQueryParameter checks that a misspelt query parameter is
// refused with the parameters the route takes, rather than ignored.
func TestUnknownQueryParameter(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var er ErrorResponse
	e.expect(400, "GET", "/api/v1/users?serach=u1", admin, nil, &er)
	want := "serach: unknown query parameter: GET /api/v1/users takes search, all, sort, after, limit"
	if er.Field != "serach" || er.Error != want {
		t.Fatalf("misspelt search = %+v, want %q", er, want)
	}
	e.expect(200, "GET", "/api/v1/users?search=u1&limit=5", admin, nil, nil)
	e.expect(400, "GET", "/api/v1/whoami?verbose=1", admin, nil, &er)
	if er.Error != "verbose: unknown query parameter: GET /api/v1/whoami takes none" {
		t.Fatalf("whoami?verbose = %+v", er)
	}
}
