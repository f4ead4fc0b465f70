package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// searchSep separates the fields of a user's search text. A search term
// containing it matches nothing, so a term can never match across fields.
const searchSep = "\x1f"

// searchTail returns the search text of u but for the leading id, which
// the database prepends once it knows it: the name, the full name ("first
// last", which contains the first and the last name), the email and the
// company, lower-cased, each preceded by searchSep.
func searchTail(u *gatehouse.User) string {
	fields := []string{"", string(u.Name), u.FullName(), u.Email, u.Company}
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

// minTrigramTerm is the length, in characters, of the shortest term the
// trigram index users_search can serve.
const minTrigramTerm = 3

// triple returns s with every character written three times, as the
// database's gatehouse_triple does: s is a substring of a text exactly
// when triple(s) is one of the text's tripled, and a tripled term of one
// or two characters is long enough for the trigram index
// users_search_short.
func triple(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
		b.WriteRune(r)
		b.WriteRune(r)
	}
	return b.String()
}

// likeEscaper escapes the wildcards of LIKE (and its escape character).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// scanWindow is how many users, in id order, a search for a term of one or
// two characters first tests one by one. A common term fills the page
// there, cheaper than through users_search_short, which yields every match
// to be sorted; a rarer one then goes through that index. A variable so
// that tests can drive both paths with few users.
var scanWindow = 4096

// ListUsers implements gatehouse.UserStore. A search is a LIKE '%term%'
// on the lower-cased search text, which the trigram index users_search
// serves for terms of three or more characters (for a common term the
// planner walks the primary key in id order instead, stopping at the page
// size). Shorter terms are first tested on the next scanWindow users; if
// that does not fill the page, the rest go through users_search_short,
// the trigram index over the text with its characters tripled.
func (tx *tx) ListUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	users, err := tx.listUsers(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}

// listUsers picks the way to run q.
func (tx *tx) listUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	term := strings.ToLower(q.Search)
	if strings.Contains(term, searchSep) || !validText(term) || !validText(string(q.Name)) {
		return nil, nil
	}
	if q.Sort != gatehouse.SortByID || q.Desc {
		return tx.listUsersSorted(ctx, q, term)
	}
	short := term != "" && utf8.RuneCountInString(term) < minTrigramTerm
	if !short || q.Limit <= 0 || q.Name != "" || q.IDs != nil {
		return tx.queryUsers(ctx, q, term, short, false)
	}
	users, err := tx.queryUsers(ctx, q, term, false, true)
	if err != nil || len(users) == q.Limit {
		return users, err
	}
	// The page is not full: go on after the window, unless it reached the
	// last user.
	var end gatehouse.UserID
	err = tx.tx.QueryRow(ctx, `SELECT id FROM users WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2`,
		q.AfterID, scanWindow-1).Scan(&end)
	if errors.Is(err, pgx.ErrNoRows) {
		return users, nil
	}
	if err != nil {
		return nil, err
	}
	rest := q
	rest.AfterID, rest.Limit = end, q.Limit-len(users)
	more, err := tx.queryUsers(ctx, rest, term, true, false)
	return append(users, more...), err
}

// queryUsers runs q, searching for term through users_search_short if
// tripled, and only among the next scanWindow users if window.
func (tx *tx) queryUsers(ctx context.Context, q gatehouse.UserQuery, term string, tripled, window bool) ([]gatehouse.User, error) {
	from := `users u`
	var w where
	if window {
		w.add(`true`, scanWindow) // the argument of the window's LIMIT, $1
		from = `(SELECT * FROM users WHERE id > $2 ORDER BY id LIMIT $1) u`
	}
	w.add(`u.id > $?`, q.AfterID)
	switch {
	case term == "":
	case tripled:
		w.add(`gatehouse_triple(u.search_text) LIKE $?`, "%"+likeEscaper.Replace(triple(term))+"%")
	default:
		w.add(`u.search_text LIKE $?`, "%"+likeEscaper.Replace(term)+"%")
	}
	w.selection(q)
	query := `SELECT ` + userColumns + ` FROM ` + from + w.sql() + ` ORDER BY u.id`
	query += w.limit(q.Limit)
	return queryAll(ctx, tx, scanUser, query, w.args...)
}

// selection adds the conditions of q's All, Name and IDs, over the alias u.
func (w *where) selection(q gatehouse.UserQuery) {
	if !q.All {
		w.conds = append(w.conds, `NOT u.hidden`, `NOT u.disabled`, `NOT u.deleted`)
	}
	if q.Name != "" {
		w.add(`u.name = $? AND NOT u.deleted`, q.Name)
	}
	if q.IDs != nil {
		w.add(`u.id = ANY($?)`, ids(q.IDs))
	}
}
