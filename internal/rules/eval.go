package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Rule is one parsed rule, not part of a set: an inline rule.
type Rule struct{ n *node }

// ParseRule parses a rule given as a JSON value, text or list of lists, as
// oslo's parse_rule does.
func ParseRule(v Value) (*Rule, error) {
	n, err := parseValue(v)
	if err != nil {
		return nil, err
	}
	return &Rule{n}, nil
}

// Python's recursion limit (1000) as oslo's evaluation spends it: every
// nested not/and/or/rule reference costs frameStep, and a check nested
// deeper than maxFrames fails with RecursionError there (measured with the
// differential test's driver: a chain of 328 references evaluates, 329 do
// not). Here it fails with an error too.
const (
	frameStep = 3
	maxFrames = 984
)

// maxSteps bounds the checks one evaluation may visit, so a rule set that
// expands exponentially fails instead of hanging.
const maxSteps = 1 << 22

var errRecursion = &pyError{"RecursionError", "maximum recursion depth exceeded"}
var errSteps = &pyError{"RecursionError", "evaluation visits too many checks"}

// Enforce checks the rule named name against target and creds as oslo's
// Enforcer.enforce does. An error is returned where oslo raises.
func (s *Set) Enforce(name string, target, creds Value) (bool, error) {
	return s.decide(name, target, creds, nil, nil)
}

// EnforceRule checks an inline rule as oslo's Enforcer.enforce does with a
// check object. A rule that is only a quoted word is not a check to oslo: it
// is taken as the name of a rule.
func (s *Set) EnforceRule(r *Rule, target, creds Value) (bool, error) {
	ok, _, err := s.DecideRule(r, target, creds, nil, false)
	return ok, err
}

// Perms answers the checks "perm:TYPE:op" of an evaluation: whether the
// credentials' user holds the permission op on objects of TYPE in their
// tenant. Without Perms, "perm" is a generic check like any other, as in
// oslo: the match is compared with each element of the list creds["perm"],
// so credentials listing the user's permissions as "TYPE:op" strings give
// the same answers offline.
type Perms func(typ, op string) bool

// Decide is Enforce with the checks "perm:TYPE:op" answered by perms (when
// not nil) and, when explain is set, the evaluation tree: the rule named
// name, then every check evaluated under it with its value.
func (s *Set) Decide(name string, target, creds Value, perms Perms, explain bool) (bool, *Explanation, error) {
	var t *Explanation
	if explain {
		t = &Explanation{Check: "rule:" + name}
	}
	ok, err := s.decide(name, target, creds, perms, t)
	if t != nil {
		t.record(ok, err)
	}
	return ok, t, err
}

// DecideRule is Decide for an inline rule, as EnforceRule.
func (s *Set) DecideRule(r *Rule, target, creds Value, perms Perms, explain bool) (bool, *Explanation, error) {
	if r.n.kind == nString {
		return s.Decide(r.n.name, target, creds, perms, explain)
	}
	var t *Explanation
	if explain {
		t = &Explanation{Check: checkName(r.n)}
	}
	ok, err := s.enforce(r.n, target, creds, perms, t)
	if t != nil && !t.Evaluated {
		t.record(ok, err)
	}
	return ok, t, err
}

// decide evaluates the rule named name, explaining it in t when t is not
// nil.
func (s *Set) decide(name string, target, creds Value, perms Perms, t *Explanation) (bool, error) {
	if creds.kind != Object {
		return false, badCreds(creds)
	}
	if len(s.rules) == 0 {
		t.noted("the rule set is empty")
		return false, nil
	}
	n, err := s.lookup(name)
	if err != nil || n == nil {
		if err == nil {
			t.noted("no rule of that name and no default rule")
		}
		return false, wrap(err)
	}
	var rt *Explanation
	if t != nil {
		rt = &Explanation{Check: checkName(n)}
		t.Checks, t.Rule = []*Explanation{rt}, s.resolved(name)
	}
	return s.enforce(n, target, creds, perms, rt)
}

