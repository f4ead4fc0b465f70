package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/metrics"
)

// API serves /api/v1.
type API struct {
	Identity *identity.Service
	Access   *access.Service
	// JWKS returns the JSON Web Key Set of the token signing keys.
	JWKS   func() []byte
	Logger *slog.Logger
	// Console, when set, serves the web console under ConsolePath, behind
	// the same request ids and logging as the API.
	Console http.Handler
	// Metrics, when set, counts every request and is served at
	// /metrics to superadmins and operators.
	Metrics *metrics.Registry
	// TrustedProxies are the load balancers and reverse proxies whose
	// X-Forwarded-For is believed: the source address of audit records,
	// tokens and the login throttle is then the client's, not theirs.
	TrustedProxies []netip.Prefix
}

// ConsolePath is where Handler mounts the Console.
const ConsolePath = "/console/"

// handler is an HTTP handler that returns its error for errorHandler to
// write.
type handler func(w http.ResponseWriter, r *http.Request) error

// authedHandler is a handler that runs for an authenticated principal.
type authedHandler func(w http.ResponseWriter, r *http.Request, p *identity.Principal) error

// serve adapts h, refusing overlong path values and query parameters its
// route does not take (checkURL), and writing any error h returns.
func (a *API) serve(h handler) http.Handler {
	return a.run(func(w http.ResponseWriter, r *http.Request) error {
		if err := checkURL(r); err != nil {
			return err
		}
		return h(w, r)
	})
}

// run adapts h, writing any error it returns.
func (a *API) run(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// authed adapts h, authenticating the bearer token first, and then
// refusing overlong path values and query parameters its route does not
// take (checkURL).
func (a *API) authed(h authedHandler) http.Handler {
	return a.run(func(w http.ResponseWriter, r *http.Request) error {
		p, err := a.Identity.Authenticate(r.Context(), bearerToken(r))
		if err != nil {
			return err
		}
		if err := a.Identity.LimitRequest(r.Context(), p); err != nil {
			return err
		}
		if err := checkURL(r); err != nil {
			return err
		}
		return h(w, r, p)
	})
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// message writes a MessageResponse.
func message(w http.ResponseWriter, status int, msg string) error {
	return writeJSON(w, status, MessageResponse{Message: msg})
}
