package postgres

import (
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// SQLSTATE codes the backend tells apart.
const (
	uniqueViolation      = "23505"
	foreignKeyViolation  = "23503"
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
)

// code returns the SQLSTATE of err, or "" if err does not come from the
// server.
func code(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// retryable reports whether err aborted a transaction that may succeed if
// run again.
func retryable(err error) bool {
	switch code(err) {
	case serializationFailure, deadlockDetected:
		return true
	}
	return false
}

// kind returns err marked with the gatehouse error kind it stands for:
// pgx.ErrNoRows becomes gatehouse.ErrNotFound, a unique violation
// gatehouse.ErrConflict, and a foreign-key violation fkKind (the caller
// knows whether a missing referent or a remaining reference is to blame).
// Other errors are returned as they are.
func kind(err, fkKind error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return gatehouse.ErrNotFound
	case code(err) == uniqueViolation:
		return fmt.Errorf("%w: %w", gatehouse.ErrConflict, err)
	case code(err) == foreignKeyViolation && fkKind != nil:
		return fmt.Errorf("%w: %w", fkKind, err)
	}
	return err
}
