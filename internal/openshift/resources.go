package openshift

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The paths of the user.openshift.io/v1 resources.
const (
	usersPath  = "/apis/user.openshift.io/v1/users"
	groupsPath = "/apis/user.openshift.io/v1/groups"
)

// User is an OpenShift user (user.openshift.io/v1 User).
type User struct {
	Name       string
	UID        string
	FullName   string
	Identities []string
}

// Group is an OpenShift group (user.openshift.io/v1 Group): a named set
// of user names.
type Group struct {
	Name  string
	UID   string
	Users []string
}

// The wire forms, as the API documents them.
type (
	objectMeta struct {
		Name string `json:"name"`
		UID  string `json:"uid"`
	}
	listMeta struct {
		Continue string `json:"continue"`
	}
	userObject struct {
		Metadata   objectMeta `json:"metadata"`
		FullName   string     `json:"fullName"`
		Identities []string   `json:"identities"`
	}
	userList struct {
		Metadata listMeta     `json:"metadata"`
		Items    []userObject `json:"items"`
	}
	groupObject struct {
		Metadata objectMeta `json:"metadata"`
		Users    []string   `json:"users"`
	}
	groupList struct {
		Metadata listMeta      `json:"metadata"`
		Items    []groupObject `json:"items"`
	}
)

func (o *userObject) user() User {
	return User{Name: o.Metadata.Name, UID: o.Metadata.UID, FullName: o.FullName, Identities: o.Identities}
}

func (o *groupObject) group() Group {
	return Group{Name: o.Metadata.Name, UID: o.Metadata.UID, Users: o.Users}
}

// objectName reports whether name can name an object in a path: not
// empty, not . or .., no / or %, and not ~, which names the token's own
// user.
func objectName(name string) bool {
	return name != "" && name != "." && name != ".." && name != "~" && !strings.ContainsAny(name, "/%")
}

// Check reads one user, to prove that the API server answers, that its
// certificate verifies and that the token may list users.
func (c *Client) Check(ctx context.Context) error {
	var l userList
	return c.getJSON(ctx, usersPath, url.Values{"limit": {"1"}}, "", &l)
}

// Users calls fn for every user, reading them a page at a time.
func (c *Client) Users(ctx context.Context, fn func(User) error) error {
	return list(ctx, c, usersPath, func(l *userList) (string, error) {
		for i := range l.Items {
			if err := fn(l.Items[i].user()); err != nil {
				return "", err
			}
		}
		return l.Metadata.Continue, nil
	})
}

// Groups calls fn for every group, reading them a page at a time.
func (c *Client) Groups(ctx context.Context, fn func(Group) error) error {
	return list(ctx, c, groupsPath, func(l *groupList) (string, error) {
		for i := range l.Items {
			if err := fn(l.Items[i].group()); err != nil {
				return "", err
			}
		}
		return l.Metadata.Continue, nil
	})
}

// list reads the list at path page by page, handing each to page, which
// returns the page's continue token.
func list[L any](ctx context.Context, c *Client, path string, page func(*L) (string, error)) error {
	q := url.Values{"limit": {strconv.Itoa(c.pageSize)}}
	for {
		var l L
		if err := c.getJSON(ctx, path, q, "", &l); err != nil {
			return fmt.Errorf("list %s: %w", path, err)
		}
		next, err := page(&l)
		if err != nil || next == "" {
			return err
		}
		q.Set("continue", next)
	}
}

// User returns the user called name; ErrNotFound if there is none.
func (c *Client) User(ctx context.Context, name string) (User, error) {
	if !objectName(name) {
		return User{}, fmt.Errorf("user %q: %w", name, ErrNotFound)
	}
	var o userObject
	if err := c.getJSON(ctx, usersPath+"/"+url.PathEscape(name), nil, "", &o); err != nil {
		return User{}, fmt.Errorf("user %q: %w", name, err)
	}
	return o.user(), nil
}

// Group returns the group called name; ErrNotFound if there is none.
func (c *Client) Group(ctx context.Context, name string) (Group, error) {
	if !objectName(name) {
		return Group{}, fmt.Errorf("group %q: %w", name, ErrNotFound)
	}
	var o groupObject
	if err := c.getJSON(ctx, groupsPath+"/"+url.PathEscape(name), nil, "", &o); err != nil {
		return Group{}, fmt.Errorf("group %q: %w", name, err)
	}
	return o.group(), nil
}

// whoAmI returns the user that tok belongs to (GET users/~).
func (c *Client) whoAmI(ctx context.Context, tok string) (User, error) {
	var o userObject
	if err := c.getJSON(ctx, usersPath+"/~", nil, tok, &o); err != nil {
		return User{}, fmt.Errorf("user of the token: %w", err)
	}
	return o.user(), nil
}
