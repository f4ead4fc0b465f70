package rules

// pyError is an exception oslo.policy would raise while checking a rule:
// the Python exception class and its message. Evaluation turns it into the
// error that makes a check fail with an error instead of a decision.
type pyError struct {
	class string
	msg   string
}

func (e *pyError) Error() string { return e.class + ": " + e.msg }

// errKey is Python's KeyError for a target key that is missing. Checks that
// format the target treat it as false, so it is one value, shared, and costs
// no allocation.
var errKey = &pyError{"KeyError", "missing key"}
