package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// capabilityColumns lists the columns scanCapability reads.
const capabilityColumns = `id, name, description, hidden, tenant_roles, providers, entries, created_at, updated_at`

// scanCapability reads the capabilityColumns of one row.
func scanCapability(s scanner) (gatehouse.CapabilityRecord, error) {
	var (
		c                         gatehouse.CapabilityRecord
		roles, providers, entries []string
	)
	err := s.Scan(&c.ID, &c.Name, &c.Description, &c.Hidden, &roles, &providers, &entries,
		timeDest{&c.CreatedAt}, timeDest{&c.UpdatedAt})
	c.TenantRoles, c.Providers, c.Entries = named[gatehouse.Role](roles), named[string](providers), named[string](entries)
	return c, err
}

// CreateCapability implements gatehouse.CapabilityStore. Ids are never
// reused, even after DeleteCapability.
func (tx *tx) CreateCapability(ctx context.Context, c *gatehouse.CapabilityRecord) error {
	var id int64
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&id) },
		`INSERT INTO capabilities (name, description, hidden, tenant_roles, providers, entries, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.Name, c.Description, c.Hidden, strs(c.TenantRoles), strs(c.Providers), strs(c.Entries),
		ts(c.CreatedAt), ts(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create capability %q: %w", c.Name, kind(err, nil))
	}
	c.ID = id
	return nil
}

// UpdateCapability implements gatehouse.CapabilityStore.
func (tx *tx) UpdateCapability(ctx context.Context, c gatehouse.CapabilityRecord) error {
	err := tx.mustChange(ctx, `UPDATE capabilities SET description = $1, hidden = $2,
			tenant_roles = $3, providers = $4, entries = $5, updated_at = $6
		WHERE name = $7`,
		c.Description, c.Hidden, strs(c.TenantRoles), strs(c.Providers), strs(c.Entries), ts(c.UpdatedAt), c.Name)
	if err != nil {
		return fmt.Errorf("update capability %q: %w", c.Name, kind(err, nil))
	}
	return nil
}

// DeleteCapability implements gatehouse.CapabilityStore.
func (tx *tx) DeleteCapability(ctx context.Context, name string) error {
	if err := tx.mustChange(ctx, `DELETE FROM capabilities WHERE name = $1`, name); err != nil {
		return fmt.Errorf("delete capability %q: %w", name, kind(err, nil))
	}
	return nil
}

// ListCapabilities implements gatehouse.CapabilityStore.
func (tx *tx) ListCapabilities(ctx context.Context) ([]gatehouse.CapabilityRecord, error) {
	cs, err := queryAll(ctx, tx, scanCapability, `SELECT `+capabilityColumns+` FROM capabilities ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list capabilities: %w", err)
	}
	return cs, nil
}
