package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// OpenShiftConfig implements gatehouse.OpenShiftStore.
func (tx *tx) OpenShiftConfig(ctx context.Context) (gatehouse.OpenShiftConfig, error) {
	var c gatehouse.OpenShiftConfig
	err := tx.tx.QueryRowContext(ctx, `SELECT api_url, ca_cert, token, updated_at FROM openshift_config WHERE id = 1`).
		Scan(&c.APIURL, &c.CACert, &c.Token, timeDest{&c.UpdatedAt})
	if err != nil {
		return c, fmt.Errorf("openshift configuration: %w", kind(err, nil))
	}
	return c, nil
}

// PutOpenShiftConfig implements gatehouse.OpenShiftStore.
func (tx *tx) PutOpenShiftConfig(ctx context.Context, c gatehouse.OpenShiftConfig) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO openshift_config (id, api_url, ca_cert, token, updated_at) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET api_url = excluded.api_url, ca_cert = excluded.ca_cert, token = excluded.token,
			updated_at = excluded.updated_at`, c.APIURL, c.CACert, c.Token, timeValue(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("configure openshift: %w", err)
	}
	return nil
}

// PutOpenShiftLink implements gatehouse.OpenShiftStore.
func (tx *tx) PutOpenShiftLink(ctx context.Context, l gatehouse.OpenShiftLink) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO openshift_links (user_id, openshift_name, uid) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET openshift_name = excluded.openshift_name, uid = excluded.uid`,
		l.UserID, l.Name, l.UID)
	if err != nil {
		return fmt.Errorf("link user %d to openshift user %q: %w", l.UserID, l.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

func scanOpenShiftLink(s scanner) (gatehouse.OpenShiftLink, error) {
	var l gatehouse.OpenShiftLink
	err := s.Scan(&l.UserID, &l.Name, &l.UID)
	return l, err
}

// OpenShiftLinkOf implements gatehouse.OpenShiftStore.
func (tx *tx) OpenShiftLinkOf(ctx context.Context, u gatehouse.UserID) (gatehouse.OpenShiftLink, error) {
	l, err := scanOpenShiftLink(tx.tx.QueryRowContext(ctx, `SELECT user_id, openshift_name, uid FROM openshift_links WHERE user_id = ?`, u))
	if err != nil {
		return l, fmt.Errorf("openshift link of user %d: %w", u, kind(err, nil))
	}
	return l, nil
}

// OpenShiftLinks implements gatehouse.OpenShiftStore.
func (tx *tx) OpenShiftLinks(ctx context.Context) ([]gatehouse.OpenShiftLink, error) {
	ls, err := queryAll(ctx, tx.tx, scanOpenShiftLink, `SELECT user_id, openshift_name, uid FROM openshift_links ORDER BY user_id`)
	if err != nil {
		return nil, fmt.Errorf("openshift links: %w", err)
	}
	return ls, nil
}
