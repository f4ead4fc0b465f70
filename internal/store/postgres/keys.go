package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AddSigningKey implements gatehouse.KeyStore.
func (tx *tx) AddSigningKey(ctx context.Context, k gatehouse.SigningKey) error {
	_, err := tx.write(ctx, nil, `INSERT INTO signing_keys (id, seed, created_at) VALUES ($1, $2, $3)`,
		k.ID, k.Seed, ts(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("add signing key %q: %w", k.ID, kind(err, nil))
	}
	return nil
}

// scanSigningKey reads id, seed and created_at.
func scanSigningKey(s scanner) (gatehouse.SigningKey, error) {
	var k gatehouse.SigningKey
	err := s.Scan(&k.ID, &k.Seed, timeDest{&k.CreatedAt})
	return k, err
}

// SigningKeys implements gatehouse.KeyStore. Keys created at the same time
// come in the order they were added.
func (tx *tx) SigningKeys(ctx context.Context) ([]gatehouse.SigningKey, error) {
	ks, err := queryAll(ctx, tx, scanSigningKey, `SELECT id, seed, created_at FROM signing_keys ORDER BY created_at, seq`)
	if err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	return ks, nil
}

// RevokeToken implements gatehouse.RevocationStore. Revoking a token again
// keeps the later of the two expiry times.
func (tx *tx) RevokeToken(ctx context.Context, jti string, expires time.Time) error {
	_, err := tx.write(ctx, nil, `INSERT INTO token_revocations (jti, expires_at) VALUES ($1, $2)
		ON CONFLICT (jti) DO UPDATE SET expires_at = CASE
			WHEN token_revocations.expires_at IS NULL OR excluded.expires_at > token_revocations.expires_at
			THEN excluded.expires_at ELSE token_revocations.expires_at END`,
		jti, ts(expires))
	if err != nil {
		return fmt.Errorf("revoke token %q: %w", jti, err)
	}
	return nil
}

// TokenRevoked implements gatehouse.RevocationStore.
func (tx *tx) TokenRevoked(ctx context.Context, jti string) (bool, error) {
	if !validText(jti) {
		return false, nil
	}
	var revoked bool
	err := tx.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM token_revocations WHERE jti = $1)`, jti).Scan(&revoked)
	if err != nil {
		return false, fmt.Errorf("token %q revoked: %w", jti, err)
	}
	return revoked, nil
}

// PurgeRevocations implements gatehouse.RevocationStore. A revocation
// without an expiry time (the zero time) counts as expired long ago.
func (tx *tx) PurgeRevocations(ctx context.Context, t time.Time) error {
	_, err := tx.write(ctx, nil, `DELETE FROM token_revocations WHERE expires_at IS NULL OR expires_at < $1`, ts(t))
	if err != nil {
		return fmt.Errorf("purge token revocations: %w", err)
	}
	return nil
}