// enforceMissing enforces a name that cannot be a rule's.
func (s *Set) enforceMissing(target, creds Value) (bool, error) {
	if creds.kind != Object {
		return false, badCreds(creds)
	}
	if len(s.rules) == 0 {
		return false, nil
	}
	n, err := s.missing()
	if err != nil || n == nil {
		return false, wrap(err)
	}
	return s.enforce(n, target, creds, nil, nil)
}

// enforce evaluates n, answering perm checks with perms and recording the
// evaluation in t when t is not nil.
func (s *Set) enforce(n *node, target, creds Value, perms Perms, t *Explanation) (bool, error) {
	if creds.kind != Object {
		return false, badCreds(creds)
	}
	if scope, ok := creds.Get("system_scope"); ok && scope.truthy() {
		creds = withMember(creds, "system", scope)
	}
	e := evaluator{set: s, target: target, creds: creds, perms: perms, budget: maxExplained}
	ok, err := e.eval(n, 0, t)
	if t != nil {
		t.record(ok, err)
	}
	return ok, wrap(err)
}

func badCreds(creds Value) error {
	return &EvalError{"InvalidContextObject", "credentials must be an object, not " + typeName(creds)}
}

// wrap turns the Python exceptions of evaluation into the package's error.
func wrap(err error) error {
	if pe, ok := err.(*pyError); ok {
		return &EvalError{Class: pe.class, Message: pe.msg}
	}
	return err
}

// EvalError is an evaluation oslo.policy would end with an exception: its
// Python class (TypeError, SyntaxError, RecursionError, ...) and message.
type EvalError struct {
	Class   string
	Message string
}

func (e *EvalError) Error() string { return e.Class + ": " + e.Message }

// withMember returns a copy of the object o with member k set to v.
func withMember(o Value, k string, v Value) Value {
	keys := append(append([]string(nil), o.obj.keys...), k)
	vals := append(append([]Value(nil), o.obj.vals...), v)
	return ObjectValue(keys, vals)
}

type evaluator struct {
	set           *Set
	target, creds Value
	perms         Perms
	steps         int
	budget        int // how many more checks an explanation may record
}

// eval evaluates n at the given interpreter depth. When t is not nil, it
// explains n: eval records there the checks under n, and the caller the
// outcome.
func (e *evaluator) eval(n *node, depth int, t *Explanation) (bool, error) {
	if depth > maxFrames {
		return false, errRecursion
	}
	if e.steps++; e.steps > maxSteps {
		return false, errSteps
	}
	switch n.kind {
	case nTrue:
		return true, nil
	case nFalse:
		return false, nil
	case nNot:
		var kids explained
		if t != nil {
			kids = e.explainKids(t, n.kids)
		}
		ok, err := e.eval(n.kids[0], depth+frameStep, kids.at(0))
		kids.record(0, ok, err)
		return !ok && err == nil, err
	case nAnd:
		var kids explained
		if t != nil {
			kids = e.explainKids(t, n.kids)
		}
		for i, k := range n.kids {
			ok, err := e.eval(k, depth+frameStep, kids.at(i))
			kids.record(i, ok, err)
			if err != nil || !ok {
				if kids != nil {
					e.outline(kids, n.kids, i+1)
				}
				return false, err
			}
		}
		return true, nil
	case nOr:
		var kids explained
		if t != nil {
			kids = e.explainKids(t, n.kids)
		}
		for i, k := range n.kids {
			ok, err := e.eval(k, depth+frameStep, kids.at(i))
			kids.record(i, ok, err)
			if err != nil || ok {
				if kids != nil {
					e.outline(kids, n.kids, i+1)
				}
				return ok, err
			}
		}
		return false, nil
	case nRule:
		r, err := e.set.lookup(n.name)
		if err != nil || r == nil {
			return false, err
		}
		var rt *Explanation
		if t != nil {
			rt = e.explainRule(t, n.name, r)
		}
		ok, err := e.eval(r, depth+frameStep, rt)
		if rt != nil {
			rt.record(ok, err)
		}
		if pe, isPy := err.(*pyError); isPy && pe.class == "KeyError" {
			return false, nil // oslo's RuleCheck fails closed on any KeyError
		}
		return ok, err
	case nRole:
		return e.role(n, t)
	case nGeneric:
		return e.generic(n, t)
	case nHTTP:
		if _, err := n.match.format(e.target); err != nil {
			if err == errKey {
				return false, &pyError{"KeyError", "missing key in " + n.name + " check"}
			}
			return false, err
		}
		return false, &pyError{"UnsupportedCheck", n.name + " checks call out to a remote server, which Gatehouse does not do"}
	}
	// nString: oslo calls the str as if it were a check.
	return false, &pyError{"AttributeError", "'str' object has no attribute '__call__'"}
}

