package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AddSSHKey implements gatehouse.SSHKeyStore.
func (tx *tx) AddSSHKey(ctx context.Context, k gatehouse.SSHKey) error {
	_, err := tx.write(ctx, nil, `INSERT INTO ssh_keys (user_id, name, type, fingerprint, public_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, k.UserID, k.Name, k.Type, k.Fingerprint, k.PublicKey, ts(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("add ssh key %q of user %d: %w", k.Name, k.UserID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// SSHKeys implements gatehouse.SSHKeyStore.
func (tx *tx) SSHKeys(ctx context.Context, u gatehouse.UserID) ([]gatehouse.SSHKey, error) {
	ks, err := queryAll(ctx, tx, func(s scanner) (gatehouse.SSHKey, error) {
		var k gatehouse.SSHKey
		err := s.Scan(&k.UserID, &k.Name, &k.Type, &k.Fingerprint, &k.PublicKey, timeDest{&k.CreatedAt})
		return k, err
	}, `SELECT user_id, name, type, fingerprint, public_key, created_at FROM ssh_keys WHERE user_id = $1 ORDER BY name`, u)
	if err != nil {
		return nil, fmt.Errorf("ssh keys of user %d: %w", u, err)
	}
	return ks, nil
}

// DeleteSSHKey implements gatehouse.SSHKeyStore.
func (tx *tx) DeleteSSHKey(ctx context.Context, u gatehouse.UserID, name string) error {
	if err := tx.mustChange(ctx, `DELETE FROM ssh_keys WHERE user_id = $1 AND name = $2`, u, name); err != nil {
		return fmt.Errorf("remove ssh key %q of user %d: %w", name, u, err)
	}
	return nil
}
