package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// tokenColumns are the columns scanToken reads, in order.
const tokenColumns = `t.id, t.user_id, t.tenant_id, t.generation, t.issued_at, t.expires_at, t.source, t.last_used_at`

// scanToken reads tokenColumns.
func scanToken(s scanner) (gatehouse.IssuedToken, error) {
	var t gatehouse.IssuedToken
	err := s.Scan(&t.ID, &t.UserID, &t.TenantID, &t.Generation, timeDest{&t.IssuedAt}, timeDest{&t.ExpiresAt},
		&t.Source, timeDest{&t.LastUsedAt})
	return t, err
}

// AddToken implements gatehouse.TokenStore.
func (tx *tx) AddToken(ctx context.Context, t gatehouse.IssuedToken) error {
	_, err := tx.write(ctx, nil, `INSERT INTO tokens (id, user_id, tenant_id, generation, issued_at, expires_at, source, last_used_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, t.UserID, t.TenantID, t.Generation, ts(t.IssuedAt), ts(t.ExpiresAt), t.Source, ts(t.LastUsedAt))
	if err != nil {
		return fmt.Errorf("add token %q: %w", t.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// TokenByID implements gatehouse.TokenStore.
func (tx *tx) TokenByID(ctx context.Context, id string) (gatehouse.IssuedToken, error) {
	if !validText(id) {
		return gatehouse.IssuedToken{}, fmt.Errorf("token %q: %w", id, gatehouse.ErrNotFound)
	}
	t, err := scanToken(tx.tx.QueryRow(ctx, `SELECT `+tokenColumns+` FROM tokens t WHERE t.id = $1`, id))
	if err != nil {
		return t, fmt.Errorf("token %q: %w", id, kind(err, nil))
	}
	return t, nil
}

// ListTokens implements gatehouse.TokenStore.
func (tx *tx) ListTokens(ctx context.Context, u gatehouse.UserID, now time.Time) ([]gatehouse.IssuedToken, error) {
	ts, err := queryAll(ctx, tx, scanToken, `SELECT `+tokenColumns+` FROM tokens t
		JOIN users u ON u.id = t.user_id AND u.token_generation = t.generation
		WHERE t.user_id = $1 AND t.expires_at > $2
			AND NOT EXISTS (SELECT 1 FROM token_revocations r WHERE r.jti = t.id)
		ORDER BY t.issued_at, t.seq`, u, now)
	if err != nil {
		return nil, fmt.Errorf("tokens of user %d: %w", u, err)
	}
	return ts, nil
}

// TouchToken implements gatehouse.TokenStore.
func (tx *tx) TouchToken(ctx context.Context, id string, at time.Time) error {
	if err := tx.mustChange(ctx, `UPDATE tokens SET last_used_at = $1 WHERE id = $2`, ts(at), id); err != nil {
		return fmt.Errorf("touch token %q: %w", id, err)
	}
	return nil
}

// PurgeTokens implements gatehouse.TokenStore.
func (tx *tx) PurgeTokens(ctx context.Context, t time.Time) error {
	if _, err := tx.write(ctx, nil, `DELETE FROM tokens WHERE expires_at < $1`, t); err != nil {
		return fmt.Errorf("purge tokens: %w", err)
	}
	return nil
}
