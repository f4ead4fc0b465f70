// Package identity holds Gatehouse's use cases for people and tenants:
// bootstrap, login and tokens, users, tenants, memberships and namespaces.
// Each use case authorizes the caller through Authorize, runs in one store
// transaction and writes its audit record in that same transaction.
//
// Files:
//   - service.go: the Service and its dependencies
//   - principal.go: authenticating a token into a Principal
//   - authorize.go: the one permission decision every use case calls
//   - password.go: argon2id hashing
//   - policy.go: the password policy: rules, history, minimum and maximum age
//   - commonpasswords.go: the embedded list of common passwords
//   - login.go: login, logout, password changes, token revocation
//   - tokens.go: the record of issued tokens: last use, listing, revoking one
//   - sshkeys.go: users' public SSH keys
//   - lockout.go: counting failed logins, locking and unlocking
//   - throttle.go: login throttling per source address (login.rate)
//   - disable.go: disabling and enabling users
//   - users.go, userlist.go: adding, updating, removing and listing users
//   - tenants.go, members.go: tenants and their members
//   - namespaces.go: primary namespaces and their listing
//   - settings.go: the security settings, their defaults and parsing
//   - configure.go: reading (cached) and changing the settings
//   - bootstrap.go: the Administrators tenant and the first superadmin
//   - import.go: what LDAP and OpenShift imports share: outcomes, the
//     report, valid names for names Gatehouse does not allow, one transaction
//   - openshift.go, openshiftusers.go, openshiftimport.go, openshiftlogin.go:
//     the OpenShift cluster, listing and importing its users and groups,
//     and checking its users' passwords with its OAuth server
package identity
