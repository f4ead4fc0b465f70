// Package authz holds the first part of Gatehouse's authorization engine:
// the catalog of user capabilities, the registry of object types and their
// operations, effective permissions, and the rules for sharing objects.
// It is pure: no I/O, no HTTP, no SQL.
//
// # Design
//
// A permission is an Entry, an operation on an object type, written
// "TYPE:op" (APPLICATION:start). A GET needs view on the type, a POST
// create, a PUT update, a DELETE delete; actions such as start need their
// own entry.
//
// A Capability is a named bundle of entries that also inherits the entries
// of its providers, transitively. The built-in capabilities are the Robin
// document's catalog (catalog.json, copied from the document) plus the
// hidden capabilities the document names as providers without listing them
// (derived.json); CATALOG.md explains every derived one. The Catalog is
// immutable: adding, replacing or removing custom capabilities makes a new
// one, checked as a whole, never cyclic.
//
// The Registry knows the object types and their operations. By default it
// holds every type and operation the built-in capabilities name; platforms
// Register their own. It interns types and operations to small integers,
// so a PermissionSet is one bitset with a fixed number of words per type,
// and PermissionSet.Has costs two map lookups and a bit test, with no
// allocation. Registering publishes a new immutable snapshot; sets already
// computed keep theirs.
//
// Catalog.Closure turns the capabilities assigned to a member into a
// PermissionSet, visiting each inherited capability once.
//
// # Files
//
//   - entry.go: ObjectType, Operation, Entry, ParseEntry
//   - registry.go: Registry, its snapshots (index) and CheckEntry
//   - catalog.go: Capability, Catalog, New, Validate, Lookup, List, With, Without
//   - builtin.go: the embedded catalog.json and derived.json, Builtin, BuiltinRegistry
//   - closure.go: Closure, Expand, DetectCycle
//   - permset.go: PermissionSet
//   - sharing.go: which types can be shared with tenants and users, and how
//   - CATALOG.md: where each built-in capability and object type comes from
package authz
