package aperture

import "fmt"

// Error is a parse or evaluation error. Kind is the name the reference
// implementation gives the error (its error class): "Error" for syntax
// errors from the generated parser, "SyntaxError" for invalid regular
// expressions, "MissingTypeError", "UnknownTypeError",
// "UnsupportedOperationError" and "ValidationError" from type validation,
// and, while evaluating, "MissingConditionError", "AssertionError" (a
// condition of the wrong kind, such as a string where a date is needed)
// and "TypeError". Message is the reference's message, word for word.
type Error struct {
	Kind    string
	Message string
}

func (e *Error) Error() string { return e.Kind + ": " + e.Message }

func errorf(kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}
