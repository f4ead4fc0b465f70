package sqlite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func TestSearchText(t *testing.T) {
	u := gatehouse.User{Name: "Alice.B", FirstName: "Álice", LastName: "B\x1fond", Email: "AB@Example.COM", Company: "ACME Ltd"}
	got := searchText(42, &u)
	want := "42\x1falice.b\x1fálice b ond\x1fab@example.com\x1facme ltd\x1f\x1f"
	if got != want {
		t.Errorf("searchText = %q, want %q", got, want)
	}
}

// seedSearch creates users whose names make "a" start more than
// maxShortTermTrigrams trigrams, and "q" start one.
func seedSearch(t *testing.T, db *DB) {
	t.Helper()
	err := db.Update(t.Context(), func(tx gatehouse.Tx) error {
		for _, c := range "0123456789abcdefghijklmnopqrstuvwxyz" {
			u := gatehouse.User{Name: gatehouse.UserName("xa" + string(c))}
			if err := tx.CreateUser(t.Context(), &u); err != nil {
				return err
			}
		}
		return tx.CreateUser(t.Context(), &gatehouse.User{Name: "q"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShortTermMatch(t *testing.T) {
	db := openTest(t)
	seedSearch(t, db)
	tests := []struct {
		term      string
		wantMatch string
		wantMany  bool
	}{
		{"a", "", true},
		{"x", "", true},
		{"xa", "", true},
		{"q", `"q` + "\x1f\x1f" + `"`, false},
		{"a5", `"a5` + "\x1f" + `"`, false},
		{"zz", "", false},
		{"é", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			err := db.View(t.Context(), func(gtx gatehouse.Tx) error {
				match, many, err := gtx.(*tx).shortTermMatch(t.Context(), tt.term)
				if match != tt.wantMatch || many != tt.wantMany {
					t.Errorf("shortTermMatch(%q) = %q, %v; want %q, %v", tt.term, match, many, tt.wantMatch, tt.wantMany)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestListUsersQueryPlans checks that every form of ListUsers query walks
// its driving table in id order, without sorting, so that LIMIT stops it
// early.
func TestListUsersQueryPlans(t *testing.T) {
	db := openTest(t)
	seedSearch(t, db)
	tests := []struct {
		name string
		q    gatehouse.UserQuery
		d    drive
		arg  any
		want string // in some line of the plan
	}{
		{"first page", gatehouse.UserQuery{Limit: 50}, byUsers, nil, "SEARCH u USING INTEGER PRIMARY KEY (rowid>?)"},
		{"next page", gatehouse.UserQuery{AfterID: 10, Limit: 50}, byUsers, nil, "SEARCH u USING INTEGER PRIMARY KEY (rowid>?)"},
		{"all", gatehouse.UserQuery{All: true, AfterID: 10, Limit: 50}, byUsers, nil, "SEARCH u USING INTEGER PRIMARY KEY (rowid>?)"},
		{"name", gatehouse.UserQuery{Name: "xa0"}, byUsers, nil, "SEARCH u USING INDEX users_live_name (name=?"},
		{"name and search", gatehouse.UserQuery{Name: "xa0"}, byUsersText, "a", "SEARCH u USING INDEX users_live_name (name=?"},
		{"index", gatehouse.UserQuery{Limit: 50}, byIndex, `"alice"`, "SCAN user_search_fts VIRTUAL TABLE"},
		{"scan", gatehouse.UserQuery{AfterID: 10, Limit: 50}, byScan, "a", "SEARCH s USING INTEGER PRIMARY KEY (rowid>?)"},
		{"window", gatehouse.UserQuery{AfterID: 10, Limit: 50}, byWindow, "a", "SEARCH user_search USING INTEGER PRIMARY KEY (rowid>?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query, args, err := usersQuery(tt.q, tt.d, tt.arg)
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

func TestSearchSeparatorMatchesNothing(t *testing.T) {
	db := openTest(t)
	seedSearch(t, db)
	for _, term := range []string{"\x1f", "xa0\x1f", "\x1fxa"} {
		err := db.View(t.Context(), func(tx gatehouse.Tx) error {
			users, err := tx.ListUsers(t.Context(), gatehouse.UserQuery{Search: term, All: true})
			if len(users) != 0 {
				t.Errorf("Search %q found %d users", term, len(users))
			}
			return err
		})
		if err != nil {
			t.Fatal(fmt.Errorf("search %q: %w", term, err))
		}
	}
}

// queryPlan returns SQLite's plan for query, one step a line.
func queryPlan(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	var plan []string
	err := db.View(t.Context(), func(gtx gatehouse.Tx) error {
		rows, err := gtx.(*tx).tx.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}
