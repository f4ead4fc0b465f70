package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// tx is one transaction; it implements gatehouse.Tx. Its methods live in
// the files for the records they keep (users.go, tenants.go, ...).
type tx struct {
	tx      pgx.Tx
	payload string // set by NotifyChange
}

var _ gatehouse.Tx = (*tx)(nil)

// scanner is a pgx.Row or pgx.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// savepoint is the name of the savepoint write statements run in.
const savepoint = "gatehouse_write"

// write runs one statement that changes rows inside a savepoint, so that
// its failure (a unique or foreign-key violation the caller may handle)
// leaves the transaction usable, as it does in SQLite. The savepoint, the
// statement and its release travel in one round trip. scan, if not nil,
// reads the row the statement returns. write returns the command tag.
func (tx *tx) write(ctx context.Context, scan func(pgx.Row) error, sql string, args ...any) (pgconn.CommandTag, error) {
	var (
		b   pgx.Batch
		tag pgconn.CommandTag
	)
	b.Queue(`SAVEPOINT ` + savepoint)
	q := b.Queue(sql, args...)
	if scan != nil {
		q.QueryRow(scan)
	} else {
		q.Exec(func(ct pgconn.CommandTag) error { tag = ct; return nil })
	}
	b.Queue(`RELEASE SAVEPOINT ` + savepoint)
	err := tx.tx.SendBatch(ctx, &b).Close()
	if err == nil {
		return tag, nil
	}
	if _, rbErr := tx.tx.Exec(ctx, `ROLLBACK TO SAVEPOINT `+savepoint); rbErr != nil {
		return tag, errors.Join(err, fmt.Errorf("roll back to savepoint: %w", rbErr))
	}
	if _, rbErr := tx.tx.Exec(ctx, `RELEASE SAVEPOINT `+savepoint); rbErr != nil {
		return tag, errors.Join(err, fmt.Errorf("release savepoint: %w", rbErr))
	}
	return tag, err
}

// mustChange runs a statement with write and returns gatehouse.ErrNotFound if it
// changed no row.
func (tx *tx) mustChange(ctx context.Context, sql string, args ...any) error {
	tag, err := tx.write(ctx, nil, sql, args...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return gatehouse.ErrNotFound
	}
	return nil
}

// queryAll runs query in tx and reads every row with scan.
func queryAll[T any](ctx context.Context, tx *tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ts stores a time.Time as timestamptz, and the zero time as NULL.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// timeDest scans what ts stored back into a UTC time.Time.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = v.UTC()
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	return nil
}

// strs converts a list of named strings to text[], an empty list to '{}'.
func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// named converts text[] back, an empty array to nil.
func named[T ~string](xs []string) []T {
	if len(xs) == 0 {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = T(x)
	}
	return out
}

// ids converts a list of ids to bigint[].
func ids[T ~int64](xs []T) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = int64(x)
	}
	return out
}

// nullID stores an id whose zero value means "none" as NULL.
func nullID[T ~int64](id T) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}
