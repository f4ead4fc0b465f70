package rules

import (
	"fmt"
	"strings"
)

// nodeKind is the kind of a node of a parsed rule.
type nodeKind uint8

const (
	nTrue    nodeKind = iota // "@", "", an empty list
	nFalse                   // "!", and every rule oslo fails closed on
	nNot                     // not X
	nAnd                     // X and Y ...
	nOr                      // X or Y ...
	nRule                    // rule:NAME
	nRole                    // role:MATCH
	nGeneric                 // KIND:MATCH
	nHTTP                    // http:URL and https:URL, oslo's remote checks
	nString                  // a rule that is only a quoted word, which oslo keeps as a str
)

// node is one node of a parsed rule.
type node struct {
	kind    nodeKind
	kids    []*node       // nNot, nAnd, nOr
	name    string        // nRule: the rule name; nGeneric: the kind; nHTTP: the scheme; nString: the word
	match   template      // nRole, nGeneric, nHTTP
	literal literalResult // nGeneric: the kind as a Python literal
	path    []string      // nGeneric: the kind split at "."
	failed  string        // nFalse: why oslo failed closed, for Problems
}

// parseCheck turns one word into a check, as oslo's _parse_check does.
func parseCheck(rule string) *node {
	switch rule {
	case "!":
		return &node{kind: nFalse}
	case "@":
		return &node{kind: nTrue}
	}
	kind, match, ok := strings.Cut(rule, ":")
	if !ok {
		return &node{kind: nFalse, failed: fmt.Sprintf("check %q has no colon", rule)}
	}
	switch kind {
	case "http", "https":
		return &node{kind: nHTTP, name: kind, match: parseTemplate(kind + ":" + match)}
	case "rule":
		return &node{kind: nRule, name: match}
	case "role":
		return &node{kind: nRole, match: parseTemplate(match)}
	}
	return &node{kind: nGeneric, name: kind, match: parseTemplate(match),
		literal: literalEval(kind), path: strings.Split(kind, ".")}
}

// parseText parses the text form of a rule with oslo's shift-reduce parser,
// reducing greedily after every token. A rule that does not reduce to one
// value fails closed.
func parseText(rule string) *node {
	if rule == "" {
		return &node{kind: nTrue}
	}
	toks := lex(rule)
	st := parseState{toks: make([]string, 0, len(toks)), vals: make([]*node, 0, len(toks))}
	for _, t := range toks {
		st.shift(t)
	}
	if len(st.toks) != 1 {
		return &node{kind: nFalse, failed: fmt.Sprintf("rule %q does not parse", rule)}
	}
	return st.vals[0]
}

// parseState is oslo's ParseState: parallel stacks of token types and values.
type parseState struct {
	toks []string
	vals []*node
}

func (s *parseState) shift(t token) {
	s.toks = append(s.toks, t.typ)
	s.vals = append(s.vals, t.value)
	s.reduce()
}

func (s *parseState) tail(pattern ...string) bool {
	if len(s.toks) < len(pattern) {
		return false
	}
	for i, p := range pattern {
		if s.toks[len(s.toks)-len(pattern)+i] != p {
			return false
		}
	}
	return true
}

// replace replaces the last n tokens with one.
func (s *parseState) replace(n int, typ string, v *node) {
	s.toks = append(s.toks[:len(s.toks)-n], typ)
	s.vals = append(s.vals[:len(s.vals)-n], v)
}

// reduce applies oslo's reductions, in oslo's order, until none applies.
func (s *parseState) reduce() {
	for {
		n := len(s.vals)
		v := func(i int) *node { return s.vals[n-3+i] }
		switch {
		case s.tail("(", "or_expr", ")"), s.tail("(", "and_expr", ")"), s.tail("(", "check", ")"):
			s.replace(3, "check", v(1))
		case s.tail("check", "and", "check"):
			s.replace(3, "and_expr", &node{kind: nAnd, kids: []*node{v(0), v(2)}})
		case s.tail("or_expr", "and", "check"):
			or := v(0)
			last := or.kids[len(or.kids)-1]
			if last.kind == nAnd {
				last.kids = append(last.kids, v(2))
			} else {
				or.kids[len(or.kids)-1] = &node{kind: nAnd, kids: []*node{last, v(2)}}
			}
			s.replace(3, "or_expr", or)
		case s.tail("and_expr", "and", "check"):
			v(0).kids = append(v(0).kids, v(2))
			s.replace(3, "and_expr", v(0))
		case s.tail("and_expr", "or", "check"), s.tail("check", "or", "check"):
			s.replace(3, "or_expr", &node{kind: nOr, kids: []*node{v(0), v(2)}})
		case s.tail("or_expr", "or", "check"):
			v(0).kids = append(v(0).kids, v(2))
			s.replace(3, "or_expr", v(0))
		case s.tail("not", "check"):
			s.replace(2, "check", &node{kind: nNot, kids: []*node{s.vals[n-1]}})
		default:
			return
		}
	}
}

// parseValue parses a rule given as a JSON value: text, or oslo's legacy
// list of lists (the outer list joined by "or", the inner ones by "and").
// It returns an error where oslo raises while loading (a value Python cannot
// iterate).
func parseValue(v Value) (*node, error) {
	if v.kind == String {
		return parseText(v.str), nil
	}
	if !v.truthy() {
		return &node{kind: nTrue}, nil
	}
	outer, err := iterate(v)
	if err != nil {
		return nil, err
	}
	var or []*node
	for _, inner := range outer {
		if !inner.truthy() {
			continue
		}
		var words []Value
		if inner.kind == String {
			words = []Value{inner}
		} else if words, err = iterate(inner); err != nil {
			return nil, err
		}
		var and []*node
		for _, w := range words {
			if w.kind != String {
				and = append(and, &node{kind: nFalse, failed: fmt.Sprintf("check %s is not a string", w.pyRepr(false))})
				continue
			}
			and = append(and, parseCheck(w.str))
		}
		if len(and) == 1 {
			or = append(or, and[0])
		} else {
			or = append(or, &node{kind: nAnd, kids: and})
		}
	}
	switch len(or) {
	case 0:
		return &node{kind: nFalse, failed: "the rule lists no checks"}, nil
	case 1:
		return or[0], nil
	}
	return &node{kind: nOr, kids: or}, nil
}

// iterate returns what a Python for loop over v yields: list elements,
// object keys, the characters of a string; numbers and booleans raise.
func iterate(v Value) ([]Value, error) {
	switch v.kind {
	case List:
		return v.list, nil
	case Object:
		keys := make([]Value, len(v.obj.keys))
		for i, k := range v.obj.keys {
			keys[i] = StringValue(k)
		}
		return keys, nil
	case String:
		var out []Value
		for _, r := range v.str {
			out = append(out, StringValue(string(r)))
		}
		return out, nil
	}
	return nil, &pyError{"TypeError", fmt.Sprintf("'%s' object is not iterable", typeName(v))}
}
