package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// policyColumns lists the columns scanPolicy reads.
const policyColumns = `id, tenant_id, name, description, rules, created_at, updated_at`

// scanPolicy reads the policyColumns of one row.
func scanPolicy(s scanner) (gatehouse.AperturePolicy, error) {
	var (
		p     gatehouse.AperturePolicy
		rules []string
	)
	err := s.Scan(&p.ID, &p.TenantID, &p.Name, &p.Description, &rules, timeDest{&p.CreatedAt}, timeDest{&p.UpdatedAt})
	p.Rules = named[string](rules)
	return p, err
}

// CreatePolicy implements gatehouse.ApertureStore.
func (tx *tx) CreatePolicy(ctx context.Context, p *gatehouse.AperturePolicy) error {
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&p.ID) },
		`INSERT INTO aperture_policies (tenant_id, name, description, rules, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		p.TenantID, p.Name, p.Description, strs(p.Rules), ts(p.CreatedAt), ts(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create policy %q: %w", p.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UpdatePolicy implements gatehouse.ApertureStore.
func (tx *tx) UpdatePolicy(ctx context.Context, p gatehouse.AperturePolicy) error {
	err := tx.mustChange(ctx, `UPDATE aperture_policies SET description = $1, rules = $2, updated_at = $3 WHERE id = $4`,
		p.Description, strs(p.Rules), ts(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("update policy %d (%q): %w", p.ID, p.Name, kind(err, nil))
	}
	return nil
}

// DeletePolicy implements gatehouse.ApertureStore.
func (tx *tx) DeletePolicy(ctx context.Context, id int64) error {
	if err := tx.mustChange(ctx, `DELETE FROM aperture_policies WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete policy %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListPolicies implements gatehouse.ApertureStore.
func (tx *tx) ListPolicies(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.AperturePolicy, error) {
	ps, err := queryAll(ctx, tx, scanPolicy, `SELECT `+policyColumns+` FROM aperture_policies WHERE tenant_id = $1 ORDER BY name`, t)
	if err != nil {
		return nil, fmt.Errorf("policies of tenant %d: %w", t, err)
	}
	return ps, nil
}

// roleColumns lists the columns scanRole reads.
const roleColumns = `id, tenant_id, name, policies, members, default_members, created_at, updated_at`

// scanRole reads the roleColumns of one row.
func scanRole(s scanner) (gatehouse.AccountRole, error) {
	var (
		r                       gatehouse.AccountRole
		policies, members, dflt []string
	)
	err := s.Scan(&r.ID, &r.TenantID, &r.Name, &policies, &members, &dflt, timeDest{&r.CreatedAt}, timeDest{&r.UpdatedAt})
	r.Policies, r.Members, r.DefaultMembers = named[string](policies), named[gatehouse.UserName](members), named[gatehouse.UserName](dflt)
	return r, err
}

// CreateRole implements gatehouse.ApertureStore.
func (tx *tx) CreateRole(ctx context.Context, r *gatehouse.AccountRole) error {
	_, err := tx.write(ctx, func(row pgx.Row) error { return row.Scan(&r.ID) },
		`INSERT INTO account_roles (tenant_id, name, policies, members, default_members, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		r.TenantID, r.Name, strs(r.Policies), strs(r.Members), strs(r.DefaultMembers), ts(r.CreatedAt), ts(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create role %q: %w", r.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UpdateRole implements gatehouse.ApertureStore.
func (tx *tx) UpdateRole(ctx context.Context, r gatehouse.AccountRole) error {
	err := tx.mustChange(ctx, `UPDATE account_roles SET policies = $1, members = $2, default_members = $3, updated_at = $4
		WHERE id = $5`,
		strs(r.Policies), strs(r.Members), strs(r.DefaultMembers), ts(r.UpdatedAt), r.ID)
	if err != nil {
		return fmt.Errorf("update role %d (%q): %w", r.ID, r.Name, kind(err, nil))
	}
	return nil
}

// DeleteRole implements gatehouse.ApertureStore.
func (tx *tx) DeleteRole(ctx context.Context, id int64) error {
	if err := tx.mustChange(ctx, `DELETE FROM account_roles WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete role %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListRoles implements gatehouse.ApertureStore.
func (tx *tx) ListRoles(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.AccountRole, error) {
	rs, err := queryAll(ctx, tx, scanRole, `SELECT `+roleColumns+` FROM account_roles WHERE tenant_id = $1 ORDER BY name`, t)
	if err != nil {
		return nil, fmt.Errorf("roles of tenant %d: %w", t, err)
	}
	return rs, nil
}

// PutRoleTags implements gatehouse.ApertureStore.
func (tx *tx) PutRoleTags(ctx context.Context, typ, id string, roles []string) error {
	var err error
	if len(roles) == 0 {
		// Remove the tags, and report whether the object exists.
		err = tx.mustChange(ctx, `WITH gone AS (DELETE FROM object_role_tags WHERE object_type = $1 AND object_id = $2)
			SELECT 1 FROM objects WHERE type = $1 AND id = $2`, typ, id)
	} else {
		_, err = tx.write(ctx, nil, `INSERT INTO object_role_tags (object_type, object_id, roles) VALUES ($1, $2, $3)
			ON CONFLICT (object_type, object_id) DO UPDATE SET roles = excluded.roles`, typ, id, roles)
	}
	if err != nil {
		return fmt.Errorf("role tags of %s/%s: %w", typ, id, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UntagRole implements gatehouse.ApertureStore.
func (tx *tx) UntagRole(ctx context.Context, t gatehouse.TenantID, role string) (int, error) {
	tag, err := tx.tx.Exec(ctx, `UPDATE object_role_tags r SET roles = array_remove(r.roles, $2)
		FROM objects o WHERE o.type = r.object_type AND o.id = r.object_id AND o.tenant_id = $1 AND $2 = ANY (r.roles)`, t, role)
	if err == nil && tag.RowsAffected() > 0 {
		_, err = tx.tx.Exec(ctx, `DELETE FROM object_role_tags WHERE cardinality(roles) = 0`)
	}
	if err != nil {
		return 0, fmt.Errorf("untag role %s in tenant %d: %w", role, t, err)
	}
	return int(tag.RowsAffected()), nil
}

// RoleTags implements gatehouse.ApertureStore.
func (tx *tx) RoleTags(ctx context.Context, typ, id string) ([]string, error) {
	var roles []string
	err := tx.tx.QueryRow(ctx, `SELECT roles FROM object_role_tags WHERE object_type = $1 AND object_id = $2`, typ, id).Scan(&roles)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("role tags of %s/%s: %w", typ, id, err)
	}
	return named[string](roles), nil
}
