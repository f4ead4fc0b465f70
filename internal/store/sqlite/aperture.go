package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// policyColumns lists the columns scanPolicy reads.
const policyColumns = `id, tenant_id, name, description, rules, created_at, updated_at`

// scanPolicy reads the policyColumns of one row.
func scanPolicy(s scanner) (gatehouse.AperturePolicy, error) {
	var (
		p     gatehouse.AperturePolicy
		rules string
	)
	err := s.Scan(&p.ID, &p.TenantID, &p.Name, &p.Description, &rules, timeDest{&p.CreatedAt}, timeDest{&p.UpdatedAt})
	if err == nil {
		p.Rules, err = parseList[string](rules)
	}
	return p, err
}

// CreatePolicy implements gatehouse.ApertureStore.
func (tx *tx) CreatePolicy(ctx context.Context, p *gatehouse.AperturePolicy) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO aperture_policies (tenant_id, name, description, rules, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		p.TenantID, p.Name, p.Description, listJSON(p.Rules), timeValue(p.CreatedAt), timeValue(p.UpdatedAt)).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create policy %q: %w", p.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UpdatePolicy implements gatehouse.ApertureStore.
func (tx *tx) UpdatePolicy(ctx context.Context, p gatehouse.AperturePolicy) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE aperture_policies SET description = ?, rules = ?, updated_at = ? WHERE id = ?`,
		p.Description, listJSON(p.Rules), timeValue(p.UpdatedAt), p.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update policy %d (%q): %w", p.ID, p.Name, kind(err, nil))
	}
	return nil
}

// DeletePolicy implements gatehouse.ApertureStore.
func (tx *tx) DeletePolicy(ctx context.Context, id int64) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM aperture_policies WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("delete policy %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListPolicies implements gatehouse.ApertureStore.
func (tx *tx) ListPolicies(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.AperturePolicy, error) {
	ps, err := queryAll(ctx, tx.tx, scanPolicy, `SELECT `+policyColumns+` FROM aperture_policies WHERE tenant_id = ? ORDER BY name`, t)
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
		policies, members, dflt string
	)
	err := s.Scan(&r.ID, &r.TenantID, &r.Name, &policies, &members, &dflt, timeDest{&r.CreatedAt}, timeDest{&r.UpdatedAt})
	if err != nil {
		return r, err
	}
	if r.Policies, err = parseList[string](policies); err != nil {
		return r, fmt.Errorf("policies of role %q: %w", r.Name, err)
	}
	if r.Members, err = parseList[gatehouse.UserName](members); err != nil {
		return r, fmt.Errorf("members of role %q: %w", r.Name, err)
	}
	if r.DefaultMembers, err = parseList[gatehouse.UserName](dflt); err != nil {
		return r, fmt.Errorf("default members of role %q: %w", r.Name, err)
	}
	return r, nil
}

// CreateRole implements gatehouse.ApertureStore.
func (tx *tx) CreateRole(ctx context.Context, r *gatehouse.AccountRole) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO account_roles (tenant_id, name, policies, members, default_members, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.TenantID, r.Name, listJSON(r.Policies), listJSON(r.Members), listJSON(r.DefaultMembers),
		timeValue(r.CreatedAt), timeValue(r.UpdatedAt)).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("create role %q: %w", r.Name, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UpdateRole implements gatehouse.ApertureStore.
func (tx *tx) UpdateRole(ctx context.Context, r gatehouse.AccountRole) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE account_roles SET policies = ?, members = ?, default_members = ?, updated_at = ?
		WHERE id = ?`,
		listJSON(r.Policies), listJSON(r.Members), listJSON(r.DefaultMembers), timeValue(r.UpdatedAt), r.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update role %d (%q): %w", r.ID, r.Name, kind(err, nil))
	}
	return nil
}

// DeleteRole implements gatehouse.ApertureStore.
func (tx *tx) DeleteRole(ctx context.Context, id int64) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM account_roles WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("delete role %d: %w", id, kind(err, nil))
	}
	return nil
}

// ListRoles implements gatehouse.ApertureStore.
func (tx *tx) ListRoles(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.AccountRole, error) {
	rs, err := queryAll(ctx, tx.tx, scanRole, `SELECT `+roleColumns+` FROM account_roles WHERE tenant_id = ? ORDER BY name`, t)
	if err != nil {
		return nil, fmt.Errorf("roles of tenant %d: %w", t, err)
	}
	return rs, nil
}

// PutRoleTags implements gatehouse.ApertureStore.
func (tx *tx) PutRoleTags(ctx context.Context, typ, id string, roles []string) error {
	var err error
	if len(roles) == 0 {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM object_role_tags WHERE object_type = ? AND object_id = ?`, typ, id)
		if err == nil {
			err = tx.tx.QueryRowContext(ctx, `SELECT 1 FROM objects WHERE type = ? AND id = ?`, typ, id).Scan(new(int))
		}
	} else {
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO object_role_tags (object_type, object_id, roles) VALUES (?, ?, ?)
			ON CONFLICT (object_type, object_id) DO UPDATE SET roles = excluded.roles`, typ, id, listJSON(roles))
	}
	if err != nil {
		return fmt.Errorf("role tags of %s/%s: %w", typ, id, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UntagRole implements gatehouse.ApertureStore.
func (tx *tx) UntagRole(ctx context.Context, t gatehouse.TenantID, role string) (int, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE object_role_tags
		SET roles = (SELECT json_group_array(value ORDER BY key) FROM json_each(object_role_tags.roles) WHERE value <> ?2)
		WHERE EXISTS (SELECT 1 FROM json_each(object_role_tags.roles) WHERE value = ?2)
		  AND EXISTS (SELECT 1 FROM objects o WHERE o.type = object_role_tags.object_type AND o.id = object_role_tags.object_id AND o.tenant_id = ?1)`, t, role)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err == nil && n > 0 {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM object_role_tags WHERE roles = '[]'`)
	}
	if err != nil {
		return 0, fmt.Errorf("untag role %s in tenant %d: %w", role, t, err)
	}
	return int(n), nil
}

// RoleTags implements gatehouse.ApertureStore.
func (tx *tx) RoleTags(ctx context.Context, typ, id string) ([]string, error) {
	tags, err := queryAll(ctx, tx.tx, func(s scanner) ([]string, error) {
		var text string
		if err := s.Scan(&text); err != nil {
			return nil, err
		}
		return parseList[string](text)
	}, `SELECT roles FROM object_role_tags WHERE object_type = ? AND object_id = ?`, typ, id)
	if err != nil || len(tags) == 0 {
		return nil, err
	}
	return tags[0], nil
}
