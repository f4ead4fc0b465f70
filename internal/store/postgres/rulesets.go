package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// AddRuleSet implements gatehouse.RuleSetStore.
func (tx *tx) AddRuleSet(ctx context.Context, rs *gatehouse.RuleSet) error {
	if rs.Service == "" {
		return fmt.Errorf("add rule set: %w", gatehouse.Invalid("service", "is required"))
	}
	_, err := tx.write(ctx, func(row pgx.Row) error { return row.Scan(&rs.Version) },
		`INSERT INTO rule_sets (service, version, document, created_by, created_at)
		VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets WHERE service = $1), $2, $3, $4)
		RETURNING version`, rs.Service, rs.Document, rs.CreatedBy, ts(rs.CreatedAt))
	if err != nil {
		return fmt.Errorf("add rule set %q: %w", rs.Service, kind(err, nil))
	}
	return nil
}

// RuleSet implements gatehouse.RuleSetStore.
func (tx *tx) RuleSet(ctx context.Context, service string, version int) (gatehouse.RuleSet, error) {
	rs := gatehouse.RuleSet{Service: service}
	err := tx.tx.QueryRow(ctx, `SELECT version, document, created_by, created_at FROM rule_sets
		WHERE service = $1 AND (version = $2 OR $2 = 0) ORDER BY version DESC LIMIT 1`, service, version).
		Scan(&rs.Version, &rs.Document, &rs.CreatedBy, timeDest{&rs.CreatedAt})
	if err != nil {
		return gatehouse.RuleSet{}, fmt.Errorf("rule set %q version %d: %w", service, version, kind(err, nil))
	}
	return rs, nil
}

// RuleSetHistory implements gatehouse.RuleSetStore.
func (tx *tx) RuleSetHistory(ctx context.Context, service string) ([]gatehouse.RuleSet, error) {
	out, err := queryAll(ctx, tx, func(s scanner) (gatehouse.RuleSet, error) {
		rs := gatehouse.RuleSet{Service: service}
		err := s.Scan(&rs.Version, &rs.CreatedBy, timeDest{&rs.CreatedAt})
		return rs, err
	}, `SELECT version, created_by, created_at FROM rule_sets WHERE service = $1 ORDER BY version DESC`, service)
	if err != nil {
		return nil, fmt.Errorf("history of rule set %q: %w", service, err)
	}
	return out, nil
}
