package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Retrying transactions that PostgreSQL aborts to keep them serializable.
const (
	// maxAttempts is how many times Update runs fn while the database
	// reports serialization failures or deadlocks.
	maxAttempts = 8
	// retryDelay is the pause before the first retry; it doubles each
	// time, with jitter.
	retryDelay = 10 * time.Millisecond
)

// Options are the connection pool settings. Zero fields take pgxpool's
// defaults (or those in the URL's pool_* parameters).
type Options struct {
	MaxConns     int32         // most connections open at once
	MinConns     int32         // connections kept open even when idle
	ConnLifetime time.Duration // how long a connection lives before it is replaced
}

// DB is a Gatehouse store in a PostgreSQL database. It is safe for
// concurrent use.
type DB struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
	origin string // names this DB in the notices of its writes
}

var _ gatehouse.Store = (*DB)(nil)

// Open connects to the PostgreSQL database at url (postgres://...), applies
// the migrations it lacks, and returns the store. It fails with a clear
// error when the server is unreachable, and when the database's schema is
// newer than this binary knows. A nil logger discards log output.
func Open(ctx context.Context, url string, opts Options, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres database: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.MinConns > 0 {
		cfg.MinConns = opts.MinConns
	}
	if opts.ConnLifetime > 0 {
		cfg.MaxConnLifetime = opts.ConnLifetime
	}
	if cfg.MinConns > cfg.MaxConns {
		return nil, fmt.Errorf("open postgres database: at least %d connections asked for, at most %d allowed", cfg.MinConns, cfg.MaxConns)
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres database %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres database %s: cannot connect: %w", where, err)
	}
	if err := migrate(ctx, pool, logger); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres database %s: %w", where, err)
	}
	logger.Debug("opened postgres database", "database", where, "max_conns", cfg.MaxConns)
	return &DB{pool: pool, logger: logger, origin: newOrigin()}, nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Update runs fn in a read-write transaction and commits it if fn returns
// nil; otherwise it rolls back and returns fn's error. Updates take turns,
// across every process sharing the database: each begins by counting
// itself in write_seq, whose row lock it holds until it ends, and every
// statement it runs sees every Update committed before. If PostgreSQL
// still aborts the transaction with a serialization failure or a deadlock,
// Update runs fn again, up to a few times, so fn must have no effects
// outside the transaction. fn must not call Update or View on db.
func (db *DB) Update(ctx context.Context, fn func(gatehouse.Tx) error) error {
	delay := retryDelay
	for attempt := 1; ; attempt++ {
		err := db.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, true, fn)
		if err == nil || !retryable(err) || attempt == maxAttempts {
			return err
		}
		db.logger.WarnContext(ctx, "postgres transaction aborted, retrying", "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay + rand.N(delay)):
		}
		delay *= 2
	}
}

// View runs fn in a read-only transaction on a snapshot of the database. It
// does not wait for Update. Writes inside fn fail.
func (db *DB) View(ctx context.Context, fn func(gatehouse.Tx) error) error {
	return db.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, false, fn)
}

// run runs fn in one transaction. The transaction is rolled back unless it
// commits, also when fn panics.
func (db *DB) run(ctx context.Context, opts pgx.TxOptions, write bool, fn func(gatehouse.Tx) error) error {
	pgTx, err := db.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		// A context already done still gets the connection back clean.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := pgTx.Rollback(rctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
			db.logger.ErrorContext(ctx, "postgres rollback failed", "err", err)
		}
	}()
	if write {
		if _, err := pgTx.Exec(ctx, `UPDATE write_seq SET n = n + 1`); err != nil {
			return fmt.Errorf("begin write: %w", err)
		}
	}
	t := &tx{tx: pgTx}
	if err := fn(t); err != nil {
		return err
	}
	if write {
		if err := db.notify(ctx, t); err != nil {
			return err
		}
	}
	if err := pgTx.Commit(ctx); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	committed = true
	return nil
}
