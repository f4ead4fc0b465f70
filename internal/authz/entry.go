package authz

import (
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ObjectType names a kind of object that permissions apply to, such as
// APPLICATION, USER or TENANT. A valid name matches [A-Z][A-Z0-9_]* and is
// at most MaxIdentLen bytes long.
type ObjectType string

// Operation names something done to objects of a type: one of the standard
// operations view, create, update and delete, or an action such as start or
// user_share. A valid name matches [a-z][a-z0-9_]* and is at most
// MaxIdentLen bytes long.
type Operation string

// The standard operations. Every object type has them: a GET needs view, a
// POST create, a PUT update and a DELETE delete.
const (
	OpView   Operation = "view"
	OpCreate Operation = "create"
	OpUpdate Operation = "update"
	OpDelete Operation = "delete"
)

// IsWrite reports whether op changes something. Of the catalog's
// operations only view reads: the hidden View* capabilities hold view
// entries alone, and every other operation, standard (create, update,
// delete) or action (start, stop, backup, export, clone, scan, share, ...),
// creates, changes or removes something, or starts work that does.
// Operations platforms register for their own types follow the same rule.
// Read-only users (inactive, or with agreements to sign) are refused every
// write.
func IsWrite(op Operation) bool { return op != OpView }

// StandardOperations returns the standard operations in the order of the
// HTTP methods they guard: GET, POST, PUT, DELETE.
func StandardOperations() []Operation {
	return []Operation{OpView, OpCreate, OpUpdate, OpDelete}
}

// MaxIdentLen is the longest object type or operation name accepted.
const MaxIdentLen = 64

// Validate reports whether t is a well-formed object type name, as a
// *gatehouse.FieldError for field "object_type". It does not say whether
// any registry knows t.
func (t ObjectType) Validate() error {
	if !validIdent(string(t), 'A', 'Z') {
		return gatehouse.Invalid("object_type", "must be 1-%d characters of A-Z, 0-9 and '_', starting with a letter (got %s)", MaxIdentLen, quote(string(t)))
	}
	return nil
}

// Validate reports whether o is a well-formed operation name, as a
// *gatehouse.FieldError for field "operation". It does not say whether any
// object type has o.
func (o Operation) Validate() error {
	if !validIdent(string(o), 'a', 'z') {
		return gatehouse.Invalid("operation", "must be 1-%d characters of a-z, 0-9 and '_', starting with a letter (got %s)", MaxIdentLen, quote(string(o)))
	}
	return nil
}

// validIdent reports whether s is 1-MaxIdentLen bytes, starts with a letter
// in [lo, hi] and continues with such letters, digits and '_'.
func validIdent(s string, lo, hi byte) bool {
	if len(s) == 0 || len(s) > MaxIdentLen || s[0] < lo || s[0] > hi {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= lo && c <= hi || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Entry is one permission mapping of a capability: operation Op on objects
// of type Type. Its text form is "TYPE:op", as in APPLICATION:start.
type Entry struct {
	Type ObjectType `json:"object_type"`
	Op   Operation  `json:"operation"`
}

// String returns the entry as "TYPE:op".
func (e Entry) String() string { return string(e.Type) + ":" + string(e.Op) }

// Validate reports whether both halves of e are well formed, as a
// *gatehouse.FieldError for field "capability_entries".
func (e Entry) Validate() error {
	if e.Type.Validate() != nil || e.Op.Validate() != nil {
		return entrySyntaxError(e.String())
	}
	return nil
}

// ParseEntry parses s, written "TYPE:op" with no spaces, as in
// APPLICATION:start. Bad input yields a *gatehouse.FieldError for field
// "capability_entries". ParseEntry checks syntax only; Registry.CheckEntry
// says whether the entry names a known type and operation.
//
// For every s that ParseEntry accepts, ParseEntry(s).String() == s.
func ParseEntry(s string) (Entry, error) {
	t, op, ok := strings.Cut(s, ":")
	e := Entry{Type: ObjectType(t), Op: Operation(op)}
	if !ok || e.Validate() != nil {
		return Entry{}, entrySyntaxError(s)
	}
	return e, nil
}

// ParseEntries parses a comma-separated list of entries, as given on the
// command line: "BUNDLE:view,BUNDLE:create". Spaces around an entry are
// ignored. An empty string yields no entries.
func ParseEntries(s string) ([]Entry, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var es []Entry
	for f := range strings.SplitSeq(s, ",") {
		e, err := ParseEntry(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, nil
}

func entrySyntaxError(s string) error {
	return gatehouse.Invalid("capability_entries", "must be <object_type>:<operation>, as APPLICATION:start (got %s)", quote(s))
}

// quote returns s quoted for an error message, shortened if long.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(strings.ToValidUTF8(s, "?"))
}
