package identity

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ActAuditPrune prunes the audit records older than audit.retention.
const ActAuditPrune Action = "audit.prune"

// PruneAudit deletes the audit records older than the audit.retention
// setting, when it is set, and returns the checkpoint that stands for
// them; its Pruned is 0 when there was nothing to prune. In the same
// transaction it writes an audit.prune record and the checkpoint, signed
// with the current token signing key (see package audit), so that the
// records kept still verify. p is the superadmin who asked, or nil for
// the server's housekeeping.
func (s *Service) PruneAudit(ctx context.Context, p *Principal) (gatehouse.AuditCheckpoint, error) {
	var cp gatehouse.AuditCheckpoint
	err := s.Change(ctx, p, ActAuditPrune, "USER_AUDIT", "", func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		cp = gatehouse.AuditCheckpoint{}
		if p != nil {
			if err := s.authorize(p, ActAuditPrune, Target{}); err != nil {
				return nil, err
			}
		}
		st, err := s.settingsIn(ctx, tx)
		if err != nil || st.AuditRetention == 0 {
			return nil, err
		}
		now := s.Now()
		before := now.Add(-st.AuditRetention).UTC()
		if cp, err = tx.PlanAuditPrune(ctx, before); err != nil || cp.Pruned == 0 {
			return nil, err
		}
		// The record goes first: it is newer than before, so it stays, and
		// the trail is never left empty for the next record to chain to
		// nothing.
		r := gatehouse.AuditRecord{Action: string(ActAuditPrune), ObjectType: "USER_AUDIT",
			Changes: map[string]any{"pruned": cp.Pruned, "last_id": cp.LastID, "older_than": before.Format(time.RFC3339)}}
		if p == nil {
			r.ActorName = "gatehouse"
		}
		if err := s.record(ctx, tx, p, r); err != nil {
			return nil, err
		}
		prev, err := tx.LastAuditCheckpoint(ctx)
		switch {
		case errors.Is(err, gatehouse.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			cp.Unchained = prev.Unchained
		}
		audit.SignCheckpoint(&cp, s.Tokens, now)
		return nil, tx.PruneAudit(ctx, &cp)
	})
	if err != nil {
		return gatehouse.AuditCheckpoint{}, err
	}
	return cp, nil
}