// role is oslo's RoleCheck: the formatted match, lower-cased, among the
// lower-cased creds["roles"].
func (e *evaluator) role(n *node, t *Explanation) (bool, error) {
	match, err := n.match.format(e.target)
	if err != nil {
		if err == errKey {
			t.noted(noKey)
			return false, nil
		}
		return false, err
	}
	t.matched(match)
	roles, ok := e.creds.Get("roles")
	if !ok {
		return false, nil
	}
	switch roles.kind {
	case List:
		for _, r := range roles.list {
			if r.kind != String {
				return false, &pyError{"AttributeError", fmt.Sprintf("'%s' object has no attribute 'lower'", typeName(r))}
			}
		}
		for _, r := range roles.list {
			if lowerEqual(match, r.str) {
				return true, nil
			}
		}
		return false, nil
	case Object:
		for _, k := range roles.obj.keys {
			if lowerEqual(match, k) {
				return true, nil
			}
		}
		return false, nil
	case String:
		for i, r := range roles.str {
			if lowerEqual(match, roles.str[i:i+utf8.RuneLen(r)]) {
				return true, nil
			}
		}
		return false, nil
	}
	return false, &pyError{"TypeError", fmt.Sprintf("'%s' object is not iterable", typeName(roles))}
}

// generic is oslo's GenericCheck: the formatted match compared with the
// kind as a Python literal, or with the value at the kind's dotted path in
// the credentials.
func (e *evaluator) generic(n *node, t *Explanation) (bool, error) {
	match, err := n.match.format(e.target)
	if err != nil {
		if err == errKey {
			t.noted(noKey)
			return false, nil
		}
		return false, err
	}
	t.matched(match)
	if n.literal.err != nil {
		return false, n.literal.err
	}
	if e.perms != nil && n.name == "perm" {
		typ, op, ok := strings.Cut(match, ":")
		return ok && e.perms(typ, op), nil
	}
	if n.literal.isLiteral {
		return match == n.literal.str, nil
	}
	return findInDict(&e.creds, n.path, match)
}

// findInDict is oslo's GenericCheck._find_in_dict: it follows path through
// objects, trying every element of a list on the way.
func findInDict(v *Value, path []string, match string) (bool, error) {
	if len(path) == 0 {
		return match == v.pyStr(), nil
	}
	switch v.kind {
	case Object:
	case List:
		return false, &pyError{"TypeError", "list indices must be integers or slices, not str"}
	case String:
		return false, &pyError{"TypeError", "string indices must be integers"}
	default:
		return false, &pyError{"TypeError", fmt.Sprintf("'%s' object is not subscriptable", typeName(*v))}
	}
	x, ok := v.Get(path[0])
	if !ok {
		return false, nil
	}
	if x.kind == List {
		for i := range x.list {
			ok, err := findInDict(&x.list[i], path[1:], match)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return findInDict(&x, path[1:], match)
}
