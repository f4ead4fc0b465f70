package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AppendAudit implements gatehouse.AuditStore. Changes are stored as a JSON
// object, so they read back as JSON decodes them: numbers as float64,
// lists as []any, objects as map[string]any. An empty Changes reads back
// as nil.
func (tx *tx) AppendAudit(ctx context.Context, r *gatehouse.AuditRecord) error {
	var changes sql.NullString
	if len(r.Changes) > 0 {
		b, err := json.Marshal(r.Changes)
		if err != nil {
			return fmt.Errorf("append audit record %q: changes: %w", r.Action, err)
		}
		changes = sql.NullString{String: string(b), Valid: true}
	}
	var id int64
	// The record gets the id after the newest record's and the newest
	// checkpoint's (see migration 019), so ids never go back, even after
	// a prune that removed every record.
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO audit (id, occurred_at, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash)
		VALUES (1 + max(coalesce((SELECT max(id) FROM audit), 0), coalesce((SELECT max(last_id) FROM audit_checkpoints), 0)),
			?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		timeValue(r.Time), r.ActorID, r.ActorName, r.ActorTenant,
		r.Action, r.ObjectType, r.ObjectID, r.Source, r.Outcome, r.Reason, changes, r.RequestID, r.PrevHash, r.Hash).Scan(&id)
	if err != nil {
		return fmt.Errorf("append audit record %q: %w", r.Action, err)
	}
	r.ID = id
	return nil
}

// scanAudit reads one audit row.
func scanAudit(s scanner) (gatehouse.AuditRecord, error) {
	var (
		r       gatehouse.AuditRecord
		changes sql.NullString
	)
	err := s.Scan(&r.ID, timeDest{&r.Time}, &r.ActorID, &r.ActorName, &r.ActorTenant,
		&r.Action, &r.ObjectType, &r.ObjectID, &r.Source, &r.Outcome, &r.Reason, &changes, &r.RequestID, &r.PrevHash, &r.Hash)
	if err != nil {
		return r, err
	}
	if changes.Valid {
		if err := json.Unmarshal([]byte(changes.String), &r.Changes); err != nil {
			return r, fmt.Errorf("changes of audit record %d: %w", r.ID, err)
		}
	}
	return r, nil
}

// ListAudit implements gatehouse.AuditStore. Newest means the highest id:
// records are listed in the order they were appended, reversed unless
// q.OldestFirst. Since is
// inclusive and Until exclusive: a record at time t is kept if
// Since <= t < Until.
func (tx *tx) ListAudit(ctx context.Context, q gatehouse.AuditQuery) ([]gatehouse.AuditRecord, error) {
	where := []string{`1 = 1`}
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if q.Actor != "" {
		add(`actor_name = ?`, q.Actor)
	}
	if q.Action != "" {
		add(`action = ?`, q.Action)
	}
	if q.ObjectType != "" {
		add(`object_type = ?`, q.ObjectType)
	}
	if q.ObjectID != "" {
		add(`object_id = ?`, q.ObjectID)
	}
	if q.Outcome != "" {
		add(`outcome = ?`, q.Outcome)
	}
	if !q.Since.IsZero() {
		add(`occurred_at >= ?`, timeValue(q.Since))
	}
	if !q.Until.IsZero() {
		add(`occurred_at < ?`, timeValue(q.Until))
	}
	if q.BeforeID != 0 {
		add(`id < ?`, q.BeforeID)
	}
	if q.AfterID != 0 {
		add(`id > ?`, q.AfterID)
	}
	order := `DESC`
	if q.OldestFirst {
		order = `ASC`
	}
	limit := -1 // no limit
	if q.Limit > 0 {
		limit = q.Limit
	}
	args = append(args, limit)
	rs, err := queryAll(ctx, tx.tx, scanAudit, `SELECT id, occurred_at, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash
		FROM audit WHERE `+strings.Join(where, ` AND `)+` ORDER BY id `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit records: %w", err)
	}
	return rs, nil
}

// LastAuditHash implements gatehouse.AuditStore.
func (tx *tx) LastAuditHash(ctx context.Context) (string, error) {
	var h string
	err := tx.tx.QueryRowContext(ctx, `SELECT hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last audit hash: %w", err)
	}
	return h, nil
}

// AuditChain implements gatehouse.AuditStore.
func (tx *tx) AuditChain(ctx context.Context, after int64, limit int) ([]gatehouse.AuditRecord, error) {
	rs, err := queryAll(ctx, tx.tx, scanAudit, `SELECT id, occurred_at, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash
		FROM audit WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("audit records after %d: %w", after, err)
	}
	return rs, nil
}

// PlanAuditPrune implements gatehouse.AuditStore.
func (tx *tx) PlanAuditPrune(ctx context.Context, before time.Time) (gatehouse.AuditCheckpoint, error) {
	var cp gatehouse.AuditCheckpoint
	// The records before the first one to keep: none is newer than
	// before, even if the clock stepped back between appends.
	err := tx.tx.QueryRowContext(ctx, `SELECT id, hash, (SELECT count(*) FROM audit a WHERE a.id <= p.id)
		FROM audit p WHERE id < COALESCE((SELECT min(id) FROM audit WHERE occurred_at >= ?), (SELECT max(id) + 1 FROM audit))
		ORDER BY id DESC LIMIT 1`, timeValue(before)).Scan(&cp.LastID, &cp.LastHash, &cp.Pruned)
	if errors.Is(err, sql.ErrNoRows) {
		return gatehouse.AuditCheckpoint{}, nil
	}
	if err != nil {
		return cp, fmt.Errorf("plan audit pruning: %w", err)
	}
	return cp, nil
}

// PruneAudit implements gatehouse.AuditStore.
func (tx *tx) PruneAudit(ctx context.Context, cp *gatehouse.AuditCheckpoint) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM audit WHERE id <= ?`, cp.LastID)
	if err != nil {
		return fmt.Errorf("prune audit records: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != cp.Pruned {
		return fmt.Errorf("prune audit records up to %d: %d of them, not %d: %w", cp.LastID, n, cp.Pruned, gatehouse.ErrConflict)
	}
	err = tx.tx.QueryRowContext(ctx, `INSERT INTO audit_checkpoints (last_id, last_hash, pruned, unchained, created_at, key_id, signature)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		cp.LastID, cp.LastHash, cp.Pruned, cp.Unchained, timeValue(cp.Time), cp.KeyID, cp.Signature).Scan(&cp.ID)
	if err != nil {
		return fmt.Errorf("store audit checkpoint: %w", err)
	}
	return nil
}

// LastAuditCheckpoint implements gatehouse.AuditStore.
func (tx *tx) LastAuditCheckpoint(ctx context.Context) (gatehouse.AuditCheckpoint, error) {
	var cp gatehouse.AuditCheckpoint
	err := tx.tx.QueryRowContext(ctx, `SELECT id, last_id, last_hash, pruned, unchained, created_at, key_id, signature
		FROM audit_checkpoints ORDER BY id DESC LIMIT 1`).Scan(&cp.ID, &cp.LastID, &cp.LastHash, &cp.Pruned,
		&cp.Unchained, timeDest{&cp.Time}, &cp.KeyID, &cp.Signature)
	if errors.Is(err, sql.ErrNoRows) {
		return cp, fmt.Errorf("last audit checkpoint: %w", gatehouse.ErrNotFound)
	}
	if err != nil {
		return cp, fmt.Errorf("last audit checkpoint: %w", err)
	}
	return cp, nil
}
