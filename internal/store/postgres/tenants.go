package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// tenantSelect reads tenants with the name of their account owner, for
// scanTenant.
const tenantSelect = `SELECT t.id, t.name, t.description, t.created_at, t.updated_at,
		COALESCE(t.owner_id, 0), COALESCE(u.name, '')
	FROM tenants t
	LEFT JOIN users u ON u.id = t.owner_id`

// scanTenant reads one row of tenantSelect.
func scanTenant(s scanner) (gatehouse.Tenant, error) {
	var t gatehouse.Tenant
	err := s.Scan(&t.ID, &t.Name, &t.Description, timeDest{&t.CreatedAt}, timeDest{&t.UpdatedAt},
		&t.AccountOwner, &t.AccountOwnerName)
	return t, err
}

// CreateTenant implements gatehouse.TenantStore. Ids come from an identity
// sequence and are never reused.
func (tx *tx) CreateTenant(ctx context.Context, t *gatehouse.Tenant) error {
	var id gatehouse.TenantID
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&id) },
		`INSERT INTO tenants (name, description, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.Name, t.Description, nullID(t.AccountOwner), ts(t.CreatedAt), ts(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create tenant %q: %w", t.Name, kind(err, nil))
	}
	t.ID = id
	return nil
}

// TenantByID implements gatehouse.TenantStore.
func (tx *tx) TenantByID(ctx context.Context, id gatehouse.TenantID) (gatehouse.Tenant, error) {
	t, err := scanTenant(tx.tx.QueryRow(ctx, tenantSelect+` WHERE t.id = $1`, id))
	if err != nil {
		return gatehouse.Tenant{}, fmt.Errorf("tenant %d: %w", id, kind(err, nil))
	}
	return t, nil
}

// TenantByName implements gatehouse.TenantStore.
func (tx *tx) TenantByName(ctx context.Context, name gatehouse.TenantName) (gatehouse.Tenant, error) {
	if !validText(string(name)) {
		return gatehouse.Tenant{}, fmt.Errorf("tenant %q: %w", name, gatehouse.ErrNotFound)
	}
	t, err := scanTenant(tx.tx.QueryRow(ctx, tenantSelect+` WHERE t.name = $1`, name))
	if err != nil {
		return gatehouse.Tenant{}, fmt.Errorf("tenant %q: %w", name, kind(err, nil))
	}
	return t, nil
}

// UpdateTenant implements gatehouse.TenantStore. Besides the name,
// description and account owner it writes UpdatedAt, the time of the
// change; a name that another tenant has gives ErrConflict.
func (tx *tx) UpdateTenant(ctx context.Context, t gatehouse.Tenant) error {
	err := tx.mustChange(ctx, `UPDATE tenants SET name = $1, description = $2, owner_id = $3, updated_at = $4 WHERE id = $5`,
		t.Name, t.Description, nullID(t.AccountOwner), ts(t.UpdatedAt), t.ID)
	if err != nil {
		return fmt.Errorf("update tenant %d (%q): %w", t.ID, t.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteTenant implements gatehouse.TenantStore. The foreign keys of
// memberships, namespaces, objects, shares and API keys (ON DELETE
// RESTRICT) refuse the delete while they refer to the tenant, and the
// refusal becomes ErrConflict.
func (tx *tx) DeleteTenant(ctx context.Context, id gatehouse.TenantID) error {
	err := tx.mustChange(ctx, `DELETE FROM tenants WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete tenant %d: %w", id, kind(err, gatehouse.ErrConflict))
	}
	return nil
}

// ListTenants implements gatehouse.TenantStore.
func (tx *tx) ListTenants(ctx context.Context) ([]gatehouse.Tenant, error) {
	ts, err := queryAll(ctx, tx, scanTenant, tenantSelect+` ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return ts, nil
}
