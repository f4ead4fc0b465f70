package identity

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Audit listing limits.
const (
	DefaultAuditLimit = 100
	MaxAuditLimit     = 10000
)

// ListAudit returns the audit records q selects, newest first, and the id
// to continue before, or 0 on the last page. Only superadmins read the
// trail.
func (s *Service) ListAudit(ctx context.Context, p *Principal, q gatehouse.AuditQuery) ([]gatehouse.AuditRecord, int64, error) {
	switch {
	case q.Limit < 0 || q.Limit > MaxAuditLimit:
		return nil, 0, gatehouse.Invalid("limit", "must be between 1 and %d", MaxAuditLimit)
	case q.Limit == 0:
		q.Limit = DefaultAuditLimit
	case !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since):
		return nil, 0, gatehouse.Invalid("until", "must not be before since")
	}
	var out []gatehouse.AuditRecord
	err := s.view(ctx, p, ActAuditList, "USER_AUDIT", "", func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActAuditList, Target{}); err != nil {
			return err
		}
		var err error
		out, err = tx.ListAudit(ctx, q)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) == q.Limit {
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// ActAuditVerify checks the audit trail's hash chain.
const ActAuditVerify Action = "audit.verify"

// VerifyAudit walks the audit trail's hash chain and reports the first
// record that breaks it, if any. Only superadmins may.
func (s *Service) VerifyAudit(ctx context.Context, p *Principal) (audit.Verification, error) {
	var v audit.Verification
	err := s.view(ctx, p, ActAuditVerify, "USER_AUDIT", "", func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActAuditVerify, Target{}); err != nil {
			return err
		}
		var err error
		v, err = audit.Verify(ctx, tx)
		return err
	})
	return v, err
}
