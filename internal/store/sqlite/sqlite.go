package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeout is how long a statement waits for a lock held by another
// connection before failing with SQLITE_BUSY. It is a variable so that
// tests can shorten it.
var busyTimeout = 5 * time.Second

// Retrying busy transactions.
const (
	// maxAttempts is how many times Update runs fn when the database stays
	// busy.
	maxAttempts = 4
	// retryDelay is the pause before the first retry; it doubles each time.
	retryDelay = 50 * time.Millisecond
)

// DB is a Gatehouse store in one SQLite database file. It is safe for
// concurrent use.
type DB struct {
	write   *sql.DB    // the pool of conn's one connection
	conn    *conn      // the connection every Update runs on
	writer  writer     // the updates waiting for conn
	read    *sql.DB    // the pool of the readers' query_only connections
	readers chan *conn // the readers not running a View
	nread   int        // how many readers there are
	logger  *slog.Logger

	closeOnce sync.Once
	closeErr  error
}

var _ gatehouse.Store = (*DB)(nil)

// Open opens the SQLite database at path, creating it if needed, and applies
// the migrations it lacks. path names a file; in-memory databases are not
// supported because the write and read pools must share the database. A nil
// logger discards log output.
func Open(ctx context.Context, path string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open sqlite database %q: want the path of a file", path)
	}

	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	// Connect the writer first: it switches the file to WAL mode, which the
	// readers rely on, and runs the migrations before anyone reads.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
	}
	if err := migrate(ctx, write, logger); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
	}
	wc, err := newConn(ctx, write, `BEGIN IMMEDIATE`)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
	}

	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		wc.Close()
		write.Close()
		return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := &DB{write: write, conn: wc, read: read, readers: make(chan *conn, n), logger: logger}
	for range n {
		c, err := newConn(ctx, read, `BEGIN`)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite database %q: %w", path, err)
		}
		db.readers <- c
		db.nread++
	}
	logger.Debug("opened sqlite database", "path", path, "readers", n)
	return db, nil
}

// walCheckpointPages is how many pages the write-ahead log grows to before
// a commit copies them into the database file (SQLite's default is 1,000).
// A checkpoint is the one point where synchronous=NORMAL waits for the
// disk (fsync of the log, then of the database), and appends rewrite the
// same few pages, so checkpointing a sixteenth as often writes and syncs
// far less: audit appends ran about 1.6 times as fast. The log may reach
// 64 MiB, and journal_size_limit truncates it back to that after a
// checkpoint. Durability is that of WAL with synchronous=NORMAL: a
// committed transaction survives a crash of the process; a power loss may
// lose the transactions committed since the last checkpoint, never the
// database's consistency.
const walCheckpointPages = 16384

// dsn returns the driver's data source name for path: the settings every
// connection applies when it opens. Readers are query_only and begin
// DEFERRED; the writer begins IMMEDIATE so it takes the write lock up front
// and never has to upgrade a read lock, which could fail with SQLITE_BUSY.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(busyTimeout.Milliseconds(), 10))
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "NORMAL")
	// See walCheckpointPages.
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walCheckpointPages))
	q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walCheckpointPages*4096))
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

// Close closes the connections, waiting for the Views running. Closing
// again does nothing.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		errs := []error{db.conn.Close()}
		for range db.nread {
			errs = append(errs, (<-db.readers).Close())
		}
		db.closeErr = errors.Join(append(errs, db.read.Close(), db.write.Close())...)
	})
	return db.closeErr
}

// updateAlone runs fn in a transaction of its own and commits it if fn
// returns nil. If the database stays locked by another process
// (SQLITE_BUSY), it runs fn again, up to a few times.
func (db *DB) updateAlone(ctx context.Context, fn func(gatehouse.Tx) error) error {
	delay := retryDelay
	for attempt := 1; ; attempt++ {
		err := db.runWrite(ctx, fn)
		if err == nil || !isBusy(err) || attempt == maxAttempts {
			return err
		}
		db.logger.WarnContext(ctx, "sqlite database busy, retrying transaction", "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// View runs fn in a read-only transaction on a snapshot of the database. It
// does not wait for Update. Writes inside fn fail.
func (db *DB) View(ctx context.Context, fn func(gatehouse.Tx) error) error {
	var c *conn
	select {
	case c = <-db.readers:
	case <-ctx.Done():
		return fmt.Errorf("begin transaction: %w", ctx.Err())
	}
	defer func() { db.readers <- c }()
	if err := c.beginTx(ctx); err != nil {
		return err
	}
	// A read-only transaction has nothing to keep; ending it lets the
	// log be checkpointed past its snapshot.
	defer func() {
		if err := c.rollback(ctx); err != nil {
			db.logger.WarnContext(ctx, "sqlite rollback failed", "err", err)
		}
	}()
	return fn(&tx{tx: c})
}

// runWrite runs fn in one transaction on db.conn, which the caller has to
// itself. The transaction is rolled back unless it commits, also when fn
// panics.
func (db *DB) runWrite(ctx context.Context, fn func(gatehouse.Tx) error) error {
	if err := db.conn.beginTx(ctx); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			db.rollback(ctx)
		}
	}()
	if err := fn(&tx{tx: db.conn}); err != nil {
		return err
	}
	if err := db.conn.commit(ctx); err != nil {
		return err
	}
	committed = true
	return nil
}

// rollback rolls back the transaction of db.conn, logging a failure.
func (db *DB) rollback(ctx context.Context) {
	if err := db.conn.rollback(ctx); err != nil {
		db.logger.WarnContext(ctx, "sqlite rollback failed", "err", err)
	}
}
