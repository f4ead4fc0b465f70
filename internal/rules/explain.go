package rules

// Explanation is the evaluation of one check of a rule, and of the checks
// under it: the tree Explain returns. Checks "and" and "or" stop at the
// first check that decides them, as oslo's do; the checks after it are in
// the tree, not evaluated.
type Explanation struct {
	// Check is the check as oslo prints it ("role:admin", "rule:owner",
	// "@", "!"), or "and", "or" or "not" for the checks under it.
	Check string
	// Rule is, for a rule reference, the rule evaluated: the name itself,
	// or the default rule's when the name is not defined.
	Rule string
	// Match is the check's match formatted with the target, as compared.
	Match string
	// Evaluated is false for checks an "and" or "or" did not need.
	Evaluated bool
	// Value is the check's value when evaluated without an error.
	Value bool
	// Error is what oslo would raise evaluating the check.
	Error string
	// Note says why a check is false without comparing anything: the
	// target lacks a key its match names, or the explanation is cut short.
	Note   string
	Checks []*Explanation
}

// maxExplained bounds the checks one explanation records, so a rule set
// that expands exponentially cannot take all memory; the checks beyond it
// are evaluated but not recorded.
const maxExplained = 10_000

// Explain is Decide without perms: Enforce with the evaluation tree.
func (s *Set) Explain(name string, target, creds Value) (bool, *Explanation, error) {
	return s.Decide(name, target, creds, nil, true)
}

// explained is the list of explanations of a node's children; at returns
// nil for each when the node is not explained.
type explained []*Explanation

func (x explained) at(i int) *Explanation {
	if x == nil {
		return nil
	}
	return x[i]
}

// record records the outcome of the i'th child, if explained.
func (x explained) record(i int, ok bool, err error) {
	if x != nil {
		x[i].record(ok, err)
	}
}

// explainKids adds the children kids of the check t explains, if t is not
// nil and the budget allows.
func (e *evaluator) explainKids(t *Explanation, kids []*node) explained {
	if t == nil || len(kids) == 0 {
		return nil
	}
	if e.budget -= len(kids); e.budget < 0 {
		t.Note = "the checks under this one are not shown: the explanation is too long"
		return nil
	}
	t.Checks = make([]*Explanation, len(kids))
	for i, k := range kids {
		t.Checks[i] = &Explanation{Check: checkName(k)}
	}
	return t.Checks
}

// outline adds the checks under kids[from:], which an "and" or "or" did
// not need to evaluate, to their explanations, if they are explained.
func (e *evaluator) outline(kids explained, nodes []*node, from int) {
	if kids == nil {
		return
	}
	for i := from; i < len(nodes); i++ {
		e.outline(e.explainKids(kids[i], nodes[i].kids), nodes[i].kids, 0)
	}
}

// explainRule records that the reference t explains evaluates rule r,
// and returns r's explanation.
func (e *evaluator) explainRule(t *Explanation, name string, r *node) *Explanation {
	kids := e.explainKids(t, []*node{r})
	if kids == nil {
		return nil
	}
	t.Rule = e.set.resolved(name)
	return kids[0]
}

// resolved names the rule a reference to name evaluates: name, or the
// default rule when name is not defined.
func (s *Set) resolved(name string) string {
	if _, ok := s.rules[name]; ok {
		return name
	}
	return s.def.str
}

// checkName is how an explanation names n.
func checkName(n *node) string {
	switch n.kind {
	case nAnd:
		return "and"
	case nOr:
		return "or"
	case nNot:
		return "not"
	}
	return n.String()
}

// record sets the outcome of the check t explains.
func (t *Explanation) record(ok bool, err error) {
	t.Evaluated = true
	t.Value = ok && err == nil
	if err != nil {
		t.Error = wrap(err).Error()
	}
}

// noKey notes a check whose match names a key the target lacks.
const noKey = "the target has no key the match names"

// noted adds a note to the check t explains.
func (t *Explanation) noted(note string) {
	if t != nil {
		t.Note = note
	}
}

// matched records the formatted match of the check t explains.
func (t *Explanation) matched(match string) {
	if t != nil {
		t.Match = match
	}
}
