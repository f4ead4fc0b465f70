package console_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// A member of several tenants switches from the header, giving their
// password again; the switch is audited as the API's login is.
func TestSwitchTenant(t *testing.T) {
	e := newEnv(t)
	e.addTenant("t1")
	e.addTenant("t2")
	e.addUser("tess", "t1", "tenantadmin", "Tess")
	if _, err := e.admin.AddMembers(context.Background(), "t2", api.MembersAddRequest{Usernames: []string{"tess"}, Role: "user"}); err != nil {
		t.Fatal(err)
	}
	e.addUser("solo", "t1", "user", "Solo")

	e.login("tess", userPassword, "t1")
	e.wantText(".who", "tess in t1 (tenantadmin)")
	old := e.sessionToken()

	// A wrong password switches nothing.
	e.choose("switch-tenant", "t2")
	e.do(chromedp.SendKeys(chromedp.ID("switch-password"), "not-my-password"))
	e.submit(`form.switch button[type="submit"]`)
	e.wantText("main h1", "Switch tenant")
	e.wantText("#switch-password-error", "the password is wrong")
	e.wantText(".who", "tess in t1 (tenantadmin)")

	e.choose("switch-tenant", "t2")
	e.do(chromedp.SendKeys(chromedp.ID("switch-password"), userPassword))
	e.submit(`form.switch button[type="submit"]`)
	e.wantText("main .flash", "You are now in tenant t2 as user.")
	e.wantText(".who", "tess in t2 (user)")
	if got := eval[string](e, `document.getElementById("switch-tenant").innerText`); got != "t1" {
		t.Errorf("the switch form offers %q, want only t1", got)
	}
	// The session it replaced is logged out.
	if _, err := client.New(e.url, old, nil).WhoAmI(context.Background()); err == nil {
		t.Error("the token of the session before the switch still works")
	}

	audit, err := e.admin.ListAudit(context.Background(), client.AuditListOptions{User: "tess"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range audit.Items {
		got = append(got, r.Action+" "+r.ActorTenant+" "+r.Outcome)
	}
	for _, want := range []string{"login t2 success", "login t2 failure", "logout t1 success"} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("the audit trail of tess lacks %q:\n%s", want, strings.Join(got, "\n"))
		}
	}

	// A member of one tenant has nothing to switch to.
	e.open("/console/profile")
	e.submit(`form[action="/console/logout"] button`)
	e.login("solo", userPassword, "t1")
	if n := eval[int](e, `document.querySelectorAll("form.switch").length`); n != 0 {
		t.Errorf("a member of one tenant sees %d switch forms", n)
	}
}

// sessionToken returns the login token the session cookie holds.
func (e *env) sessionToken() string {
	e.t.Helper()
	for _, c := range e.cookies() {
		if c.Name == "gatehouse_session" {
			return c.Value
		}
	}
	e.t.Fatal("no session cookie")
	return ""
}
