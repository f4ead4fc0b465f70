package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// tx is one transaction; it implements gatehouse.Tx. Its methods live in
// the files for the records they keep (users.go, tenants.go, ...).
type tx struct {
	tx *conn // in a transaction
}

var _ gatehouse.Tx = (*tx)(nil)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// The range of times that fit in int64 Unix nanoseconds.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// timeValue stores a time.Time as INTEGER Unix nanoseconds (UTC by
// definition), and the zero time as NULL.
type timeValue time.Time

// Value implements driver.Valuer.
func (v timeValue) Value() (driver.Value, error) {
	t := time.Time(v)
	if t.IsZero() {
		return nil, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return nil, gatehouse.Invalid("time", "%s is outside the years 1678-2262", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// timeDest scans what timeValue stored back into a UTC time.Time.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.t = time.Time{}
	case int64:
		*d.t = time.Unix(0, v).UTC()
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	return nil
}

// queryAll runs query in tx and reads every row with scan.
func queryAll[T any](ctx context.Context, tx *conn, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
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

// listJSON encodes an ordered list of strings as a JSON array, keeping the
// order; an empty list is "[]".
func listJSON[T ~string](xs []T) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // cannot fail for a list of strings
	return string(b)
}

// parseList decodes what listJSON stored; an empty list reads back as nil.
func parseList[T ~string](text string) ([]T, error) {
	var xs []T
	if err := json.Unmarshal([]byte(text), &xs); err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, nil
	}
	return xs, nil
}

// nullID stores an id whose zero value means "none" as NULL.
func nullID[T ~int64](id T) sql.NullInt64 {
	return sql.NullInt64{Int64: int64(id), Valid: id != 0}
}
