package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Set is a parsed set of named rules with its default rule: oslo's Rules.
// It is immutable once built and safe for concurrent use.
type Set struct {
	rules   map[string]*node
	names   []string // in file order
	def     Value    // the default rule setting, as given
	defNode *node    // the default rule's node when it names a defined rule
}

// Compile parses every rule of rules (a JSON object of name to rule) as
// oslo.policy's Rules.from_dict does. defaultRule names the rule used for
// names that are not defined (oslo's default_rule: usually the string
// "default"; null for none). Like oslo, Compile accepts rules that cannot
// be evaluated sensibly; Load refuses them.
func Compile(rules Value, defaultRule Value) (*Set, error) {
	if rules.kind != Object {
		return nil, fmt.Errorf("rules must be an object of rule names to rules, not %s", typeName(rules))
	}
	s := &Set{rules: make(map[string]*node, len(rules.obj.keys)), def: defaultRule}
	for i, name := range rules.obj.keys {
		n, err := parseValue(rules.obj.vals[i])
		if err != nil {
			return nil, fmt.Errorf("rule %q: %w", name, err)
		}
		s.rules[name] = n
		s.names = append(s.names, name)
	}
	if defaultRule.kind == String {
		s.defNode = s.rules[defaultRule.str]
	}
	return s, nil
}

// Names returns the names of the rules, in the order they were given.
func (s *Set) Names() []string { return append([]string(nil), s.names...) }

// Resolves reports whether a reference to name evaluates a rule: name is
// defined, or the default rule is.
func (s *Set) Resolves(name string) bool {
	n, err := s.lookup(name)
	return n != nil && err == nil
}

// lookup returns the rule a reference to name evaluates, as oslo's
// Rules.__getitem__ with __missing__: the rule itself, else the default
// rule, else nil. An error is what __missing__ raises other than KeyError.
func (s *Set) lookup(name string) (*node, error) {
	if n, ok := s.rules[name]; ok {
		return n, nil
	}
	return s.missing()
}

// missing is oslo's Rules.__missing__: the default rule's node, or nil.
func (s *Set) missing() (*node, error) {
	if s.def.kind == List && len(s.def.list) > 0 {
		return nil, &pyError{"TypeError", "unhashable type: 'list'"}
	}
	return s.defNode, nil
}

// Problem is one reason a rule set is refused by Load.
type Problem struct {
	Rule    string // the rule the problem is in
	Message string
	// Fatal marks cycles and runaway chains, which Load refuses; the others
	// are what oslo accepts and fails closed on.
	Fatal bool
}

func (p Problem) String() string { return fmt.Sprintf("rule %q: %s", p.Rule, p.Message) }

// maxRefDepth bounds the chain of rule references a loaded set may have.
const maxRefDepth = 64

// Problems lists what makes the set unsafe or surely wrong, rule by rule in
// file order: cycles of references, chains of references deeper than
// maxRefDepth, references to undefined rules when there is no default, and
// rules oslo silently fails closed on (text that does not parse, checks
// without a colon, values that are not strings).
func (s *Set) Problems() []Problem {
	var out []Problem
	depth := map[string]int{}
	cycles := s.cycles()
	for _, name := range s.names {
		n := s.rules[name]
		walk(n, func(x *node) {
			if x.kind == nFalse && x.failed != "" {
				out = append(out, Problem{Rule: name, Message: x.failed})
			}
			if x.kind == nRule {
				if _, ok := s.rules[x.name]; !ok && s.defNode == nil {
					out = append(out, Problem{Rule: name, Message: fmt.Sprintf("references rule %q, which is not defined", x.name)})
				}
			}
			if x.kind == nString {
				out = append(out, Problem{Rule: name, Message: fmt.Sprintf("is only the quoted word %q, not a check", x.name)})
			}
		})
		if cycle, ok := cycles[name]; ok {
			out = append(out, Problem{name, "is part of a cycle of rule references: " + strings.Join(cycle, " -> "), true})
		} else if d := s.refDepth(name, depth); d > maxRefDepth {
			out = append(out, Problem{name, fmt.Sprintf("references rules %d deep (at most %d)", d, maxRefDepth), true})
		}
	}
	return out
}

// cycles finds the cycles of rule references by depth-first search and
// returns, for every rule on one, the cycle from that rule back to itself.
func (s *Set) cycles() map[string][]string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	found := map[string][]string{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		n, ok := s.rules[name]
		if !ok {
			return
		}
		state[name] = active
		stack = append(stack, name)
		walk(n, func(x *node) {
			if x.kind != nRule {
				return
			}
			switch state[x.name] {
			case unseen:
				visit(x.name)
			case active:
				start := len(stack) - 1
				for stack[start] != x.name {
					start--
				}
				loop := stack[start:]
				for i, member := range loop {
					if _, ok := found[member]; !ok {
						path := append(append([]string(nil), loop[i:]...), loop[:i]...)
						found[member] = append(path, member)
					}
				}
			}
		})
		stack = stack[:len(stack)-1]
		state[name] = done
	}
	for _, name := range s.names {
		if state[name] == unseen {
			visit(name)
		}
	}
	return found
}

// refDepth returns the longest chain of references from name; the set has
// no cycles through name.
func (s *Set) refDepth(name string, memo map[string]int) int {
	if d, ok := memo[name]; ok {
		return d
	}
	n, ok := s.rules[name]
	if !ok {
		return 0
	}
	memo[name] = 0
	d := 0
	walk(n, func(x *node) {
		if x.kind == nRule {
			d = max(d, 1+s.refDepth(x.name, memo))
		}
	})
	memo[name] = d
	return d
}

func walk(n *node, f func(*node)) {
	f(n)
	for _, k := range n.kids {
		walk(k, f)
	}
}

// Load parses rules as Compile does and refuses the set if it has cycles or
// runaway chains of references, naming the rules.
func Load(rules Value, defaultRule Value) (*Set, error) {
	s, err := Compile(rules, defaultRule)
	if err != nil {
		return nil, err
	}
	var bad []string
	for _, p := range s.Problems() {
		if p.Fatal {
			bad = append(bad, p.String())
		}
	}
	if bad != nil {
		sort.Strings(bad)
		return nil, fmt.Errorf("refusing rules: %s", strings.Join(bad, "; "))
	}
	return s, nil
}
