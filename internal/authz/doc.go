// Package authz is Gatehouse's authorization engine: the catalog of user
// capabilities, the registry of object types and their operations,
// effective permissions, the rules for sharing objects, and the Engine,
// an in-memory index that decides whether a member may do an operation on
// a type of object and on one object. It is pure: no I/O, no HTTP, no SQL;
// Load reads a store through the narrow Source interface.
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
// # The engine
//
// An authorization check has two phases, as in the Robin document. First,
// the type: the member's permissions, in the tenant they are logged into,
// must hold TYPE:op (Engine.Allowed). Then, if the request names an
// object, the object must exist and one rule must give access to it
// (Engine.CanAccess), tried in this order: the member owns it and is
// logged into its tenant; is a tenantadmin of its tenant, logged into it;
// is a superadmin logged into the Administrators tenant; it is shared with
// the member for op, in its tenant; it is shared for op with the tenant
// the member is logged into, and its type gives tenant shares to every
// member (ShareRule.AllMembers) or the member is a tenantadmin there.
// Engine.Check does both; Engine.Explain says which capability chain and
// rule allowed, or which step refused; Engine.Visible filters listings.
//
// The Engine keeps every membership and every object with its shares in
// memory. Members holding the same list of capability names share one
// entry whose PermissionSet sits behind an atomic pointer: SetCatalog
// computes each capability's closure once, ORs them per distinct list and
// swaps the pointers, so a changed custom capability reaches every holder,
// and every Subject already handed out, at once. A Subject carries a
// pointer to its membership, so Allowed takes no lock and Check one shard
// lock of the object map; neither allocates.
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
//   - engine.go: Engine, its index of memberships, capability lists and objects, SetCatalog
//   - subject.go: Subject, Engine.Subject, Permissions
//   - check.go: Allowed, Check, CanAccess and the instance rules
//   - explain.go: Explanation, Explain
//   - visibility.go: Visible, which objects a listing shows
//   - load.go: Source, BuildCatalog, Load
//   - CATALOG.md: where each built-in capability and object type comes from
package authz
