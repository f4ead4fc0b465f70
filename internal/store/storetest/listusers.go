package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// listUsers runs ListUsers and fails the test on error.
func listUsers(t *testing.T, s gatehouse.Store, q gatehouse.UserQuery) []gatehouse.User {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) { return tx.ListUsers(ctx, q) })
}

// userIDs returns the ids of users.
func userIDs(users []gatehouse.User) []gatehouse.UserID {
	ids := []gatehouse.UserID{}
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return ids
}

// createUsers stores users in order and returns them with their ids.
func createUsers(t *testing.T, s gatehouse.Store, users []gatehouse.User) []gatehouse.User {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		for i := range users {
			if err := tx.CreateUser(ctx, &users[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return users
}

func testListUsers(t *testing.T, s gatehouse.Store) {
	var users []gatehouse.User
	for _, f := range []struct {
		name                      string
		hidden, disabled, deleted bool
	}{
		{name: "alice"},
		{name: "bob", hidden: true},
		{name: "carol", disabled: true},
		{name: "dave", deleted: true},
		{name: "erin"},
		{name: "frank", hidden: true, disabled: true},
		{name: "dave"},
		{name: "gina"},
	} {
		u := newUser(f.name)
		u.Hidden, u.Disabled, u.Deleted = f.hidden, f.disabled, f.deleted
		users = append(users, u)
	}
	users = createUsers(t, s, users)
	id := func(i int) gatehouse.UserID { return users[i-1].ID } // id(1) is alice

	tests := []struct {
		name string
		q    gatehouse.UserQuery
		want []int // positions in users, from 1
	}{
		{"zero query lists visible users", gatehouse.UserQuery{}, []int{1, 5, 7, 8}},
		{"All", gatehouse.UserQuery{All: true}, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"Name", gatehouse.UserQuery{Name: "alice"}, []int{1}},
		{"Name of a hidden user", gatehouse.UserQuery{Name: "bob"}, nil},
		{"Name of a hidden user, All", gatehouse.UserQuery{Name: "bob", All: true}, []int{2}},
		{"Name of a disabled user, All", gatehouse.UserQuery{Name: "carol", All: true}, []int{3}},
		{"Name skips deleted users", gatehouse.UserQuery{Name: "dave", All: true}, []int{7}},
		{"Name unknown", gatehouse.UserQuery{Name: "nobody", All: true}, nil},
		{"Name is exact", gatehouse.UserQuery{Name: "alic", All: true}, nil},
		{"IDs", gatehouse.UserQuery{IDs: []gatehouse.UserID{id(8), id(2), id(1), id(8) + 100}}, []int{1, 8}},
		{"IDs, All", gatehouse.UserQuery{IDs: []gatehouse.UserID{id(8), id(2), id(1), id(4)}, All: true}, []int{1, 2, 4, 8}},
		{"IDs empty selects nothing", gatehouse.UserQuery{IDs: []gatehouse.UserID{}, All: true}, nil},
		{"IDs and Name", gatehouse.UserQuery{IDs: []gatehouse.UserID{id(1), id(5)}, Name: "erin"}, []int{5}},
		{"AfterID", gatehouse.UserQuery{AfterID: id(1)}, []int{5, 7, 8}},
		{"AfterID past the end", gatehouse.UserQuery{AfterID: id(8), All: true}, nil},
		{"Limit", gatehouse.UserQuery{Limit: 2}, []int{1, 5}},
		{"Limit larger than the result", gatehouse.UserQuery{Limit: 100}, []int{1, 5, 7, 8}},
		{"AfterID and Limit", gatehouse.UserQuery{AfterID: id(5), Limit: 1}, []int{7}},
		{"AfterID and Limit, All", gatehouse.UserQuery{AfterID: id(3), Limit: 3, All: true}, []int{4, 5, 6}},
		{"AfterID of a hidden user", gatehouse.UserQuery{AfterID: id(2)}, []int{5, 7, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := []gatehouse.UserID{}
			for _, i := range tt.want {
				want = append(want, id(i))
			}
			got := listUsers(t, s, tt.q)
			if !slices.Equal(userIDs(got), want) {
				t.Errorf("ListUsers(%+v) = users %v, want %v", tt.q, userIDs(got), want)
			}
		})
	}

	// Listed users carry every field.
	got := listUsers(t, s, gatehouse.UserQuery{Name: "alice"})
	if len(got) == 1 {
		checkEqual(t, "ListUsers(alice)", got[0], users[0])
	}
}

func testListUsersPages(t *testing.T, s gatehouse.Store) {
	var users []gatehouse.User
	for i := range 23 {
		u := newUser(fmt.Sprintf("user%02d", i))
		u.Hidden = i%5 == 0
		users = append(users, u)
	}
	users = createUsers(t, s, users)

	for _, all := range []bool{false, true} {
		var want []gatehouse.UserID
		for _, u := range users {
			if all || !u.Hidden {
				want = append(want, u.ID)
			}
		}
		for _, limit := range []int{1, 4, 5, 22, 23} {
			t.Run(fmt.Sprintf("all=%v/limit=%d", all, limit), func(t *testing.T) {
				var got []gatehouse.UserID
				q := gatehouse.UserQuery{All: all, Limit: limit}
				for range len(users) + 1 {
					page := userIDs(listUsers(t, s, q))
					if len(page) > limit {
						t.Fatalf("ListUsers(%+v) returned %d users", q, len(page))
					}
					got = append(got, page...)
					if len(page) < limit {
						break
					}
					q.AfterID = page[len(page)-1]
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages = %v, want %v", got, want)
				}
			})
		}
	}
}

// matches is the reference for UserQuery.Search: whether term, ignoring
// case, is part of u's name, decimal id, first, last or full name, email or
// company.
func matches(u gatehouse.User, term string) bool {
	term = strings.ToLower(term)
	for _, f := range []string{string(u.Name), strconv.FormatInt(int64(u.ID), 10), u.FirstName, u.LastName, u.FullName(), u.Email, u.Company} {
		if strings.Contains(strings.ToLower(f), term) {
			return true
		}
	}
	return false
}

func testListUsersSearch(t *testing.T, s gatehouse.Store) {
	person := func(name, first, last, email string) gatehouse.User {
		u := newUser(name)
		u.FirstName, u.LastName, u.Email = first, last, email
		return u
	}
	users := createUsers(t, s, []gatehouse.User{
		person("alice", "Alice", "Anderson", "alice@example.com"),
		person("bob_smith", "Bob", "Smith", "Bob.Smith@Example.ORG"),
		person("carol", "Carol", "", "carol@corp.example"),
		person("dmitri", "", "Ivanov", ""),
		person("eve", "Élodie", "Ëvans", "eve%x@example.com"),
		person("frank", "Frank", `O"Neil`, "frank@example.net"),
		func() gatehouse.User { u := person("hidden", "Alice", "Hidden", ""); u.Hidden = true; return u }(),
		person("Alice.B", "", "", ""),
		func() gatehouse.User { u := person("grace", "", "", ""); u.Company = "Joyent Triton"; return u }(),
	})
	id := func(i int) gatehouse.UserID { return users[i-1].ID }

	tests := []struct {
		name string
		q    gatehouse.UserQuery
		want []int // positions in users, from 1
	}{
		{"username, first name", gatehouse.UserQuery{Search: "alice", All: true}, []int{1, 7, 8}},
		{"upper case", gatehouse.UserQuery{Search: "ALICE", All: true}, []int{1, 7, 8}},
		{"hidden users left out", gatehouse.UserQuery{Search: "alice"}, []int{1, 8}},
		{"full name", gatehouse.UserQuery{Search: "ice And", All: true}, []int{1}},
		{"last name", gatehouse.UserQuery{Search: "IVANOV", All: true}, []int{4}},
		{"last name only set", gatehouse.UserQuery{Search: "ivan", All: true}, []int{4}},
		{"not across username and name", gatehouse.UserQuery{Search: "dmitri ivanov", All: true}, nil},
		{"not across username and first name", gatehouse.UserQuery{Search: "carolcarol", All: true}, nil},
		{"email", gatehouse.UserQuery{Search: "example.org", All: true}, []int{2}},
		{"email, several", gatehouse.UserQuery{Search: "@example.", All: true}, []int{1, 2, 5, 6}},
		{"one letter", gatehouse.UserQuery{Search: "b", All: true}, []int{2, 8}},
		{"two letters", gatehouse.UserQuery{Search: "an", All: true}, []int{1, 4, 5, 6}},
		{"underscore is literal", gatehouse.UserQuery{Search: "_", All: true}, []int{2}},
		{"percent is literal", gatehouse.UserQuery{Search: "%", All: true}, []int{5}},
		{"percent in a longer term", gatehouse.UserQuery{Search: "e%x@", All: true}, []int{5}},
		{"quote", gatehouse.UserQuery{Search: `"`, All: true}, []int{6}},
		{"quote in a longer term", gatehouse.UserQuery{Search: `o"ne`, All: true}, []int{6}},
		{"FTS syntax is literal", gatehouse.UserQuery{Search: `alice OR bob`, All: true}, nil},
		{"star is literal", gatehouse.UserQuery{Search: `ali*`, All: true}, nil},
		{"non-ASCII", gatehouse.UserQuery{Search: "élodie", All: true}, []int{5}},
		{"non-ASCII upper case", gatehouse.UserQuery{Search: "ÉLODIE ËV", All: true}, []int{5}},
		{"non-ASCII, two letters", gatehouse.UserQuery{Search: "Ëv", All: true}, []int{5}},
		{"company", gatehouse.UserQuery{Search: "TRITON", All: true}, []int{9}},
		{"company, two letters", gatehouse.UserQuery{Search: "yE", All: true}, []int{9}},
		{"not across email and company", gatehouse.UserQuery{Search: "grace joyent", All: true}, nil},
		{"nothing matches", gatehouse.UserQuery{Search: "zzz", All: true}, nil},
		{"nothing matches, short", gatehouse.UserQuery{Search: "q", All: true}, nil},
		{"with AfterID and Limit", gatehouse.UserQuery{Search: "alice", All: true, AfterID: id(1), Limit: 1}, []int{7}},
		{"with IDs", gatehouse.UserQuery{Search: "alice", All: true, IDs: []gatehouse.UserID{id(2), id(7), id(8)}}, []int{7, 8}},
		{"with Name", gatehouse.UserQuery{Search: "smith", Name: "bob_smith"}, []int{2}},
		{"with another Name", gatehouse.UserQuery{Search: "smith", Name: "alice"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []gatehouse.UserID
			for _, i := range tt.want {
				want = append(want, id(i))
			}
			if ref := referenceSearch(users, tt.q); !slices.Equal(want, ref) {
				t.Fatalf("bad test: want %v, the reference says %v", want, ref)
			}
			got := userIDs(listUsers(t, s, tt.q))
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("ListUsers(%+v) = users %v, want %v", tt.q, got, want)
			}
			if tt.q.Limit == 0 {
				checkPages(t, s, tt.q, 2, want)
			}
		})
	}
}

// checkPages lists the users q selects in pages of limit users and checks
// that the pages add up to want.
func checkPages(t *testing.T, s gatehouse.Store, q gatehouse.UserQuery, limit int, want []gatehouse.UserID) {
	t.Helper()
	q.Limit = limit
	var got []gatehouse.UserID
	for range len(want) + 1 {
		page := userIDs(listUsers(t, s, q))
		got = append(got, page...)
		if len(page) < limit {
			break
		}
		q.AfterID = page[len(page)-1]
	}
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("ListUsers(%+v) in pages of %d = users %v, want %v", q, limit, got, want)
	}
}

// referenceSearch returns the ids of the users that q selects, computed
// with matches. It ignores q.Name, which the tests pair with Search only
// where the result is obvious.
func referenceSearch(users []gatehouse.User, q gatehouse.UserQuery) []gatehouse.UserID {
	var ids []gatehouse.UserID
	for _, u := range users {
		switch {
		case !q.All && (u.Hidden || u.Disabled || u.Deleted),
			q.Name != "" && (u.Name != q.Name || u.Deleted),
			q.IDs != nil && !slices.Contains(q.IDs, u.ID),
			u.ID <= q.AfterID,
			!matches(u, q.Search):
			continue
		}
		if q.Limit > 0 && len(ids) == q.Limit {
			break
		}
		ids = append(ids, u.ID)
	}
	return ids
}

func testListUsersSearchIDs(t *testing.T, s gatehouse.Store) {
	// Names without digits, so that only ids match digits.
	var users []gatehouse.User
	for i := range 123 {
		name := strings.Map(func(r rune) rune { return 'a' + (r - '0') }, fmt.Sprintf("%03d", i))
		u := gatehouse.User{Name: gatehouse.UserName("u-" + name), FirstName: "Num", LastName: name}
		u.Deleted = i%10 == 3
		users = append(users, u)
	}
	users = createUsers(t, s, users)

	for _, term := range []string{"1", "7", "12", "99", "100", "110", "121", "1000", "u-b"} {
		for _, limit := range []int{0, 5} {
			t.Run(fmt.Sprintf("%s/limit=%d", term, limit), func(t *testing.T) {
				q := gatehouse.UserQuery{Search: term, All: true, Limit: limit}
				for range len(users) + 1 {
					want := referenceSearch(users, q)
					got := userIDs(listUsers(t, s, q))
					if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
						t.Fatalf("ListUsers(%+v) = users %v, want %v", q, got, want)
					}
					if limit == 0 || len(got) < limit {
						break
					}
					q.AfterID = got[len(got)-1]
				}
			})
		}
	}
}

