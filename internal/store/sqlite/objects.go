package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// objectSelect reads objects with the names of their tenant and owner, for
// scanObject.
const objectSelect = `SELECT o.type, o.id, o.name, o.tenant_id, o.owner_id, o.created_at,
		o.zone, o.memory, o.disk, o.image, o.os, t.name, u.name
	FROM objects o
	JOIN tenants t ON t.id = o.tenant_id
	JOIN users u ON u.id = o.owner_id`

// scanObject reads one row of objectSelect.
func scanObject(s scanner) (gatehouse.Object, error) {
	var o gatehouse.Object
	err := s.Scan(&o.Type, &o.ID, &o.Name, &o.TenantID, &o.OwnerID, timeDest{&o.CreatedAt},
		&o.Zone, &o.Memory, &o.Disk, &o.Image, &o.OS, &o.TenantName, &o.OwnerName)
	return o, err
}

// CreateObject implements gatehouse.ObjectStore.
func (tx *tx) CreateObject(ctx context.Context, o gatehouse.Object) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO objects (type, id, name, tenant_id, owner_id, created_at, zone, memory, disk, image, os)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Type, o.ID, o.Name, o.TenantID, o.OwnerID, timeValue(o.CreatedAt), o.Zone, o.Memory, o.Disk, o.Image, o.OS)
	if err != nil {
		return fmt.Errorf("create object %s:%s: %w", o.Type, o.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// ObjectByRef implements gatehouse.ObjectStore.
func (tx *tx) ObjectByRef(ctx context.Context, typ, id string) (gatehouse.Object, error) {
	o, err := scanObject(tx.tx.QueryRowContext(ctx, objectSelect+` WHERE o.type = ? AND o.id = ?`, typ, id))
	if err != nil {
		return gatehouse.Object{}, fmt.Errorf("object %s:%s: %w", typ, id, kind(err, nil))
	}
	return o, nil
}

// UpdateObject implements gatehouse.ObjectStore. It also returns
// ErrNotFound if the new tenant or owner does not exist.
func (tx *tx) UpdateObject(ctx context.Context, o gatehouse.Object) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE objects SET name = ?, tenant_id = ?, owner_id = ?,
		zone = ?, memory = ?, disk = ?, image = ?, os = ? WHERE type = ? AND id = ?`,
		o.Name, o.TenantID, o.OwnerID, o.Zone, o.Memory, o.Disk, o.Image, o.OS, o.Type, o.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update object %s:%s: %w", o.Type, o.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteObject implements gatehouse.ObjectStore. Shares have no foreign key
// to objects (shares of namespaces refer to the namespaces table), so it
// deletes the object's shares itself.
func (tx *tx) DeleteObject(ctx context.Context, typ, id string) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM objects WHERE type = ? AND id = ?`, typ, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err == nil {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM shares WHERE object_type = ? AND object_id = ?`, typ, id)
	}
	if err != nil {
		return fmt.Errorf("delete object %s:%s: %w", typ, id, kind(err, nil))
	}
	return nil
}

// ListObjects implements gatehouse.ObjectStore.
func (tx *tx) ListObjects(ctx context.Context, q gatehouse.ObjectQuery) ([]gatehouse.Object, error) {
	where := []string{`1 = 1`}
	var args []any
	if q.Type != "" {
		where = append(where, `o.type = ?`)
		args = append(args, q.Type)
	}
	if q.TenantID != 0 {
		where = append(where, `o.tenant_id = ?`)
		args = append(args, q.TenantID)
	}
	if q.OwnerID != 0 {
		where = append(where, `o.owner_id = ?`)
		args = append(args, q.OwnerID)
	}
	limit := -1 // no limit
	if q.Limit > 0 {
		limit = q.Limit
	}
	args = append(args, limit)
	os, err := queryAll(ctx, tx.tx, scanObject,
		objectSelect+` WHERE `+strings.Join(where, ` AND `)+` ORDER BY o.type, o.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list objects: %w", err)
	}
	return os, nil
}
