package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// sortedSearchLimit is how many users a sorted search for a term of one
// or two characters may find through users_search_short and sort: if
// more match, the term is common, and walking the order's index while
// testing each user's text fills a page sooner. (Longer terms are left
// to the planner, which knows from pg_trgm how common they are.) A
// variable so that tests can drive both paths with few users.
var sortedSearchLimit = 1000

// sortKeys returns the expressions, over the alias u, that s orders users
// by before their ids, as the indexes of migration 012 spell them: the
// collation "C" lower-cases ASCII letters only and compares bytes, as
// SQLite does.
func sortKeys(s gatehouse.UserSort) ([]string, error) {
	switch s {
	case gatehouse.SortByID:
		return nil, nil
	case gatehouse.SortByUsername:
		return []string{`lower(u.name COLLATE "C")`}, nil
	case gatehouse.SortByName:
		return []string{`lower(u.first_name COLLATE "C")`, `lower(u.last_name COLLATE "C")`}, nil
	case gatehouse.SortByEmail:
		return []string{`lower(u.email COLLATE "C")`}, nil
	}
	return nil, gatehouse.Invalid("sort", "must be one of id, username, name or email")
}

// listUsersSorted runs q, whose order is not ascending ids, for the
// lower-cased search term. The page after a user starts after that
// user's keys, which an index of the order serves.
func (tx *tx) listUsersSorted(ctx context.Context, q gatehouse.UserQuery, term string) ([]gatehouse.User, error) {
	keys, err := sortKeys(q.Sort)
	if err != nil {
		return nil, err
	}
	cols := append(keys[:len(keys):len(keys)], `u.id`)
	var w where
	if q.AfterID != 0 {
		cursor, err := tx.sortCursor(ctx, keys, q.AfterID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		op := `>`
		if q.Desc {
			op = `<`
		}
		marks := make([]string, len(cursor))
		for i, v := range cursor {
			w.args = append(w.args, v)
			marks[i] = fmt.Sprintf("$%d", len(w.args))
		}
		w.conds = append(w.conds, `(`+strings.Join(cols, `, `)+`) `+op+` (`+strings.Join(marks, `, `)+`)`)
	}
	switch {
	case term == "":
	case utf8.RuneCountInString(term) < minTrigramTerm && q.Name == "" && q.IDs == nil:
		tripled := "%" + likeEscaper.Replace(triple(term)) + "%"
		var n int
		err := tx.tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM users u WHERE gatehouse_triple(u.search_text) LIKE $1 LIMIT $2) m`,
			tripled, sortedSearchLimit+1).Scan(&n)
		if err != nil {
			return nil, err
		}
		if n <= sortedSearchLimit {
			w.add(`gatehouse_triple(u.search_text) LIKE $?`, tripled)
			break
		}
		fallthrough
	default:
		w.add(`u.search_text LIKE $?`, "%"+likeEscaper.Replace(term)+"%")
	}
	w.selection(q)
	dir := ``
	if q.Desc {
		dir = ` DESC`
	}
	query := `SELECT ` + userColumns + ` FROM users u` + w.sql() + ` ORDER BY ` + strings.Join(cols, dir+`, `) + dir
	query += w.limit(q.Limit)
	return queryAll(ctx, tx, scanUser, query, w.args...)
}

// sortCursor returns the sort keys and the id of the user with the id
// after; pgx.ErrNoRows if there is none.
func (tx *tx) sortCursor(ctx context.Context, keys []string, after gatehouse.UserID) ([]any, error) {
	if len(keys) == 0 {
		return []any{after}, nil
	}
	vals := make([]string, len(keys))
	dest := make([]any, len(keys))
	for i := range vals {
		dest[i] = &vals[i]
	}
	err := tx.tx.QueryRow(ctx, `SELECT `+strings.Join(keys, `, `)+` FROM users u WHERE u.id = $1`, after).Scan(dest...)
	if err != nil {
		return nil, fmt.Errorf("the user to list after: %w", err)
	}
	cursor := make([]any, 0, len(keys)+1)
	for _, v := range vals {
		cursor = append(cursor, v)
	}
	return append(cursor, after), nil
}
