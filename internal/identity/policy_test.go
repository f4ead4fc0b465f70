package identity_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		password string
		rule     string // a part of the FieldError's rule; empty: accepted
	}{
		{"long enough", nil, "correct horse battery", ""},
		{"12 characters", nil, "abcdefghijkl", ""},
		{"12 runes of 2 bytes", nil, "éééééééééééé", ""},
		{"too short", nil, "abcdefghijk", "must be at least 12 characters (password.min_length)"},
		{"too long", nil, strings.Repeat("a", 129), "must be at most 128 characters (password.max_length)"},
		{"64 is accepted", map[string]string{"password.max_length": "64"}, strings.Repeat("x", 64), ""},
		{"empty", nil, "", "is required"},
		{"not UTF-8", nil, "abcdefghijkl\xff", "must be valid UTF-8"},
		{"common", nil, "qwerty123456", "is too common"},
		{"common in capitals", nil, "QWERTY123456", "is too common"},
		{"common even when short is allowed", map[string]string{"password.min_length": "8"}, "Password1", "is too common"},
		{"short and common: the length first", nil, "password", "must be at least 12"},
		{"letter-digit without a digit", map[string]string{"password.quality": "letter-digit"}, "only-letters-here", "must contain a letter and a digit (password.quality)"},
		{"letter-digit without a letter", map[string]string{"password.quality": "letter-digit"}, "1234-5678-9012-3", "must contain a letter and a digit"},
		{"letter-digit", map[string]string{"password.quality": "letter-digit"}, "9 lives of a cat", ""},
		{"regexp", map[string]string{"password.quality": "[A-Z]"}, "no capitals here", "must match [A-Z] (password.quality)"},
		{"regexp matched", map[string]string{"password.quality": "[A-Z]"}, "One capital here", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := identity.ParseSettings(tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			err = st.CheckPassword("password", tt.password)
			if tt.rule == "" {
				if err != nil {
					t.Fatalf("CheckPassword(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != "password" || !strings.Contains(fe.Rule, tt.rule) {
				t.Fatalf("CheckPassword(%q) = %v, want a FieldError on password with %q", tt.password, err, tt.rule)
			}
		})
	}
}

func TestIsCommonPassword(t *testing.T) {
	for _, pw := range []string{"password", "123456", "qwerty", "DRAGON", "letmein", "trustno1"} {
		if !identity.IsCommonPassword(pw) {
			t.Errorf("IsCommonPassword(%q) = false", pw)
		}
	}
	for _, pw := range []string{"", "correct horse battery staple", "passphrase-of-u1"} {
		if identity.IsCommonPassword(pw) {
			t.Errorf("IsCommonPassword(%q) = true", pw)
		}
	}
}

// clock makes e.svc read time from the returned function's result, which
// moves it forward.
func (e *env) clock() func(time.Duration) {
	now := time.Now()
	e.svc.Now = func() time.Time { return now }
	return func(d time.Duration) { now = now.Add(d) }
}

func TestPasswordHistory(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	p := e.login("u1", "passphrase-of-u1", "t1")
	pws := []string{"passphrase-of-u1", "second-passphrase", "third-passphrase", "fourth-passphrase", "fifth-passphrase"}
	for i, next := range pws[1:] {
		s, err := e.svc.ChangePassword(e.ctx, p, pws[i], next)
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
		if p, err = e.svc.Authenticate(e.ctx, s.Token); err != nil {
			t.Fatal(err)
		}
	}
	// The current password and the 4 before it are refused, to the user
	// and to an administrator alike.
	for _, old := range pws {
		_, err := e.svc.ChangePassword(e.ctx, p, "fifth-passphrase", old)
		if err == nil || !strings.Contains(err.Error(), "was used recently") {
			t.Errorf("ChangePassword to %q = %v, want refused as used recently", old, err)
		}
		_, err = e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{}, &old)
		if err == nil || !strings.Contains(err.Error(), "was used recently") {
			t.Errorf("UpdateUser to %q = %v, want refused as used recently", old, err)
		}
	}
	// A tenantadmin who may not change u3 learns nothing of their history.
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	pw := "passphrase-of-u3"
	if _, err := e.svc.UpdateUser(e.ctx, ta, "u3", identity.Profile{}, &pw); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("UpdateUser of u3 by ta1 = %v, want forbidden", err)
	}
	// One more change and the oldest is allowed again.
	e.must(e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{}, ptr("sixth-passphrase")))
	e.must(e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{}, ptr("passphrase-of-u1")))
	e.login("u1", "passphrase-of-u1", "t1")
}

func ptr[T any](v T) *T { return &v }

func TestPasswordMinAge(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	advance := e.clock()
	e.must(e.svc.SetSetting(e.ctx, a, "password.min_age", "1d"))
	p := e.login("u1", "passphrase-of-u1", "t1")
	advance(23 * time.Hour)
	_, err := e.svc.ChangePassword(e.ctx, p, "passphrase-of-u1", "a-new-passphrase")
	if !errors.Is(err, gatehouse.ErrForbidden) || !strings.Contains(err.Error(), "password.min_age") {
		t.Fatalf("ChangePassword before min age = %v, want forbidden naming password.min_age", err)
	}
	advance(time.Hour)
	if _, err := e.svc.ChangePassword(e.ctx, p, "passphrase-of-u1", "a-new-passphrase"); err != nil {
		t.Fatalf("ChangePassword after min age: %v", err)
	}
	// Administrators are exempt.
	e.must(e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{}, ptr("an-admins-passphrase")))
}

func TestPasswordMaxAge(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	advance := e.clock()
	e.must(e.svc.SetSetting(e.ctx, a, "password.max_age", "90d"))
	in := identity.LoginInput{Username: "u1", Password: "passphrase-of-u1", Tenant: "t1"}
	if _, err := e.svc.ChangeExpiredPassword(e.ctx, in, "a-new-passphrase"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("ChangeExpiredPassword before expiry = %v, want forbidden", err)
	}
	advance(90 * 24 * time.Hour)
	_, err := e.svc.Login(e.ctx, in)
	if !errors.Is(err, gatehouse.ErrForbidden) || !strings.Contains(err.Error(), "has expired") {
		t.Fatalf("Login with an expired password = %v, want forbidden, expired", err)
	}
	// A wrong password gets the answer of a failed login.
	bad := in
	bad.Password = "not-the-passphrase"
	_, err = e.svc.ChangeExpiredPassword(e.ctx, bad, "a-new-passphrase")
	if _, want := e.svc.Login(e.ctx, bad); err == nil || err.Error() != want.Error() {
		t.Fatalf("ChangeExpiredPassword with a wrong password = %v, want %v", err, want)
	}
	// The new password follows the policy.
	if _, err := e.svc.ChangeExpiredPassword(e.ctx, in, "passphrase-of-u1"); err == nil || !strings.Contains(err.Error(), "was used recently") {
		t.Fatalf("ChangeExpiredPassword to the same password = %v", err)
	}
	s, err := e.svc.ChangeExpiredPassword(e.ctx, in, "a-new-passphrase")
	if err != nil || s.Tenant.Name != "t1" {
		t.Fatalf("ChangeExpiredPassword = %+v, %v", s, err)
	}
	e.login("u1", "a-new-passphrase", "t1")

	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "login", Outcome: gatehouse.OutcomeFailure})
	if err != nil || len(recs) == 0 {
		t.Fatal(recs, err)
	}
	var expired bool
	for _, r := range recs {
		expired = expired || r.Reason == "password expired"
	}
	if !expired {
		t.Errorf("no failed login with reason \"password expired\" in %+v", recs)
	}
}
