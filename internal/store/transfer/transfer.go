// Package transfer copies a Gatehouse store from SQLite into an empty
// PostgreSQL database, for `gatehouse migrate`: every record of every
// table, keeping ids, password hashes, sealed secrets and the audit trail
// with its hash chain exactly as they are.
//
// The copy is generic over tables: both backends keep the same tables
// and columns under the same names (the PostgreSQL migrations mirror the
// SQLite ones), so each PostgreSQL table is filled from its SQLite
// namesake, columns converted by their PostgreSQL type (Unix nanoseconds
// to timestamptz, 0/1 to boolean, JSON arrays to text[]). Tables are
// copied in foreign-key order in one transaction with COPY, identity
// sequences are moved past the ids copied (and past SQLite's high-water
// marks, so ids are never reused), and the result is checked: row counts
// per table, and the audit chain verified on the target. A SQLite table
// holding rows that PostgreSQL has no table for stops the copy: nothing
// is left behind.
package transfer