func testListUsersSearchMany(t *testing.T, s gatehouse.Store) {
	// Random users over a small alphabet, so that every short term occurs
	// in many users and in many combinations.
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefghijklmnopqrstuvwxyzéöABCDEFGHIJKLMNOPQRSTUVWXYZÉÖ0123456789 .-_@'"
	alphabet := []rune(letters)
	word := func(runes []rune, n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		return b.String()
	}
	nameRunes := []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
	var users []gatehouse.User
	for i := range 400 {
		u := gatehouse.User{
			Name:      gatehouse.UserName(fmt.Sprintf("%s%d", word(nameRunes, 1+rng.IntN(8)), i)),
			FirstName: word(alphabet, rng.IntN(10)),
			LastName:  word(alphabet, rng.IntN(10)),
			Email:     word(alphabet, rng.IntN(20)),
			Company:   word(alphabet, rng.IntN(12)),
			Hidden:    rng.IntN(10) == 0,
			Deleted:   rng.IntN(10) == 0,
		}
		users = append(users, u)
	}
	users = createUsers(t, s, users)

	// Every character, both cases; pieces of the users' fields; terms
	// that are unlikely to match.
	terms := map[string]bool{}
	for _, r := range alphabet {
		terms[string(r)] = true
	}
	for range 80 {
		u := users[rng.IntN(len(users))]
		f := []rune(u.FullName() + " " + u.Email + " " + u.Company)
		if len(f) < 4 {
			continue
		}
		n := 2 + rng.IntN(3)
		i := rng.IntN(len(f) - n + 1)
		terms[string(f[i:i+n])] = true
	}
	for range 20 {
		terms[word(alphabet, 2+rng.IntN(3))] = true
	}

	for term := range terms {
		for _, q := range []gatehouse.UserQuery{
			{Search: term, All: true},
			{Search: term, Limit: 7},
			{Search: term, All: true, AfterID: users[len(users)/2].ID, Limit: 3},
		} {
			want := referenceSearch(users, q)
			got := userIDs(listUsers(t, s, q))
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("ListUsers(%+v) = users %v, want %v", q, got, want)
			}
		}
	}
}

func testListUsersSearchAfterUpdate(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	search := func(term string) []gatehouse.UserID {
		t.Helper()
		return userIDs(listUsers(t, s, gatehouse.UserQuery{Search: term, All: true}))
	}

	changed := alice
	changed.Name, changed.FirstName, changed.LastName, changed.Email, changed.Company = "zelda", "Zelda", "Quux", "zq@example.org", "Hyrule Inc"
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, changed) })
	// Updates that leave the searched fields alone keep the user findable.
	changed.TokenGeneration++
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, changed) })

	tests := []struct {
		term string
		want []gatehouse.UserID
	}{
		{"alice", nil},
		{"al", nil},
		{"zelda", []gatehouse.UserID{alice.ID}},
		{"zelda quux", []gatehouse.UserID{alice.ID}},
		{"zq@", []gatehouse.UserID{alice.ID}},
		{"zq", []gatehouse.UserID{alice.ID}},
		{"hyrule", []gatehouse.UserID{alice.ID}},
		{"bob", []gatehouse.UserID{bob.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			got := search(tt.term)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Search(%q) = %v, want %v", tt.term, got, tt.want)
			}
		})
	}
}
