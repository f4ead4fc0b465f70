package ldap

import (
	"context"
	"fmt"
	"strings"

	goldap "github.com/go-ldap/ldap/v3"
)

// PageSize is how many entries one page of a paged search asks for.
const PageSize = 250

// Query selects directory users or groups.
type Query struct {
	// Names, when set, selects the entries with these names (the mapped
	// username or group name attribute); each is escaped.
	Names []string
	// Base overrides the user or group base.
	Base string
	// Filter is an extra LDAP filter ANDed with the base filter; it must
	// parse. Not allowed with Names.
	Filter string
}

// Escape escapes v for use as a value in a filter (RFC 4515).
func Escape(v string) string { return goldap.EscapeFilter(v) }

// CheckFilter reports a filter that does not parse, wrapping ErrFilter.
func CheckFilter(f string) error {
	if _, err := goldap.CompileFilter(f); err != nil {
		return fmt.Errorf("%w %q: %v", ErrFilter, f, strings.TrimPrefix(ldapMessage(err), "Filter Compile Error: "))
	}
	return nil
}

// classFilter returns (|(objectClass=a)(objectClass=b)...).
func classFilter(classes []string) string {
	var b strings.Builder
	b.WriteString("(|")
	for _, c := range classes {
		b.WriteString("(objectClass=" + Escape(c) + ")")
	}
	b.WriteString(")")
	return b.String()
}

// anyEqual returns a filter matching entries where one of attrs equals
// one of values, every value escaped.
func anyEqual(attrs, values []string) string {
	var b strings.Builder
	b.WriteString("(|")
	for _, v := range values {
		for _, a := range attrs {
			b.WriteString("(" + a + "=" + Escape(v) + ")")
		}
	}
	b.WriteString(")")
	return b.String()
}

// filter builds the filter of q over the class list and name attributes.
func (q *Query) filter(classes, nameAttrs []string) (string, error) {
	parts := []string{classFilter(classes)}
	if len(q.Names) > 0 {
		if q.Filter != "" {
			return "", fmt.Errorf("%w: a filter cannot be given with names", ErrFilter)
		}
		parts = append(parts, anyEqual(nameAttrs, q.Names))
	}
	if q.Filter != "" {
		f := q.Filter
		if !strings.HasPrefix(f, "(") {
			f = "(" + f + ")"
		}
		if err := CheckFilter(f); err != nil {
			return "", err
		}
		parts = append(parts, f)
	}
	return "(&" + strings.Join(parts, "") + ")", nil
}

// search runs a paged search under base and calls fn for each entry,
// one page in memory at a time. A server that ends the search early
// (a size or time limit despite paging) yields ErrTruncated.
func (c *Conn) search(ctx context.Context, base, filter string, attrs []string, fn func(*goldap.Entry) error) error {
	req := goldap.NewSearchRequest(base, goldap.ScopeWholeSubtree, goldap.NeverDerefAliases, 0, 0, false, filter, attrs, nil)
	paging := goldap.NewControlPaging(PageSize)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		req.Controls = []goldap.Control{paging}
		res, err := c.conn.Search(req)
		switch {
		case goldap.IsErrorWithCode(err, goldap.LDAPResultNoSuchObject):
			return fmt.Errorf("%w: search base %s does not exist on %s", ErrNotFound, base, c.cfg.Address())
		case goldap.IsErrorWithCode(err, goldap.LDAPResultSizeLimitExceeded), goldap.IsErrorWithCode(err, goldap.LDAPResultTimeLimitExceeded):
			return fmt.Errorf("%w: %s", ErrTruncated, ldapMessage(err))
		case err != nil:
			return classify(c.cfg, "search "+filter, err)
		}
		for _, e := range res.Entries {
			if err := fn(e); err != nil {
				return err
			}
		}
		ctrl, ok := goldap.FindControl(res.Controls, goldap.ControlTypePaging).(*goldap.ControlPaging)
		if !ok || len(ctrl.Cookie) == 0 {
			return nil
		}
		paging.SetCookie(ctrl.Cookie)
	}
}

// base returns override, else specific, else the search base.
func (c *Config) base(override, specific string) string {
	switch {
	case override != "":
		return override
	case specific != "":
		return specific
	}
	return c.SearchBase
}
