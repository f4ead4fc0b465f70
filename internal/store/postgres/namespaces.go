package postgres

import (
	"context"
	"fmt"

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
	_, err := tx.write(ctx, nil, createNamespaceSQL, namespaceValues(ns)...)
	if err != nil {
		return fmt.Errorf("create namespace %q: %w", ns.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// namespaceWriteColumns lists the columns of namespaces that
// namespaceValues gives, in its order.
var namespaceWriteColumns = []string{"name", "tenant_id", "owner_id", "is_primary", "created_at"}

// namespaceValues returns the values of namespaceWriteColumns for ns.
func namespaceValues(ns gatehouse.Namespace) []any {
	return []any{ns.Name, ns.TenantID, ns.OwnerID, ns.Primary, ts(ns.CreatedAt)}
}

// createNamespaceSQL inserts the namespaceValues of one namespace.
var createNamespaceSQL = insertSQL("namespaces", namespaceWriteColumns)

// NamespaceByName implements gatehouse.NamespaceStore.
func (tx *tx) NamespaceByName(ctx context.Context, name gatehouse.NamespaceName) (gatehouse.Namespace, error) {
	if !validText(string(name)) {
		return gatehouse.Namespace{}, fmt.Errorf("namespace %q: %w", name, gatehouse.ErrNotFound)
	}
	ns, err := scanNamespace(tx.tx.QueryRow(ctx, namespaceSelect+` WHERE n.name = $1`, name))
	if err != nil {
		return gatehouse.Namespace{}, fmt.Errorf("namespace %q: %w", name, kind(err, nil))
	}
	return ns, nil
}

// UpdateNamespace implements gatehouse.NamespaceStore. It also returns
// ErrNotFound if the new tenant or owner does not exist.
func (tx *tx) UpdateNamespace(ctx context.Context, ns gatehouse.Namespace) error {
	err := tx.mustChange(ctx, `UPDATE namespaces SET tenant_id = $1, owner_id = $2, is_primary = $3 WHERE name = $4`,
		ns.TenantID, ns.OwnerID, ns.Primary, ns.Name)
	if err != nil {
		return fmt.Errorf("update namespace %q: %w", ns.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteNamespace implements gatehouse.NamespaceStore.
func (tx *tx) DeleteNamespace(ctx context.Context, name gatehouse.NamespaceName) error {
	err := tx.mustChange(ctx, `DELETE FROM namespaces WHERE name = $1`, name)
	if err == nil {
		// A namespace made later with the same name must not inherit them.
		_, err = tx.write(ctx, nil, `DELETE FROM shares WHERE object_type = 'NAMESPACE' AND object_id = $1`, name)
	}
	if err != nil {
		return fmt.Errorf("delete namespace %q: %w", name, kind(err, nil))
	}
	return nil
}

// ListNamespaces implements gatehouse.NamespaceStore.
func (tx *tx) ListNamespaces(ctx context.Context, q gatehouse.NamespaceQuery) ([]gatehouse.Namespace, error) {
	var w where
	if q.TenantID != 0 {
		w.add(`n.tenant_id = $?`, q.TenantID)
	}
	if q.OwnerID != 0 {
		w.add(`n.owner_id = $?`, q.OwnerID)
	}
	nss, err := queryAll(ctx, tx, scanNamespace, namespaceSelect+w.sql()+` ORDER BY n.name`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list namespaces: %w", err)
	}
	return nss, nil
}
