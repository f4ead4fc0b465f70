package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// auditColumns lists the columns scanAudit reads.
const auditColumns = `id, occurred_at, occurred_ns, actor_id, actor_name, actor_tenant,
	action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash`

// AppendAudit implements gatehouse.AuditStore. Changes are stored as the
// text of a JSON object, so they read back as JSON decodes them: numbers as
// float64, lists as []any, objects as map[string]any. An empty Changes
// reads back as nil.
func (tx *tx) AppendAudit(ctx context.Context, r *gatehouse.AuditRecord) error {
	var changes *string
	if len(r.Changes) > 0 {
		b, err := json.Marshal(r.Changes)
		if err != nil {
			return fmt.Errorf("append audit record %q: changes: %w", r.Action, err)
		}
		s := string(b)
		changes = &s
	}
	var id int64
	_, err := tx.write(ctx, func(row pgx.Row) error { return row.Scan(&id) },
		`INSERT INTO audit (occurred_at, occurred_ns, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		ts(r.Time), subMicro(r.Time), r.ActorID, r.ActorName, r.ActorTenant,
		r.Action, r.ObjectType, r.ObjectID, r.Source, r.Outcome, r.Reason, changes, r.RequestID, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("append audit record %q: %w", r.Action, err)
	}
	r.ID = id
	return nil
}

// scanAudit reads the auditColumns of one row.
func scanAudit(s scanner) (gatehouse.AuditRecord, error) {
	var (
		r       gatehouse.AuditRecord
		changes *string
		ns      int64
	)
	err := s.Scan(&r.ID, timeDest{&r.Time}, &ns, &r.ActorID, &r.ActorName, &r.ActorTenant,
		&r.Action, &r.ObjectType, &r.ObjectID, &r.Source, &r.Outcome, &r.Reason, &changes, &r.RequestID, &r.PrevHash, &r.Hash)
	if err != nil {
		return r, err
	}
	if !r.Time.IsZero() {
		r.Time = r.Time.Add(time.Duration(ns))
	}
	if changes != nil {
		if err := json.Unmarshal([]byte(*changes), &r.Changes); err != nil {
			return r, fmt.Errorf("changes of audit record %d: %w", r.ID, err)
		}
	}
	return r, nil
}

// subMicro returns the nanoseconds of t below the microsecond, which
// timestamptz drops and the occurred_ns column keeps.
func subMicro(t time.Time) int64 { return int64(t.Nanosecond() % 1000) }

// ListAudit implements gatehouse.AuditStore. Newest means the highest id:
// records are listed in the order they were appended, reversed unless
// q.OldestFirst. Since is
// inclusive and Until exclusive: a record at time t is kept if
// Since <= t < Until.
func (tx *tx) ListAudit(ctx context.Context, q gatehouse.AuditQuery) ([]gatehouse.AuditRecord, error) {
	var w where
	if q.Actor != "" {
		w.add(`actor_name = $?`, q.Actor)
	}
	if q.Action != "" {
		w.add(`action = $?`, q.Action)
	}
	if q.ObjectType != "" {
		w.add(`object_type = $?`, q.ObjectType)
	}
	if q.ObjectID != "" {
		w.add(`object_id = $?`, q.ObjectID)
	}
	if q.Outcome != "" {
		w.add(`outcome = $?`, q.Outcome)
	}
	if !q.Since.IsZero() {
		w.add(`(occurred_at, occurred_ns) >= ($?, `+strconv.FormatInt(subMicro(q.Since), 10)+`)`, q.Since)
	}
	if !q.Until.IsZero() {
		w.add(`(occurred_at, occurred_ns) < ($?, `+strconv.FormatInt(subMicro(q.Until), 10)+`)`, q.Until)
	}
	if q.BeforeID != 0 {
		w.add(`id < $?`, q.BeforeID)
	}
	if q.AfterID != 0 {
		w.add(`id > $?`, q.AfterID)
	}
	order := ` DESC`
	if q.OldestFirst {
		order = ` ASC`
	}
	query := `SELECT ` + auditColumns + ` FROM audit` + w.sql() + ` ORDER BY id` + order
	query += w.limit(q.Limit)
	rs, err := queryAll(ctx, tx, scanAudit, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list audit records: %w", err)
	}
	return rs, nil
}

// LastAuditHash implements gatehouse.AuditStore.
func (tx *tx) LastAuditHash(ctx context.Context) (string, error) {
	var h string
	err := tx.tx.QueryRow(ctx, `SELECT hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&h)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last audit hash: %w", err)
	}
	return h, nil
}

// AuditChain implements gatehouse.AuditStore.
func (tx *tx) AuditChain(ctx context.Context, after int64, limit int) ([]gatehouse.AuditRecord, error) {
	rs, err := queryAll(ctx, tx, scanAudit, `SELECT `+auditColumns+` FROM audit WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
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
	err := tx.tx.QueryRow(ctx, `SELECT id, hash, (SELECT count(*) FROM audit a WHERE a.id <= p.id)
		FROM audit p WHERE id < COALESCE((SELECT min(id) FROM audit WHERE (occurred_at, occurred_ns) >= ($1, $2)), (SELECT max(id) + 1 FROM audit))
		ORDER BY id DESC LIMIT 1`, before, subMicro(before)).Scan(&cp.LastID, &cp.LastHash, &cp.Pruned)
	if errors.Is(err, pgx.ErrNoRows) {
		return gatehouse.AuditCheckpoint{}, nil
	}
	if err != nil {
		return cp, fmt.Errorf("plan audit pruning: %w", err)
	}
	return cp, nil
}

// PruneAudit implements gatehouse.AuditStore.
func (tx *tx) PruneAudit(ctx context.Context, cp *gatehouse.AuditCheckpoint) error {
	tag, err := tx.write(ctx, nil, `DELETE FROM audit WHERE id <= $1`, cp.LastID)
	if err != nil {
		return fmt.Errorf("prune audit records: %w", err)
	}
	if n := tag.RowsAffected(); n != cp.Pruned {
		return fmt.Errorf("prune audit records up to %d: %d of them, not %d: %w", cp.LastID, n, cp.Pruned, gatehouse.ErrConflict)
	}
	_, err = tx.write(ctx, func(row pgx.Row) error { return row.Scan(&cp.ID) },
		`INSERT INTO audit_checkpoints (last_id, last_hash, pruned, unchained, created_at, key_id, signature)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		cp.LastID, cp.LastHash, cp.Pruned, cp.Unchained, cp.Time, cp.KeyID, cp.Signature)
	if err != nil {
		return fmt.Errorf("store audit checkpoint: %w", err)
	}
	return nil
}

// LastAuditCheckpoint implements gatehouse.AuditStore.
func (tx *tx) LastAuditCheckpoint(ctx context.Context) (gatehouse.AuditCheckpoint, error) {
	var cp gatehouse.AuditCheckpoint
	err := tx.tx.QueryRow(ctx, `SELECT id, last_id, last_hash, pruned, unchained, created_at, key_id, signature
		FROM audit_checkpoints ORDER BY id DESC LIMIT 1`).Scan(&cp.ID, &cp.LastID, &cp.LastHash, &cp.Pruned,
		&cp.Unchained, timeDest{&cp.Time}, &cp.KeyID, &cp.Signature)
	if errors.Is(err, pgx.ErrNoRows) {
		return cp, fmt.Errorf("last audit checkpoint: %w", gatehouse.ErrNotFound)
	}
	if err != nil {
		return cp, fmt.Errorf("last audit checkpoint: %w", err)
	}
	return cp, nil
}
