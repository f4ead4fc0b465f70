package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

const agreementColumns = `a.id, a.name, a.text, a.required, a.apply_to_existing, a.created_at`

func scanAgreement(s scanner) (gatehouse.Agreement, error) {
	var a gatehouse.Agreement
	err := s.Scan(&a.ID, &a.Name, &a.Text, &a.Required, &a.ApplyToExisting, timeDest{&a.CreatedAt})
	return a, err
}

// CreateAgreement implements gatehouse.AgreementStore.
func (tx *tx) CreateAgreement(ctx context.Context, a *gatehouse.Agreement) error {
	_, err := tx.write(ctx, func(r pgx.Row) error { return r.Scan(&a.ID) },
		`INSERT INTO agreements (name, text, required, apply_to_existing, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		a.Name, a.Text, a.Required, a.ApplyToExisting, ts(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("create agreement %q: %w", a.Name, kind(err, nil))
	}
	return nil
}

// AgreementByName implements gatehouse.AgreementStore.
func (tx *tx) AgreementByName(ctx context.Context, name string) (gatehouse.Agreement, error) {
	if !validText(name) {
		return gatehouse.Agreement{}, fmt.Errorf("agreement %q: %w", name, gatehouse.ErrNotFound)
	}
	a, err := scanAgreement(tx.tx.QueryRow(ctx, `SELECT `+agreementColumns+` FROM agreements a WHERE a.name = $1`, name))
	if err != nil {
		return gatehouse.Agreement{}, fmt.Errorf("agreement %q: %w", name, kind(err, nil))
	}
	return a, nil
}

// DeleteAgreement implements gatehouse.AgreementStore.
func (tx *tx) DeleteAgreement(ctx context.Context, name string) error {
	if !validText(name) {
		return fmt.Errorf("remove agreement %q: %w", name, gatehouse.ErrNotFound)
	}
	if err := tx.mustChange(ctx, `DELETE FROM agreements WHERE name = $1`, name); err != nil {
		return fmt.Errorf("remove agreement %q: %w", name, err)
	}
	return nil
}

// ListAgreements implements gatehouse.AgreementStore.
func (tx *tx) ListAgreements(ctx context.Context) ([]gatehouse.Agreement, error) {
	as, err := queryAll(ctx, tx, scanAgreement, `SELECT `+agreementColumns+` FROM agreements a ORDER BY a.name`)
	if err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	return as, nil
}

// SignAgreement implements gatehouse.AgreementStore.
func (tx *tx) SignAgreement(ctx context.Context, s gatehouse.Signature) error {
	_, err := tx.write(ctx, nil, `INSERT INTO agreement_signatures (agreement_id, user_id, signed_at) VALUES ($1, $2, $3)`,
		s.AgreementID, s.UserID, ts(s.SignedAt))
	if err != nil {
		return fmt.Errorf("sign agreement %d by user %d: %w", s.AgreementID, s.UserID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// Signatures implements gatehouse.AgreementStore.
func (tx *tx) Signatures(ctx context.Context, u gatehouse.UserID) ([]gatehouse.Signature, error) {
	ss, err := queryAll(ctx, tx, func(s scanner) (gatehouse.Signature, error) {
		var g gatehouse.Signature
		err := s.Scan(&g.AgreementID, &g.AgreementName, &g.UserID, &g.UserName, timeDest{&g.SignedAt})
		return g, err
	}, `SELECT s.agreement_id, a.name, s.user_id, u.name, s.signed_at
		FROM agreement_signatures s JOIN agreements a ON a.id = s.agreement_id JOIN users u ON u.id = s.user_id
		WHERE $1 = 0 OR s.user_id = $1
		ORDER BY s.user_id, a.name`, u)
	if err != nil {
		return nil, fmt.Errorf("signatures of user %d: %w", u, err)
	}
	return ss, nil
}

// UnsignedAgreements implements gatehouse.AgreementStore.
func (tx *tx) UnsignedAgreements(ctx context.Context, u gatehouse.UserID) ([]gatehouse.Agreement, error) {
	as, err := queryAll(ctx, tx, scanAgreement, `SELECT `+agreementColumns+` FROM agreements a
		WHERE a.required AND NOT EXISTS (SELECT 1 FROM agreement_signatures s WHERE s.agreement_id = a.id AND s.user_id = $1)
		ORDER BY a.name`, u)
	if err != nil {
		return nil, fmt.Errorf("agreements user %d has not signed: %w", u, err)
	}
	return as, nil
}
