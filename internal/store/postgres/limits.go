package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// limitSelect reads limits with the names of their tenant and user, for
// scanLimit.
const limitSelect = `SELECT l.id, l.tenant_id, COALESCE(l.user_id, 0), l.zone, l.object_type, l.image, l.os,
		l.resource, l.value, l.created_at, t.name, COALESCE(u.name, '')
	FROM limits l
	JOIN tenants t ON t.id = l.tenant_id
	LEFT JOIN users u ON u.id = l.user_id`

// scanLimit reads one row of limitSelect.
func scanLimit(s scanner) (gatehouse.Limit, error) {
	var l gatehouse.Limit
	err := s.Scan(&l.ID, &l.TenantID, &l.UserID, &l.Zone, &l.ObjectType, &l.Image, &l.OS,
		&l.Resource, &l.Value, timeDest{&l.CreatedAt}, &l.TenantName, &l.UserName)
	return l, err
}

// CreateLimit implements gatehouse.LimitStore.
func (tx *tx) CreateLimit(ctx context.Context, l *gatehouse.Limit) error {
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&l.ID) },
		`INSERT INTO limits (tenant_id, user_id, zone, object_type, image, os, resource, value, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		l.TenantID, nullID(l.UserID), l.Zone, l.ObjectType, l.Image, l.OS, string(l.Resource), l.Value, ts(l.CreatedAt))
	if err != nil {
		return fmt.Errorf("create limit: %w", kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// LimitByID implements gatehouse.LimitStore.
func (tx *tx) LimitByID(ctx context.Context, id int64) (gatehouse.Limit, error) {
	l, err := scanLimit(tx.tx.QueryRow(ctx, limitSelect+` WHERE l.id = $1`, id))
	if err != nil {
		return gatehouse.Limit{}, fmt.Errorf("limit %d: %w", id, kind(err, nil))
	}
	return l, nil
}

// DeleteLimit implements gatehouse.LimitStore.
func (tx *tx) DeleteLimit(ctx context.Context, id int64) error {
	if err := tx.mustChange(ctx, `DELETE FROM limits WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete limit %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListLimits implements gatehouse.LimitStore.
func (tx *tx) ListLimits(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.Limit, error) {
	var w where
	if t != 0 {
		w.add(`l.tenant_id = $?`, t)
	}
	ls, err := queryAll(ctx, tx, scanLimit, limitSelect+w.sql()+` ORDER BY l.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list limits: %w", err)
	}
	return ls, nil
}

// ObjectUsage implements gatehouse.LimitStore. Every Update holds the row
// lock of write_seq from its first statement to its end (see DB.Update),
// so no other writer commits between this read and the commit of the
// transaction it runs in.
func (tx *tx) ObjectUsage(ctx context.Context, s gatehouse.LimitScope) (gatehouse.Usage, error) {
	var u gatehouse.Usage
	var w where
	w.add(`tenant_id = $?`, s.TenantID)
	w.add(`zone = $?`, s.Zone)
	w.add(`type = $?`, s.ObjectType)
	if s.UserID != 0 {
		w.add(`owner_id = $?`, s.UserID)
	}
	if s.Image != "" {
		w.add(`image = $?`, s.Image)
	}
	if s.OS != "" {
		w.add(`os = $?`, s.OS)
	}
	err := tx.tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(memory), 0)::bigint, COALESCE(SUM(disk), 0)::bigint FROM objects`+w.sql(),
		w.args...).Scan(&u.Count, &u.Memory, &u.Disk)
	if err != nil {
		return u, fmt.Errorf("object usage: %w", err)
	}
	return u, nil
}
