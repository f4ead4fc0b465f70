package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// scanObjectType reads name, operations and created_at.
func scanObjectType(s scanner) (gatehouse.ObjectTypeRecord, error) {
	var (
		t   gatehouse.ObjectTypeRecord
		ops []string
	)
	err := s.Scan(&t.Name, &ops, timeDest{&t.CreatedAt})
	t.Operations = named[string](ops)
	return t, err
}

// PutObjectType implements gatehouse.ObjectTypeStore. Replacing a type
// writes only its operations: CreatedAt stays that of the first Put.
func (tx *tx) PutObjectType(ctx context.Context, t gatehouse.ObjectTypeRecord) error {
	_, err := tx.write(ctx, nil, `INSERT INTO object_types (name, operations, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET operations = excluded.operations`,
		t.Name, strs(t.Operations), ts(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("put object type %q: %w", t.Name, kind(err, nil))
	}
	return nil
}

// ListObjectTypes implements gatehouse.ObjectTypeStore.
func (tx *tx) ListObjectTypes(ctx context.Context) ([]gatehouse.ObjectTypeRecord, error) {
	ts, err := queryAll(ctx, tx, scanObjectType, `SELECT name, operations, created_at FROM object_types ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list object types: %w", err)
	}
	return ts, nil
}
