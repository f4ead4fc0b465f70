package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
	"github.com/jackc/pgx/v5"
)

// Report says what Copy copied and what it checked.
type Report struct {
	Tables []TableCount // in the order they were copied
	// Audit is the verification of the audit chain on the target.
	Audit audit.Verification
}

// TableCount is the number of rows copied into one table, the same in
// both databases.
type TableCount struct {
	Table string
	Rows  int64
}

// Rows returns the number of rows copied in all.
func (r *Report) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// Copy copies the SQLite database at sqlitePath into the PostgreSQL
// database at pgURL, which must hold no records (its schema is created if
// missing). Both are first brought to this binary's schema. No server may
// write to the SQLite database meanwhile; the copy reads one snapshot of
// it and writes the target in one transaction, so that on any error the
// target is left as it was.
func Copy(ctx context.Context, sqlitePath, pgURL string, logger *slog.Logger) (*Report, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// Opening each store applies its migrations, and refuses a PostgreSQL
	// schema newer than this binary.
	src, err := sqlite.Open(ctx, sqlitePath, logger)
	if err != nil {
		return nil, fmt.Errorf("open source: %w", err)
	}
	if err := verifyAudit(ctx, src, "source"); err != nil {
		src.Close()
		return nil, err
	}
	if err := src.Close(); err != nil {
		return nil, fmt.Errorf("close source: %w", err)
	}
	dst, err := postgres.Open(ctx, pgURL, postgres.Options{MaxConns: 2}, logger)
	if err != nil {
		return nil, fmt.Errorf("open target: %w", err)
	}
	defer dst.Close()

	in, err := sql.Open("sqlite", sqlitePath)
	if err != nil {
		return nil, fmt.Errorf("open source: %w", err)
	}
	defer in.Close()
	rtx, err := in.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read source: %w", err)
	}
	defer rtx.Rollback()
	out, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		return nil, fmt.Errorf("connect to target: %w", err)
	}
	defer out.Close(context.WithoutCancel(ctx))

	report := &Report{}
	err = pgx.BeginFunc(ctx, out, func(wtx pgx.Tx) error {
		c := &copier{src: rtx, dst: wtx, logger: logger}
		var err error
		report.Tables, err = c.copyAll(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The chain is checked as the server reads it, through the store. The
	// signing keys are sealed by the server's master key, which the copy
	// does not hold, so checkpoint signatures are left to 'audit verify'.
	err = dst.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		report.Audit, err = audit.Verify(ctx, tx, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("verify the audit chain on the target: %w", err)
	}
	if !report.Audit.Intact() {
		return report, fmt.Errorf("the audit chain copied is broken at record %d: %s", report.Audit.BrokenID, report.Audit.Reason)
	}
	return report, nil
}

// verifyAudit checks the audit chain of s, named what in errors: a trail
// already broken is not copied.
func verifyAudit(ctx context.Context, s gatehouse.Store, what string) error {
	var v audit.Verification
	err := s.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		v, err = audit.Verify(ctx, tx, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("verify the audit chain of the %s: %w", what, err)
	}
	if !v.Intact() {
		return fmt.Errorf("the audit chain of the %s is broken at record %d (%s): run 'gatehouse audit verify' and repair it first", what, v.BrokenID, v.Reason)
	}
	return nil
}

// ErrNotEmpty reports a target that already holds records.
var ErrNotEmpty = errors.New("the target database is not empty: migrate into a new, empty database")

// copier copies tables from one open transaction to another.
type copier struct {
	src    *sql.Tx
	dst    pgx.Tx
	logger *slog.Logger
}

// copyAll copies every table and returns the counts.
func (c *copier) copyAll(ctx context.Context) ([]TableCount, error) {
	// Take the write turn first, so no server writes to the target
	// while it is filled.
	if _, err := c.dst.Exec(ctx, `UPDATE write_seq SET n = n + 1`); err != nil {
		return nil, fmt.Errorf("lock target: %w", err)
	}
	tables, err := targetTables(ctx, c.dst)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		var any bool
		if err := c.dst.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&any); err != nil {
			return nil, fmt.Errorf("target table %s: %w", t, err)
		}
		if any {
			return nil, fmt.Errorf("%w: table %s has rows", ErrNotEmpty, t)
		}
	}
	if err := c.checkSourceTables(ctx, tables); err != nil {
		return nil, err
	}
	highWater, err := c.sqliteSequences(ctx)
	if err != nil {
		return nil, err
	}
	var counts []TableCount
	for _, t := range tables {
		n, err := c.copyTable(ctx, t, highWater[t])
		if err != nil {
			return nil, fmt.Errorf("copy table %s: %w", t, err)
		}
		if n < 0 {
			continue // no such table in SQLite
		}
		c.logger.InfoContext(ctx, "copied table", "table", t, "rows", n)
		counts = append(counts, TableCount{Table: t, Rows: n})
	}
	return counts, nil
}

// checkSourceTables fails if a SQLite table with rows has no PostgreSQL
// counterpart: its records would be lost.
func (c *copier) checkSourceTables(ctx context.Context, targets []string) error {
	known := map[string]bool{}
	for _, t := range targets {
		known[t] = true
	}
	names, err := queryStrings(ctx, c.src, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("list source tables: %w", err)
	}
	for _, name := range names {
		if known[name] || derivedSQLiteTable(name) {
			continue
		}
		var n int64
		if err := c.src.QueryRowContext(ctx, `SELECT count(*) FROM "`+name+`"`).Scan(&n); err != nil {
			return fmt.Errorf("source table %s: %w", name, err)
		}
		if n > 0 {
			return fmt.Errorf("source table %s holds %d rows but PostgreSQL has no such table: this gatehouse cannot migrate it", name, n)
		}
	}
	return nil
}

// derivedSQLiteTable reports whether SQLite derives the table from others
// (the search index) or uses it for itself (the migrations record).
func derivedSQLiteTable(name string) bool {
	return name == "schema_migrations" || name == "user_search" || strings.HasPrefix(name, "user_search_")
}

// sqliteSequences returns the AUTOINCREMENT high-water marks of the
// source by table: ids up to them were handed out, perhaps deleted since,
// and are never to be reused.
func (c *copier) sqliteSequences(ctx context.Context) (map[string]int64, error) {
	rows, err := c.src.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
	if err != nil {
		return nil, fmt.Errorf("read source sequences: %w", err)
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var (
			name string
			seq  int64
		)
		if err := rows.Scan(&name, &seq); err != nil {
			return nil, err
		}
		m[name] = seq
	}
	return m, rows.Err()
}

// queryStrings returns the one text column of query's rows.
func queryStrings(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
