package console

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// profilePage is the data of the caller's own profile.
type profilePage struct {
	User     *identity.UserView
	Status   string
	Password *form // the password change form
}

func (c *Console) profilePage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.showProfile(w, r, s, http.StatusOK, &form{})
}

func (c *Console) showProfile(w http.ResponseWriter, r *http.Request, s *session, status int, f *form) error {
	v, err := c.Identity.GetUser(r.Context(), s.p, s.p.User.Name)
	if err != nil {
		return err
	}
	d := profilePage{User: v, Status: statusOf(v), Password: f}
	return c.render(w, r, s, status, "profile", "", view{Title: "Your profile", Nav: "profile", Data: d})
}

// changePassword changes the caller's own password. The domain revokes
// their tokens and starts a new session, whose token the cookie then
// holds.
func (c *Console) changePassword(w http.ResponseWriter, r *http.Request, s *session) error {
	ns, err := c.Identity.ChangePassword(r.Context(), s.p, r.PostFormValue("current_password"), r.PostFormValue("password"))
	if err != nil {
		f, status, ok := refused(r, err, "current_password", "password")
		if !ok {
			return err
		}
		f.Values = nil
		return c.showProfile(w, r, s, status, f)
	}
	c.setCookie(w, sessionCookie, ns.Token, ns.ExpiresAt)
	return c.redirect(w, r, Path+"profile", "Your password is changed.")
}
