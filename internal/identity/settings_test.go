package identity_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestDefaultSettings(t *testing.T) {
	got := identity.DefaultSettings()
	want := map[string]string{
		"lockout.threshold": "6", "lockout.duration": "30m",
		"password.min_length": "12", "password.max_length": "128", "password.quality": "",
		"password.history": "4", "password.max_age": "0", "password.min_age": "0",
		"users.new_active": "true", "users.dormant_after": "0", "users.default_tenant": "", "login.rate": "30",
		"ratelimit.user": "0", "ratelimit.tenant": "0",
	}
	for name, v := range want {
		if g, err := got.Value(name); err != nil || g != v {
			t.Errorf("default %s = %q, %v; want %q", name, g, err, v)
		}
	}
	if got.LockoutDuration != 30*time.Minute || got.LockoutThreshold != 6 || !got.UsersNewActive {
		t.Errorf("DefaultSettings = %+v", got)
	}
}

func TestParseSettings(t *testing.T) {
	tests := []struct {
		name, setting, value string
		want                 string // the value read back; empty with wantField
		wantField            string // the field of the expected *FieldError
	}{
		{"seconds", "lockout.duration", "1800s", "30m", ""},
		{"days", "password.max_age", "90d", "90d", ""},
		{"hours and minutes", "lockout.duration", "1h30m", "1h30m", ""},
		{"whole days in hours", "password.max_age", "48h", "2d", ""},
		{"zero threshold", "lockout.threshold", "0", "0", ""},
		{"letter-digit", "password.quality", "letter-digit", "letter-digit", ""},
		{"regexp", "password.quality", `[A-Z]`, `[A-Z]`, ""},
		{"64 max", "password.max_length", "64", "64", ""},
		{"false", "users.new_active", "false", "false", ""},
		{"negative duration", "lockout.duration", "-5m", "", "lockout.duration"},
		{"zero lockout duration", "lockout.duration", "0", "", "lockout.duration"},
		{"negative days", "password.max_age", "-1d", "", "password.max_age"},
		{"not a duration", "password.min_age", "soon", "", "password.min_age"},
		{"not a number", "lockout.threshold", "six", "", "lockout.threshold"},
		{"negative number", "password.history", "-1", "", "password.history"},
		{"max below 64", "password.max_length", "63", "", "password.max_length"},
		{"min below 8", "password.min_length", "7", "", "password.min_length"},
		{"min above max", "password.min_length", "200", "", "password.min_length"},
		{"bad regexp", "password.quality", `[a-`, "", "password.quality"},
		{"not a bool", "users.new_active", "maybe", "", "users.new_active"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := identity.ParseSettings(map[string]string{tt.setting: tt.value})
			if tt.wantField != "" {
				var fe *gatehouse.FieldError
				if !errors.As(err, &fe) || fe.Field != tt.wantField {
					t.Fatalf("ParseSettings(%s=%q) = %v, want a FieldError on %s", tt.setting, tt.value, err, tt.wantField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Value(tt.setting); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.setting, got, tt.want)
			}
		})
	}
}

