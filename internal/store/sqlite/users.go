package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
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

// CreateUser implements gatehouse.UserStore.
func (tx *tx) CreateUser(ctx context.Context, u *gatehouse.User) error {
	var id gatehouse.UserID
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO users (name, first_name, last_name, email,
			authentication, password_hash, password_changed_at,
			hidden, disabled, deleted, token_generation, last_tenant_id,
			failed_logins, locked_until, last_login_at, disabled_reason, enabled_at,
			created_at, updated_at, inactive, invited, company, account_id, phone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		u.Name, u.FirstName, u.LastName, u.Email,
		u.Authentication, u.PasswordHash, timeValue(u.PasswordChangedAt),
		u.Hidden, u.Disabled, u.Deleted, u.TokenGeneration, u.LastTenantID,
		u.FailedLogins, timeValue(u.LockedUntil), timeValue(u.LastLoginAt), u.DisabledReason, timeValue(u.EnabledAt),
		timeValue(u.CreatedAt), timeValue(u.UpdatedAt), u.Inactive, u.Invited, u.Company, u.Account, u.Phone).Scan(&id)
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Name, kind(err, nil))
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO user_search (user_id, text) VALUES (?, ?)`,
		id, searchText(id, u)); err != nil {
		return fmt.Errorf("create user %q: index for search: %w", u.Name, err)
	}
	u.ID = id
	return nil
}

// UserByID implements gatehouse.UserStore.
func (tx *tx) UserByID(ctx context.Context, id gatehouse.UserID) (gatehouse.User, error) {
	u, err := scanUser(tx.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if err != nil {
		return gatehouse.User{}, fmt.Errorf("user %d: %w", id, kind(err, nil))
	}
	return u, nil
}

// UserByName implements gatehouse.UserStore.
func (tx *tx) UserByName(ctx context.Context, name gatehouse.UserName) (gatehouse.User, error) {
	u, err := scanUser(tx.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ? AND u.deleted = 0`, name))
	if err != nil {
		return gatehouse.User{}, fmt.Errorf("user %q: %w", name, kind(err, nil))
	}
	return u, nil
}

// UpdateUser implements gatehouse.UserStore.
func (tx *tx) UpdateUser(ctx context.Context, u gatehouse.User) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE users SET name = ?, first_name = ?, last_name = ?, email = ?,
			authentication = ?, password_hash = ?, password_changed_at = ?,
			hidden = ?, disabled = ?, deleted = ?, token_generation = ?, last_tenant_id = ?,
			failed_logins = ?, locked_until = ?, last_login_at = ?, disabled_reason = ?, enabled_at = ?,
			updated_at = ?, inactive = ?, invited = ?, company = ?, account_id = ?, phone = ?
		WHERE id = ?`,
		u.Name, u.FirstName, u.LastName, u.Email,
		u.Authentication, u.PasswordHash, timeValue(u.PasswordChangedAt),
		u.Hidden, u.Disabled, u.Deleted, u.TokenGeneration, u.LastTenantID,
		u.FailedLogins, timeValue(u.LockedUntil), timeValue(u.LastLoginAt), u.DisabledReason, timeValue(u.EnabledAt),
		timeValue(u.UpdatedAt), u.Inactive, u.Invited, u.Company, u.Account, u.Phone, u.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update user %d (%q): %w", u.ID, u.Name, kind(err, nil))
	}
	// Most updates (a login, a password change) leave the search text as
	// it is; skip rewriting the trigram index for them.
	text := searchText(u.ID, &u)
	if _, err := tx.tx.ExecContext(ctx, `UPDATE user_search SET text = ? WHERE user_id = ? AND text <> ?`,
		text, u.ID, text); err != nil {
		return fmt.Errorf("update user %d (%q): index for search: %w", u.ID, u.Name, err)
	}
	return nil
}

// DormantUsers implements gatehouse.UserStore.
func (tx *tx) DormantUsers(ctx context.Context, before time.Time, after gatehouse.UserID, limit int) ([]gatehouse.User, error) {
	us, err := queryAll(ctx, tx.tx, scanUser, `SELECT `+userColumns+` FROM users u
		WHERE u.id > ? AND u.deleted = 0 AND u.disabled = 0 AND u.hidden = 0
			AND max(coalesce(u.created_at, 0), coalesce(u.last_login_at, 0), coalesce(u.enabled_at, 0)) < ?
		ORDER BY u.id LIMIT ?`, after, timeValue(before), limit)
	if err != nil {
		return nil, fmt.Errorf("dormant users: %w", err)
	}
	return us, nil
}

// RemovedUsersNamed implements gatehouse.UserStore.
func (tx *tx) RemovedUsersNamed(ctx context.Context, name gatehouse.UserName) ([]gatehouse.User, error) {
	us, err := queryAll(ctx, tx.tx, scanUser, `SELECT `+userColumns+` FROM users u
		WHERE u.name = ? AND u.deleted = 1 ORDER BY u.id`, name)
	if err != nil {
		return nil, fmt.Errorf("removed users named %q: %w", name, err)
	}
	return us, nil
}
