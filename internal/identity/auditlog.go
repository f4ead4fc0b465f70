package identity

import (
	"context"
	"time"

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
		v, err = audit.Verify(ctx, tx, s.Tokens)
		return err
	})
	return v, err
}

// ActAuditExport exports the audit trail.
const ActAuditExport Action = "audit.export"

// exportPage is how many records ExportAudit reads at a time.
const exportPage = 1000

// ExportAudit calls emit with the records at or after since and before
// until (a zero time does not bound), oldest first, a page at a time in
// transactions of their own, so that memory stays bounded however long
// the trail. Only superadmins may. It stops at emit's first error.
func (s *Service) ExportAudit(ctx context.Context, p *Principal, since, until time.Time, emit func([]gatehouse.AuditRecord) error) error {
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return gatehouse.Invalid("until", "must not be before since")
	}
	q := gatehouse.AuditQuery{Since: since, Until: until, OldestFirst: true, Limit: exportPage}
	for {
		var page []gatehouse.AuditRecord
		err := s.view(ctx, p, ActAuditExport, "USER_AUDIT", "", func(tx gatehouse.Tx) error {
			if err := s.authorize(p, ActAuditExport, Target{}); err != nil {
				return err
			}
			var err error
			page, err = tx.ListAudit(ctx, q)
			return err
		})
		if err != nil {
			return err
		}
		if len(page) > 0 {
			if err := emit(page); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		q.AfterID = page[len(page)-1].ID
	}
}
