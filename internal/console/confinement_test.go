package console_test

import (
	"strings"
	"testing"
)

// A tenantadmin sees their own tenant only; typing another tenant's
// address gets 403 from the server, whatever the page would have shown.
func TestTenantadminConfined(t *testing.T) {
	e := newEnv(t)
	e.addTenant("t1")
	e.addTenant("t2")
	e.addUser("ta", "t1", "tenantadmin", "Tess")
	e.addUser("u1", "t1", "user", "Uma")
	e.addUser("u2", "t2", "user", "Ulf")
	e.login("ta", userPassword, "t1")
	e.wantText("header .who", "ta in t1 (tenantadmin)")

	e.open("/console/users")
	rows := e.text("#user-results tbody")
	if !strings.Contains(rows, "u1") || strings.Contains(rows, "u2") || strings.Contains(rows, "Administrators") {
		t.Errorf("the tenantadmin of t1 sees users:\n%s", rows)
	}
	e.open("/console/tenants")
	if got := e.text("main table tbody"); strings.Contains(got, "t2") || strings.Contains(got, "Administrators") {
		t.Errorf("the tenantadmin of t1 sees tenants:\n%s", got)
	}
	if nav := e.text("header nav"); strings.Contains(nav, "Audit") {
		t.Errorf("the navigation offers a tenantadmin the audit trail: %q", nav)
	}

	for _, path := range []string{"/console/tenants/t2", "/console/users/u2", "/console/audit", "/console/tenants/Administrators"} {
		if status := e.open(path); status != 403 {
			t.Errorf("GET %s answers %d to the tenantadmin of t1, want 403", path, status)
		}
		e.wantText("main .error", "403")
	}
	if status := e.open("/console/tenants/t1"); status != 200 {
		t.Errorf("GET /console/tenants/t1 answers %d to its tenantadmin", status)
	}
}
