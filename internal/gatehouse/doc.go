// Package gatehouse holds the vocabulary shared by every part of Gatehouse:
// users, tenants, memberships, namespaces, audit records, the error kinds the
// domain returns, and the Store interface that every storage backend
// implements.
//
// It imports only the standard library and knows nothing about HTTP or SQL.
//
// Files:
//   - names.go: identifier types (UserID, UserName, TenantName, Role) and their validation
//   - user.go, tenant.go, namespace.go: the records
//   - audit.go: audit records and their filter
//   - errors.go: error kinds and FieldError
//   - store.go: the Store and Tx interfaces and their contracts
//   - counting.go: CountingStore, the write count caches are keyed by
//   - shared.go: how servers sharing a database tell each other of writes
//   - context.go: request metadata carried in a context
package gatehouse