func TestSetSetting(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "9"))
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.duration", "3600s"))
	st, err := e.svc.Settings(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LockoutThreshold != 9 || st.LockoutDuration != time.Hour {
		t.Errorf("after set: %+v", st)
	}
	list, err := e.svc.ListSettings(e.ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if list[1].Name != "lockout.duration" || list[1].Value != "1h" || list[1].Default != "30m" {
		t.Errorf("ListSettings()[1] = %+v", list[1])
	}

	// Invalid values, unknown names and callers who are no superadmin
	// change nothing, and the refusals are audited.
	for _, tc := range []struct {
		who         *identity.Principal
		name, value string
		kind        error
	}{
		{a, "lockout.duration", "-1m", gatehouse.ErrInvalid},
		{a, "password.quality", "(", gatehouse.ErrInvalid},
		{a, "no.such", "1", gatehouse.ErrInvalid},
		{e.login("ta1", "passphrase-of-ta1", "t1"), "lockout.threshold", "0", gatehouse.ErrForbidden},
		{e.login("u1", "passphrase-of-u1", "t1"), "lockout.threshold", "0", gatehouse.ErrForbidden},
	} {
		if _, err := e.svc.SetSetting(e.ctx, tc.who, tc.name, tc.value); !errors.Is(err, tc.kind) {
			t.Errorf("SetSetting(%s=%q) by %s = %v, want %v", tc.name, tc.value, tc.who.User.Name, err, tc.kind)
		}
	}
	if _, err := e.svc.ListSettings(e.ctx, e.login("ta1", "passphrase-of-ta1", "t1")); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("ListSettings by a tenantadmin = %v, want forbidden", err)
	}
	if st2, _ := e.svc.Settings(e.ctx); st2 != st {
		t.Errorf("refused changes changed the settings: %+v", st2)
	}

	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "settings.set"})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed, denied int
	for _, r := range recs {
		switch r.Outcome {
		case gatehouse.OutcomeSuccess:
			ok++
		case gatehouse.OutcomeFailure:
			failed++
		case gatehouse.OutcomeDenied:
			denied++
		}
	}
	if ok != 2 || failed != 3 || denied != 2 {
		t.Errorf("audit of settings.set: %d successes, %d failures, %d denials; want 2, 3, 2", ok, failed, denied)
	}
}

// TestSettingsSeenByReplicas checks that a second service over the same
// store sees a change once the store has moved on.
func TestSettingsSeenByReplicas(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	other, err := identity.New(e.store, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := other.Settings(e.ctx); err != nil || st.LockoutThreshold != 6 {
		t.Fatalf("Settings = %+v, %v", st, err)
	}
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "3"))
	if st, err := other.Settings(e.ctx); err != nil || st.LockoutThreshold != 3 {
		t.Fatalf("after the change: Settings = %+v, %v", st, err)
	}
}

// FuzzParseDuration checks that a duration ParseDuration accepts is never
// negative and reads back the same once printed by FormatDuration.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"0", "30m", "1800s", "90d", "1h30m", "-5m", "-1d", "1.5h", "d", "9223372036854775807d", "106751d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := identity.ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
		back, err := identity.ParseDuration(identity.FormatDuration(d))
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v, printed %q, read back %v, %v", s, d, identity.FormatDuration(d), back, err)
		}
	})
}

// FuzzParseSettings checks that any value of any setting is either
// refused with a FieldError naming that setting or read back unchanged
// once printed.
func FuzzParseSettings(f *testing.F) {
	f.Add(0, "9")
	f.Add(1, "1800s")
	f.Add(4, "[a-")
	f.Add(4, "letter-digit")
	f.Add(8, "maybe")
	names := []string{"lockout.threshold", "lockout.duration", "password.min_length", "password.max_length",
		"password.quality", "password.history", "password.max_age", "password.min_age", "users.new_active",
		"users.dormant_after", "users.default_tenant"}
	f.Fuzz(func(t *testing.T, i int, v string) {
		name := names[(i%len(names)+len(names))%len(names)]
		s, err := identity.ParseSettings(map[string]string{name: v})
		if err != nil {
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "lockout.") && !strings.HasPrefix(fe.Field, "password.") && !strings.HasPrefix(fe.Field, "users.") {
				t.Fatalf("ParseSettings(%s=%q) = %v, want a FieldError on a setting", name, v, err)
			}
			return
		}
		printed, _ := s.Value(name)
		again, err := identity.ParseSettings(map[string]string{name: printed})
		if err != nil {
			t.Fatalf("%s=%q printed as %q does not read back: %v", name, v, printed, err)
		}
		for _, n := range names {
			want, _ := s.Value(n)
			if got, _ := again.Value(n); got != want {
				t.Fatalf("%s=%q printed as %q reads back with %s=%q, want %q", name, v, printed, n, got, want)
			}
		}
	})
}
