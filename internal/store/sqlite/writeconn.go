package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// writeConn is the one connection that writes, held from Open to Close.
// It runs every statement prepared: SQLite parses a statement the first
// time it runs and reuses the compiled form after that. Parsing was a
// fifth of the time of an audit append, and a third of a login's write.
// Transactions are plain BEGIN IMMEDIATE and COMMIT statements on it, which
// spares the goroutine and context watch of a database/sql transaction.
// Only the caller running the writer's queue (groupcommit.go) uses it, one
// at a time, so it needs no lock of its own.
type writeConn struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

// maxStmts bounds the statements kept prepared. Queries built with lists
// of placeholders come in many lengths; when the cache fills up it is
// emptied, and the statements run often are prepared again.
const maxStmts = 512

// newWriteConn takes the only connection of pool, which must be free.
func newWriteConn(ctx context.Context, pool *sql.DB) (*writeConn, error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &writeConn{conn: conn, stmts: map[string]*sql.Stmt{}}, nil
}

// prepare returns query prepared on the connection.
func (w *writeConn) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := w.stmts[query]; ok {
		return s, nil
	}
	if len(w.stmts) >= maxStmts {
		if err := w.closeStmts(); err != nil {
			return nil, err
		}
	}
	s, err := w.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = s
	return s, nil
}

// ExecContext runs query prepared.
func (w *writeConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := w.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// QueryContext runs query prepared.
func (w *writeConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := w.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs query prepared. If it does not prepare, it runs
// unprepared, which reports the error through the row.
func (w *writeConn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := w.prepare(ctx, query)
	if err != nil {
		return w.conn.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// begin starts a write transaction, taking the write lock at once so that
// it never has to upgrade a read lock, which could fail with SQLITE_BUSY.
func (w *writeConn) begin(ctx context.Context) error {
	if _, err := w.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return nil
}

// commit commits the transaction.
func (w *writeConn) commit(ctx context.Context) error {
	if _, err := w.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// rollback rolls the transaction back, also when ctx is done. It fails
// when SQLite rolled the transaction back already, which some errors and
// interrupts do.
func (w *writeConn) rollback(ctx context.Context) error {
	if _, err := w.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// closeStmts closes the prepared statements.
func (w *writeConn) closeStmts() error {
	var errs []error
	for q, s := range w.stmts {
		errs = append(errs, s.Close())
		delete(w.stmts, q)
	}
	return errors.Join(errs...)
}

// Close closes the statements and gives the connection back to its pool.
func (w *writeConn) Close() error {
	return errors.Join(w.closeStmts(), w.conn.Close())
}
