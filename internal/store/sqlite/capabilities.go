package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// capabilityColumns lists the columns scanCapability reads.
const capabilityColumns = `id, name, description, hidden, tenant_roles, providers, entries, created_at, updated_at`

// scanCapability reads the capabilityColumns of one row.
func scanCapability(s scanner) (gatehouse.CapabilityRecord, error) {
	var (
		c                         gatehouse.CapabilityRecord
		roles, providers, entries string
	)
	err := s.Scan(&c.ID, &c.Name, &c.Description, &c.Hidden, &roles, &providers, &entries,
		timeDest{&c.CreatedAt}, timeDest{&c.UpdatedAt})
	if err != nil {
		return c, err
	}
	if c.TenantRoles, err = parseList[gatehouse.Role](roles); err != nil {
		return c, fmt.Errorf("tenant roles of capability %q: %w", c.Name, err)
	}
	if c.Providers, err = parseList[string](providers); err != nil {
		return c, fmt.Errorf("providers of capability %q: %w", c.Name, err)
	}
	if c.Entries, err = parseList[string](entries); err != nil {
		return c, fmt.Errorf("entries of capability %q: %w", c.Name, err)
	}
	return c, nil
}

// CreateCapability implements gatehouse.CapabilityStore. Ids are never
// reused, even after DeleteCapability.
func (tx *tx) CreateCapability(ctx context.Context, c *gatehouse.CapabilityRecord) error {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO capabilities (name, description, hidden,
			tenant_roles, providers, entries, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Name, c.Description, c.Hidden,
		listJSON(c.TenantRoles), listJSON(c.Providers), listJSON(c.Entries),
		timeValue(c.CreatedAt), timeValue(c.UpdatedAt)).Scan(&id)
	if err != nil {
		return fmt.Errorf("create capability %q: %w", c.Name, kind(err, nil))
	}
	c.ID = id
	return nil
}

// UpdateCapability implements gatehouse.CapabilityStore.
func (tx *tx) UpdateCapability(ctx context.Context, c gatehouse.CapabilityRecord) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE capabilities SET description = ?, hidden = ?,
			tenant_roles = ?, providers = ?, entries = ?, updated_at = ?
		WHERE name = ?`,
		c.Description, c.Hidden,
		listJSON(c.TenantRoles), listJSON(c.Providers), listJSON(c.Entries),
		timeValue(c.UpdatedAt), c.Name)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update capability %q: %w", c.Name, kind(err, nil))
	}
	return nil
}

// DeleteCapability implements gatehouse.CapabilityStore.
func (tx *tx) DeleteCapability(ctx context.Context, name string) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM capabilities WHERE name = ?`, name)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("delete capability %q: %w", name, kind(err, nil))
	}
	return nil
}

// ListCapabilities implements gatehouse.CapabilityStore.
func (tx *tx) ListCapabilities(ctx context.Context) ([]gatehouse.CapabilityRecord, error) {
	cs, err := queryAll(ctx, tx.tx, scanCapability, `SELECT `+capabilityColumns+` FROM capabilities ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list capabilities: %w", err)
	}
	return cs, nil
}
