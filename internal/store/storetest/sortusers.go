package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// asciiLower lower-cases the ASCII letters of s only, as UserSort compares.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// referenceSort returns the ids of the users q selects, in q's order,
// ignoring q.AfterID and q.Limit.
func referenceSort(users []gatehouse.User, q gatehouse.UserQuery) []gatehouse.UserID {
	sel := q
	sel.AfterID, sel.Limit, sel.Sort, sel.Desc = 0, 0, gatehouse.SortByID, false
	ids := referenceSearch(users, sel)
	byID := map[gatehouse.UserID]gatehouse.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	keys := func(u gatehouse.User) []string {
		switch q.Sort {
		case gatehouse.SortByUsername:
			return []string{asciiLower(string(u.Name))}
		case gatehouse.SortByName:
			return []string{asciiLower(u.FirstName), asciiLower(u.LastName)}
		case gatehouse.SortByEmail:
			return []string{asciiLower(u.Email)}
		}
		return nil
	}
	slices.SortFunc(ids, func(a, b gatehouse.UserID) int {
		c := cmp.Or(slices.Compare(keys(byID[a]), keys(byID[b])), cmp.Compare(a, b))
		if q.Desc {
			return -c
		}
		return c
	})
	return ids
}

func testListUsersSort(t *testing.T, s gatehouse.Store) {
	person := func(name, first, last, email string, hidden bool) gatehouse.User {
		u := newUser(name)
		u.FirstName, u.LastName, u.Email, u.Hidden = first, last, email, hidden
		return u
	}
	users := createUsers(t, s, []gatehouse.User{
		person("zoe", "Zoe", "Adams", "zoe@example.com", false),
		person("Bob", "bob", "Brown", "B@example.org", false),
		person("alice", "Alice", "Zimmer", "alice@corp.example", false),
		person("bob2", "Bob", "Brown", "bob@example.org", false),
		person("carl", "", "Young", "", false),
		person("elodie", "Élodie", "Martin", "elodie@example.com", false),
		person("elan", "élan", "Vital", "Elan@Example.com", false),
		person("hugo", "Hugo", "Hidden", "hugo@example.com", true),
		person("Alice_B", "alice", "Anderson", "ab@example.com", false),
		person("dan", "Dan", "", "DAN@example.net", false),
	})

	var queries []gatehouse.UserQuery
	for _, sort := range gatehouse.UserSorts {
		for _, desc := range []bool{false, true} {
			for _, search := range []string{"", "a", "an", "example", "b@", "zzz"} {
				for _, all := range []bool{false, true} {
					queries = append(queries, gatehouse.UserQuery{Sort: sort, Desc: desc, Search: search, All: all})
				}
			}
			queries = append(queries, gatehouse.UserQuery{Sort: sort, Desc: desc, IDs: userIDs(users[1:6])},
				gatehouse.UserQuery{Sort: sort, Desc: desc, Search: "o", IDs: userIDs(users[1:6])},
				gatehouse.UserQuery{Sort: sort, Desc: desc, Name: "alice"})
		}
	}
	for _, q := range queries {
		t.Run(fmt.Sprintf("%s/desc=%v/search=%q/all=%v/ids=%d/name=%s", cmp.Or(string(q.Sort), "id"), q.Desc, q.Search, q.All, len(q.IDs), q.Name), func(t *testing.T) {
			want := referenceSort(users, q)
			if got := userIDs(listUsers(t, s, q)); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("ListUsers(%+v) = users %v, want %v", q, got, want)
			}
			checkPages(t, s, q, 2, want)
			checkPages(t, s, q, 3, want)
		})
	}

	// A page after a user who does not exist is empty; an unknown order
	// is refused, naming the field.
	q := gatehouse.UserQuery{Sort: gatehouse.SortByName, AfterID: users[len(users)-1].ID + 100, All: true}
	if got := listUsers(t, s, q); len(got) != 0 {
		t.Errorf("ListUsers(%+v) = %d users, want none", q, len(got))
	}
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.ListUsers(ctx, gatehouse.UserQuery{Sort: "shoe size"})
	})
	var fe *gatehouse.FieldError
	if !errors.As(err, &fe) || fe.Field != "sort" {
		t.Errorf("ListUsers sorted by shoe size: %v, want a FieldError on sort", err)
	}
}
