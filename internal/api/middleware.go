package api

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// withRequestInfo gives every request an id and records its source address
// (see source) in the context, logs it when done, and turns a panic into a 500.
func (a *API) withRequestInfo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		ri := gatehouse.RequestInfo{ID: hex.EncodeToString(b[:]), Source: source(r, a.TrustedProxies), Method: r.Method, UserAgent: r.UserAgent()}
		if v, ok := r.Header[RolesHeader]; ok {
			ri.Roles, ri.RolesGiven = splitRoles(strings.Join(v, ",")), true
		}
		ctx := gatehouse.WithRequestInfo(r.Context(), ri)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", ri.ID)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.Logger.ErrorContext(ctx, "panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					a.writeError(sw, r, errPanic)
				}
			}
			d := time.Since(start)
			a.Logger.DebugContext(ctx, "request", "id", ri.ID, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "source", ri.Source, "duration", d)
			if a.Metrics != nil {
				// The mux has set the pattern the request matched on r.
				a.Metrics.ObserveRequest(r.Pattern, r.Method, sw.status, d)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

type panicError struct{}

func (panicError) Error() string { return "handler panicked" }

var errPanic error = panicError{}

// RolesHeader names the roles a sub-user acts with in a request, comma
// separated, in place of the roles active by default (Triton's as-role).
const RolesHeader = "X-Gatehouse-Roles"

// splitRoles splits a comma-separated list of role names.
func splitRoles(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}
