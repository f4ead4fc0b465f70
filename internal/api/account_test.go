package api

// The tests of account security: settings, the password policy, lockout.
// The file sorts before api_test.go, so TestResponsesMatchOpenAPI checks
// their exchanges too.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSettings(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var list SettingList
	e.expect(200, "GET", "/api/v1/settings", admin, nil, &list)
	if len(list.Items) < 13 || list.Items[0].Name != "lockout.threshold" || list.Items[0].Value != "6" {
		t.Fatalf("settings = %+v", list)
	}
	names := map[string]bool{}
	for _, it := range list.Items {
		names[it.Name] = true
	}
	for _, n := range []string{"password.min_length", "users.new_active", "users.dormant_after", "users.default_tenant", "login.rate", "ratelimit.user", "ratelimit.tenant"} {
		if !names[n] {
			t.Errorf("settings lack %s: %+v", n, list)
		}
	}
	var msg MessageResponse
	e.expect(200, "PUT", "/api/v1/settings/lockout.duration", admin, SettingRequest{Value: "1800s"}, &msg)
	if msg.Message != `Setting lockout.duration is now "30m"` {
		t.Errorf("message = %q", msg.Message)
	}

	tests := []struct {
		name, value string
		status      int
		field       string
	}{
		{"lockout.duration", "-1h", 400, "lockout.duration"},
		{"password.quality", "[a-", 400, "password.quality"},
		{"lockout.threshold", "many", 400, "lockout.threshold"},
		{"password.min_length", "129", 400, "password.min_length"},
		{"no.such", "1", 400, "name"},
	}
	before := e.settings(admin)
	for _, tt := range tests {
		status, body := e.do("PUT", "/api/v1/settings/"+tt.name, admin, SettingRequest{Value: tt.value})
		var er ErrorResponse
		if err := json.Unmarshal(body, &er); err != nil || status != tt.status || er.Field != tt.field {
			t.Errorf("PUT %s=%q = %d %s, want %d on field %s", tt.name, tt.value, status, body, tt.status, tt.field)
		}
	}
	if after := e.settings(admin); after != before {
		t.Errorf("refused changes changed the settings:\n%s\n%s", before, after)
	}

	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(403, "GET", "/api/v1/settings", ta, nil, nil)
	e.expect(403, "PUT", "/api/v1/settings/lockout.threshold", ta, SettingRequest{Value: "0"}, nil)
	e.expect(401, "GET", "/api/v1/settings", "", nil, nil)
	e.expect(400, "PUT", "/api/v1/settings/lockout.threshold", admin, `{"value": "1", "extra": 1}`, nil)
}

// settings returns GET /api/v1/settings as text.
func (e *apiEnv) settings(tok string) string {
	e.t.Helper()
	status, body := e.do("GET", "/api/v1/settings", tok, nil)
	if status != 200 {
		e.t.Fatalf("GET /api/v1/settings = %d %s", status, body)
	}
	return string(body)
}

func TestPasswordPolicy(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	tests := []struct {
		password, rule string
	}{
		{"short-pw", "password: must be at least 12 characters (password.min_length)"},
		{"QWERTY123456", "password: is too common: it is one of the 10,000 most common passwords; choose another"},
	}
	for _, tt := range tests {
		status, body := e.do("POST", "/api/v1/users", admin, UserAddRequest{Username: "u9", Tenant: "t1", Role: "user", Password: tt.password})
		var er ErrorResponse
		if err := json.Unmarshal(body, &er); err != nil || status != 400 || er.Error != tt.rule || er.Field != "password" {
			t.Errorf("add with password %q = %d %s, want 400 %q", tt.password, status, body, tt.rule)
		}
	}
	e.expect(200, "PUT", "/api/v1/settings/password.quality", admin, SettingRequest{Value: "letter-digit"}, nil)
	e.expect(400, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Password: ptr("no digits at all")}, nil)
	e.expect(400, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Password: ptr("passphrase-of-u1")}, nil) // used recently
	e.expect(200, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Password: ptr("passphrase-no-2")}, nil)

	// Every password has expired at once: login says so, and the user sets
	// a new one with their old credentials.
	e.expect(200, "PUT", "/api/v1/settings/password.max_age", admin, SettingRequest{Value: "1ns"}, nil)
	status, body := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "passphrase-no-2"})
	if status != 403 || !strings.Contains(string(body), "has expired") {
		t.Fatalf("login with an expired password = %d %s", status, body)
	}
	bad := ExpiredPasswordRequest{Username: "u1", Password: "wrong-passphrase", NewPassword: "passphrase-no-3"}
	s1, b1 := e.do("POST", "/api/v1/password/expired", "", bad)
	s2, b2 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "wrong-passphrase"})
	if s1 != 401 || s1 != s2 || string(b1) != string(b2) {
		t.Errorf("a wrong password: expired change = %d %s, login = %d %s", s1, b1, s2, b2)
	}
	e.expect(400, "POST", "/api/v1/password/expired", "", ExpiredPasswordRequest{Username: "u1", Password: "passphrase-no-2", NewPassword: "short"}, nil)
	var lr LoginResponse
	e.expect(200, "POST", "/api/v1/password/expired", "", ExpiredPasswordRequest{Username: "u1", Password: "passphrase-no-2", NewPassword: "passphrase-no-3", Tenant: "t1"}, &lr)
	e.expect(200, "GET", "/api/v1/whoami", lr.Token, nil, nil)
	e.expect(200, "PUT", "/api/v1/settings/password.max_age", admin, SettingRequest{Value: "0"}, nil)
	e.expect(403, "POST", "/api/v1/password/expired", "", ExpiredPasswordRequest{Username: "u1", Password: "passphrase-no-3", NewPassword: "passphrase-no-4"}, nil)
}

