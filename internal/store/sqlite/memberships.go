package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// membershipSelect reads memberships with the names of their user and
// tenant, for scanMembership.
const membershipSelect = `SELECT m.user_id, m.tenant_id, t.name, u.name,
		m.role, m.capabilities, m.namespace, m.created_at
	FROM memberships m
	JOIN users u ON u.id = m.user_id
	JOIN tenants t ON t.id = m.tenant_id`

// scanMembership reads one row of membershipSelect.
func scanMembership(s scanner) (gatehouse.Membership, error) {
	var (
		m    gatehouse.Membership
		caps string
	)
	err := s.Scan(&m.UserID, &m.TenantID, &m.TenantName, &m.UserName,
		&m.Role, &caps, &m.Namespace, timeDest{&m.CreatedAt})
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(caps), &m.Capabilities); err != nil {
		return m, fmt.Errorf("capabilities of user %d in tenant %d: %w", m.UserID, m.TenantID, err)
	}
	if len(m.Capabilities) == 0 {
		m.Capabilities = nil
	}
	return m, nil
}

// capabilitiesJSON encodes caps as a JSON array, keeping their order.
func capabilitiesJSON(caps []string) string {
	if len(caps) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(caps) // cannot fail for []string
	return string(b)
}

// AddMembership implements gatehouse.MembershipStore.
func (tx *tx) AddMembership(ctx context.Context, m gatehouse.Membership) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO memberships (user_id, tenant_id, role, capabilities, namespace, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		m.UserID, m.TenantID, m.Role, capabilitiesJSON(m.Capabilities), m.Namespace, timeValue(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("add user %d to tenant %d: %w", m.UserID, m.TenantID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// UpdateMembership implements gatehouse.MembershipStore.
func (tx *tx) UpdateMembership(ctx context.Context, m gatehouse.Membership) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE memberships SET role = ?, capabilities = ?, namespace = ?
		WHERE user_id = ? AND tenant_id = ?`,
		m.Role, capabilitiesJSON(m.Capabilities), m.Namespace, m.UserID, m.TenantID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("update membership of user %d in tenant %d: %w", m.UserID, m.TenantID, kind(err, nil))
	}
	return nil
}

// RemoveMembership implements gatehouse.MembershipStore. The tenant loses
// its account owner if it was u.
func (tx *tx) RemoveMembership(ctx context.Context, u gatehouse.UserID, t gatehouse.TenantID) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = ? AND tenant_id = ?`, u, t)
	if err == nil {
		err = mustAffect(res)
	}
	if err == nil {
		_, err = tx.tx.ExecContext(ctx, `UPDATE tenants SET owner_id = NULL WHERE id = ? AND owner_id = ?`, t, u)
	}
	if err != nil {
		return fmt.Errorf("remove user %d from tenant %d: %w", u, t, kind(err, nil))
	}
	return nil
}

// Membership implements gatehouse.MembershipStore.
func (tx *tx) Membership(ctx context.Context, u gatehouse.UserID, t gatehouse.TenantID) (gatehouse.Membership, error) {
	m, err := scanMembership(tx.tx.QueryRowContext(ctx, membershipSelect+` WHERE m.user_id = ? AND m.tenant_id = ?`, u, t))
	if err != nil {
		return gatehouse.Membership{}, fmt.Errorf("membership of user %d in tenant %d: %w", u, t, kind(err, nil))
	}
	return m, nil
}

// MembershipsOfUsers implements gatehouse.MembershipStore. Ids of users
// that do not exist are ignored.
func (tx *tx) MembershipsOfUsers(ctx context.Context, users []gatehouse.UserID) ([]gatehouse.Membership, error) {
	if len(users) == 0 {
		return nil, nil
	}
	ids, err := json.Marshal(users)
	if err != nil {
		return nil, fmt.Errorf("memberships of users: %w", err)
	}
	ms, err := queryAll(ctx, tx.tx, scanMembership,
		membershipSelect+` WHERE m.user_id IN (SELECT value FROM json_each(?)) ORDER BY m.user_id, m.tenant_id`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("memberships of users: %w", err)
	}
	return ms, nil
}

// MembershipsOfTenant implements gatehouse.MembershipStore.
func (tx *tx) MembershipsOfTenant(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.Membership, error) {
	ms, err := queryAll(ctx, tx.tx, scanMembership, membershipSelect+` WHERE m.tenant_id = ? ORDER BY m.user_id`, t)
	if err != nil {
		return nil, fmt.Errorf("memberships of tenant %d: %w", t, err)
	}
	return ms, nil
}
