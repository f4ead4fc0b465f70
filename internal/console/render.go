package console

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

//go:embed templates
var templateFS embed.FS

// pages holds one template set per page: the layout with that page's
// "content", and the fragments that page defines.
type pages struct {
	sets map[string]*template.Template
}

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"join":  func(v []string) string { return strings.Join(v, ", ") },
	"field": field,
	// has reports whether a space-separated form value holds v.
	"has": func(values, v string) bool { return slices.Contains(strings.Fields(values), v) },
}

// fieldView is what the "input" template shows: a labelled input and the
// message of its refusal, if any.
type fieldView struct {
	ID, Name, Label, Type, Value, Error, Autocomplete string
}

// autocomplete is the autocomplete hint of the fields that have one.
var autocomplete = map[string]string{
	"username": "username", "first_name": "given-name", "last_name": "family-name", "email": "email", "company": "organization", "phone": "tel",
	"current_password": "current-password",
}

// field returns the view of the field called name of f (which may be
// nil: an empty form).
func field(f *form, name, label, typ string) fieldView {
	v := fieldView{ID: "f-" + name, Name: name, Label: label, Type: typ, Autocomplete: autocomplete[name]}
	if f != nil {
		v.Value, v.Error = f.Values[name], f.Errors[name]
	}
	return v
}

// parsePages parses every page template with the layout.
func parsePages() (*pages, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/fields.html")
	if err != nil {
		return nil, fmt.Errorf("console templates: %w", err)
	}
	files, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, fmt.Errorf("console templates: %w", err)
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(f.Name(), ".html")
		if name == "layout" || name == "fields" {
			continue
		}
		set, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+f.Name())
		if err != nil {
			return nil, fmt.Errorf("console templates: %w", err)
		}
		p.sets[name] = set
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title string
	Nav   string // the section highlighted in the navigation
	Me    *identity.Principal
	CSRF  string
	Flash string
	Data  any
	// Tenants are the caller's other tenants, which the header's form
	// switches to.
	Tenants []gatehouse.TenantName
}

// SwitchForm returns the tenant switch form shown again after a refusal,
// or an empty one.
func (v *view) SwitchForm() *form {
	if p, ok := v.Data.(switchPage); ok {
		return p.Form
	}
	return &form{}
}

// IsSuperadmin reports whether the caller is a superadmin logged into
// Administrators; templates use it to hide what the server would refuse.
func (v *view) IsSuperadmin() bool { return v.Me != nil && v.Me.IsSuperadmin() }

// IsAdmin reports whether the caller administers users: a superadmin, or
// a tenantadmin of the tenant they are logged into.
func (v *view) IsAdmin() bool {
	return v.IsSuperadmin() || v.Me != nil && v.Me.Role() == gatehouse.RoleTenantadmin
}

// render writes the page named page (its template file's name) with the
// layout, or only its template fragment when fragment is not empty.
func (c *Console) render(w http.ResponseWriter, r *http.Request, s *session, status int, page, fragment string, v view) error {
	set, ok := c.pages.sets[page]
	if !ok {
		return fmt.Errorf("console: no page %q", page)
	}
	if s != nil {
		v.Me, v.CSRF = s.p, s.csrf
	}
	name := "layout"
	if fragment != "" {
		name = fragment
	} else {
		v.Flash = c.takeFlash(w, r)
		if s != nil {
			v.Tenants = c.otherTenants(r.Context(), s)
		}
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, &v); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}

// fail shows err on the error page with the status the API would answer.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	status := api.StatusOf(err)
	msg := err.Error()
	var ke *gatehouse.KindError
	switch {
	case status == http.StatusInternalServerError:
		c.Logger.ErrorContext(r.Context(), "console request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error: see the server log for request " + gatehouse.RequestInfoFrom(r.Context()).ID
	case errors.As(err, &ke):
		msg = ke.Msg
	}
	v := view{Title: http.StatusText(status), Data: errorPage{Status: status, Message: msg}}
	if rerr := c.render(w, r, s, status, "error", "", v); rerr != nil {
		c.Logger.ErrorContext(r.Context(), "console error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return gatehouse.Errorf(gatehouse.ErrNotFound, "no such page: %s", r.URL.Path)
}

// form is a submitted form shown again: its values and the messages of
// the fields the domain refused.
type form struct {
	Values map[string]string
	Errors map[string]string
	// Error is a refusal that names no field of the form.
	Error string
}

// Value returns the submitted value of field.
func (f *form) Value(field string) string { return f.Values[field] }

// refused turns a domain refusal into a form to show again with status
// 400 (or that of the error); it returns false for errors that are not
// the caller's to fix, which fail shows instead.
func refused(r *http.Request, err error, fields ...string) (*form, int, bool) {
	status := api.StatusOf(err)
	if status >= 500 || status == http.StatusUnauthorized {
		return nil, 0, false
	}
	f := &form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	var fe *gatehouse.FieldError
	var ke *gatehouse.KindError
	switch {
	case errors.As(err, &fe) && slices.Contains(fields, fe.Field):
		f.Errors[fe.Field] = fe.Rule
	case errors.As(err, &ke):
		f.Error = ke.Msg
	default:
		f.Error = err.Error()
	}
	return f, status, true
}
