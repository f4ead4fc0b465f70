package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// apiKeyColumns lists the columns scanAPIKey reads.
const apiKeyColumns = `id, user_id, tenant_id, hash, expires_at, created_at`

// scanAPIKey reads the apiKeyColumns of one row.
func scanAPIKey(s scanner) (gatehouse.APIKey, error) {
	var k gatehouse.APIKey
	err := s.Scan(&k.ID, &k.UserID, &k.TenantID, &k.Hash, timeDest{&k.ExpiresAt}, timeDest{&k.CreatedAt})
	return k, err
}

// CreateAPIKey implements gatehouse.APIKeyStore. It also returns
// ErrNotFound if the user or tenant does not exist.
func (tx *tx) CreateAPIKey(ctx context.Context, k gatehouse.APIKey) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO api_keys (id, user_id, tenant_id, hash, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.UserID, k.TenantID, k.Hash, timeValue(k.ExpiresAt), timeValue(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("create api key %q: %w", k.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// APIKeyByID implements gatehouse.APIKeyStore.
func (tx *tx) APIKeyByID(ctx context.Context, id string) (gatehouse.APIKey, error) {
	k, err := scanAPIKey(tx.tx.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = ?`, id))
	if err != nil {
		return gatehouse.APIKey{}, fmt.Errorf("api key %q: %w", id, kind(err, nil))
	}
	return k, nil
}

// ListAPIKeys implements gatehouse.APIKeyStore. Keys created at the same
// time come in the order they were created.
func (tx *tx) ListAPIKeys(ctx context.Context, u gatehouse.UserID) ([]gatehouse.APIKey, error) {
	query := `SELECT ` + apiKeyColumns + ` FROM api_keys ORDER BY created_at, seq`
	var args []any
	if u != 0 {
		query = `SELECT ` + apiKeyColumns + ` FROM api_keys WHERE user_id = ? ORDER BY created_at, seq`
		args = append(args, u)
	}
	ks, err := queryAll(ctx, tx.tx, scanAPIKey, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return ks, nil
}

// DeleteAPIKey implements gatehouse.APIKeyStore.
func (tx *tx) DeleteAPIKey(ctx context.Context, id string) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM api_keys WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("delete api key %q: %w", id, kind(err, nil))
	}
	return nil
}
