package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// testDormantUsers checks that DormantUsers counts activity from the latest
// of creation, last login and enabling, and leaves out disabled, removed
// and hidden users.
func testDormantUsers(t *testing.T, s gatehouse.Store) {
	mk := func(name string, created, login, enabled time.Duration, edit func(*gatehouse.User)) gatehouse.User {
		u := newUser(name)
		u.CreatedAt, u.UpdatedAt = at(created), at(created)
		u.LastLoginAt, u.EnabledAt = time.Time{}, time.Time{}
		if login != 0 {
			u.LastLoginAt = at(login)
		}
		if enabled != 0 {
			u.EnabledAt = at(enabled)
		}
		if edit != nil {
			edit(&u)
		}
		return createUser(t, s, u)
	}
	day := 24 * time.Hour
	oldNever := mk("old-never", -100*day, 0, 0, nil)       // created long ago, never logged in
	oldLogin := mk("old-login", -100*day, -50*day, 0, nil) // last login long ago
	mk("recent-login", -100*day, -time.Hour, 0, nil)       // logged in recently
	mk("re-enabled", -100*day, -50*day, -time.Hour, nil)   // enabled recently
	mk("new", -time.Hour, 0, 0, nil)                       // created recently
	mk("disabled", -100*day, 0, 0, func(u *gatehouse.User) { u.Disabled = true })
	mk("removed", -100*day, 0, 0, func(u *gatehouse.User) { u.Deleted = true })
	mk("hidden", -100*day, 0, 0, func(u *gatehouse.User) { u.Hidden = true })
	oldest := mk("old-too", -100*day, -40*day, -45*day, nil) // enabled before last login

	got, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.DormantUsers(ctx, at(-30*day), 0, 100)
	})
	wantErr(t, "DormantUsers", err, nil)
	checkEqual(t, "DormantUsers names", userNames(got), []gatehouse.UserName{oldNever.Name, oldLogin.Name, oldest.Name})
	if len(got) > 0 {
		checkEqual(t, "DormantUsers first record", got[0], oldNever)
	}

	got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.DormantUsers(ctx, at(-30*day), 0, 2)
	})
	wantErr(t, "DormantUsers with a limit", err, nil)
	checkEqual(t, "DormantUsers with a limit", userNames(got), []gatehouse.UserName{oldNever.Name, oldLogin.Name})

	got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.DormantUsers(ctx, at(-30*day), oldLogin.ID, 100)
	})
	wantErr(t, "DormantUsers after an id", err, nil)
	checkEqual(t, "DormantUsers after an id", userNames(got), []gatehouse.UserName{oldest.Name})

	got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.DormantUsers(ctx, at(-200*day), 0, 100)
	})
	wantErr(t, "DormantUsers before anyone was created", err, nil)
	checkEqual(t, "DormantUsers before anyone was created", len(got), 0)
}

// testRemovedUsersNamed checks that RemovedUsersNamed finds every removed
// user of a name and no live one.
func testRemovedUsersNamed(t *testing.T, s gatehouse.Store) {
	gone := func(name string) gatehouse.User {
		u := newUser(name)
		u.Deleted = true
		return createUser(t, s, u)
	}
	first, second := gone("dana"), gone("dana")
	gone("erin")
	createUser(t, s, newUser("dana"))

	got, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.RemovedUsersNamed(ctx, "dana")
	})
	wantErr(t, "RemovedUsersNamed", err, nil)
	checkEqual(t, "RemovedUsersNamed", got, []gatehouse.User{first, second})

	got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.User, error) {
		return tx.RemovedUsersNamed(ctx, "frank")
	})
	wantErr(t, "RemovedUsersNamed of a name never used", err, nil)
	checkEqual(t, "RemovedUsersNamed of a name never used", len(got), 0)
}

// userNames returns the names of us in order.
func userNames(us []gatehouse.User) []gatehouse.UserName {
	out := make([]gatehouse.UserName, len(us))
	for i, u := range us {
		out[i] = u.Name
	}
	return out
}
