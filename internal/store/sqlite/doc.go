// Package sqlite is the SQLite storage backend of Gatehouse, built on the
// pure-Go driver modernc.org/sqlite. It implements gatehouse.Store and passes
// the conformance suite in internal/store/storetest.
//
// # Design
//
// A DB holds two pools on the same database file. The write pool has a
// single connection whose transactions begin IMMEDIATE, so Update calls queue
// in the process instead of fighting over SQLite's lock; an Update that still
// meets SQLITE_BUSY (another process holds the lock past busy_timeout) is
// retried a few times. The read pool has several query_only connections used
// by View; in WAL mode they read a committed snapshot and never wait for the
// writer.
//
// Every connection sets journal_mode=WAL, foreign_keys=ON, busy_timeout and
// synchronous=NORMAL explicitly. The schema lives in numbered migrations
// (migrations/NNN_name.sql), embedded and applied in order by Open, each in
// its own transaction and recorded in the schema_migrations table.
//
// Times are stored as INTEGER Unix nanoseconds in UTC and read back in UTC,
// so they round-trip exactly (time.Equal holds); the zero time.Time is stored
// as NULL. Times outside the range of int64 nanoseconds (years 1678-2262)
// are rejected with an error matching gatehouse.ErrInvalid.
//
// UserQuery.Search looks in a lower-cased text kept per user in the
// user_search table, indexed by an FTS5 trigram index. Terms of three or
// more characters are phrases for that index; shorter ones are looked for
// by a short scan and then through the index's vocabulary (search.go
// explains the plan). Every query walks users in id order and stops at the
// page size, so a page of a search over 100,000 users takes about a
// millisecond (bench_test.go measures it).
//
// Driver errors are turned into the shared error kinds: a unique violation
// becomes gatehouse.ErrConflict, sql.ErrNoRows gatehouse.ErrNotFound, and a
// foreign-key failure whichever of the two the operation's contract names.
//
// # Files
//
//   - sqlite.go: Open, DB, Update, View and Close
//   - migrate.go: the embedded migrations and how they are applied
//   - tx.go: the transaction type and value conversions (times, JSON)
//   - errors.go: driver errors to gatehouse error kinds
//   - users.go: users
//   - search.go: ListUsers and the search text
//   - tenants.go, memberships.go, namespaces.go: the tenant model
//   - keys.go: signing keys and token revocations
//   - capabilities.go: custom capabilities
//   - objecttypes.go, objects.go, shares.go: registered object types,
//     platform objects and their shares
//   - limits.go: provisioning limits and the usage they count
//   - apikeys.go: service account API keys
//   - audit.go: the audit trail
package sqlite
