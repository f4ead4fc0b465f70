package postgres

import (
	"context"
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
		caps []string
	)
	err := s.Scan(&m.UserID, &m.TenantID, &m.TenantName, &m.UserName,
		&m.Role, &caps, &m.Namespace, timeDest{&m.CreatedAt})
	m.Capabilities = named[string](caps)
	return m, err
}

// AddMembership implements gatehouse.MembershipStore.
func (tx *tx) AddMembership(ctx context.Context, m gatehouse.Membership) error {
	_, err := tx.write(ctx, nil, addMembershipSQL, membershipValues(m)...)
	if err != nil {
		return fmt.Errorf("add user %d to tenant %d: %w", m.UserID, m.TenantID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// membershipWriteColumns lists the columns of memberships that
// membershipValues gives, in its order.
var membershipWriteColumns = []string{"user_id", "tenant_id", "role", "capabilities", "namespace", "created_at"}

// membershipValues returns the values of membershipWriteColumns for m.
func membershipValues(m gatehouse.Membership) []any {
	return []any{m.UserID, m.TenantID, m.Role, strs(m.Capabilities), m.Namespace, ts(m.CreatedAt)}
}

// addMembershipSQL inserts the membershipValues of one membership.
var addMembershipSQL = insertSQL("memberships", membershipWriteColumns)

// UpdateMembership implements gatehouse.MembershipStore.
func (tx *tx) UpdateMembership(ctx context.Context, m gatehouse.Membership) error {
	err := tx.mustChange(ctx, `UPDATE memberships SET role = $1, capabilities = $2, namespace = $3
		WHERE user_id = $4 AND tenant_id = $5`,
		m.Role, strs(m.Capabilities), m.Namespace, m.UserID, m.TenantID)
	if err != nil {
		return fmt.Errorf("update membership of user %d in tenant %d: %w", m.UserID, m.TenantID, kind(err, nil))
	}
	return nil
}

// RemoveMembership implements gatehouse.MembershipStore. The tenant loses
// its account owner if it was u.
func (tx *tx) RemoveMembership(ctx context.Context, u gatehouse.UserID, t gatehouse.TenantID) error {
	err := tx.mustChange(ctx, `DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2`, u, t)
	if err == nil {
		_, err = tx.write(ctx, nil, `UPDATE tenants SET owner_id = NULL WHERE id = $1 AND owner_id = $2`, t, u)
	}
	if err != nil {
		return fmt.Errorf("remove user %d from tenant %d: %w", u, t, kind(err, nil))
	}
	return nil
}

// Membership implements gatehouse.MembershipStore.
func (tx *tx) Membership(ctx context.Context, u gatehouse.UserID, t gatehouse.TenantID) (gatehouse.Membership, error) {
	m, err := scanMembership(tx.tx.QueryRow(ctx, membershipSelect+` WHERE m.user_id = $1 AND m.tenant_id = $2`, u, t))
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
	ms, err := queryAll(ctx, tx, scanMembership,
		membershipSelect+` WHERE m.user_id = ANY($1) ORDER BY m.user_id, m.tenant_id`, ids(users))
	if err != nil {
		return nil, fmt.Errorf("memberships of users: %w", err)
	}
	return ms, nil
}

// MembershipsOfTenant implements gatehouse.MembershipStore.
func (tx *tx) MembershipsOfTenant(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.Membership, error) {
	ms, err := queryAll(ctx, tx, scanMembership, membershipSelect+` WHERE m.tenant_id = $1 ORDER BY m.user_id`, t)
	if err != nil {
		return nil, fmt.Errorf("memberships of tenant %d: %w", t, err)
	}
	return ms, nil
}
