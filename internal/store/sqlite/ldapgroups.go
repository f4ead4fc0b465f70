package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// PutLDAPGroup implements gatehouse.LDAPStore.
func (tx *tx) PutLDAPGroup(ctx context.Context, g *gatehouse.LDAPGroup) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO ldap_groups (server_id, dn, name, tenant_id, role, capabilities, exclude)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (server_id, dn, tenant_id) DO UPDATE SET name = excluded.name, role = excluded.role,
			capabilities = excluded.capabilities, exclude = excluded.exclude
		RETURNING id`,
		g.ServerID, g.DN, g.Name, g.TenantID, g.Role, capabilitiesJSON(g.Capabilities), capabilitiesJSON(g.Exclude)).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("record ldap group %q: %w", g.DN, kind(err, gatehouse.ErrNotFound))
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM ldap_group_members WHERE group_id = ?`, g.ID); err != nil {
		return fmt.Errorf("record members of ldap group %q: %w", g.DN, err)
	}
	for _, u := range g.Members {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO ldap_group_members (group_id, user_id) VALUES (?, ?)`, g.ID, u); err != nil {
			return fmt.Errorf("record member %d of ldap group %q: %w", u, g.DN, kind(err, gatehouse.ErrNotFound))
		}
	}
	return nil
}

// LDAPGroups implements gatehouse.LDAPStore.
func (tx *tx) LDAPGroups(ctx context.Context, id gatehouse.LDAPServerID) ([]gatehouse.LDAPGroup, error) {
	gs, err := queryAll(ctx, tx.tx, func(s scanner) (gatehouse.LDAPGroup, error) {
		var (
			g             gatehouse.LDAPGroup
			caps, exclude string
		)
		if err := s.Scan(&g.ID, &g.ServerID, &g.DN, &g.Name, &g.TenantID, &g.Role, &caps, &exclude); err != nil {
			return g, err
		}
		if err := json.Unmarshal([]byte(caps), &g.Capabilities); err != nil {
			return g, err
		}
		if len(g.Capabilities) == 0 {
			g.Capabilities = nil
		}
		if err := json.Unmarshal([]byte(exclude), &g.Exclude); err != nil {
			return g, err
		}
		if len(g.Exclude) == 0 {
			g.Exclude = nil
		}
		return g, nil
	}, `SELECT id, server_id, dn, name, tenant_id, role, capabilities, exclude FROM ldap_groups WHERE server_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("ldap groups of server %d: %w", id, err)
	}
	for i := range gs {
		gs[i].Members, err = queryAll(ctx, tx.tx, func(s scanner) (gatehouse.UserID, error) {
			var u gatehouse.UserID
			return u, s.Scan(&u)
		}, `SELECT user_id FROM ldap_group_members WHERE group_id = ? ORDER BY user_id`, gs[i].ID)
		if err != nil {
			return nil, fmt.Errorf("members of ldap group %q: %w", gs[i].DN, err)
		}
	}
	return gs, nil
}

// DeleteLDAPGroup implements gatehouse.LDAPStore. The group's members go
// with it (ON DELETE CASCADE).
func (tx *tx) DeleteLDAPGroup(ctx context.Context, id gatehouse.LDAPGroupID) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM ldap_groups WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("remove ldap group %d: %w", id, err)
	}
	return nil
}
