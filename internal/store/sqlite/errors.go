package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// code returns the extended SQLite result code of err, or 0 if err does not
// come from SQLite.
func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// isBusy reports whether err says the database was locked by another
// connection, so that the transaction may succeed if retried.
func isBusy(err error) bool {
	switch code(err) & 0xff { // the primary result code
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// isUnique reports whether err is a violation of a UNIQUE or PRIMARY KEY
// constraint.
func isUnique(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports whether err is a violation of a FOREIGN KEY
// constraint. SQLite reports ON DELETE RESTRICT through its trigger
// machinery, as SQLITE_CONSTRAINT_TRIGGER with the foreign-key message.
func isForeignKey(err error) bool {
	switch code(err) {
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return true
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
	}
	return false
}

// kind returns err marked with the gatehouse error kind it stands for:
// sql.ErrNoRows becomes gatehouse.ErrNotFound, a unique violation
// gatehouse.ErrConflict, and a foreign-key violation fkKind (the caller knows
// whether a missing referent or a remaining reference is to blame). Other
// errors are returned as they are.
func kind(err, fkKind error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return gatehouse.ErrNotFound
	case isUnique(err):
		return fmt.Errorf("%w: %w", gatehouse.ErrConflict, err)
	case isForeignKey(err) && fkKind != nil:
		return fmt.Errorf("%w: %w", fkKind, err)
	}
	return err
}

// mustAffect returns gatehouse.ErrNotFound if res reports that no row
// changed.
func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return gatehouse.ErrNotFound
	}
	return nil
}
