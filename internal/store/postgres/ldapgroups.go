package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// PutLDAPGroup implements gatehouse.LDAPStore.
func (tx *tx) PutLDAPGroup(ctx context.Context, g *gatehouse.LDAPGroup) error {
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&g.ID) },
		`INSERT INTO ldap_groups (server_id, dn, name, tenant_id, role, capabilities, exclude)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (server_id, dn, tenant_id) DO UPDATE SET name = excluded.name, role = excluded.role,
			capabilities = excluded.capabilities, exclude = excluded.exclude
		RETURNING id`,
		g.ServerID, g.DN, g.Name, g.TenantID, g.Role, strs(g.Capabilities), strs(g.Exclude))
	if err != nil {
		return fmt.Errorf("record ldap group %q: %w", g.DN, kind(err, gatehouse.ErrNotFound))
	}
	_, err = tx.write(ctx, nil, `DELETE FROM ldap_group_members WHERE group_id = $1`, g.ID)
	if err == nil {
		_, err = tx.write(ctx, nil, `INSERT INTO ldap_group_members (group_id, user_id) SELECT $1, unnest($2::bigint[])`, g.ID, ids(g.Members))
	}
	if err != nil {
		return fmt.Errorf("record members of ldap group %q: %w", g.DN, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// LDAPGroups implements gatehouse.LDAPStore.
func (tx *tx) LDAPGroups(ctx context.Context, id gatehouse.LDAPServerID) ([]gatehouse.LDAPGroup, error) {
	gs, err := queryAll(ctx, tx, func(s scanner) (gatehouse.LDAPGroup, error) {
		var (
			g             gatehouse.LDAPGroup
			caps, exclude []string
			members       []int64
		)
		err := s.Scan(&g.ID, &g.ServerID, &g.DN, &g.Name, &g.TenantID, &g.Role, &caps, &exclude, &members)
		g.Capabilities, g.Exclude = named[string](caps), named[string](exclude)
		for _, m := range members {
			g.Members = append(g.Members, gatehouse.UserID(m))
		}
		return g, err
	}, `SELECT g.id, g.server_id, g.dn, g.name, g.tenant_id, g.role, g.capabilities, g.exclude,
			coalesce((SELECT array_agg(m.user_id ORDER BY m.user_id) FROM ldap_group_members m WHERE m.group_id = g.id), '{}')
		FROM ldap_groups g WHERE g.server_id = $1 ORDER BY g.id`, id)
	if err != nil {
		return nil, fmt.Errorf("ldap groups of server %d: %w", id, err)
	}
	return gs, nil
}

// DeleteLDAPGroup implements gatehouse.LDAPStore. The group's members go
// with it (ON DELETE CASCADE).
func (tx *tx) DeleteLDAPGroup(ctx context.Context, id gatehouse.LDAPGroupID) error {
	if err := tx.mustChange(ctx, `DELETE FROM ldap_groups WHERE id = $1`, id); err != nil {
		return fmt.Errorf("remove ldap group %d: %w", id, err)
	}
	return nil
}
