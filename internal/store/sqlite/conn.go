package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// conn is one connection held from Open to Close, which runs every
// statement prepared: SQLite parses a statement the first time it runs
// on the connection and reuses the compiled form after that. Parsing was a
// fifth of the time of an audit append, and a third of a login's reads
// and writes. Transactions on it are plain BEGIN and COMMIT statements,
// which spares the goroutine and context watch of a database/sql
// transaction. One caller uses a conn at a time (the writer's queue, or
// the reader that took it from readers), so it needs no lock of its own.
type conn struct {
	pool  *sql.DB // where the connection comes from
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	begin string // the statement that begins a transaction
}

// maxStmts bounds the statements kept prepared on one connection. Queries
// built with lists of placeholders come in many lengths; when the cache
// fills up it is emptied, and the statements run often are prepared again.
const maxStmts = 512

// newConn takes a connection of pool, which must have one free.
// Transactions on it begin with begin.
func newConn(ctx context.Context, pool *sql.DB, begin string) (*conn, error) {
	c := &conn{pool: pool, stmts: map[string]*sql.Stmt{}, begin: begin}
	var err error
	c.conn, err = pool.Conn(ctx)
	return c, err
}

// prepare returns query prepared on the connection.
func (c *conn) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	if len(c.stmts) >= maxStmts {
		if err := c.closeStmts(); err != nil {
			return nil, err
		}
	}
	s, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

// ExecContext runs query prepared.
func (c *conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// QueryContext runs query prepared.
func (c *conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs query prepared. If it does not prepare, it runs
// unprepared, which reports the error through the row.
func (c *conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.prepare(ctx, query)
	if err != nil {
		return c.conn.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// beginTx begins a transaction. A connection that database/sql closed
// (after the driver found it broken) is replaced by a new one first, so
// that one broken connection does not fail every later transaction.
func (c *conn) beginTx(ctx context.Context) error {
	_, err := c.ExecContext(ctx, c.begin)
	if errors.Is(err, sql.ErrConnDone) {
		if err = c.renew(ctx); err == nil {
			_, err = c.ExecContext(ctx, c.begin)
		}
	}
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return nil
}

// renew replaces the connection by a new one from the pool.
func (c *conn) renew(ctx context.Context) error {
	_ = c.closeStmts() // they belong to the closed connection
	_ = c.conn.Close()
	nc, err := c.pool.Conn(ctx)
	if err != nil {
		return err
	}
	c.conn = nc
	return nil
}

// commit commits the transaction.
func (c *conn) commit(ctx context.Context) error {
	if _, err := c.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// rollback rolls the transaction back, also when ctx is done. It fails
// when SQLite rolled the transaction back already, which some errors and
// interrupts do.
func (c *conn) rollback(ctx context.Context) error {
	if _, err := c.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// closeStmts closes the prepared statements.
func (c *conn) closeStmts() error {
	var errs []error
	for q, s := range c.stmts {
		errs = append(errs, s.Close())
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}

// Close closes the statements and gives the connection back to its pool.
func (c *conn) Close() error {
	return errors.Join(c.closeStmts(), c.conn.Close())
}
