package identity

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// createUser stores u as a new user. A name in use by a live user is a
// conflict. So is the name of a removed user unless reuseRemoved: the
// audit trail names people by username, and a newcomer silently taking a
// removed user's name would read as the same person there.
func createUser(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User, reuseRemoved bool) error {
	if !reuseRemoved {
		gone, err := tx.RemovedUsersNamed(ctx, u.Name)
		if err != nil {
			return err
		}
		if len(gone) > 0 {
			return gatehouse.Errorf(gatehouse.ErrConflict,
				"username %s belonged to a removed user (id %d): choose another username, or give it to the new user explicitly with --reuse-removed-name",
				u.Name, gone[len(gone)-1].ID)
		}
	}
	err := tx.CreateUser(ctx, u)
	if errors.Is(err, gatehouse.ErrConflict) {
		return gatehouse.Errorf(gatehouse.ErrConflict, "user %s already exists: choose another username", u.Name)
	}
	return err
}
