package sqlite

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
	hs, err := queryAll(ctx, tx.tx, func(s scanner) (string, error) {
		var h string
		return h, s.Scan(&h)
	}, `SELECT hash FROM password_history WHERE user_id = ? ORDER BY seq DESC LIMIT ?`, u, n)
	if err != nil {
		return nil, fmt.Errorf("password history of user %d: %w", u, err)
	}
	return hs, nil
}

// AddPasswordHistory implements gatehouse.PasswordHistoryStore.
func (tx *tx) AddPasswordHistory(ctx context.Context, u gatehouse.UserID, hash string, t time.Time, keep int) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)`,
		u, hash, timeValue(t))
	if err != nil {
		return fmt.Errorf("add password history of user %d: %w", u, kind(err, gatehouse.ErrNotFound))
	}
	_, err = tx.tx.ExecContext(ctx, `DELETE FROM password_history WHERE user_id = ? AND seq NOT IN
		(SELECT seq FROM password_history WHERE user_id = ? ORDER BY seq DESC LIMIT ?)`, u, u, max(keep, 0))
	if err != nil {
		return fmt.Errorf("trim password history of user %d: %w", u, err)
	}
	return nil
}
