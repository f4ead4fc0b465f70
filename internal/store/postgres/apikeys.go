package postgres

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
	_, err := tx.write(ctx, nil, `INSERT INTO api_keys (id, user_id, tenant_id, hash, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		k.ID, k.UserID, k.TenantID, k.Hash, ts(k.ExpiresAt), ts(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("create api key %q: %w", k.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// APIKeyByID implements gatehouse.APIKeyStore.
func (tx *tx) APIKeyByID(ctx context.Context, id string) (gatehouse.APIKey, error) {
	if !validText(id) {
		return gatehouse.APIKey{}, fmt.Errorf("api key %q: %w", id, gatehouse.ErrNotFound)
	}
	k, err := scanAPIKey(tx.tx.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = $1`, id))
	if err != nil {
		return gatehouse.APIKey{}, fmt.Errorf("api key %q: %w", id, kind(err, nil))
	}
	return k, nil
}

// ListAPIKeys implements gatehouse.APIKeyStore. Keys created at the same
// time come in the order they were created.
func (tx *tx) ListAPIKeys(ctx context.Context, u gatehouse.UserID) ([]gatehouse.APIKey, error) {
	var w where
	if u != 0 {
		w.add(`user_id = $?`, u)
	}
	ks, err := queryAll(ctx, tx, scanAPIKey, `SELECT `+apiKeyColumns+` FROM api_keys`+w.sql()+` ORDER BY created_at, seq`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return ks, nil
}

// DeleteAPIKey implements gatehouse.APIKeyStore.
func (tx *tx) DeleteAPIKey(ctx context.Context, id string) error {
	if err := tx.mustChange(ctx, `DELETE FROM api_keys WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete api key %q: %w", id, kind(err, nil))
	}
	return nil
}
