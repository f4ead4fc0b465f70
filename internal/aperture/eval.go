package aperture

import (
	"time"
)

type opKind uint8

const (
	opCmp opKind = iota
	opAnd
	opOr
	opNot
	opIn
)

// lhs is a condition's left-hand side: its name and optional type.
type lhs struct {
	name, typ string
	typed     bool
}

// node is a compiled condition.
type node struct {
	op          opKind
	left, right *node
	name        string
	cmp         string // the type's operator ("=" for in)
	typ         *condType
	rhs         []any // compiled policy values (several for in)
}

// condition resolves and validates a condition at parse time, as the
// reference's yy.validate does, and compiles its values.
func (p *Parser) condition(l lhs, op string, values []string) (*node, error) {
	cmp := op
	if op == "in" {
		cmp = "="
	}
	name := l.typ
	if name == "" {
		name = p.typeTable[l.name]
	}
	n := &node{op: opCmp, name: l.name, cmp: cmp}
	if op == "in" {
		n.op = opIn
	}
	for _, v := range values {
		if name == "" {
			return nil, errorf("MissingTypeError", "no type for \"%s\"", l.name)
		}
		t, ok := (*p.types)[name]
		if !ok {
			return nil, errorf("UnknownTypeError", "unknown type \"%s\"", name)
		}
		if !t.ops[cmp] {
			return nil, errorf("UnsupportedOperationError", "unsupported operation \"%s\" on type \"%s\"", cmp, name)
		}
		c, err := t.compile(v, cmp)
		if err != nil {
			return nil, errorf("ValidationError", "unable to validate value \"%s\" as type \"%s\": %s", v, name, err.(*Error).Message)
		}
		n.typ = t
		n.rhs = append(n.rhs, c)
	}
	return n, nil
}

// Context is what a request brings to an evaluation.
type Context struct {
	// Principal is the caller; nil means absent (JavaScript undefined).
	Principal *string
	Action    string
	Resource  string
	// Conditions holds JSON values (string, float64, bool, nil, []any,
	// map[string]any) and Date or time.Time for instants.
	Conditions map[string]any
}

// Evaluate reports whether any of the policies allows the request. A rule
// whose principal, action and resource match and whose conditions hold
// allows it when it says CAN; CAN NOT only fails to allow. Policies are
// tried in order, and the first error ends the evaluation.
func Evaluate(policies []*Policy, ctx *Context) (bool, error) {
	for _, p := range policies {
		ok, err := p.Evaluate(ctx)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// Evaluate evaluates one policy against ctx.
func (p *Policy) Evaluate(ctx *Context) (bool, error) {
	principal := "undefined"
	if ctx.Principal != nil {
		principal = *ctx.Principal
	}
	if !p.principals.matches(principal) || !p.actions.matches(ctx.Action) || !p.resources.matches(ctx.Resource) {
		return false, nil
	}
	if p.cond == nil {
		return p.allow, nil
	}
	ok, err := p.cond.eval(ctx.Conditions)
	return ok && p.allow, err
}

func (l *list) matches(s string) bool {
	if l == nil || l.all {
		return true
	}
	for _, e := range l.exact {
		if e == s {
			return true
		}
	}
	for _, re := range l.regex {
		if re.test(s) {
			return true
		}
	}
	return false
}

func (n *node) eval(c map[string]any) (bool, error) {
	switch n.op {
	case opAnd:
		ok, err := n.left.eval(c)
		if err != nil || !ok {
			return false, err
		}
		return n.right.eval(c)
	case opOr:
		ok, err := n.left.eval(c)
		if err != nil || ok {
			return ok, err
		}
		return n.right.eval(c)
	case opNot:
		ok, err := n.left.eval(c)
		return !ok, err
	}
	v, present := c[n.name]
	if !present || v == nil {
		return false, errorf("MissingConditionError", "missing condition in context: \"%s\"", n.name)
	}
	for _, rhs := range n.rhs {
		ok, err := n.typ.compare(n.cmp, v, rhs)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func timeValue(v any) (time.Time, bool) {
	t, ok := v.(time.Time)
	return t, ok
}
