package rules

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// pyLit is a value ast.literal_eval can return.
type pyLit struct {
	kind  byte // 'N' None, 'B' bool, 'i' int, 'f' float, 'c' complex, 's' str, 'b' bytes, 'E' Ellipsis, 't' tuple, 'l' list, 'S' set, 'd' dict
	b     bool
	i     *big.Int
	f, im float64
	s     string
	elems []pyLit
}

// pnode is a parsed Python expression, kept only as far as literal_eval
// looks at it.
type pnode struct {
	op   string // "const", "tuple", "list", "set", "dict", "+", "-" (unary when one kid), "name", "call", "other"
	lit  pyLit
	name string
	kids []*pnode
}

var otherNode = &pnode{op: "other"}

// literalResult is what literal_eval made of a kind.
type literalResult struct {
	isLiteral bool
	str       string   // str() of the literal
	err       *pyError // raised: SyntaxError, TypeError, ...
}

// literalEval classifies kind as ast.literal_eval(kind) does.
func literalEval(kind string) literalResult {
	if r, ok := simpleKind(kind); ok {
		return r
	}
	if strings.IndexByte(kind, 0) >= 0 {
		return literalResult{} // ValueError: source code string cannot contain null bytes
	}
	toks, err := pyTokenize(strings.TrimLeft(kind, " \t"))
	if err != nil {
		return literalResult{err: err}
	}
	p := &pyParser{toks: toks}
	n, err := p.parseEval()
	if err != nil {
		return literalResult{err: err}
	}
	v, ok, err := convertLit(n)
	if err != nil {
		return literalResult{err: err}
	}
	if !ok {
		return literalResult{}
	}
	return literalResult{isLiteral: true, str: v.str()}
}

// simpleKind decides the kinds policy files are made of without parsing:
// ASCII names joined by dots ("project_id", "user.domain.id") are not
// literals, and True, False and None are.
func simpleKind(kind string) (literalResult, bool) {
	switch kind {
	case "True", "False", "None":
		return literalResult{isLiteral: true, str: kind}, true
	}
	for part := range strings.SplitSeq(kind, ".") {
		if part == "" || pyKeywords[part] || '0' <= part[0] && part[0] <= '9' {
			return literalResult{}, false
		}
		for i := 0; i < len(part); i++ {
			c := part[i] | 0x20
			if !('a' <= c && c <= 'z' || '0' <= part[i] && part[i] <= '9' || part[i] == '_') {
				return literalResult{}, false
			}
		}
	}
	return literalResult{}, true
}

type pyParser struct {
	toks []ptok
	pos  int
}

func (p *pyParser) peek() ptok { return p.toks[p.pos] }
func (p *pyParser) next() ptok { t := p.toks[p.pos]; p.pos++; return t }

func (p *pyParser) isOp(op string) bool {
	t := p.peek()
	return t.kind == ptOp && t.text == op
}

func (p *pyParser) isKw(kw string) bool {
	t := p.peek()
	return t.kind == ptName && t.text == kw
}

func (p *pyParser) accept(op string) bool {
	if p.isOp(op) || p.isKw(op) {
		p.pos++
		return true
	}
	return false
}

func (p *pyParser) expect(op string) *pyError {
	if !p.accept(op) {
		return syntaxErr("invalid syntax")
	}
	return nil
}

// parseEval parses "expressions NEWLINE* ENDMARKER".
func (p *pyParser) parseEval() (*pnode, *pyError) {
	if p.peek().kind == ptEnd || p.peek().kind == ptNewline {
		return nil, syntaxErr("invalid syntax")
	}
	n, err := p.tupleOf(p.expression)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == ptNewline {
		p.pos++
	}
	if p.peek().kind != ptEnd {
		return nil, syntaxErr("invalid syntax")
	}
	return n, nil
}

// startsExpr reports whether the next token can begin an expression.
func (p *pyParser) startsExpr() bool {
	t := p.peek()
	switch t.kind {
	case ptName:
		return !pyKeywords[t.text] || strings.Contains(" True False None not lambda await yield ", " "+t.text+" ")
	case ptNumber, ptString:
		return true
	case ptOp:
		return strings.Contains(" ( [ { - + ~ ... * ", " "+t.text+" ")
	}
	return false
}

// tupleOf parses item (',' item)* [','], a tuple when a comma appears.
// Elements are parsed by item.
func (p *pyParser) tupleOf(item func() (*pnode, *pyError)) (*pnode, *pyError) {
	first, err := item()
	if err != nil {
		return nil, err
	}
	if !p.isOp(",") {
		if first.op == "starred" {
			return nil, syntaxErr("cannot use starred expression here")
		}
		return first, nil
	}
	t := &pnode{op: "tuple", kids: []*pnode{first}}
	for p.accept(",") {
		if !p.startsExpr() {
			break
		}
		n, err := item()
		if err != nil {
			return nil, err
		}
		t.kids = append(t.kids, n)
	}
	return t, nil
}

func (p *pyParser) starNamed() (*pnode, *pyError) {
	if p.accept("*") {
		if _, err := p.binary(0); err != nil {
			return nil, err
		}
		return &pnode{op: "starred"}, nil
	}
	return p.expression()
}

func (p *pyParser) expression() (*pnode, *pyError) {
	if p.isKw("lambda") {
		return nil, syntaxErr("invalid syntax")
	}
	n, err := p.disjunction()
	if err != nil {
		return nil, err
	}
	if p.accept("if") {
		if _, err := p.disjunction(); err != nil {
			return nil, err
		}
		if err := p.expect("else"); err != nil {
			return nil, err
		}
		if _, err := p.expression(); err != nil {
			return nil, err
		}
		return otherNode, nil
	}
	return n, nil
}

func (p *pyParser) disjunction() (*pnode, *pyError) {
	return p.chain([]string{"or"}, p.conjunction)
}

func (p *pyParser) conjunction() (*pnode, *pyError) {
	return p.chain([]string{"and"}, p.inversion)
}

func (p *pyParser) chain(ops []string, sub func() (*pnode, *pyError)) (*pnode, *pyError) {
	n, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		matched := false
		for _, op := range ops {
			if p.accept(op) {
				matched = true
				break
			}
		}
		if !matched {
			return n, nil
		}
		if _, err := sub(); err != nil {
			return nil, err
		}
		n = otherNode
	}
}

func (p *pyParser) inversion() (*pnode, *pyError) {
	if p.accept("not") {
		if _, err := p.inversion(); err != nil {
			return nil, err
		}
		return otherNode, nil
	}
	return p.comparison()
}

func (p *pyParser) comparison() (*pnode, *pyError) {
	n, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.accept("=="), p.accept("!="), p.accept("<="), p.accept(">="), p.accept("<"), p.accept(">"), p.accept("in"):
		case p.accept("not"):
			if err := p.expect("in"); err != nil {
				return nil, err
			}
		case p.accept("is"):
			p.accept("not")
		default:
			return n, nil
		}
		if _, err := p.binary(0); err != nil {
			return nil, err
		}
		n = otherNode
	}
}

// binaryLevels are Python's binary operators from loosest to tightest.
var binaryLevels = [][]string{{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}}

func (p *pyParser) binary(level int) (*pnode, *pyError) {
	if level == len(binaryLevels) {
		return p.factor()
	}
	n, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		op := ""
		for _, o := range binaryLevels[level] {
			if p.isOp(o) {
				op = o
				break
			}
		}
		if op == "" {
			return n, nil
		}
		p.pos++
		r, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		if op == "+" || op == "-" {
			n = &pnode{op: op, kids: []*pnode{n, r}}
		} else {
			n = otherNode
		}
	}
}

func (p *pyParser) factor() (*pnode, *pyError) {
	for _, op := range []string{"+", "-", "~"} {
		if p.accept(op) {
			n, err := p.factor()
			if err != nil {
				return nil, err
			}
			if op == "~" {
				return otherNode, nil
			}
			return &pnode{op: op, kids: []*pnode{n}}, nil
		}
	}
	awaited := p.accept("await")
	n, err := p.primary()
	if err != nil {
		return nil, err
	}
	if p.accept("**") {
		if _, err := p.factor(); err != nil {
			return nil, err
		}
		return otherNode, nil
	}
	if awaited {
		return otherNode, nil
	}
	return n, nil
}

func (p *pyParser) primary() (*pnode, *pyError) {
	n, err := p.atom()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.accept("."):
			if t := p.next(); t.kind != ptName || pyKeywords[t.text] {
				return nil, syntaxErr("invalid syntax")
			}
			n = otherNode
		case p.accept("("):
			nargs, err := p.callArgs()
			if err != nil {
				return nil, err
			}
			if n.op == "name" && n.name == "set" && nargs == 0 {
				n = &pnode{op: "call"}
			} else {
				n = otherNode
			}
		case p.accept("["):
			if p.isOp("]") {
				return nil, syntaxErr("invalid syntax")
			}
			if _, err := p.tupleOf(p.starNamed); err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			n = otherNode
		default:
			return n, nil
		}
	}
}

func (p *pyParser) callArgs() (int, *pyError) {
	count := 0
	for !p.accept(")") {
		switch {
		case p.accept("*"), p.accept("**"):
			if _, err := p.expression(); err != nil {
				return 0, err
			}
		case p.peek().kind == ptName && !pyKeywords[p.peek().text] && p.toks[p.pos+1].kind == ptOp && p.toks[p.pos+1].text == "=":
			p.pos += 2
			if _, err := p.expression(); err != nil {
				return 0, err
			}
		default:
			if _, err := p.expression(); err != nil {
				return 0, err
			}
			if p.isKw("for") || p.isKw("async") {
				if err := p.comprehension(); err != nil {
					return 0, err
				}
			}
		}
		count++
		if !p.accept(",") {
			if err := p.expect(")"); err != nil {
				return 0, err
			}
			break
		}
	}
	return count, nil
}

// comprehension parses one or more "for targets in disjunction (if disjunction)*".
func (p *pyParser) comprehension() *pyError {
	for p.isKw("for") || p.isKw("async") {
		p.accept("async")
		if err := p.expect("for"); err != nil {
			return err
		}
		if _, err := p.tupleOf(func() (*pnode, *pyError) {
			p.accept("*")
			return p.binary(0)
		}); err != nil {
			return err
		}
		if err := p.expect("in"); err != nil {
			return err
		}
		if _, err := p.disjunction(); err != nil {
			return err
		}
		for p.accept("if") {
			if _, err := p.disjunction(); err != nil {
				return err
			}
		}
	}
	return nil
}

// display parses the elements of a list, set or parenthesised tuple up to
// close, or a comprehension; it reports whether a comma appeared.
func (p *pyParser) display(close string) ([]*pnode, bool, bool, *pyError) {
	var kids []*pnode
	comma := false
	for !p.accept(close) {
		n, err := p.starNamed()
		if err != nil {
			return nil, false, false, err
		}
		kids = append(kids, n)
		if len(kids) == 1 && (p.isKw("for") || p.isKw("async")) {
			if n.op == "starred" {
				return nil, false, false, syntaxErr("iterable unpacking cannot be used in comprehension")
			}
			if err := p.comprehension(); err != nil {
				return nil, false, false, err
			}
			return nil, false, true, p.expect(close)
		}
		if !p.accept(",") {
			if err := p.expect(close); err != nil {
				return nil, false, false, err
			}
			break
		}
		comma = true
	}
	return kids, comma, false, nil
}

func (p *pyParser) atom() (*pnode, *pyError) {
	t := p.next()
	switch t.kind {
	case ptNumber:
		return &pnode{op: "const", lit: numberLit(t.text)}, nil
	case ptString:
		return p.strings(t)
	case ptName:
		switch t.text {
		case "True", "False":
			return &pnode{op: "const", lit: pyLit{kind: 'B', b: t.text == "True"}}, nil
		case "None":
			return &pnode{op: "const", lit: pyLit{kind: 'N'}}, nil
		}
		if pyKeywords[t.text] {
			return nil, syntaxErr("invalid syntax")
		}
		return &pnode{op: "name", name: t.text}, nil
	case ptOp:
		switch t.text {
		case "...":
			return &pnode{op: "const", lit: pyLit{kind: 'E'}}, nil
		case "(":
			if p.accept("yield") {
				if p.accept("from") {
					if _, err := p.expression(); err != nil {
						return nil, err
					}
				} else if p.startsExpr() {
					if _, err := p.tupleOf(p.starNamed); err != nil {
						return nil, err
					}
				}
				return otherNode, p.expect(")")
			}
			kids, comma, comp, err := p.display(")")
			if err != nil || comp {
				return otherNode, err
			}
			if len(kids) == 1 && !comma {
				if kids[0].op == "starred" {
					return nil, syntaxErr("cannot use starred expression here")
				}
				return kids[0], nil
			}
			return &pnode{op: "tuple", kids: kids}, nil
		case "[":
			kids, _, comp, err := p.display("]")
			if err != nil || comp {
				return otherNode, err
			}
			return &pnode{op: "list", kids: kids}, nil
		case "{":
			if p.accept("}") {
				return &pnode{op: "dict"}, nil
			}
			if p.isOp("**") {
				for p.accept("**") {
					if _, err := p.binary(0); err != nil {
						return nil, err
					}
					if !p.accept(",") {
						break
					}
				}
				return otherNode, p.expect("}")
			}
			kids, _, comp, err := p.display("}")
			if err != nil || comp {
				return otherNode, err
			}
			return &pnode{op: "set", kids: kids}, nil
		}
	}
	return nil, syntaxErr("invalid syntax")
}

// strings joins adjacent string literals.
func (p *pyParser) strings(first ptok) (*pnode, *pyError) {
	toks := []ptok{first}
	for p.peek().kind == ptString {
		toks = append(toks, p.next())
	}
	var b strings.Builder
	fstr := false
	for _, t := range toks {
		if t.bytes != first.bytes {
			return nil, syntaxErr("cannot mix bytes and nonbytes literals")
		}
		if t.fstr {
			if err := checkFString(t.str); err != nil {
				return nil, err
			}
			fstr = true
		}
		b.WriteString(t.str)
	}
	if fstr {
		return otherNode, nil
	}
	kind := byte('s')
	if first.bytes {
		kind = 'b'
	}
	return &pnode{op: "const", lit: pyLit{kind: kind, s: b.String()}}, nil
}

// checkFString checks the replacement fields of an f-string body.
func checkFString(s string) *pyError {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				i++
				continue
			}
			return syntaxErr("f-string: single '}' is not allowed")
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				i++
				continue
			}
			depth, j := 1, i+1
			for j < len(s) && depth > 0 {
				switch s[j] {
				case '{', '[', '(':
					depth++
				case '}', ']', ')':
					depth--
				}
				j++
			}
			if depth > 0 {
				return syntaxErr("f-string: expecting '}'")
			}
			expr := strings.TrimRight(s[i+1:j-1], " =")
			if k := strings.LastIndex(expr, "!"); k >= 0 && k == len(expr)-2 && strings.IndexByte("rsa", expr[k+1]) >= 0 {
				expr = expr[:k]
			}
			if strings.TrimSpace(expr) == "" {
				return syntaxErr("f-string: empty expression not allowed")
			}
			toks, err := pyTokenize(strings.TrimSpace(expr))
			if err != nil {
				return err
			}
			if _, err := (&pyParser{toks: toks}).parseEval(); err != nil {
				return err
			}
			i = j - 1
		}
	}
	return nil
}

func numberLit(text string) pyLit {
	t := strings.ReplaceAll(text, "_", "")
	lower := strings.ToLower(t)
	switch {
	case strings.HasSuffix(lower, "j"):
		f, _ := strconv.ParseFloat(t[:len(t)-1], 64)
		return pyLit{kind: 'c', im: f}
	case strings.HasPrefix(lower, "0x"), strings.HasPrefix(lower, "0o"), strings.HasPrefix(lower, "0b"):
		n, _ := new(big.Int).SetString(t, 0)
		return pyLit{kind: 'i', i: n}
	case strings.ContainsAny(lower, ".e"):
		f, _ := strconv.ParseFloat(t, 64)
		return pyLit{kind: 'f', f: f}
	}
	n, _ := new(big.Int).SetString(t, 10)
	return pyLit{kind: 'i', i: n}
}

// convertLit is ast.literal_eval's _convert: ok is false where it raises
// ValueError (not a literal).
func convertLit(n *pnode) (pyLit, bool, *pyError) {
	switch n.op {
	case "const":
		return n.lit, true, nil
	case "tuple", "list", "set":
		kind := map[string]byte{"tuple": 't', "list": 'l', "set": 'S'}[n.op]
		out := pyLit{kind: kind}
		seen := map[string]bool{}
		for _, k := range n.kids {
			v, ok, err := convertLit(k)
			if err != nil || !ok {
				return pyLit{}, ok, err
			}
			if kind == 'S' {
				key, hashable := v.hashKey()
				if !hashable {
					return pyLit{}, false, &pyError{"TypeError", "unhashable type: " + v.typeName()}
				}
				if seen[key] {
					continue
				}
				seen[key] = true
			}
			out.elems = append(out.elems, v)
		}
		if kind == 'S' {
			sortSmallInts(out.elems)
		}
		return out, true, nil
	case "dict":
		return pyLit{kind: 'd'}, true, nil
	case "call":
		return pyLit{kind: 'S'}, true, nil
	case "+", "-":
		if len(n.kids) == 2 {
			l, ok := signedNum(n.kids[0])
			r, ok2 := num(n.kids[1])
			if !ok || !ok2 || l.kind == 'c' || r.kind != 'c' {
				return pyLit{}, false, nil
			}
			im := r.im
			if n.op == "-" {
				im = -im
			}
			return pyLit{kind: 'c', f: l.float(), im: im}, true, nil
		}
	}
	v, ok := signedNum(n)
	return v, ok, nil
}

func signedNum(n *pnode) (pyLit, bool) {
	if (n.op == "+" || n.op == "-") && len(n.kids) == 1 {
		v, ok := num(n.kids[0])
		if !ok || n.op == "+" {
			return v, ok
		}
		switch v.kind {
		case 'i':
			v.i = new(big.Int).Neg(v.i)
		case 'f':
			v.f = -v.f
		case 'c':
			v.f, v.im = -v.f, -v.im
		}
		return v, true
	}
	return num(n)
}

func num(n *pnode) (pyLit, bool) {
	if n.op != "const" || (n.lit.kind != 'i' && n.lit.kind != 'f' && n.lit.kind != 'c') {
		return pyLit{}, false
	}
	return n.lit, true
}

func (v pyLit) float() float64 {
	if v.kind == 'i' {
		f, _ := new(big.Float).SetInt(v.i).Float64()
		return f
	}
	return v.f
}

func (v pyLit) typeName() string {
	return map[byte]string{'l': "'list'", 'S': "'set'", 'd': "'dict'"}[v.kind]
}

// hashKey returns a key equal for values Python's set treats as equal, and
// false for unhashable values.
func (v pyLit) hashKey() (string, bool) {
	switch v.kind {
	case 'l', 'S', 'd':
		return "", false
	case 'B':
		if v.b {
			return "n1", true
		}
		return "n0", true
	case 'i':
		return "n" + v.i.String(), true
	case 'f':
		if v.f == math.Trunc(v.f) && !math.IsInf(v.f, 0) {
			bf, _ := big.NewFloat(v.f).Int(nil)
			return "n" + bf.String(), true
		}
		return "f" + strconv.FormatFloat(v.f, 'g', -1, 64), true
	case 't':
		var b strings.Builder
		b.WriteString("t(")
		for _, e := range v.elems {
			k, ok := e.hashKey()
			if !ok {
				return "", false
			}
			b.WriteString(k + ",")
		}
		return b.String() + ")", true
	}
	return string(v.kind) + v.str(), true
}

// sortSmallInts orders a set of small non-negative ints as CPython's hash
// table iterates them; other sets keep insertion order.
func sortSmallInts(es []pyLit) {
	for _, e := range es {
		if e.kind != 'i' || e.i.Sign() < 0 || e.i.Cmp(big.NewInt(8)) >= 0 {
			return
		}
	}
	sort.Slice(es, func(a, b int) bool { return es[a].i.Cmp(es[b].i) < 0 })
}

// str returns Python's str() of a literal.
func (v pyLit) str() string {
	switch v.kind {
	case 's':
		return v.s
	case 'N':
		return "None"
	case 'B':
		if v.b {
			return "True"
		}
		return "False"
	case 'E':
		return "Ellipsis"
	case 'i':
		return v.i.String()
	case 'f':
		return floatRepr(v.f)
	case 'c':
		return complexRepr(v.f, v.im)
	}
	return v.repr()
}

func (v pyLit) repr() string {
	var b strings.Builder
	switch v.kind {
	case 's':
		writeStringRepr(&b, v.s, false)
	case 'b':
		writeBytesRepr(&b, v.s)
	case 't', 'l', 'S':
		if v.kind == 'S' && len(v.elems) == 0 {
			return "set()"
		}
		b.WriteString(map[byte]string{'t': "(", 'l': "[", 'S': "{"}[v.kind])
		for i, e := range v.elems {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(e.repr())
		}
		if v.kind == 't' && len(v.elems) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(map[byte]string{'t': ")", 'l': "]", 'S': "}"}[v.kind])
	case 'd':
		b.WriteString("{}")
	default:
		b.WriteString(v.str())
	}
	return b.String()
}

func writeBytesRepr(b *strings.Builder, s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteString("b" + string(quote))
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r >= 0x7f:
			b.WriteString(`\x` + strconv.FormatInt(int64(r)|0x100, 16)[1:])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
}

// complexRepr is Python's repr(complex).
func complexRepr(re, im float64) string {
	part := func(f float64) string {
		s := floatRepr(f)
		return strings.TrimSuffix(s, ".0")
	}
	if re == 0 && !math.Signbit(re) {
		return part(im) + "j"
	}
	sign := "+"
	if math.Signbit(im) {
		sign = ""
	}
	return "(" + part(re) + sign + part(im) + "j)"
}
