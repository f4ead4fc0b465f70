package sqlite

import (
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// TestSortedQueryPlans checks that sorted listings without search, and
// sorted searches for common terms, walk the order's index without
// sorting, so that LIMIT stops them early.
func TestSortedQueryPlans(t *testing.T) {
	db := openTest(t)
	seedSearch(t, db)
	tests := []struct {
		name   string
		q      gatehouse.UserQuery
		cursor []any
		d      drive
		arg    any
		want   string // in some line of the plan
	}{
		{"username", gatehouse.UserQuery{Sort: gatehouse.SortByUsername, Limit: 50}, nil, byUsers, nil, "users_sort_username"},
		{"username, next page", gatehouse.UserQuery{Sort: gatehouse.SortByUsername, Limit: 50}, []any{"xa1", 3}, byUsers, nil, "users_sort_username"},
		{"name, descending", gatehouse.UserQuery{Sort: gatehouse.SortByName, Desc: true, All: true, Limit: 50}, []any{"a", "b", 3}, byUsers, nil, "users_sort_name"},
		{"email, common term", gatehouse.UserQuery{Sort: gatehouse.SortByEmail, Limit: 50}, []any{"a", 3}, byUsersText, "a", "users_sort_email"},
		{"id, descending", gatehouse.UserQuery{Desc: true, Limit: 50}, []any{3}, byUsers, nil, "SEARCH u USING INTEGER PRIMARY KEY (rowid<?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := sortKeys(tt.q.Sort)
			if err != nil {
				t.Fatal(err)
			}
			query, args, err := sortedQuery(tt.q, keys, tt.cursor, tt.d, tt.arg)
			if err != nil {
				t.Fatal(err)
			}
			text := queryPlan(t, db, query, args...)
			if strings.Contains(text, "TEMP B-TREE") || !strings.Contains(text, tt.want) {
				t.Errorf("plan:\n%s\nwant no TEMP B-TREE and %q", text, tt.want)
			}
		})
	}
}