func TestLockout(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(200, "PUT", "/api/v1/settings/lockout.threshold", admin, SettingRequest{Value: "3"}, nil)
	answer := func(user, pw string) string {
		t.Helper()
		status, body := e.do("POST", "/api/v1/login", "", LoginRequest{Username: user, Password: pw})
		return fmt.Sprintf("%d %s", status, body)
	}
	unknown := answer("ghost", "passphrase-of-ghost")
	for range 3 {
		if got := answer("u1", "wrong-passphrase"); got != unknown {
			t.Fatalf("wrong password: %s, unknown user: %s", got, unknown)
		}
	}
	// Locked: the right password gets the very same answer.
	if got := answer("u1", "passphrase-of-u1"); got != unknown || !strings.HasPrefix(got, "401 ") {
		t.Fatalf("locked, right password: %s, unknown user: %s", got, unknown)
	}
	var u User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if !u.Locked || u.LockedUntil == nil {
		t.Fatalf("locked user = %+v", u)
	}

	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(403, "POST", "/api/v1/users/u3/unlock", ta, nil, nil)
	e.expect(404, "POST", "/api/v1/users/ghost/unlock", ta, nil, nil)
	var msg MessageResponse
	e.expect(200, "POST", "/api/v1/users/u1/unlock", ta, nil, &msg)
	if msg.Message != "Unlocked user u1" {
		t.Errorf("unlock message = %q", msg.Message)
	}
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "POST", "/api/v1/users/ta1/unlock", u1, nil, nil)
	var after User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &after)
	if after.Locked || after.LockedUntil != nil {
		t.Fatalf("unlocked user = %+v", after)
	}
}

func TestDisableEnable(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	tok := e.login("u1", "passphrase-of-u1", "t1")
	var u User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if u.LastLoginAt == nil {
		t.Fatalf("u1 logged in, but last_login_at is absent: %+v", u)
	}
	e.expect(403, "POST", "/api/v1/users/u3/disable", tok, nil, nil)
	e.expect(400, "POST", "/api/v1/users/admin/disable", admin, nil, nil)
	e.expect(404, "POST", "/api/v1/users/ghost/disable", admin, nil, nil)
	var msg MessageResponse
	e.expect(200, "POST", "/api/v1/users/u1/disable", admin, nil, &msg)
	if msg.Message != "Disabled user u1" {
		t.Errorf("disable message = %q", msg.Message)
	}
	e.expect(401, "GET", "/api/v1/whoami", tok, nil, nil) // at once
	s1, b1 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "passphrase-of-u1"})
	s2, b2 := e.do("POST", "/api/v1/login", "", LoginRequest{Username: "ghost", Password: "passphrase-of-u1"})
	if s1 != 401 || s1 != s2 || string(b1) != string(b2) {
		t.Errorf("login of a disabled user = %d %s, of an unknown one = %d %s", s1, b1, s2, b2)
	}
	var disabled User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &disabled)
	if !disabled.Disabled {
		t.Errorf("u1 = %+v, want disabled", disabled)
	}
	e.expect(200, "POST", "/api/v1/users/u1/enable", admin, nil, &msg)
	if msg.Message != "Enabled user u1" {
		t.Errorf("enable message = %q", msg.Message)
	}
	e.expect(401, "GET", "/api/v1/whoami", tok, nil, nil) // old tokens stay refused
	e.login("u1", "passphrase-of-u1", "t1")
}

