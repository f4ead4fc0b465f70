// Package postgres is the PostgreSQL storage backend of Gatehouse, built on
// pgx and its pool. It implements gatehouse.Store and passes the
// conformance suite in internal/store/storetest, like the SQLite backend,
// so that several Gatehouse servers can share one database.
//
// # Design
//
// Update runs a READ COMMITTED transaction whose first statement increments
// the one row of write_seq. The row lock it takes makes Updates take turns
// across every process sharing the database, as SQLite's single writer
// does within one, and since each later statement reads a fresh snapshot,
// an Update sees everything committed before it: lockout counters, the
// audit chain's last hash and unique names need nothing more. Updates that
// PostgreSQL still aborts (serialization failure, deadlock) are retried a
// few times. View runs a REPEATABLE READ, READ ONLY transaction: one
// snapshot, which never waits for an Update and refuses writes.
//
// PostgreSQL aborts a whole transaction when one statement fails, where
// SQLite fails only the statement; callers handle ErrConflict and carry on.
// So each write statement runs inside a savepoint, sent with the statement
// and its release in one round trip, and a failed one is rolled back to it.
//
// The schema lives in numbered migrations (migrations/NNN_name.sql, this
// backend's own numbering), embedded and applied in order by Open under an
// advisory lock, each in its own transaction and recorded in
// schema_migrations. A database that a newer Gatehouse migrated is refused
// with a *SchemaTooNewError.
//
// Times are timestamptz and read back in UTC; the zero time.Time is NULL.
// Ordered lists of strings are text[]. UserQuery.Search is a LIKE on a
// lower-cased search text kept in the users row and indexed with pg_trgm;
// terms of one or two characters, too short for trigrams, go through a
// second trigram index over the text with every character tripled.
//
// Driver errors are turned into the shared error kinds: a unique violation
// becomes gatehouse.ErrConflict, pgx.ErrNoRows gatehouse.ErrNotFound, and a
// foreign-key violation whichever of the two the operation's contract names.
//
// # Files
//
//   - postgres.go: Open, Options, DB, Update, View and Close
//   - migrate.go: the embedded migrations and how they are applied
//   - tx.go: the transaction type, guarded writes and value conversions
//   - where.go: WHERE clauses with numbered placeholders
//   - errors.go: driver errors to gatehouse error kinds
//   - users.go, search.go: users, ListUsers and the search text
//   - tenants.go, memberships.go, namespaces.go: the tenant model
//   - keys.go: signing keys and token revocations
//   - capabilities.go, objecttypes.go, objects.go, shares.go: access
//   - limits.go: provisioning limits and the usage they count
//   - apikeys.go, tokens.go, sshkeys.go: credentials and their records
//   - settings.go, passwordhistory.go, audit.go
package postgres
