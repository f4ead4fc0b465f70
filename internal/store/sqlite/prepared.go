package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Statements run on every change are prepared once per connection instead
// of being parsed again by each transaction: parsing was a fifth of the
// time of an audit append.
const (
	// appendAuditSQL gives the record the id after the newest record's
	// and the newest checkpoint's (see migration 019), so ids never go
	// back, even after a prune that removed every record.
	appendAuditSQL = `INSERT INTO audit (id, occurred_at, actor_id, actor_name, actor_tenant,
			action, object_type, object_id, source, outcome, reason, changes, request_id, prev_hash, hash)
		VALUES (1 + max(coalesce((SELECT max(id) FROM audit), 0), coalesce((SELECT max(last_id) FROM audit_checkpoints), 0)),
			?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	lastAuditHashSQL = `SELECT hash FROM audit ORDER BY id DESC LIMIT 1`

	// The savepoint of each update of a group (groupcommit.go).
	savepointSQL  = `SAVEPOINT update_in_group`
	rollbackToSQL = `ROLLBACK TO update_in_group`
	releaseSQL    = `RELEASE update_in_group`
)

// preparedSQL lists the statements prepared on each pool.
var preparedSQL = []string{appendAuditSQL, lastAuditHashSQL, savepointSQL, rollbackToSQL, releaseSQL}

// prepared holds the statements of preparedSQL prepared on one pool. A
// transaction of that pool runs them on its own connection through
// sql.Tx.StmtContext, which reuses the connection's prepared statement.
type prepared map[string]*sql.Stmt

// prepare prepares preparedSQL on pool. It must run while a connection of
// pool is free: the write pool has only one.
func prepare(ctx context.Context, pool *sql.DB) (prepared, error) {
	p := prepared{}
	for _, q := range preparedSQL {
		s, err := pool.PrepareContext(ctx, q)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("prepare %q: %w", q, err), p.close())
		}
		p[q] = s
	}
	return p, nil
}

// close closes the statements.
func (p prepared) close() error {
	var errs []error
	for _, s := range p {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// stmt returns query, one of preparedSQL, as a statement of tx.
func (tx *tx) stmt(ctx context.Context, query string) *sql.Stmt {
	return tx.tx.StmtContext(ctx, tx.prepared[query])
}
