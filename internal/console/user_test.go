package console_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestUserDetailActions(t *testing.T) {
	e := newEnv(t)
	e.addUser("gus", "Administrators", "user", "Gus")
	anon := client.New(e.url, "", nil)
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "gus", Password: userPassword}); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile("../identity/testdata/ed25519.pub")
	if err != nil {
		t.Fatal(err)
	}
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/users/gus")

	// SSH keys, as in the Operations Portal: a name and the public key.
	e.do(chromedp.SendKeys(chromedp.ID("f-name"), "laptop"), chromedp.SendKeys(chromedp.ID("f-key"), "ssh-ed25519 garbage"))
	e.submit(`form[action="/console/users/gus/keys"] button[type="submit"]`)
	e.wantText("#f-key-error", "is not a public SSH key")
	e.retype("f-key", strings.TrimSpace(string(key)))
	e.submit(`form[action="/console/users/gus/keys"] button[type="submit"]`)
	e.wantText("main section[aria-labelledby=keys] table", "SHA256:")
	e.submit(`button[aria-label="Remove key laptop"]`)
	e.wantText("main section[aria-labelledby=keys] table", "No SSH keys.")

	// Tokens: gus's login shows, and revoking it ends it.
	e.wantText("main section[aria-labelledby=tokens] table", "Administrators")
	e.submit(`main section[aria-labelledby=tokens] button[aria-label^="Revoke token"]`)
	e.wantText("main section[aria-labelledby=tokens] table", "No live tokens.")

	// Disable and enable.
	e.submit(`form[action="/console/users/gus/disable"] button`)
	e.wantText("main .attrs", "disabled")
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "gus", Password: userPassword}); err == nil {
		t.Error("a disabled user logs in")
	}
	e.submit(`form[action="/console/users/gus/enable"] button`)
	e.wantText("main .attrs", "active")

	// Reset password: the policy's message, then a new password that works.
	e.do(chromedp.SendKeys(chromedp.ID("f-password"), "short"))
	e.submit(`form[action="/console/users/gus/password"] button`)
	e.wantText("#f-password-error", "at least 12")
	e.do(chromedp.SendKeys(chromedp.ID("f-password"), "a-reset-long-password-9"))
	e.submit(`form[action="/console/users/gus/password"] button`)
	if _, err := anon.Login(t.Context(), api.LoginRequest{Username: "gus", Password: "a-reset-long-password-9"}); err != nil {
		t.Errorf("gus cannot log in with the password an admin set: %v", err)
	}
}

// The console is usable from the keyboard alone, and the focus is seen.
func TestKeyboardLogin(t *testing.T) {
	e := newEnv(t)
	e.open("/console/login")
	// The first Tab reaches the skip link; the next ones the form's fields.
	e.do(chromedp.KeyEvent("\t"))
	if got := eval[string](e, `document.activeElement.textContent`); got != "Skip to content" {
		t.Errorf("the first Tab focuses %q, want the skip link", got)
	}
	if got := eval[string](e, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
		t.Error("the focused skip link has no visible outline")
	}
	e.do(chromedp.KeyEvent("\t"))
	if got := eval[string](e, `document.activeElement.id`); got != "f-username" {
		t.Fatalf("the second Tab focuses %q, want the username", got)
	}
	if got := eval[string](e, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
		t.Error("the focused username field has no visible outline")
	}
	e.do(chromedp.KeyEvent("admin\t" + testenv.AdminPassword + "\t" + "Administrators"))
	e.shot("typed with the keyboard")
	ctx, cancel := e.step()
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	e.wantText("header .who", "admin in Administrators")
	// Every input on the user pages has a label.
	for _, path := range []string{"/console/users", "/console/users/new", "/console/users/admin", "/console/tenants/Administrators",
		"/console/audit", "/console/profile", "/console/capabilities", "/console/ldap"} {
		e.open(path)
		unlabelled := eval[[]string](e, `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
			.filter(el => el.labels.length === 0 && !el.getAttribute("aria-label")).map(el => el.name)`)
		if len(unlabelled) > 0 {
			t.Errorf("%s: inputs without a label: %v", path, unlabelled)
		}
	}
}