func TestLoginThrottle(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(200, "PUT", "/api/v1/settings/login.rate", admin, SettingRequest{Value: "2"}, nil)
	for range 2 {
		e.expect(401, "POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "wrong-passphrase"}, nil)
	}
	for _, path := range []string{"/api/v1/login", "/api/v1/password/expired"} {
		body, _ := json.Marshal(ExpiredPasswordRequest{Username: "u1", Password: "passphrase-of-u1", NewPassword: "another-passphrase"})
		if path == "/api/v1/login" {
			body, _ = json.Marshal(LoginRequest{Username: "u1", Password: "passphrase-of-u1"})
		}
		resp, err := e.srv.Client().Post(e.srv.URL+path, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var er ErrorResponse
		err = json.NewDecoder(resp.Body).Decode(&er)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 429 || !strings.HasPrefix(er.Error, "too many login attempts from 127.0.0.1") {
			t.Fatalf("POST %s over the rate = %d %+v, %v; want 429", path, resp.StatusCode, er, err)
		}
		// One attempt every 30 seconds at 2 a minute.
		if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || n < 1 || n > 30 {
			t.Errorf("POST %s: Retry-After = %q, want 1 to 30 seconds", path, resp.Header.Get("Retry-After"))
		}
	}
	var recs AuditList
	e.expect(200, "GET", "/api/v1/audit?action=login&outcome=failure", admin, nil, &recs)
	if len(recs.Items) == 0 || recs.Items[0].Reason != "throttled" {
		t.Errorf("latest failed login = %+v, want reason throttled", recs.Items)
	}
}

func TestMergeUsers(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(403, "POST", "/api/v1/users/merge", ta, UserMergeRequest{OldUser: "u1", NewUser: "u3"}, nil)
	e.expect(400, "POST", "/api/v1/users/merge", admin, UserMergeRequest{OldUser: "u1", NewUser: "u1"}, nil)
	e.expect(400, "POST", "/api/v1/users/merge", admin, map[string]any{"old_user": "u1", "new_user": "u3", "force": true}, nil)
	e.expect(404, "POST", "/api/v1/users/merge", admin, UserMergeRequest{OldUser: "u1", NewUser: "ghost"}, nil)

	var dry UserMergeReport
	e.expect(200, "POST", "/api/v1/users/merge", admin, UserMergeRequest{OldUser: "u1", NewUser: "u3", DryRun: true}, &dry)
	want := UserMergeReport{OldUser: "u1", NewUser: "u3", DryRun: true, Memberships: []string{"t1 (user)"},
		EndedMemberships: []string{}, Namespaces: []string{"t002-u000003"}, Objects: []string{}, Shares: []string{}, AccountOwnerOf: []string{}}
	if !reflect.DeepEqual(dry, want) {
		t.Fatalf("dry run = %+v, want %+v", dry, want)
	}
	var u User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if u.Disabled {
		t.Fatal("a dry run disabled u1")
	}
	var rep UserMergeReport
	e.expect(200, "POST", "/api/v1/users/merge", admin, UserMergeRequest{OldUser: "u1", NewUser: "u3"}, &rep)
	want.DryRun = false
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("merge = %+v, want %+v", rep, want)
	}
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if !u.Disabled || u.DisabledReason != "merged into u3" || len(u.Tenants) != 0 {
		t.Fatalf("u1 after the merge = %+v", u)
	}
	e.login("u3", "passphrase-of-u3", "t1")
}

func TestRateLimits(t *testing.T) {
	e := newAPIEnv(t)
	now := time.Now() // frozen: no token comes back during the test
	e.identity.Now = func() time.Time { return now }
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "GET", "/api/v1/ratelimits", u1, nil, nil)
	e.expect(200, "PUT", "/api/v1/settings/ratelimit.user", admin, SettingRequest{Value: "1"}, nil)
	e.expect(400, "PUT", "/api/v1/settings/ratelimit.tenant", admin, SettingRequest{Value: "-1"}, nil)

	// One request a second in bursts of two: the third at once is refused.
	e.expect(200, "GET", "/api/v1/whoami", u1, nil, nil)
	e.expect(200, "GET", "/api/v1/whoami", u1, nil, nil)
	status, body := e.do("GET", "/api/v1/whoami", u1, nil)
	if status != 429 || !strings.Contains(string(body), "over ratelimit.user (1 a second)") {
		t.Fatalf("third request = %d %s, want 429", status, body)
	}
	e.expect(429, "GET", "/api/v1/users/u1", u1, nil, nil)
	// Superadmins are never limited.
	for range 5 {
		e.expect(200, "GET", "/api/v1/whoami", admin, nil, nil)
	}
	var list RateLimitList
	e.expect(200, "GET", "/api/v1/ratelimits", admin, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Kind != "user" || list.Items[0].Name != "u1" || list.Items[0].Refused != 2 ||
		!list.Items[0].Active || list.Items[0].Limit != 1 {
		t.Fatalf("rate limited = %+v", list)
	}
	// The burst is audited once.
	var recs AuditList
	e.expect(200, "GET", "/api/v1/audit?action=ratelimit.exceeded", admin, nil, &recs)
	if len(recs.Items) != 1 || recs.Items[0].ObjectID != "u1" || recs.Items[0].Outcome != "denied" {
		t.Fatalf("rate limit audit = %+v", recs)
	}
}
