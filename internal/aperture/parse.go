package aperture

import (
	"slices"
	"strings"
	"unicode/utf16"
)

// Policy is a parsed rule, ready to evaluate.
type Policy struct {
	principals *list // nil: any principal (none named)
	actions    *list
	resources  *list // nil: any resource (none named)
	allow      bool  // CAN (true) or CAN NOT (false)
	cond       *node // nil: no conditions
}

// NamesResources reports whether the rule names the resources it applies
// to; a rule that names none applies to any.
func (p *Policy) NamesResources() bool { return p.resources != nil }

// list is a List of the grammar: everything, or exact names and patterns.
type list struct {
	all   bool
	exact []string // few, so a scan beats a map
	regex []*jsRegexp
}

func (l *list) add(id ident) {
	if id.re != nil {
		l.regex = append(l.regex, id.re)
	} else if !slices.Contains(l.exact, id.s) {
		l.exact = append(l.exact, id.s)
	}
}

// ident is an Identifier: a name or a pattern.
type ident struct {
	s  string
	re *jsRegexp
}

// value is one entry of the parser's value stack.
type value struct {
	s     string
	id    ident
	list  *list
	allow bool
	cond  *node
	lhs   lhs
	strs  []string
}

// Parser parses rules, validating condition values against a type table.
type Parser struct {
	types *typeRegistry
	// TypeTable maps a condition name to its type when the rule names none.
	typeTable map[string]string
}

// NewParser returns a parser using typeTable (condition name to type
// name) and the built-in types.
func NewParser(typeTable map[string]string) *Parser {
	return &Parser{types: builtinTypes, typeTable: typeTable}
}

// TritonTypeTable is the type table of Triton's aperture-config, the one
// `Parse` and `Evaluate` use.
var TritonTypeTable = map[string]string{
	"activeRoles": "array",
	"date":        "date",
	"day":         "day",
	"fromjob":     "boolean",
	"method":      "string",
	"owner":       "string",
	"sourceip":    "ip",
	"time":        "time",
	"user-agent":  "string",
	"overwrite":   "boolean",
}

var triton = NewParser(TritonTypeTable)

// Parse parses one rule with Triton's type table.
func Parse(rule string) (*Policy, error) { return triton.Parse(rule) }

// Parse parses one rule. Errors are *Error.
func (p *Parser) Parse(rule string) (*Policy, error) {
	t := lalr()
	lx := &lexer{in: rule}
	var stackArr [32]uint8
	var valArr [32]value
	stack := append(stackArr[:0], 0)
	vals := append(valArr[:0], value{})
	shiftLine := 0
	look, ok := lx.next()
	if !ok {
		return nil, lexError(lx)
	}
	for {
		state := stack[len(stack)-1]
		var a action
		if look != tTO {
			a = t.action[state][look]
		}
		switch a.kind {
		case 1:
			stack = append(stack, a.value)
			vals = append(vals, value{s: lx.text})
			shiftLine = lx.line
			if look == tEOF {
				prod := int(t.final[a.value])
				n := len(prods[prod].rhs)
				return p.rule(prod, vals[len(vals)-n:]), nil
			}
			look, ok = lx.next()
			if !ok {
				return nil, lexError(lx)
			}
		case 2:
			prod := int(a.value)
			n := len(prods[prod].rhs)
			v, err := p.reduce(prod, vals[len(vals)-n:])
			if err != nil {
				return nil, err
			}
			stack = stack[:len(stack)-n]
			vals = vals[:len(vals)-n]
			stack = append(stack, t.gotos[stack[len(stack)-1]][prods[prod].lhs])
			vals = append(vals, v)
		default:
			var exp []string
			for x := tok(0); x < numTerminals; x++ {
				if t.action[state][x].kind != 0 {
					exp = append(exp, "'"+x.String()+"'")
				}
			}
			return nil, errorf("Error", "Parse error on line %d:\n%s\nExpecting %s, got '%s'",
				shiftLine+1, showPosition(lx, lx.raw), strings.Join(exp, ", "), look)
		}
	}
}

func lexError(lx *lexer) error {
	return errorf("Error", "Lexical error on line %d. Unrecognized text.\n%s", lx.line+1, showPosition(lx, ""))
}

