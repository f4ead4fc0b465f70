package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// userByID reads the user with id.
func userByID(t *testing.T, s gatehouse.Store, id gatehouse.UserID) (gatehouse.User, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) { return tx.UserByID(ctx, id) })
}

// userByName reads the live user named name.
func userByName(t *testing.T, s gatehouse.Store, name gatehouse.UserName) (gatehouse.User, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) { return tx.UserByName(ctx, name) })
}

func testCreateUser(t *testing.T, s gatehouse.Store) {
	full := newUser("alice")
	full.Hidden, full.Disabled = true, true
	full.DisabledReason = gatehouse.DisabledDormant
	full.EnabledAt = at(-2 * time.Hour)
	full.TokenGeneration = 7
	full.LastTenantID = 42 // need not exist
	full.PasswordChangedAt = at(-1234567 * time.Microsecond)
	full.Company, full.Phone = "Joyent", "+1 (555) 010-0199 x42"
	tests := []struct {
		name string
		user gatehouse.User
	}{
		{"every field", full},
		{"zero fields", gatehouse.User{Name: "bob"}},
		{"deleted", func() gatehouse.User { u := newUser("carol"); u.Deleted = true; return u }()},
		// Sub-users of two accounts may share a login; their usernames
		// differ by the account.
		{"sub-user", func() gatehouse.User { u := newUser("acme/mark"); u.Account = 7; return u }()},
		{"sub-user of another account", func() gatehouse.User { u := newUser("bolt/mark"); u.Account = 8; return u }()},
		{"unicode", func() gatehouse.User {
			u := newUser("dmitri")
			u.FirstName, u.LastName, u.Email = "Дмитрий", "Ёлкин", "дима@example.com"
			u.Company, u.Phone = "Ёлка", "+7 495 ٠١٢-٣٤"
			return u
		}()},
	}
	var lastID gatehouse.UserID
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := createUser(t, s, tt.user)
			if u.ID <= lastID {
				t.Errorf("CreateUser set ID %d, want more than %d", u.ID, lastID)
			}
			lastID = u.ID
			want := tt.user
			want.ID = u.ID

			got, err := userByID(t, s, u.ID)
			wantErr(t, "UserByID", err, nil)
			checkEqual(t, "UserByID", got, want)

			got, err = userByName(t, s, u.Name)
			if want.Deleted {
				wantErr(t, "UserByName of a deleted user", err, gatehouse.ErrNotFound)
				return
			}
			wantErr(t, "UserByName", err, nil)
			checkEqual(t, "UserByName", got, want)
		})
	}
}

func testCreateUserConflict(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	hidden := newUser("hidden")
	hidden.Hidden, hidden.Disabled = true, true
	createUser(t, s, hidden)

	tests := []struct {
		name string
		user gatehouse.User
	}{
		{"same name", newUser("alice")},
		{"same name, new user deleted", func() gatehouse.User { u := newUser("alice"); u.Deleted = true; return u }()},
		{"hidden and disabled user's name", newUser("hidden")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.user
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateUser(ctx, &u) })
			if tt.user.Deleted {
				// A deleted user does not hold its name: storing one is fine.
				wantErr(t, "CreateUser", err, nil)
				return
			}
			wantErr(t, "CreateUser", err, gatehouse.ErrConflict)
		})
	}
	got, err := userByName(t, s, "alice")
	wantErr(t, "UserByName", err, nil)
	if got.ID != alice.ID {
		t.Errorf("UserByName(alice) = user %d, want %d", got.ID, alice.ID)
	}
}

func testUserNotFound(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	gone := newUser("gone")
	gone.Deleted = true
	gone = createUser(t, s, gone)

	tests := []struct {
		name string
		get  func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error)
	}{
		{"UserByID unknown", func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) {
			return tx.UserByID(ctx, gone.ID+100)
		}},
		{"UserByID zero", func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) { return tx.UserByID(ctx, 0) }},
		{"UserByName unknown", func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) {
			return tx.UserByName(ctx, "nobody")
		}},
		{"UserByName prefix", func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) {
			return tx.UserByName(ctx, "alic")
		}},
		{"UserByName deleted", func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) {
			return tx.UserByName(ctx, "gone")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := view(t, s, tt.get)
			wantErr(t, tt.name, err, gatehouse.ErrNotFound)
		})
	}

	// The deleted user is still there by id.
	got, err := userByID(t, s, gone.ID)
	wantErr(t, "UserByID of a deleted user", err, nil)
	if !got.Deleted || got.Name != "gone" {
		t.Errorf("UserByID of a deleted user = %+v, want the deleted user", got)
	}
	if _, err := userByID(t, s, alice.ID); err != nil {
		t.Errorf("UserByID(alice): %v", err)
	}
}

