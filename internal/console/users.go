package console

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// usersPageSize is how many users a page of the user list shows.
const usersPageSize = 50

// userRow is a line of the user list, with the Robin document's columns.
type userRow struct {
	ID             int64
	Username       string
	FullName       string
	Email          string
	Tenants        string
	CurrentTenant  string
	CurrentRole    string
	Namespace      string
	Authentication string
	Status         string
}

// usersPage is the data of the user list.
type usersPage struct {
	Query string
	All   bool
	Sort  string // the column the page is sorted by: id, username, name or email
	Rows  []userRow
	// Next is the URL of the next page; empty on the last page.
	Next string
	// First is the URL of the first page when this one is not.
	First string
}

// sortKeys are the columns the user list sorts by.
var sortKeys = map[string]func(userRow) string{
	"username": func(u userRow) string { return strings.ToLower(u.Username) },
	"name":     func(u userRow) string { return strings.ToLower(u.FullName) },
	"email":    func(u userRow) string { return strings.ToLower(u.Email) },
}

func (c *Console) usersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	d := usersPage{Query: q.Get("q"), All: q.Get("all") == "on", Sort: q.Get("sort")}
	vs, next, err := c.Identity.ListUsers(r.Context(), s.p, identity.UserListQuery{
		Search: d.Query, All: d.All, After: gatehouse.UserID(after), Limit: usersPageSize})
	if err != nil {
		return err
	}
	d.Rows = make([]userRow, len(vs))
	for i := range vs {
		d.Rows[i] = rowOf(&vs[i])
	}
	if key, ok := sortKeys[d.Sort]; ok {
		slices.SortStableFunc(d.Rows, func(a, b userRow) int { return cmp.Compare(key(a), key(b)) })
	} else {
		d.Sort = "id"
	}
	if next != 0 {
		d.Next = d.url(int64(next))
	}
	if after != 0 {
		d.First = d.url(0)
	}
	v := view{Title: "Users", Nav: "users", Data: d}
	if q.Get("fragment") == "results" {
		return c.render(w, r, s, http.StatusOK, "users", "user-results", v)
	}
	return c.render(w, r, s, http.StatusOK, "users", "", v)
}

// url returns the URL of the page after the given id.
func (d usersPage) url(after int64) string {
	v := url.Values{}
	if d.Query != "" {
		v.Set("q", d.Query)
	}
	if d.All {
		v.Set("all", "on")
	}
	if d.Sort != "id" {
		v.Set("sort", d.Sort)
	}
	if after != 0 {
		v.Set("after", strconv.FormatInt(after, 10))
	}
	if len(v) == 0 {
		return Path + "users"
	}
	return Path + "users?" + v.Encode()
}

// SortURL returns the URL of the first page sorted by col.
func (d usersPage) SortURL(col string) string {
	e := d
	e.Sort = col
	return e.url(0)
}

// rowOf is the list line of a user.
func rowOf(v *identity.UserView) userRow {
	row := userRow{ID: int64(v.User.ID), Username: string(v.User.Name), FullName: v.User.FullName(),
		Email: v.User.Email, Authentication: v.User.Authentication, Status: statusOf(v)}
	var ts []string
	for _, m := range v.Memberships {
		ts = append(ts, string(m.TenantName))
	}
	row.Tenants = strings.Join(ts, ", ")
	if m := v.Current(); m != nil {
		row.CurrentTenant, row.CurrentRole, row.Namespace = string(m.TenantName), string(m.Role), string(m.Namespace)
	}
	return row
}

// statusOf names a user's state in words, never by colour alone.
func statusOf(v *identity.UserView) string {
	switch {
	case v.User.Deleted:
		return "deleted"
	case v.User.Disabled:
		return "disabled"
	case !v.LockedUntil.IsZero():
		return "locked"
	case v.User.Inactive:
		return "inactive"
	case v.User.Hidden:
		return "hidden"
	}
	return "active"
}
