package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// shareSelect reads shares with the name of the tenant or user they grant
// to, for scanShare.
const shareSelect = `SELECT s.object_type, s.object_id, s.tenant_id, s.user_id, s.operations,
		s.created_by, s.created_at, t.name, u.name
	FROM shares s
	LEFT JOIN tenants t ON t.id = s.tenant_id
	LEFT JOIN users u ON u.id = s.user_id`

// shareOrder is the order of ListShares: by object, then tenant shares
// (tenant_id set) before user shares, each in id order.
const shareOrder = ` ORDER BY s.object_type, s.object_id, s.tenant_id IS NULL, s.tenant_id, s.user_id`

// scanShare reads one row of shareSelect.
func scanShare(s scanner) (gatehouse.Share, error) {
	var (
		sh                gatehouse.Share
		tenant, user      *int64
		ops               []string
		tenantName, uname *string
	)
	err := s.Scan(&sh.ObjectType, &sh.ObjectID, &tenant, &user, &ops,
		&sh.CreatedBy, timeDest{&sh.CreatedAt}, &tenantName, &uname)
	if err != nil {
		return sh, err
	}
	if tenant != nil {
		sh.TenantID = gatehouse.TenantID(*tenant)
	}
	if user != nil {
		sh.UserID = gatehouse.UserID(*user)
	}
	if tenantName != nil {
		sh.TenantName = gatehouse.TenantName(*tenantName)
	}
	if uname != nil {
		sh.UserName = gatehouse.UserName(*uname)
	}
	sh.Operations = named[string](ops)
	return sh, nil
}

// shareTarget names the tenant or user of a share in error messages.
func shareTarget(t gatehouse.TenantID, u gatehouse.UserID) string {
	if t != 0 {
		return fmt.Sprintf("tenant %d", t)
	}
	return fmt.Sprintf("user %d", u)
}

// PutShare implements gatehouse.ShareStore. Replacing a share writes only
// its operations: CreatedBy and CreatedAt stay those of the first Put. It
// returns ErrInvalid unless exactly one of s.TenantID and s.UserID is set,
// and ErrNotFound if that tenant or user does not exist. It does not check
// that the object exists.
func (tx *tx) PutShare(ctx context.Context, s gatehouse.Share) error {
	if (s.TenantID == 0) == (s.UserID == 0) {
		return fmt.Errorf("put share of %s:%s: %w", s.ObjectType, s.ObjectID,
			gatehouse.Invalid("share", "exactly one of tenant and user must be set"))
	}
	// The conflict target names the partial unique index of the target.
	target := `(object_type, object_id, tenant_id) WHERE tenant_id IS NOT NULL`
	if s.UserID != 0 {
		target = `(object_type, object_id, user_id) WHERE user_id IS NOT NULL`
	}
	_, err := tx.write(ctx, nil, `INSERT INTO shares (object_type, object_id, tenant_id, user_id, operations, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT `+target+` DO UPDATE SET operations = excluded.operations`,
		s.ObjectType, s.ObjectID, nullID(s.TenantID), nullID(s.UserID), strs(s.Operations),
		s.CreatedBy, ts(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("put share of %s:%s with %s: %w", s.ObjectType, s.ObjectID,
			shareTarget(s.TenantID, s.UserID), kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// DeleteShare implements gatehouse.ShareStore. With both t and u set, or
// neither, there is no such share: it returns ErrNotFound.
func (tx *tx) DeleteShare(ctx context.Context, typ, id string, t gatehouse.TenantID, u gatehouse.UserID) error {
	err := tx.mustChange(ctx, `DELETE FROM shares
		WHERE object_type = $1 AND object_id = $2 AND tenant_id IS NOT DISTINCT FROM $3 AND user_id IS NOT DISTINCT FROM $4`,
		typ, id, nullID(t), nullID(u))
	if err != nil {
		return fmt.Errorf("delete share of %s:%s with %s: %w", typ, id, shareTarget(t, u), kind(err, nil))
	}
	return nil
}

// ListShares implements gatehouse.ShareStore. The fields of q that are set
// must all match. Shares of one object come tenant shares first, in tenant
// id order, then user shares in user id order.
func (tx *tx) ListShares(ctx context.Context, q gatehouse.ShareQuery) ([]gatehouse.Share, error) {
	var w where
	if q.ObjectType != "" {
		w.add(`s.object_type = $?`, q.ObjectType)
	}
	if q.ObjectID != "" {
		w.add(`s.object_id = $?`, q.ObjectID)
	}
	if q.TenantID != 0 {
		w.add(`s.tenant_id = $?`, q.TenantID)
	}
	if q.UserID != 0 {
		w.add(`s.user_id = $?`, q.UserID)
	}
	ss, err := queryAll(ctx, tx, scanShare, shareSelect+w.sql()+shareOrder, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list shares: %w", err)
	}
	return ss, nil
}