func testUpdateUser(t *testing.T, s gatehouse.Store) {
	u := createUser(t, s, newUser("alice"))
	createUser(t, s, newUser("zed"))

	tests := []struct {
		name   string
		change func(u *gatehouse.User)
	}{
		{"rename", func(u *gatehouse.User) { u.Name = "alicia" }},
		{"every field", func(u *gatehouse.User) {
			u.Name = "alice2"
			u.FirstName, u.LastName, u.Email = "Alicia", "Keys", "ak@example.org"
			u.Company, u.Phone = "Keys Ltd", "030 / 123 45-6"
			u.Authentication = "ldap"
			u.PasswordHash = ""
			u.PasswordChangedAt = at(time.Minute)
			u.Hidden, u.Disabled, u.Deleted = true, true, true
			u.Inactive, u.Invited = false, false
			u.TokenGeneration = 99
			u.LastTenantID = 3
			u.Account = 4
			u.FailedLogins, u.LockedUntil, u.LastLoginAt = 5, at(time.Hour), at(3*time.Minute)
			u.UpdatedAt = at(2 * time.Minute)
		}},
		{"back to the start", func(u *gatehouse.User) { *u = newUser("alice") }},
		{"zero times", func(u *gatehouse.User) {
			u.PasswordChangedAt, u.LockedUntil, u.LastLoginAt, u.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		}},
		{"take a deleted user's name", func(u *gatehouse.User) {
			gone := newUser("gone")
			gone.Deleted = true
			createUser(t, s, gone)
			u.Name = "gone"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := userByID(t, s, u.ID)
			wantErr(t, "UserByID", err, nil)
			changed := before
			tt.change(&changed)
			changed.ID = u.ID
			changed.CreatedAt = at(time.Hour) // must be ignored
			mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, changed) })

			want := changed
			want.CreatedAt = before.CreatedAt
			got, err := userByID(t, s, u.ID)
			wantErr(t, "UserByID", err, nil)
			checkEqual(t, "UserByID after UpdateUser", got, want)
		})
	}
}

func testUpdateUserErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	gone := newUser("alice")
	gone.Deleted = true
	gone = createUser(t, s, gone)

	tests := []struct {
		name   string
		change func(u *gatehouse.User)
		want   error
	}{
		{"unknown id", func(u *gatehouse.User) { u.ID = gone.ID + 100 }, gatehouse.ErrNotFound},
		{"zero id", func(u *gatehouse.User) { u.ID = 0 }, gatehouse.ErrNotFound},
		{"rename to a live user's name", func(u *gatehouse.User) { u.Name = "alice" }, gatehouse.ErrConflict},
		{"undelete while the name is taken", func(u *gatehouse.User) { *u = gone; u.Deleted = false }, gatehouse.ErrConflict},
		{"rename a deleted user to a live user's name", func(u *gatehouse.User) { *u = gone; u.Name = "bob" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := bob
			tt.change(&u)
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, u) })
			wantErr(t, "UpdateUser", err, tt.want)
		})
	}
	for _, u := range []gatehouse.User{alice, bob} {
		got, err := userByName(t, s, u.Name)
		wantErr(t, "UserByName", err, nil)
		if got.ID != u.ID {
			t.Errorf("UserByName(%s) = user %d, want %d", u.Name, got.ID, u.ID)
		}
	}
}

func testDeletedUserNameReuse(t *testing.T, s gatehouse.Store) {
	old := createUser(t, s, newUser("alice"))
	old.Deleted = true
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, old) })

	_, err := userByName(t, s, "alice")
	wantErr(t, "UserByName after delete", err, gatehouse.ErrNotFound)

	// Reuse the name twice: deleted users never block it.
	for i := range 2 {
		u := createUser(t, s, newUser("alice"))
		if u.ID <= old.ID {
			t.Errorf("new alice #%d has id %d, want more than %d", i+1, u.ID, old.ID)
		}
		got, err := userByName(t, s, "alice")
		wantErr(t, "UserByName", err, nil)
		if got.ID != u.ID {
			t.Errorf("UserByName(alice) = user %d, want the new one, %d", got.ID, u.ID)
		}
		got, err = userByID(t, s, old.ID)
		wantErr(t, "UserByID of the old alice", err, nil)
		if !got.Deleted || got.Name != "alice" {
			t.Errorf("UserByID(%d) = %+v, want the deleted alice", old.ID, got)
		}
		u.Deleted = true
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, u) })
	}
}
