package sqlite

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AddRuleSet implements gatehouse.RuleSetStore.
func (tx *tx) AddRuleSet(ctx context.Context, rs *gatehouse.RuleSet) error {
	if rs.Service == "" {
		return fmt.Errorf("add rule set: %w", gatehouse.Invalid("service", "is required"))
	}
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO rule_sets (service, version, document, created_by, created_at)
		VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets WHERE service = ?), ?, ?, ?)
		RETURNING version`, rs.Service, rs.Service, rs.Document, rs.CreatedBy, timeValue(rs.CreatedAt)).Scan(&rs.Version)
	if err != nil {
		return fmt.Errorf("add rule set %q: %w", rs.Service, kind(err, nil))
	}
	return nil
}

// RuleSet implements gatehouse.RuleSetStore.
func (tx *tx) RuleSet(ctx context.Context, service string, version int) (gatehouse.RuleSet, error) {
	rs := gatehouse.RuleSet{Service: service}
	err := tx.tx.QueryRowContext(ctx, `SELECT version, document, created_by, created_at FROM rule_sets
		WHERE service = ? AND (version = ? OR ? = 0) ORDER BY version DESC LIMIT 1`, service, version, version).
		Scan(&rs.Version, &rs.Document, &rs.CreatedBy, timeDest{&rs.CreatedAt})
	if err != nil {
		return gatehouse.RuleSet{}, fmt.Errorf("rule set %q version %d: %w", service, version, kind(err, nil))
	}
	return rs, nil
}

// RuleSetHistory implements gatehouse.RuleSetStore.
func (tx *tx) RuleSetHistory(ctx context.Context, service string) ([]gatehouse.RuleSet, error) {
	out, err := queryAll(ctx, tx.tx, func(s scanner) (gatehouse.RuleSet, error) {
		rs := gatehouse.RuleSet{Service: service}
		err := s.Scan(&rs.Version, &rs.CreatedBy, timeDest{&rs.CreatedAt})
		return rs, err
	}, `SELECT version, created_by, created_at FROM rule_sets WHERE service = ? ORDER BY version DESC`, service)
	if err != nil {
		return nil, fmt.Errorf("history of rule set %q: %w", service, err)
	}
	return out, nil
}
