package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// userColumns lists the columns scanUser reads, qualified with the alias u.
const userColumns = `u.id, u.name, u.first_name, u.last_name, u.email,
	u.authentication, u.password_hash, u.password_changed_at,
	u.hidden, u.disabled, u.deleted, u.token_generation, u.last_tenant_id,
	u.failed_logins, u.locked_until, u.last_login_at, u.disabled_reason, u.enabled_at,
	u.created_at, u.updated_at, u.inactive, u.invited, u.company, u.account_id, u.phone`

// scanUser reads the userColumns of one row.
func scanUser(s scanner) (gatehouse.User, error) {
	var u gatehouse.User
	err := s.Scan(&u.ID, &u.Name, &u.FirstName, &u.LastName, &u.Email,
		&u.Authentication, &u.PasswordHash, timeDest{&u.PasswordChangedAt},
		&u.Hidden, &u.Disabled, &u.Deleted, &u.TokenGeneration, &u.LastTenantID,
		&u.FailedLogins, timeDest{&u.LockedUntil}, timeDest{&u.LastLoginAt}, &u.DisabledReason, timeDest{&u.EnabledAt},
		timeDest{&u.CreatedAt}, timeDest{&u.UpdatedAt}, &u.Inactive, &u.Invited, &u.Company, &u.Account, &u.Phone)
	return u, err
}

// userWriteColumns lists the columns of users that userValues gives, in
// its order: all but the id and the search text, which hold the id.
var userWriteColumns = []string{"name", "first_name", "last_name", "email",
	"authentication", "password_hash", "password_changed_at",
	"hidden", "disabled", "deleted", "token_generation", "last_tenant_id",
	"failed_logins", "locked_until", "last_login_at", "disabled_reason", "enabled_at",
	"created_at", "updated_at", "inactive", "invited", "company", "account_id", "phone"}

// userValues returns the values of userWriteColumns for u.
func userValues(u *gatehouse.User) []any {
	return []any{u.Name, u.FirstName, u.LastName, u.Email,
		u.Authentication, u.PasswordHash, ts(u.PasswordChangedAt),
		u.Hidden, u.Disabled, u.Deleted, u.TokenGeneration, u.LastTenantID,
		u.FailedLogins, ts(u.LockedUntil), ts(u.LastLoginAt), u.DisabledReason, ts(u.EnabledAt),
		ts(u.CreatedAt), ts(u.UpdatedAt), u.Inactive, u.Invited, u.Company, u.Account, u.Phone}
}

// createUserSQL inserts a user with the next id, taking userValues and
// then searchTail as arguments.
var createUserSQL = fmt.Sprintf(`WITH n AS (SELECT nextval(pg_get_serial_sequence('users', 'id')) AS id)
	INSERT INTO users (id, %s, search_text)
	SELECT n.id, %s, n.id::text || $%d FROM n
	RETURNING id`,
	strings.Join(userWriteColumns, ", "), placeholders(1, len(userWriteColumns)), len(userWriteColumns)+1)

// CreateUser implements gatehouse.UserStore. The search text, which holds
// the id, is written once the id is known, in the same round trip.
func (tx *tx) CreateUser(ctx context.Context, u *gatehouse.User) error {
	var id gatehouse.UserID
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&id) },
		createUserSQL, append(userValues(u), searchTail(u))...)
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Name, kind(err, nil))
	}
	u.ID = id
	return nil
}

// UserByID implements gatehouse.UserStore.
func (tx *tx) UserByID(ctx context.Context, id gatehouse.UserID) (gatehouse.User, error) {
	u, err := scanUser(tx.tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return gatehouse.User{}, fmt.Errorf("user %d: %w", id, kind(err, nil))
	}
	return u, nil
}

// UserByName implements gatehouse.UserStore.
func (tx *tx) UserByName(ctx context.Context, name gatehouse.UserName) (gatehouse.User, error) {
	if !validText(string(name)) {
		return gatehouse.User{}, fmt.Errorf("user %q: %w", name, gatehouse.ErrNotFound)
	}
	u, err := scanUser(tx.tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = $1 AND NOT u.deleted`, name))
	if err != nil {
		return gatehouse.User{}, fmt.Errorf("user %q: %w", name, kind(err, nil))
	}
	return u, nil
}

// UpdateUser implements gatehouse.UserStore.
func (tx *tx) UpdateUser(ctx context.Context, u gatehouse.User) error {
	err := tx.mustChange(ctx, `UPDATE users SET name = $1, first_name = $2, last_name = $3, email = $4,
			authentication = $5, password_hash = $6, password_changed_at = $7,
			hidden = $8, disabled = $9, deleted = $10, token_generation = $11, last_tenant_id = $12,
			failed_logins = $13, locked_until = $14, last_login_at = $15, disabled_reason = $16, enabled_at = $17,
			updated_at = $18, inactive = $19, invited = $20, company = $21, search_text = id::text || $22, account_id = $23, phone = $24
		WHERE id = $25`,
		u.Name, u.FirstName, u.LastName, u.Email,
		u.Authentication, u.PasswordHash, ts(u.PasswordChangedAt),
		u.Hidden, u.Disabled, u.Deleted, u.TokenGeneration, u.LastTenantID,
		u.FailedLogins, ts(u.LockedUntil), ts(u.LastLoginAt), u.DisabledReason, ts(u.EnabledAt),
		ts(u.UpdatedAt), u.Inactive, u.Invited, u.Company, searchTail(&u), u.Account, u.Phone, u.ID)
	if err != nil {
		return fmt.Errorf("update user %d (%q): %w", u.ID, u.Name, kind(err, nil))
	}
	return nil
}

// DormantUsers implements gatehouse.UserStore. A time never set counts as
// the earliest, as the zero time.Time does in User.LastActiveAt.
func (tx *tx) DormantUsers(ctx context.Context, before time.Time, after gatehouse.UserID, limit int) ([]gatehouse.User, error) {
	us, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users u
		WHERE u.id > $1 AND NOT u.deleted AND NOT u.disabled AND NOT u.hidden
			AND greatest(coalesce(u.created_at, '-infinity'), coalesce(u.last_login_at, '-infinity'),
				coalesce(u.enabled_at, '-infinity')) < $2
		ORDER BY u.id LIMIT $3`, after, before, limit)
	if err != nil {
		return nil, fmt.Errorf("dormant users: %w", err)
	}
	return us, nil
}

// RemovedUsersNamed implements gatehouse.UserStore.
func (tx *tx) RemovedUsersNamed(ctx context.Context, name gatehouse.UserName) ([]gatehouse.User, error) {
	if !validText(string(name)) {
		return nil, nil
	}
	us, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users u
		WHERE u.name = $1 AND u.deleted ORDER BY u.id`, name)
	if err != nil {
		return nil, fmt.Errorf("removed users named %q: %w", name, err)
	}
	return us, nil
}
