// Package audit writes and reads the audit trail. Records are written in the
// transaction of the change they describe, so a change and its record
// commit or roll back together. Each record carries the SHA-256 of the
// previous record's canonical encoding (chain.go), computed in that same
// transaction, and Verify walks the chain.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Appender is what Write needs of a transaction; a gatehouse.Tx is one.
type Appender interface {
	LastAuditHash(ctx context.Context) (string, error)
	AppendAudit(ctx context.Context, r *gatehouse.AuditRecord) error
}

// Write appends r to the trail in tx, filling the time (from now), the
// source address and the request id from ctx when r leaves them empty.
func Write(ctx context.Context, tx Appender, now time.Time, r gatehouse.AuditRecord) error {
	ri := gatehouse.RequestInfoFrom(ctx)
	if r.Time.IsZero() {
		r.Time = now.UTC()
	}
	if r.Source == "" {
		r.Source = ri.Source
	}
	if r.RequestID == "" {
		r.RequestID = ri.ID
	}
	if r.Outcome == "" {
		r.Outcome = gatehouse.OutcomeSuccess
	}
	if err := chain(ctx, tx, &r); err != nil {
		return fmt.Errorf("write audit record %s: %w", r.Action, err)
	}
	if err := tx.AppendAudit(ctx, &r); err != nil {
		return fmt.Errorf("write audit record %s: %w", r.Action, err)
	}
	return nil
}
