package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO audit (occurred_at, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
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
