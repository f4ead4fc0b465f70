package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// searchSep separates the fields of a user's search text. A search term
// containing it matches nothing, so a term can never match across fields.
const searchSep = "\x1f"

// minTrigramTerm is the length, in characters, from which a search uses the
// trigram index; FTS5's trigram tokenizer cannot match shorter terms.
const minTrigramTerm = 3

// searchText returns the text UserQuery.Search looks in for u, whose id is
// id: the decimal id, the name, the full name ("first last", which contains
// the first and the last name) and the email, lower-cased.
func searchText(id gatehouse.UserID, u *gatehouse.User) string {
	fields := []string{strconv.FormatInt(int64(id), 10), string(u.Name), u.FullName(), u.Email}
	for i, f := range fields {
		fields[i] = strings.ReplaceAll(f, searchSep, " ")
	}
	return strings.ToLower(strings.Join(fields, searchSep))
}

// ListUsers implements gatehouse.UserStore. Every query walks users in id
// order and stops at q.Limit, so a page costs about as much as the rows it
// has to look at: with Search, a term of three or more characters walks the
// trigram index's matches, and a shorter one scans user_search.
func (tx *tx) ListUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	// key is the id column of the table that drives the loop; ordering
	// and the keyset condition use it so that SQLite needs no sort.
	key, from := `u.id`, `users u`
	var where []string
	var args []any
	if q.Search != "" {
		term := strings.ToLower(q.Search)
		switch {
		case strings.Contains(term, searchSep):
			return nil, nil
		case utf8.RuneCountInString(term) >= minTrigramTerm:
			// A quoted FTS5 string is a phrase: the term's trigrams in
			// sequence, that is, the term as a substring.
			key, from = `user_search_fts.rowid`, `user_search_fts CROSS JOIN users u ON u.id = user_search_fts.rowid`
			where = append(where, `user_search_fts MATCH ?`)
			args = append(args, `"`+strings.ReplaceAll(term, `"`, `""`)+`"`)
		default:
			key, from = `s.user_id`, `user_search s CROSS JOIN users u ON u.id = s.user_id`
			where = append(where, `instr(s.text, ?) > 0`)
			args = append(args, term)
		}
	}
	where = append(where, key+` > ?`)
	args = append(args, q.AfterID)
	if !q.All {
		where = append(where, `u.hidden = 0`, `u.disabled = 0`, `u.deleted = 0`)
	}
	if q.Name != "" {
		where = append(where, `u.name = ?`, `u.deleted = 0`)
		args = append(args, q.Name)
	}
	if q.IDs != nil {
		ids, err := json.Marshal(q.IDs)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		where = append(where, `u.id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(ids))
	}
	limit := -1 // no limit
	if q.Limit > 0 {
		limit = q.Limit
	}
	args = append(args, limit)
	query := `SELECT ` + userColumns + ` FROM ` + from +
		` WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY ` + key + ` LIMIT ?`

	users, err := queryAll(ctx, tx.tx, scanUser, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}
