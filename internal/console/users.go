package console

import (
	"net/http"
	"net/url"
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
	Company        string
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
	// Sort and Desc are the order of the whole list, which the store
	// sorts; every link of the page keeps it.
	Sort gatehouse.UserSort
	Desc bool
	Rows []userRow
	// Next is the URL of the next page; empty on the last page.
	Next string
	// First is the URL of the first page when this one is not.
	First string
}

func (c *Console) usersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	d := usersPage{Query: q.Get("q"), All: q.Get("all") == "on"}
	var err error
	if d.Sort, d.Desc, err = gatehouse.ParseUserSort(q.Get("sort")); err != nil {
		return err
	}
	vs, next, err := c.Identity.ListUsers(r.Context(), s.p, identity.UserListQuery{
		Search: d.Query, All: d.All, Sort: d.Sort, Desc: d.Desc, After: gatehouse.UserID(after), Limit: usersPageSize})
	if err != nil {
		return err
	}
	d.Rows = make([]userRow, len(vs))
	for i := range vs {
		d.Rows[i] = rowOf(&vs[i])
	}
	if next != 0 {
		d.Next = d.url(d.SortParam(), int64(next))
	}
	if after != 0 {
		d.First = d.url(d.SortParam(), 0)
	}
	v := view{Title: "Users", Nav: "users", Data: d}
	if q.Get("fragment") == "results" {
		return c.render(w, r, s, http.StatusOK, "users", "user-results", v)
	}
	return c.render(w, r, s, http.StatusOK, "users", "", v)
}

// url returns the URL of the page in the order sort (a sort parameter)
// after the given id.
func (d usersPage) url(sort string, after int64) string {
	v := url.Values{}
	if d.Query != "" {
		v.Set("q", d.Query)
	}
	if d.All {
		v.Set("all", "on")
	}
	if sort != "" {
		v.Set("sort", sort)
	}
	if after != 0 {
		v.Set("after", strconv.FormatInt(after, 10))
	}
	if len(v) == 0 {
		return Path + "users"
	}
	return Path + "users?" + v.Encode()
}

// SortParam returns the sort parameter of the page's order; empty for
// the default, ascending ids.
func (d usersPage) SortParam() string {
	switch {
	case d.Sort == gatehouse.SortByID && !d.Desc:
		return ""
	case d.Sort == gatehouse.SortByID:
		return "-id"
	case d.Desc:
		return "-" + string(d.Sort)
	}
	return string(d.Sort)
}

// sorted reports whether the page is in the order of the column col
// (a sort parameter without "-").
func (d usersPage) sorted(col string) bool {
	return string(d.Sort) == col || d.Sort == gatehouse.SortByID && col == "id"
}

// SortURL returns the URL of the first page sorted by col: ascending,
// unless the page already is, then descending.
func (d usersPage) SortURL(col string) string {
	if d.sorted(col) && !d.Desc {
		col = "-" + col
	}
	if col == "id" {
		col = ""
	}
	return d.url(col, 0)
}

// AriaSort returns the aria-sort value of the column col: ascending or
// descending if the page is sorted by it, else empty.
func (d usersPage) AriaSort(col string) string {
	switch {
	case !d.sorted(col):
		return ""
	case d.Desc:
		return "descending"
	}
	return "ascending"
}

// rowOf is the list line of a user.
func rowOf(v *identity.UserView) userRow {
	row := userRow{ID: int64(v.User.ID), Username: string(v.User.Name), FullName: v.User.FullName(),
		Email: v.User.Email, Company: v.User.Company, Authentication: v.User.Authentication, Status: statusOf(v)}
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
