// Package ldap talks to LDAP and Active Directory servers for Gatehouse:
// it connects (plain, LDAPS or StartTLS, verifying the server against a
// given CA), binds with a service account, lists users and groups with the
// paged-results control so a server's size limit never cuts a listing
// short, follows nested groups, and checks a user's password by binding
// as them.
//
// Every value a caller gives is escaped (RFC 4515) before it goes into a
// filter; an extra filter the caller writes is parsed first and ANDed
// with the base filter, so it can narrow a search but not widen it.
//
// Which attributes hold a username, a name, an email or a group's members
// differs between server types and installations: Attributes says, with
// defaults per server type (attributes.go). Errors come in three kinds a
// caller tells apart with errors.Is: ErrUnreachable (network, TLS),
// ErrBadCredentials (a bind refused), ErrNotFound (no such entry).
//
// Files: conn.go connects and binds, search.go pages through entries,
// entries.go turns entries into Users and Groups, groups.go expands group
// members, attributes.go holds the attribute mappings.
package ldap
