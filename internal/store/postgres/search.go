package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// searchSep separates the fields of a user's search text. A search term
// containing it matches nothing, so a term can never match across fields.
const searchSep = "\x1f"

// searchTail returns the search text of u but for the leading id, which
// the database prepends once it knows it: the name, the full name ("first
// last", which contains the first and the last name) and the email,
// lower-cased, each preceded by searchSep.
func searchTail(u *gatehouse.User) string {
	fields := []string{"", string(u.Name), u.FullName(), u.Email}
	for i, f := range fields {
		fields[i] = strings.ReplaceAll(f, searchSep, " ")
	}
	return strings.ToLower(strings.Join(fields, searchSep))
}

// SearchText returns the text UserQuery.Search looks in for u, as the
// backend keeps it: for tools that write users' rows themselves.
func SearchText(u *gatehouse.User) string {
	return strconv.FormatInt(int64(u.ID), 10) + searchTail(u)
}

// validText reports whether s can be stored as PostgreSQL text: valid
// UTF-8 without NUL. Text that cannot be stored matches nothing stored.
func validText(s string) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00")
}

// likeEscaper escapes the wildcards of LIKE (and its escape character).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListUsers implements gatehouse.UserStore. A search is a LIKE '%term%'
// on the lower-cased search text, which the trigram index users_search
// serves for terms of three or more characters; the planner walks the
// primary key in id order instead when the term is short or common, and
// stops at the page size.
func (tx *tx) ListUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	term := strings.ToLower(q.Search)
	if strings.Contains(term, searchSep) || !validText(term) || !validText(string(q.Name)) {
		return nil, nil
	}
	where := []string{`u.id > $1`}
	args := []any{q.AfterID}
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if term != "" {
		add(`u.search_text LIKE $?`, "%"+likeEscaper.Replace(term)+"%")
	}
	if !q.All {
		where = append(where, `NOT u.hidden`, `NOT u.disabled`, `NOT u.deleted`)
	}
	if q.Name != "" {
		add(`u.name = $? AND NOT u.deleted`, q.Name)
	}
	if q.IDs != nil {
		add(`u.id = ANY($?)`, ids(q.IDs))
	}
	var limit any // NULL: no limit
	if q.Limit > 0 {
		limit = q.Limit
	}
	args = append(args, limit)
	query := `SELECT ` + userColumns + ` FROM users u WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY u.id LIMIT $` + strconv.Itoa(len(args))
	users, err := queryAll(ctx, tx, scanUser, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}
