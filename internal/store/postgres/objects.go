package postgres

import (
	"context"
	"fmt"

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
	_, err := tx.write(ctx, nil, createObjectSQL, objectValues(o)...)
	if err != nil {
		return fmt.Errorf("create object %s:%s: %w", o.Type, o.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// objectWriteColumns lists the columns of objects that objectValues
// gives, in its order.
var objectWriteColumns = []string{"type", "id", "name", "tenant_id", "owner_id", "created_at", "zone", "memory", "disk", "image", "os"}

// objectValues returns the values of objectWriteColumns for o.
func objectValues(o gatehouse.Object) []any {
	return []any{o.Type, o.ID, o.Name, o.TenantID, o.OwnerID, ts(o.CreatedAt), o.Zone, o.Memory, o.Disk, o.Image, o.OS}
}

// createObjectSQL inserts the objectValues of one object.
var createObjectSQL = insertSQL("objects", objectWriteColumns)

// ObjectByRef implements gatehouse.ObjectStore.
func (tx *tx) ObjectByRef(ctx context.Context, typ, id string) (gatehouse.Object, error) {
	if !validText(typ) || !validText(id) {
		return gatehouse.Object{}, fmt.Errorf("object %s:%s: %w", typ, id, gatehouse.ErrNotFound)
	}
	o, err := scanObject(tx.tx.QueryRow(ctx, objectSelect+` WHERE o.type = $1 AND o.id = $2`, typ, id))
	if err != nil {
		return gatehouse.Object{}, fmt.Errorf("object %s:%s: %w", typ, id, kind(err, nil))
	}
	return o, nil
}

// UpdateObject implements gatehouse.ObjectStore. It also returns
// ErrNotFound if the new tenant or owner does not exist.
func (tx *tx) UpdateObject(ctx context.Context, o gatehouse.Object) error {
	err := tx.mustChange(ctx, `UPDATE objects SET name = $1, tenant_id = $2, owner_id = $3,
		zone = $4, memory = $5, disk = $6, image = $7, os = $8 WHERE type = $9 AND id = $10`,
		o.Name, o.TenantID, o.OwnerID, o.Zone, o.Memory, o.Disk, o.Image, o.OS, o.Type, o.ID)
	if err != nil {
		return fmt.Errorf("update object %s:%s: %w", o.Type, o.ID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteObject implements gatehouse.ObjectStore. Shares have no foreign key
// to objects (shares of namespaces refer to the namespaces table), so it
// deletes the object's shares itself.
func (tx *tx) DeleteObject(ctx context.Context, typ, id string) error {
	err := tx.mustChange(ctx, `DELETE FROM objects WHERE type = $1 AND id = $2`, typ, id)
	if err == nil {
		_, err = tx.write(ctx, nil, `DELETE FROM shares WHERE object_type = $1 AND object_id = $2`, typ, id)
	}
	if err != nil {
		return fmt.Errorf("delete object %s:%s: %w", typ, id, kind(err, nil))
	}
	return nil
}

// ListObjects implements gatehouse.ObjectStore.
func (tx *tx) ListObjects(ctx context.Context, q gatehouse.ObjectQuery) ([]gatehouse.Object, error) {
	var w where
	if q.Type != "" {
		w.add(`o.type = $?`, q.Type)
	}
	if q.TenantID != 0 {
		w.add(`o.tenant_id = $?`, q.TenantID)
	}
	if q.OwnerID != 0 {
		w.add(`o.owner_id = $?`, q.OwnerID)
	}
	query := objectSelect + w.sql() + ` ORDER BY o.type, o.id`
	query += w.limit(q.Limit)
	os, err := queryAll(ctx, tx, scanObject, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list objects: %w", err)
	}
	return os, nil
}
