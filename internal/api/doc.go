// Package api serves Gatehouse's REST API under /api/v1, plus /healthz and
// /.well-known/jwks.json. Handlers are thin: decode strictly, authenticate,
// call one identity use case (which authorizes), encode.
//
// Files:
//   - api.go: the API type and its handler adapters
//   - routes.go: every route, top to bottom
//   - errors.go: the one table from error kinds to HTTP statuses
//   - decode.go: strict JSON decoding and query parameters
//   - middleware.go: request ids, source addresses, logging, panics
//   - login.go, users.go, tenants.go, namespaces.go, audit.go: handlers
//   - convert.go: domain records to wire types
//   - types.go: wire types; openapi.json: the API's description
package api
