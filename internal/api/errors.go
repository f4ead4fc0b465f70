package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// StatusOf is the one table from error kinds to HTTP statuses; the web
// console answers with it too.
func StatusOf(err error) int {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, gatehouse.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, gatehouse.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, gatehouse.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, gatehouse.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, gatehouse.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, gatehouse.ErrThrottled):
		return http.StatusTooManyRequests
	case errors.Is(err, gatehouse.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// writeError writes err as an ErrorResponse. The message is the domain's
// own (a *FieldError or *KindError); anything unexpected is logged and the
// client gets a generic 500 naming the request id.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	body := ErrorResponse{Error: err.Error()}
	var fe *gatehouse.FieldError
	var ke *gatehouse.KindError
	var tooLarge *http.MaxBytesError
	var throttled *gatehouse.ThrottledError
	switch {
	case status == http.StatusInternalServerError:
		a.Logger.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body.Error = "internal error: see the server log for request " + gatehouse.RequestInfoFrom(r.Context()).ID
	case errors.As(err, &fe):
		body.Error, body.Field = fe.Error(), fe.Field
	case errors.As(err, &ke):
		body.Error = ke.Msg
	case errors.As(err, &tooLarge):
		body.Error = "request body too large: the limit is 1 MiB"
	case errors.As(err, &throttled):
		secs := max(1, int((throttled.RetryAfter+time.Second-1)/time.Second))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gatehouse"`)
	}
	if werr := writeJSON(w, status, body); werr != nil {
		a.Logger.DebugContext(r.Context(), "write error response", "err", werr)
	}
}
