// Package access holds the authorization use cases: custom user
// capabilities, object types registered by platforms, platform objects,
// their owners and sizes, provisioning limits, sharing, the permission
// check that platform services call, and service accounts.
//
// Every use case authorizes its caller through the authorization index
// (authz.Engine), runs in one transaction with its audit record, and tells
// the index what it changed after the commit.
//
// Files:
//   - service.go: the Service and the checks its use cases share
//   - capabilities.go: listing and changing custom capabilities
//   - objecttypes.go: registering object types and operations
//   - objects.go: registering, listing and removing objects; owners
//   - sizes.go: objects' size attributes, and resizing
//   - limits.go: provisioning limits, their usage, and enforcing them
//   - shares.go: sharing objects with tenants and users
//   - check.go: the permission check, single and batched, with explanations
//   - serviceaccounts.go: service accounts and their API keys
package access
