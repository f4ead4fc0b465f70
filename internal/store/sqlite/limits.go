package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
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

// nullUser stores a user id whose zero value means "none" as NULL.
func nullUser(id gatehouse.UserID) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

// CreateLimit implements gatehouse.LimitStore.
func (tx *tx) CreateLimit(ctx context.Context, l *gatehouse.Limit) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO limits (tenant_id, user_id, zone, object_type, image, os, resource, value, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		l.TenantID, nullUser(l.UserID), l.Zone, l.ObjectType, l.Image, l.OS, l.Resource, l.Value, timeValue(l.CreatedAt)).Scan(&l.ID)
	if err != nil {
		return fmt.Errorf("create limit: %w", kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// LimitByID implements gatehouse.LimitStore.
func (tx *tx) LimitByID(ctx context.Context, id int64) (gatehouse.Limit, error) {
	l, err := scanLimit(tx.tx.QueryRowContext(ctx, limitSelect+` WHERE l.id = ?`, id))
	if err != nil {
		return gatehouse.Limit{}, fmt.Errorf("limit %d: %w", id, kind(err, nil))
	}
	return l, nil
}

// DeleteLimit implements gatehouse.LimitStore.
func (tx *tx) DeleteLimit(ctx context.Context, id int64) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM limits WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("delete limit %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListLimits implements gatehouse.LimitStore.
func (tx *tx) ListLimits(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.Limit, error) {
	ls, err := queryAll(ctx, tx.tx, scanLimit, limitSelect+` WHERE ? = 0 OR l.tenant_id = ? ORDER BY l.id`, t, t)
	if err != nil {
		return nil, fmt.Errorf("list limits: %w", err)
	}
	return ls, nil
}

// ObjectUsage implements gatehouse.LimitStore. SQLite runs one write
// transaction at a time, so what it reads in one stays true until it ends.
func (tx *tx) ObjectUsage(ctx context.Context, s gatehouse.LimitScope) (gatehouse.Usage, error) {
	var u gatehouse.Usage
	err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(memory), 0), COALESCE(SUM(disk), 0) FROM objects
		WHERE tenant_id = ? AND zone = ? AND type = ?
		AND (? = 0 OR owner_id = ?) AND (? = '' OR image = ?) AND (? = '' OR os = ?)`,
		s.TenantID, s.Zone, s.ObjectType, s.UserID, s.UserID, s.Image, s.Image, s.OS, s.OS).Scan(&u.Count, &u.Memory, &u.Disk)
	if err != nil {
		return u, fmt.Errorf("object usage: %w", err)
	}
	return u, nil
}
