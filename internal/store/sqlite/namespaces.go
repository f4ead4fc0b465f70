package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// namespaceSelect reads namespaces with the names of their tenant and
// owner, for scanNamespace.
const namespaceSelect = `SELECT n.name, n.tenant_id, n.owner_id, n.is_primary, n.created_at, t.name, u.name
	FROM namespaces n
	JOIN tenants t ON t.id = n.tenant_id
	JOIN users u ON u.id = n.owner_id`

// scanNamespace reads one row of namespaceSelect.
func scanNamespace(s scanner) (gatehouse.Namespace, error) {
	var ns gatehouse.Namespace
	err := s.Scan(&ns.Name, &ns.TenantID, &ns.OwnerID, &ns.Primary, timeDest{&ns.CreatedAt}, &ns.TenantName, &ns.OwnerName)
	return ns, err
}

// CreateNamespace implements gatehouse.NamespaceStore. It returns
// ErrNotFound if the tenant or the owner does not exist.
func (tx *tx) CreateNamespace(ctx context.Context, ns gatehouse.Namespace) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO namespaces (name, tenant_id, owner_id, is_primary, created_at)
		VALUES (?, ?, ?, ?, ?)`,
		ns.Name, ns.TenantID, ns.OwnerID, ns.Primary, timeValue(ns.CreatedAt))
	if err != nil {
		return fmt.Errorf("create namespace %q: %w", ns.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// NamespaceByName implements gatehouse.NamespaceStore.
func (tx *tx) NamespaceByName(ctx context.Context, name gatehouse.NamespaceName) (gatehouse.Namespace, error) {
	ns, err := scanNamespace(tx.tx.QueryRowContext(ctx, namespaceSelect+` WHERE n.name = ?`, name))
	if err != nil {
		return gatehouse.Namespace{}, fmt.Errorf("namespace %q: %w", name, kind(err, nil))
	}
	return ns, nil
}

// UpdateNamespace implements gatehouse.NamespaceStore. It also returns
// ErrNotFound if the new tenant or owner does not exist.
func (tx *tx) UpdateNamespace(ctx context.Context, ns gatehouse.Namespace) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE namespaces SET tenant_id = ?, owner_id = ?, is_primary = ? WHERE name = ?`,
		ns.TenantID, ns.OwnerID, ns.Primary, ns.Name)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update namespace %q: %w", ns.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteNamespace implements gatehouse.NamespaceStore.
func (tx *tx) DeleteNamespace(ctx context.Context, name gatehouse.NamespaceName) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM namespaces WHERE name = ?`, name)
	if err == nil {
		err = mustAffect(res)
	}
	if err == nil {
		// A namespace made later with the same name must not inherit them.
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM shares WHERE object_type = 'NAMESPACE' AND object_id = ?`, name)
	}
	if err != nil {
		return fmt.Errorf("delete namespace %q: %w", name, kind(err, nil))
	}
	return nil
}

// ListNamespaces implements gatehouse.NamespaceStore.
func (tx *tx) ListNamespaces(ctx context.Context, q gatehouse.NamespaceQuery) ([]gatehouse.Namespace, error) {
	where := []string{`1 = 1`}
	var args []any
	if q.TenantID != 0 {
		where = append(where, `n.tenant_id = ?`)
		args = append(args, q.TenantID)
	}
	if q.OwnerID != 0 {
		where = append(where, `n.owner_id = ?`)
		args = append(args, q.OwnerID)
	}
	nss, err := queryAll(ctx, tx.tx, scanNamespace,
		namespaceSelect+` WHERE `+strings.Join(where, ` AND `)+` ORDER BY n.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list namespaces: %w", err)
	}
	return nss, nil
}
