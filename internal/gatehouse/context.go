package gatehouse

import "context"

// RequestInfo describes the request being served: who sent it and from where.
// It travels in the context so that audit records can be written deep in
// the domain without extra parameters.
type RequestInfo struct {
	ID        string // request id, for correlating logs and audit records
	Source    string // the client's address
	Method    string // the HTTP method
	UserAgent string
	// Roles, when RolesGiven, are the roles a sub-user asks to act with
	// (header X-Gatehouse-Roles) instead of those active by default.
	Roles      []string
	RolesGiven bool
}

type requestInfoKey struct{}

// WithRequestInfo returns a context that carries ri.
func WithRequestInfo(ctx context.Context, ri RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, ri)
}

// RequestInfoFrom returns the RequestInfo carried by ctx, or the zero value.
func RequestInfoFrom(ctx context.Context) RequestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(RequestInfo)
	return ri
}
