package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// userPage is the data of a user's detail page. A section the caller may
// not see is nil, with its Hidden flag set.
type userPage struct {
	User         *identity.UserView
	Status       string
	Permissions  []access.Permissions
	Keys         []gatehouse.SSHKey
	Tokens       []identity.TokenView
	KeysHidden   bool
	TokensHidden bool
	PermsHidden  bool
	// Forms shown again after a refusal.
	Password *form
	Key      *form
}

// URL returns the path of the user's page.
func userURL(name gatehouse.UserName) string { return Path + "users/" + url.PathEscape(string(name)) }

func (c *Console) userPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.showUser(w, r, s, http.StatusOK, userPage{})
}

// showUser renders the detail page of the user named in the path, with
// the forms of d.
func (c *Console) showUser(w http.ResponseWriter, r *http.Request, s *session, status int, d userPage) error {
	ctx := r.Context()
	name := gatehouse.UserName(r.PathValue("name"))
	v, err := c.Identity.GetUser(ctx, s.p, name)
	if err != nil {
		return err
	}
	d.User, d.Status = v, statusOf(v)
	if d.Permissions, err = c.Access.UserPermissions(ctx, s.p, name, ""); hidden(err, &d.PermsHidden) != nil {
		return err
	}
	if d.Keys, err = c.Identity.ListSSHKeys(ctx, s.p, name); hidden(err, &d.KeysHidden) != nil {
		return err
	}
	if d.Tokens, err = c.Identity.ListTokens(ctx, s.p, name); hidden(err, &d.TokensHidden) != nil {
		return err
	}
	return c.render(w, r, s, status, "user", "", view{Title: "User " + string(name), Nav: "users", Data: d})
}

// hidden sets *flag and returns nil when err is a refusal: a section of
// a page the caller may not see. Other errors it returns.
func hidden(err error, flag *bool) error {
	if errors.Is(err, gatehouse.ErrForbidden) {
		*flag = true
		return nil
	}
	return err
}

// userForm is the data of the create and edit user forms.
type userForm struct {
	Form  *form
	Edit  bool   // editing Name rather than creating a user
	Name  string // the user edited
	Roles []gatehouse.Role
}

// userFields are the fields of the create user form.
var userFields = []string{"username", "first_name", "last_name", "email", "company", "phone", "password", "tenant", "role"}

func (c *Console) newUserPage(w http.ResponseWriter, r *http.Request, s *session) error {
	f := &form{Values: map[string]string{"tenant": string(s.p.Tenant.Name), "role": string(gatehouse.RoleUser)}}
	return c.showUserForm(w, r, s, http.StatusOK, userForm{Form: f})
}

func (c *Console) showUserForm(w http.ResponseWriter, r *http.Request, s *session, status int, d userForm) error {
	d.Roles = []gatehouse.Role{gatehouse.RoleUser, gatehouse.RoleTenantadmin, gatehouse.RoleSuperadmin}
	title := "Create user"
	if d.Edit {
		title = "Edit user " + d.Name
	}
	return c.render(w, r, s, status, "user_form", "", view{Title: title, Nav: "users", Data: d})
}

func (c *Console) addUser(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PostFormValue("username"))
	msg, err := c.Identity.AddUser(r.Context(), s.p, identity.AddUserInput{
		Username: name, Tenant: gatehouse.TenantName(r.PostFormValue("tenant")), Role: r.PostFormValue("role"),
		Password: r.PostFormValue("password"), FirstName: r.PostFormValue("first_name"),
		LastName: r.PostFormValue("last_name"), Email: r.PostFormValue("email"), Company: r.PostFormValue("company"),
		Phone: r.PostFormValue("phone"),
	})
	if err != nil {
		f, status, ok := refused(r, err, userFields...)
		if !ok {
			return err
		}
		delete(f.Values, "password")
		return c.showUserForm(w, r, s, status, userForm{Form: f})
	}
	return c.redirect(w, r, userURL(name), msg)
}

// profileFields are the fields of the edit user form.
var profileFields = []string{"first_name", "last_name", "email", "company", "phone"}

func (c *Console) editUserPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := c.Identity.GetUser(r.Context(), s.p, gatehouse.UserName(r.PathValue("name")))
	if err != nil {
		return err
	}
	f := &form{Values: map[string]string{"first_name": v.User.FirstName, "last_name": v.User.LastName, "email": v.User.Email,
		"company": v.User.Company, "phone": v.User.Phone}}
	return c.showUserForm(w, r, s, http.StatusOK, userForm{Form: f, Edit: true, Name: string(v.User.Name)})
}

func (c *Console) updateUser(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PathValue("name"))
	first, last, email, company := r.PostFormValue("first_name"), r.PostFormValue("last_name"), r.PostFormValue("email"), r.PostFormValue("company")
	phone := r.PostFormValue("phone")
	msg, err := c.Identity.UpdateUser(r.Context(), s.p, name,
		identity.Profile{FirstName: &first, LastName: &last, Email: &email, Company: &company, Phone: &phone}, nil)
	if err != nil {
		f, status, ok := refused(r, err, profileFields...)
		if !ok {
			return err
		}
		return c.showUserForm(w, r, s, status, userForm{Form: f, Edit: true, Name: string(name)})
	}
	return c.redirect(w, r, userURL(name), msg)
}

func (c *Console) resetPassword(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PathValue("name"))
	pw := r.PostFormValue("password")
	msg, err := c.Identity.UpdateUser(r.Context(), s.p, name, identity.Profile{}, &pw)
	if err != nil {
		f, status, ok := refused(r, err, "password")
		if !ok {
			return err
		}
		delete(f.Values, "password")
		return c.showUser(w, r, s, status, userPage{Password: f})
	}
	return c.redirect(w, r, userURL(name), msg)
}

// userAction is a domain action on a user that answers a message, such
// as identity.Service.UnlockUser.
type userAction func(context.Context, *identity.Principal, gatehouse.UserName) (string, error)

// act runs act on the user named in the path and returns to their page.
func (c *Console) act(w http.ResponseWriter, r *http.Request, s *session, act userAction) error {
	name := gatehouse.UserName(r.PathValue("name"))
	msg, err := act(r.Context(), s.p, name)
	if err != nil {
		return err
	}
	return c.redirect(w, r, userURL(name), msg)
}

func (c *Console) unlockUser(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.act(w, r, s, c.Identity.UnlockUser)
}

func (c *Console) disableUser(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.act(w, r, s, c.Identity.DisableUser)
}

func (c *Console) enableUser(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.act(w, r, s, c.Identity.EnableUser)
}

func (c *Console) addKey(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PathValue("name"))
	msg, err := c.Identity.AddSSHKey(r.Context(), s.p, name, r.PostFormValue("name"), r.PostFormValue("key"))
	if err != nil {
		f, status, ok := refused(r, err, "name", "key")
		if !ok {
			return err
		}
		return c.showUser(w, r, s, status, userPage{Key: f})
	}
	return c.redirect(w, r, userURL(name), msg)
}

func (c *Console) removeKey(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PathValue("name"))
	msg, err := c.Identity.RemoveSSHKey(r.Context(), s.p, name, r.PathValue("key"))
	if err != nil {
		return err
	}
	return c.redirect(w, r, userURL(name), msg)
}

func (c *Console) revokeToken(w http.ResponseWriter, r *http.Request, s *session) error {
	name := gatehouse.UserName(r.PathValue("name"))
	msg, err := c.Identity.RevokeToken(r.Context(), s.p, name, r.PathValue("id"))
	if err != nil {
		return err
	}
	return c.redirect(w, r, userURL(name), msg)
}
