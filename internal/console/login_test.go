package console_test

import (
	"testing"

	"github.com/chromedp/cdproto/network"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestLoginAndLogout(t *testing.T) {
	e := newEnv(t)
	if status := e.open("/console/users"); status != 200 {
		t.Errorf("the users page without a session answers %d, want the login page", status)
	}
	e.wantText("main h1", "Log in")

	e.login("admin", "wrong-password", "Administrators")
	e.wantText("main .error", "Invalid username or password")

	e.retype("f-password", testenv.AdminPassword)
	e.submit(`main button[type="submit"]`)
	e.wantText("main h1", "Users")
	e.wantText("header .who", "admin in Administrators (superadmin)")

	var session *network.Cookie
	for _, c := range e.cookies() {
		if c.Name == "gatehouse_session" {
			session = c
		}
	}
	switch {
	case session == nil:
		t.Fatal("no session cookie after login")
	case !session.HTTPOnly || session.SameSite != network.CookieSameSiteStrict || session.Path != "/console/":
		t.Errorf("session cookie: HttpOnly %v, SameSite %v, Path %q; want HttpOnly, Strict, /console/", session.HTTPOnly, session.SameSite, session.Path)
	case session.Session:
		t.Errorf("session cookie has no expiry; it must end with the token")
	}

	e.submit(`header form[action="/console/logout"] button`)
	e.wantText("main h1", "Log in")
	e.wantText("main .flash", "You are logged out.")
	e.open("/console/audit")
	e.wantText("main h1", "Log in")
}
