package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// How ListUsers searches. Every query walks users in id order and stops at
// the limit, so a page costs about as much as the rows it looks at before
// the page is full:
//
//   - A term of three or more characters is a phrase for the trigram index
//     user_search_fts, which yields the matching users in id order.
//   - A shorter term is first looked for by scanning the next scanWindow
//     rows of user_search. A common term fills the page there. If it does
//     not, the term is rare, and the index's vocabulary lists the trigrams
//     that start with it (cheaply, since their doclists are short): none
//     means no more users match, a few become an OR query, and many (more
//     than maxShortTermTrigrams) send the search back to scanning.
//   - With Name or IDs, which select few users, the search tests those
//     users' text directly.
//
// These are variables so that tests can drive every path with few users.
var (
	scanWindow           = 4096
	maxShortTermTrigrams = 32
)

// searchSep separates the fields of a user's search text. A search term
// containing it matches nothing, so a term can never match across fields.
const searchSep = "\x1f"

// minTrigramTerm is the length, in characters, of the shortest term the
// trigram index can match as a phrase.
const minTrigramTerm = 3

// searchText returns the text UserQuery.Search looks in for u, whose id is
// id: the decimal id, the name, the full name ("first last", which contains
// the first and the last name), the email and the company, lower-cased,
// separated and followed by two searchSep. The trailing pair makes every character of the
// fields the first of some trigram, so a term of one or two characters can
// be found in the trigram index's vocabulary by prefix.
func searchText(id gatehouse.UserID, u *gatehouse.User) string {
	fields := []string{strconv.FormatInt(int64(id), 10), string(u.Name), u.FullName(), u.Email, u.Company, "", ""}
	for i, f := range fields {
		fields[i] = strings.ReplaceAll(f, searchSep, " ")
	}
	return strings.ToLower(strings.Join(fields, searchSep))
}

// quote returns s as an FTS5 string, which the trigram tokenizer turns into
// a phrase: s's trigrams in sequence, that is, s as a substring.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ListUsers implements gatehouse.UserStore.
func (tx *tx) ListUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	users, err := tx.listUsers(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}

// listUsers picks the way to run q; see the comment on scanWindow.
func (tx *tx) listUsers(ctx context.Context, q gatehouse.UserQuery) ([]gatehouse.User, error) {
	term := strings.ToLower(q.Search)
	switch {
	case strings.Contains(term, searchSep):
		return nil, nil
	case q.Sort != gatehouse.SortByID || q.Desc:
		return tx.listUsersSorted(ctx, q, term)
	case q.Search == "":
		return tx.queryUsers(ctx, q, byUsers, nil)
	case q.Name != "" || q.IDs != nil:
		return tx.queryUsers(ctx, q, byUsersText, term)
	case utf8.RuneCountInString(term) >= minTrigramTerm:
		return tx.queryUsers(ctx, q, byIndex, quote(term))
	case q.Limit <= 0:
		return tx.queryUsers(ctx, q, byScan, term)
	}

	users, err := tx.queryUsers(ctx, q, byWindow, term)
	if err != nil || len(users) == q.Limit {
		return users, err
	}
	// The page is not full: go on after the window, if it did not reach
	// the last user.
	var end gatehouse.UserID
	err = tx.tx.QueryRowContext(ctx, `SELECT user_id FROM user_search WHERE user_id > ? ORDER BY user_id LIMIT 1 OFFSET ?`,
		q.AfterID, scanWindow-1).Scan(&end)
	if errors.Is(err, sql.ErrNoRows) {
		return users, nil
	}
	if err != nil {
		return nil, err
	}
	rest := q
	rest.AfterID, rest.Limit = end, q.Limit-len(users)
	match, many, err := tx.shortTermMatch(ctx, term)
	var more []gatehouse.User
	switch {
	case err != nil:
		return nil, err
	case many:
		more, err = tx.queryUsers(ctx, rest, byScan, term)
	case match == "":
		// The term starts no trigram: it is nowhere.
	default:
		more, err = tx.queryUsers(ctx, rest, byIndex, match)
	}
	return append(users, more...), err
}