// showPosition draws the reference's context line: up to 20 UTF-16 units
// before the current token, 20 from it, and a caret under its start.
func showPosition(lx *lexer, match string) string {
	past := utf16.Encode([]rune(lx.in[:lx.pos-len(match)]))
	pre := ""
	if len(past) > 20 {
		pre = "..."
		past = past[len(past)-20:]
	}
	pre += strings.ReplaceAll(string(utf16.Decode(past)), "\n", "")
	next := utf16.Encode([]rune(match))
	if len(next) < 20 {
		rest := utf16.Encode([]rune(lx.in[lx.pos:]))
		next = append(next, rest[:min(len(rest), 20-len(next))]...)
	}
	up := string(utf16.Decode(next[:min(len(next), 20)]))
	if len(next) > 20 {
		up += "..."
	}
	up = strings.ReplaceAll(up, "\n", "")
	return pre + up + "\n" + strings.Repeat("-", len(utf16.Encode([]rune(pre)))) + "^"
}

// rule builds the Policy of a completed Rule production.
func (p *Parser) rule(prod int, v []value) *Policy {
	switch prod {
	case 1:
		return &Policy{principals: v[0].list, allow: v[1].allow, actions: v[2].list, resources: v[3].list, cond: v[4].cond}
	case 2:
		return &Policy{principals: v[0].list, allow: v[1].allow, actions: v[2].list, cond: v[3].cond}
	case 3:
		return &Policy{allow: v[0].allow, actions: v[1].list, resources: v[2].list, cond: v[3].cond}
	default:
		return &Policy{allow: v[0].allow, actions: v[1].list, cond: v[2].cond}
	}
}

// reduce runs the semantic action of a production.
func (p *Parser) reduce(prod int, v []value) (value, error) {
	newList := func(ids ...ident) *list {
		l := &list{}
		for _, id := range ids {
			l.add(id)
		}
		return l
	}
	switch prod {
	case 5:
		return value{list: newList(v[0].id)}, nil
	case 6:
		return value{list: newList(v[0].id, v[2].id)}, nil
	case 7:
		return v[0], nil
	case 8:
		return value{list: &list{all: true}}, nil
	case 9:
		return value{list: newList(v[0].id, v[2].id, v[5].id)}, nil
	case 10:
		return value{list: newList(v[0].id, v[2].id, v[4].id)}, nil
	case 11:
		v[2].list.add(v[0].id)
		return v[2], nil
	case 12:
		return value{allow: true}, nil
	case 13:
		return value{allow: false}, nil
	case 14:
		return v[1], nil
	case 15:
		return value{}, nil
	case 19:
		return value{cond: &node{op: opOr, left: v[0].cond, right: v[2].cond}}, nil
	case 21:
		return value{cond: &node{op: opAnd, left: v[0].cond, right: v[2].cond}}, nil
	case 23:
		return value{cond: &node{op: opNot, left: v[1].cond}}, nil
	case 25:
		n, err := p.condition(v[0].lhs, strings.ToLower(v[1].s), []string{v[2].s})
		return value{cond: n}, err
	case 26:
		n, err := p.condition(v[0].lhs, "in", v[3].strs)
		return value{cond: n}, err
	case 27:
		return v[1], nil
	case 28:
		return value{lhs: lhs{name: v[0].s, typ: v[2].s, typed: true}}, nil
	case 29:
		return value{lhs: lhs{name: v[0].s}}, nil
	case 30:
		return value{strs: []string{v[0].s}}, nil
	case 31:
		return value{strs: append(v[0].strs, v[2].s)}, nil
	case 32, 33:
		return value{id: ident{s: v[0].s}}, nil
	case 34:
		re, err := newJSRegexp(fuzzyToRegex(v[0].s), "")
		return value{id: ident{re: re}}, err
	case 35:
		lit := v[0].s
		last := strings.LastIndexByte(lit, '/')
		re, err := newJSRegexp(lit[1:last], lit[last+1:])
		return value{id: ident{re: re}}, err
	}
	// If, Or/And/Not passing a single child, String, All: keep the value.
	return v[0], nil
}
