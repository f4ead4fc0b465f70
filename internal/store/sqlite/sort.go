package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// How ListUsers lists users in an order other than ascending ids. Each
// order has an index over its keys and the id (migration 020), and the
// page after a user starts after that user's keys, so a page of a listing
// without search walks the index and stops at the limit.
//
// A search first counts its matches in the trigram index (the same query
// listUsers would run, see search.go), up to sortedSearchLimit. If there
// are no more, those matches are sorted. If there are more, matches are
// common, and walking the order's index while testing each user's text
// fills a page after about limit×users/sortedSearchLimit users.
//
// A variable so that tests can drive both paths with few users.
var sortedSearchLimit = 1000

// sortKeys returns the expressions, over the alias u, that s orders users
// by before their ids, as the indexes of migration 020 spell them.
func sortKeys(s gatehouse.UserSort) ([]string, error) {
	switch s {
	case gatehouse.SortByID:
		return nil, nil
	case gatehouse.SortByUsername:
		return []string{`lower(u.name)`}, nil
	case gatehouse.SortByName:
		return []string{`lower(u.first_name)`, `lower(u.last_name)`}, nil
	case gatehouse.SortByEmail:
		return []string{`lower(u.email)`}, nil
	}
	return nil, gatehouse.Invalid("sort", "must be one of id, username, name or email")
}

// listUsersSorted runs q, whose order is not ascending ids, for the
// lower-cased search term.
func (tx *tx) listUsersSorted(ctx context.Context, q gatehouse.UserQuery, term string) ([]gatehouse.User, error) {
	keys, err := sortKeys(q.Sort)
	if err != nil {
		return nil, err
	}
	d, arg := byUsers, any(nil)
	switch {
	case term == "":
	case q.Name != "" || q.IDs != nil:
		d, arg = byUsersText, term
	default:
		match, common, err := tx.sortedMatch(ctx, term)
		switch {
		case err != nil:
			return nil, err
		case common:
			d, arg = byUsersText, term
		case match == "":
			return nil, nil
		default:
			d, arg = byIndex, match
		}
	}
	var after []any
	if q.AfterID != 0 {
		after, err = tx.sortCursor(ctx, keys, q.AfterID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	query, args, err := sortedQuery(q, keys, after, d, arg)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, tx.tx, scanUser, query, args...)
}

// sortedMatch returns the FTS5 query of the users whose text contains
// term, and whether more than sortedSearchLimit users match. An empty
// match that is not common matches nobody.
func (tx *tx) sortedMatch(ctx context.Context, term string) (match string, common bool, err error) {
	if utf8.RuneCountInString(term) >= minTrigramTerm {
		match = quote(term)
	} else if match, common, err = tx.shortTermMatch(ctx, term); err != nil || common || match == "" {
		return match, common, err
	}
	var n int
	err = tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM user_search_fts WHERE user_search_fts MATCH ? LIMIT ?)`,
		match, sortedSearchLimit+1).Scan(&n)
	return match, n > sortedSearchLimit, err
}

// sortCursor returns the sort keys and the id of the user with the id
// after; sql.ErrNoRows if there is none.
func (tx *tx) sortCursor(ctx context.Context, keys []string, after gatehouse.UserID) ([]any, error) {
	if len(keys) == 0 {
		return []any{after}, nil
	}
	vals := make([]string, len(keys))
	dest := make([]any, len(keys))
	for i := range vals {
		dest[i] = &vals[i]
	}
	err := tx.tx.QueryRowContext(ctx, `SELECT `+strings.Join(keys, `, `)+` FROM users u WHERE u.id = ?`, after).Scan(dest...)
	if err != nil {
		return nil, fmt.Errorf("the user to list after: %w", err)
	}
	cursor := make([]any, 0, len(keys)+1)
	for _, v := range vals {
		cursor = append(cursor, v)
	}
	return append(cursor, after), nil
}

// sortedQuery returns the SQL and arguments of q in the order of keys
// then id, after the row cursor (keys and id; nil for the first page),
// walking d: byUsers (the order's index), byUsersText (the order's index,
// testing each text for the term arg) or byIndex (the FTS5 query arg's
// matches, then sorted).
func sortedQuery(q gatehouse.UserQuery, keys []string, cursor []any, d drive, arg any) (string, []any, error) {
	var (
		from  string
		where = []string{`true`}
		args  []any
	)
	switch d {
	case byUsers:
		from = `users u`
	case byUsersText:
		from = `users u CROSS JOIN user_search s ON s.user_id = u.id`
		where = append(where, `instr(s.text, ?) > 0`)
		args = append(args, arg)
	case byIndex:
		from = `user_search_fts CROSS JOIN users u ON u.id = user_search_fts.rowid`
		where = append(where, `user_search_fts MATCH ?`)
		args = append(args, arg)
	default:
		return "", nil, fmt.Errorf("sorted query: cannot walk %d", d)
	}
	cols := append(keys[:len(keys):len(keys)], `u.id`)
	op, dir := `>`, ``
	if q.Desc {
		op, dir = `<`, ` DESC`
	}
	if cursor != nil {
		where = append(where, `(`+strings.Join(cols, `, `)+`) `+op+` (?`+strings.Repeat(`, ?`, len(cols)-1)+`)`)
		args = append(args, cursor...)
	}
	where, args, err := selection(q, where, args)
	if err != nil {
		return "", nil, err
	}
	args = append(args, limitArg(q.Limit))
	query := `SELECT ` + userColumns + ` FROM ` + from +
		` WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY ` + strings.Join(cols, dir+`, `) + dir + ` LIMIT ?`
	return query, args, nil
}
