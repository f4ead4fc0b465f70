package console_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func TestOwnProfileAndPassword(t *testing.T) {
	e := newEnv(t)
	e.addUser("fay", "Administrators", "user", "Fay")
	e.login("fay", userPassword, "")
	e.wantText("main h1", "Your profile")
	e.wantText("main .attrs", "fay@example.com")
	if status := e.open("/console/users"); status != 403 {
		t.Errorf("a user opening the user list gets %d, want 403", status)
	}

	e.open("/console/profile")
	e.do(chromedp.SendKeys(chromedp.ID("f-current_password"), "not-my-password"),
		chromedp.SendKeys(chromedp.ID("f-password"), "a-new-long-password-8"))
	e.submit(`form[action="/console/profile/password"] button[type="submit"]`)
	e.wantText("#f-current_password-error", "does not match your password")

	e.do(chromedp.SendKeys(chromedp.ID("f-current_password"), userPassword),
		chromedp.SendKeys(chromedp.ID("f-password"), "a-new-long-password-8"))
	e.submit(`form[action="/console/profile/password"] button[type="submit"]`)
	e.wantText("main .flash", "Your password is changed.")
	e.open("/console/profile")
	e.wantText("main h1", "Your profile") // the session goes on with the new token

	anon := client.New(e.url, "", nil)
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "fay", Password: "a-new-long-password-8"}); err != nil {
		t.Errorf("fay cannot log in with her new password: %v", err)
	}
}
