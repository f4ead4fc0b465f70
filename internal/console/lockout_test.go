package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestUnlockUser(t *testing.T) {
	e := newEnv(t)
	if _, err := e.admin.SetSetting(t.Context(), "lockout.threshold", "3"); err != nil {
		t.Fatal(err)
	}
	e.addUser("dave", "Administrators", "user", "Dave")

	// Three wrong passwords in the console's own login form lock dave.
	for range 3 {
		e.login("dave", "not-daves-password", "")
		e.wantText("main .error", "Invalid username or password")
	}
	anon := client.New(e.url, "", nil)
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "dave", Password: userPassword}); err == nil {
		t.Fatal("dave logs in with the right password while locked")
	}

	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/users?q=dave")
	e.wantText("#user-results tbody", "locked")
	e.submit(`a[href="/console/users/dave"]`)
	e.wantText("main .warning", "Locked until")
	e.submit(`button[type="submit"]:is(form[action="/console/users/dave/unlock"] *)`)
	e.wantText("main .flash", "Unlocked user dave")
	if got := e.text("main section[aria-labelledby=lock]"); !strings.Contains(got, "Not locked.") {
		t.Errorf("after unlocking, the lock section says %q", got)
	}
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "dave", Password: userPassword}); err != nil {
		t.Errorf("dave cannot log in after the unlock: %v", err)
	}
}

func TestAuditTrail(t *testing.T) {
	e := newEnv(t)
	started := time.Now().UTC().Format(time.DateOnly)
	e.addUser("erin", "Administrators", "user", "Erin")
	e.login("erin", "wrong-password-1", "")
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/audit")
	e.wantText("main table", "user.add")

	e.open("/console/audit?actor=erin&outcome=failure")
	rows := e.text("main table tbody")
	if !strings.Contains(rows, "login") || !strings.Contains(rows, "bad password") || strings.Contains(rows, "user.add") {
		t.Errorf("erin's failed logins show:\n%s", rows)
	}
	if n := eval[int](e, `document.querySelectorAll("main table tbody tr").length`); n != 1 {
		t.Errorf("erin has %d failed login rows, want 1", n)
	}
	if got := eval[string](e, `document.getElementById("a-outcome").value`); got != "failure" {
		t.Errorf("the outcome filter shows %q, want the filter kept", got)
	}

	// By day: today's records, and none before.
	e.open("/console/audit?actor=erin&since=" + started + "&until=" + time.Now().UTC().Format(time.DateOnly))
	e.wantText("main table tbody", "bad password")
	e.open("/console/audit?actor=erin&until=2000-01-01")
	e.wantText("main table tbody", "No records match.")
	if status := e.open("/console/audit?since=yesterday"); status != 400 {
		t.Errorf("a since of yesterday answers %d, want 400", status)
	}
	e.wantText("main .error", "since: must be a date")
}