// shortTermMatch returns an FTS5 query for the users whose text contains
// term, which has fewer than minTrigramTerm characters: the trigrams that
// start with term, ORed. It returns "" if there are none, and many if there
// are more than maxShortTermTrigrams.
func (tx *tx) shortTermMatch(ctx context.Context, term string) (match string, many bool, err error) {
	// Every trigram that starts with term sorts between term and term
	// followed by the highest code point.
	rows, err := tx.tx.QueryContext(ctx, `SELECT term FROM user_search_vocab WHERE term >= ? AND term < ? LIMIT ?`,
		term, term+"\U0010FFFF", maxShortTermTrigrams+1)
	if err != nil {
		return "", false, err
	}
	defer rows.Close()
	var trigrams []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return "", false, err
		}
		trigrams = append(trigrams, quote(t))
	}
	if err := rows.Err(); err != nil {
		return "", false, err
	}
	if len(trigrams) > maxShortTermTrigrams {
		return "", true, nil
	}
	return strings.Join(trigrams, " OR "), false, nil
}

// drive names the table whose rows, in id order, a ListUsers query walks.
type drive int

const (
	byUsers     drive = iota // users; no search
	byUsersText              // users, testing each one's search text
	byIndex                  // the trigram index's matches; the argument is an FTS5 query
	byScan                   // user_search, testing each text
	byWindow                 // the next scanWindow rows of user_search, testing each text
)

// queryUsers runs the query for q that walks d. arg is the FTS5 query for
// byIndex, the lower-cased search term for the other searches.
func (tx *tx) queryUsers(ctx context.Context, q gatehouse.UserQuery, d drive, arg any) ([]gatehouse.User, error) {
	query, args, err := usersQuery(q, d, arg)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, tx.tx, scanUser, query, args...)
}

// usersQuery returns the SQL and arguments of the query for q that walks
// d. Ordering and the keyset condition use the id column of the table that
// drives the loop, so that SQLite needs no sort and LIMIT stops it early.
func usersQuery(q gatehouse.UserQuery, d drive, arg any) (string, []any, error) {
	var (
		from, key string
		where     []string
		args      []any
	)
	switch d {
	case byUsers:
		from, key = `users u`, `u.id`
	case byUsersText:
		from, key = `users u JOIN user_search s ON s.user_id = u.id`, `u.id`
		where = append(where, `instr(s.text, ?) > 0`)
		args = append(args, arg)
	case byIndex:
		from, key = `user_search_fts CROSS JOIN users u ON u.id = user_search_fts.rowid`, `user_search_fts.rowid`
		where = append(where, `user_search_fts MATCH ?`)
		args = append(args, arg)
	case byScan:
		from, key = `user_search s CROSS JOIN users u ON u.id = s.user_id`, `s.user_id`
		where = append(where, `instr(s.text, ?) > 0`)
		args = append(args, arg)
	case byWindow:
		from, key = `(SELECT user_id, text FROM user_search WHERE user_id > ? ORDER BY user_id LIMIT ?) s
			CROSS JOIN users u ON u.id = s.user_id`, `s.user_id`
		where = append(where, `instr(s.text, ?) > 0`)
		args = append(args, q.AfterID, scanWindow, arg)
	}
	where = append(where, key+` > ?`)
	args = append(args, q.AfterID)
	where, args, err := selection(q, where, args)
	if err != nil {
		return "", nil, err
	}
	args = append(args, limitArg(q.Limit))
	query := `SELECT ` + userColumns + ` FROM ` + from +
		` WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY ` + key + ` LIMIT ?`
	return query, args, nil
}

// selection appends to where and args the conditions of q's All, Name and
// IDs, over the alias u.
func selection(q gatehouse.UserQuery, where []string, args []any) ([]string, []any, error) {
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
			return nil, nil, err
		}
		where = append(where, `u.id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(ids))
	}
	return where, args, nil
}

// limitArg is the argument of LIMIT for a page size: -1, no limit, for 0.
func limitArg(limit int) int {
	if limit > 0 {
		return limit
	}
	return -1
}
