package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
)

// Loader writes many rows per round trip with COPY, inside one Update
// transaction: for tools that fill a store in bulk, such as the scale
// benchmark's seeder. Each method writes the very rows the Tx method it
// is named after would (CreateUser, CreateNamespace, AddMembership,
// CreateObject), search text included; like them, it writes no audit
// record. Unlike a failed Tx write, a failed COPY aborts the whole
// transaction.
type Loader struct{ tx *tx }

// Load runs fn in an Update transaction (see DB.Update) with a Loader that
// writes in it, and commits if fn returns nil.
func (db *DB) Load(ctx context.Context, fn func(*Loader) error) error {
	return db.Update(ctx, func(t gatehouse.Tx) error { return fn(&Loader{tx: t.(*tx)}) })
}

// Users adds users, each with the next id, which it sets in users[i].ID.
// It returns ErrConflict if a name is taken.
func (l *Loader) Users(ctx context.Context, users []gatehouse.User) error {
	rows, err := l.tx.tx.Query(ctx,
		`SELECT nextval(pg_get_serial_sequence('users', 'id')) FROM generate_series(1, $1)`, len(users))
	if err != nil {
		return fmt.Errorf("load users: reserve ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[gatehouse.UserID])
	if err != nil {
		return fmt.Errorf("load users: reserve ids: %w", err)
	}
	for i := range users {
		users[i].ID = ids[i]
	}
	columns := append(append([]string{"id"}, userWriteColumns...), "search_text")
	err = l.copy(ctx, "users", columns, len(users), func(i int) []any {
		u := &users[i]
		return append(append([]any{u.ID}, userValues(u)...), SearchText(u))
	})
	if err != nil {
		return fmt.Errorf("load users: %w", kind(err, nil))
	}
	return nil
}

// Namespaces adds namespaces. It returns ErrNotFound if a tenant or owner
// does not exist, ErrConflict if a name is taken.
func (l *Loader) Namespaces(ctx context.Context, nss []gatehouse.Namespace) error {
	err := l.copy(ctx, "namespaces", namespaceWriteColumns, len(nss), func(i int) []any { return namespaceValues(nss[i]) })
	if err != nil {
		return fmt.Errorf("load namespaces: %w", kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// Memberships adds memberships. It returns ErrNotFound if a user or tenant
// does not exist, ErrConflict if a user is already a member.
func (l *Loader) Memberships(ctx context.Context, ms []gatehouse.Membership) error {
	err := l.copy(ctx, "memberships", membershipWriteColumns, len(ms), func(i int) []any { return membershipValues(ms[i]) })
	if err != nil {
		return fmt.Errorf("load memberships: %w", kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// Objects adds objects. It returns ErrNotFound if a tenant or owner does
// not exist, ErrConflict if an object exists.
func (l *Loader) Objects(ctx context.Context, objs []gatehouse.Object) error {
	err := l.copy(ctx, "objects", objectWriteColumns, len(objs), func(i int) []any { return objectValues(objs[i]) })
	if err != nil {
		return fmt.Errorf("load objects: %w", kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

// copy writes n rows, row(i) being the values of columns of the i-th, into
// table with one COPY.
func (l *Loader) copy(ctx context.Context, table string, columns []string, n int, row func(i int) []any) error {
	_, err := l.tx.tx.CopyFrom(ctx, pgx.Identifier{table}, columns,
		pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
	return err
}
