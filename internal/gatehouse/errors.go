package gatehouse

import (
	"errors"
	"fmt"
	"time"
)

// Error kinds returned by the domain and by storage backends. Callers test
// them with errors.Is; the HTTP layer maps each kind to one status code.
var (
	// ErrNotFound reports that a named user, tenant, membership or other
	// record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict reports that a write collides with existing state: a
	// duplicate name, a membership that already exists, a tenant that still
	// has members.
	ErrConflict = errors.New("conflict")
	// ErrInvalid reports bad input. Most invalid input is reported as a
	// *FieldError, which matches ErrInvalid with errors.Is.
	ErrInvalid = errors.New("invalid input")
	// ErrUnauthenticated reports a missing, malformed, expired or revoked
	// credential, or a failed login.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden reports an authenticated caller who may not do what was
	// asked.
	ErrForbidden = errors.New("forbidden")
	// ErrThrottled reports a caller who made too many attempts too fast.
	// It comes as a *ThrottledError, which says when to try again.
	ErrThrottled = errors.New("too many requests")
	// ErrUnavailable reports that a service Gatehouse depends on, such as
	// a directory server, could not be reached or refused to serve.
	ErrUnavailable = errors.New("service unavailable")
)

// FieldError reports that one input field breaks one rule. It matches
// ErrInvalid with errors.Is.
type FieldError struct {
	Field string // the field, as the client names it: "username", "role"
	Rule  string // the rule that was broken, in words
}

// Error returns "<field>: <rule>".
func (e *FieldError) Error() string { return e.Field + ": " + e.Rule }

// Is makes errors.Is(err, ErrInvalid) true for every FieldError.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// AsField returns err, a *FieldError, as one for field instead: the same
// rule, named as the client names the input (a username checked for
// "new_user"). Other errors are returned as they are.
func AsField(err error, field string) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: field, Rule: fe.Rule}
	}
	return err
}

// Invalid returns a *FieldError for field with a formatted rule.
func Invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Rule: fmt.Sprintf(format, args...)}
}

// KindError carries a message for one of the error kinds above. It is how the
// domain says precisely what conflicted or was not found.
type KindError struct {
	Kind error  // one of ErrNotFound, ErrConflict, ErrForbidden, ...
	Msg  string // a complete, lower-case message for the client
}

// Error returns the message.
func (e *KindError) Error() string { return e.Msg }

// Unwrap returns the kind, so errors.Is(err, ErrConflict) works.
func (e *KindError) Unwrap() error { return e.Kind }

// Errorf returns a *KindError of the given kind with a formatted message.
func Errorf(kind error, format string, args ...any) error {
	return &KindError{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// ThrottledError reports that a caller made too many attempts too fast and
// may try again after RetryAfter. It matches ErrThrottled with errors.Is.
type ThrottledError struct {
	Msg        string        // a complete, lower-case message for the client
	RetryAfter time.Duration // how long until the next attempt is allowed
}

// Error returns the message.
func (e *ThrottledError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrThrottled) true for every ThrottledError.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }
