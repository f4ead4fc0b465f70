package rules

import "strings"

// String returns the rule as oslo.policy prints a parsed rule (its
// checks' __str__): "@", "!", "not X", "(X and Y)", "(X or Y)", "kind:match".
func (r *Rule) String() string { return r.n.String() }

func (n *node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	switch n.kind {
	case nTrue:
		b.WriteString("@")
	case nFalse:
		b.WriteString("!")
	case nNot:
		b.WriteString("not ")
		n.kids[0].write(b)
	case nAnd, nOr:
		sep := " and "
		if n.kind == nOr {
			sep = " or "
		}
		b.WriteByte('(')
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(sep)
			}
			k.write(b)
		}
		b.WriteByte(')')
	case nRule:
		b.WriteString("rule:" + n.name)
	case nRole:
		b.WriteString("role:" + n.match.text)
	case nGeneric:
		b.WriteString(n.name + ":" + n.match.text)
	case nHTTP:
		b.WriteString(n.match.text)
	case nString:
		b.WriteString(n.name)
	}
}
