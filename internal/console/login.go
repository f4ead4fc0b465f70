package console

import (
	"errors"
	"net/http"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// loginPage is the data of the login page.
type loginPage struct {
	Form *form
	CSRF string // the login form's own CSRF token (there is no session yet)
	Next string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: map[string]string{"tenant": r.URL.Query().Get("tenant")}}
	return c.showLogin(w, r, http.StatusOK, f, r.URL.Query().Get("next"))
}

// showLogin renders the login form, giving the browser a fresh login
// CSRF token when it has none.
func (c *Console) showLogin(w http.ResponseWriter, r *http.Request, status int, f *form, next string) error {
	tok := ""
	if ck, err := r.Cookie(loginCookie); err == nil && ck.Value != "" {
		tok = ck.Value
	} else {
		tok = randomToken()
		c.setCookie(w, loginCookie, tok, time.Time{})
	}
	if !localPath(next) {
		next = ""
	}
	return c.render(w, r, nil, status, "login", "", view{Title: "Log in", Data: loginPage{Form: f, CSRF: tok, Next: next}})
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) error {
	ck, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		return errBadCSRF
	}
	next := r.PostFormValue("next")
	s, err := c.Identity.Login(r.Context(), identity.LoginInput{
		Username: gatehouse.UserName(r.PostFormValue("username")),
		Password: r.PostFormValue("password"),
		Tenant:   gatehouse.TenantName(r.PostFormValue("tenant")),
	})
	if err != nil {
		f, status, ok := refused(r, err, "username", "tenant")
		if errors.Is(err, gatehouse.ErrUnauthenticated) {
			f, status, ok = &form{Values: map[string]string{"username": r.PostFormValue("username"),
				"tenant": r.PostFormValue("tenant")}, Error: "Invalid username or password."}, http.StatusUnauthorized, true
		}
		if !ok {
			return err
		}
		return c.showLogin(w, r, status, f, next)
	}
	c.setCookie(w, sessionCookie, s.Token, s.ExpiresAt)
	c.clearCookie(w, loginCookie)
	if !localPath(next) {
		next = Path
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := c.Identity.Logout(r.Context(), s.p); err != nil {
		return err
	}
	c.clearCookie(w, sessionCookie)
	return c.redirect(w, r, Path+"login", "You are logged out.")
}
