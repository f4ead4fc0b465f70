package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// PasswordHistory implements gatehouse.PasswordHistoryStore.
func (tx *tx) PasswordHistory(ctx context.Context, u gatehouse.UserID, n int) ([]string, error) {
	if n < 1 {
		return nil, nil
	}
	hs, err := queryAll(ctx, tx, func(s scanner) (string, error) {
		var h string
		return h, s.Scan(&h)
	}, `SELECT hash FROM password_history WHERE user_id = $1 ORDER BY seq DESC LIMIT $2`, u, n)
	if err != nil {
		return nil, fmt.Errorf("password history of user %d: %w", u, err)
	}
	return hs, nil
}

// AddPasswordHistory implements gatehouse.PasswordHistoryStore.
func (tx *tx) AddPasswordHistory(ctx context.Context, u gatehouse.UserID, hash string, t time.Time, keep int) error {
	_, err := tx.write(ctx, nil, `INSERT INTO password_history (user_id, hash, created_at) VALUES ($1, $2, $3)`,
		u, hash, ts(t))
	if err != nil {
		return fmt.Errorf("add password history of user %d: %w", u, kind(err, gatehouse.ErrNotFound))
	}
	_, err = tx.write(ctx, nil, `DELETE FROM password_history WHERE user_id = $1 AND seq NOT IN
		(SELECT seq FROM password_history WHERE user_id = $1 ORDER BY seq DESC LIMIT $2)`, u, max(keep, 0))
	if err != nil {
		return fmt.Errorf("trim password history of user %d: %w", u, err)
	}
	return nil
}
