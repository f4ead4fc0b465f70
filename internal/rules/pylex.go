package rules

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file and pyliteral.go decide what Python's ast.literal_eval makes of
// the kind of a generic check ("True", "'Member'", "user.id", "1a"), which
// oslo.policy calls on every evaluation: a literal compares its str() with
// the match, a well-formed expression that is not a literal (ValueError)
// looks the kind up in the credentials, and anything Python cannot parse
// (SyntaxError) raises. A kind never holds a colon, so the Python grammar
// needed here has no dicts with values, slices, lambdas or format specs.

type ptokKind uint8

const (
	ptEnd ptokKind = iota
	ptName
	ptNumber
	ptString
	ptOp
	ptNewline
)

type ptok struct {
	kind  ptokKind
	text  string // name, operator, number text
	str   string // decoded string literal
	bytes bool   // b'' literal
	fstr  bool   // f'' literal
}

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true, "finally": true,
	"for": true, "from": true, "global": true, "if": true, "import": true, "in": true,
	"is": true, "lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true,
	"raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

// pyOps lists Python's operators, longest first.
var pyOps = []string{
	"**=", "//=", ">>=", "<<=", "...", "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=",
	":=", "<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=", "~", "%", "&", "(", ")", "*", "+",
	",", "-", ".", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^", "{", "|", "}",
}

func syntaxErr(msg string) *pyError { return &pyError{"SyntaxError", msg} }

func isIdentStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIdentContinue(r rune) bool {
	return isIdentStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) ||
		unicode.Is(unicode.Other_ID_Continue, r)
}

// pyTokenize splits Python source into tokens.
func pyTokenize(src string) ([]ptok, *pyError) {
	var toks []ptok
	depth := 0
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			i++
			continue
		case c == '#':
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			continue
		case c == '\\':
			n := 0
			if strings.HasPrefix(src[i+1:], "\r\n") {
				n = 3
			} else if i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r') {
				n = 2
			}
			if n > 0 && i+n == len(src) {
				return nil, syntaxErr("unexpected EOF while parsing")
			}
			if n > 0 {
				i += n
				continue
			}
			return nil, syntaxErr("unexpected character after line continuation character")
		case c == '\n' || c == '\r':
			i++
			if depth > 0 {
				continue
			}
			if len(toks) > 0 && toks[len(toks)-1].kind != ptNewline {
				toks = append(toks, ptok{kind: ptNewline})
			}
			// A line that starts with blanks and is not blank is indented,
			// which an expression never is.
			j := i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\f') {
				j++
			}
			if j > i && (j == len(src) || src[j] != '\n' && src[j] != '\r' && src[j] != '#') {
				return nil, syntaxErr("unexpected indent")
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case '0' <= c && c <= '9' || c == '.' && i+1 < len(src) && '0' <= src[i+1] && src[i+1] <= '9':
			n, err := scanNumber(src[i:])
			if err != nil {
				return nil, err
			}
			toks = append(toks, ptok{kind: ptNumber, text: src[i : i+n]})
			i += n
		case isIdentStart(r):
			j := i + size
			for j < len(src) {
				r2, s2 := utf8.DecodeRuneInString(src[j:])
				if !isIdentContinue(r2) {
					break
				}
				j += s2
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && isStringPrefix(word) {
				t, n, err := scanString(src[j:], strings.ToLower(word))
				if err != nil {
					return nil, err
				}
				toks = append(toks, t)
				i = j + n
				continue
			}
			toks = append(toks, ptok{kind: ptName, text: word})
			i = j
		case c == '\'' || c == '"':
			t, n, err := scanString(src[i:], "")
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += n
		default:
			op := ""
			for _, o := range pyOps {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, syntaxErr("invalid character " + strconv.QuoteRune(r))
			}
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return nil, syntaxErr("unmatched " + strconv.Quote(op))
				}
				depth--
			}
			toks = append(toks, ptok{kind: ptOp, text: op})
			i += len(op)
		}
	}
	if depth > 0 {
		return nil, syntaxErr("'(' was never closed")
	}
	return append(toks, ptok{kind: ptEnd}), nil
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// scanNumber returns the length of the number literal at the start of s.
func scanNumber(s string) (int, *pyError) {
	i := 0
	digits := func(ok func(byte) bool) bool {
		start := i
		for i < len(s) && (ok(s[i]) || s[i] == '_' && i+1 < len(s) && ok(s[i+1]) && i > start) {
			i++
		}
		return i > start && s[i-1] != '_'
	}
	dec := func(b byte) bool { return '0' <= b && b <= '9' }
	if len(s) > 1 && s[0] == '0' && strings.IndexByte("xXoObB", s[1]) >= 0 {
		var ok func(byte) bool
		switch s[1] | 0x20 {
		case 'x':
			ok = func(b byte) bool { return dec(b) || 'a' <= b|0x20 && b|0x20 <= 'f' }
		case 'o':
			ok = func(b byte) bool { return '0' <= b && b <= '7' }
		default:
			ok = func(b byte) bool { return b == '0' || b == '1' }
		}
		i = 2
		if i < len(s) && s[i] == '_' {
			i++
		}
		if !digits(ok) {
			return 0, syntaxErr("invalid number literal")
		}
		return endOfNumber(s, i)
	}
	isFloat := false
	if s[0] != '.' {
		digits(dec)
		if i < len(s) && s[i] == '_' {
			return 0, syntaxErr("invalid decimal literal")
		}
	}
	if i < len(s) && s[i] == '.' {
		isFloat = true
		i++
		if i < len(s) && dec(s[i]) {
			digits(dec)
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !dec(s[i]) {
			// Not an exponent: the number ends before the "e" ("1else").
			return endOfNumber(s, j)
		}
		digits(dec)
		isFloat = true
	}
	if i < len(s) && (s[i] == 'j' || s[i] == 'J') {
		i++
		return endOfNumber(s, i)
	}
	if !isFloat && len(s) > 1 && s[0] == '0' && strings.Trim(strings.ReplaceAll(s[:i], "_", ""), "0") != "" {
		return 0, syntaxErr("leading zeros in decimal integer literals are not permitted")
	}
	return endOfNumber(s, i)
}

// endOfNumber refuses a number run into a name ("1a"), as Python 3.11 does.
func endOfNumber(s string, i int) (int, *pyError) {
	if i < len(s) {
		// Python 3.11 lets a keyword follow a number directly ("1if"),
		// with a warning.
		for _, kw := range []string{"and", "else", "for", "if", "in", "is", "not", "or"} {
			if strings.HasPrefix(s[i:], kw) {
				return i, nil
			}
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if isIdentStart(r) || '0' <= r && r <= '9' {
			return 0, syntaxErr("invalid decimal literal")
		}
	}
	return i, nil
}

// scanString reads the string literal at the start of s with the given
// (lower-case) prefix, and returns it with its length.
func scanString(s, prefix string) (ptok, int, *pyError) {
	raw := strings.Contains(prefix, "r")
	t := ptok{kind: ptString, bytes: strings.Contains(prefix, "b"), fstr: strings.Contains(prefix, "f")}
	q := s[:1]
	if strings.HasPrefix(s, strings.Repeat(q, 3)) {
		q = s[:3]
	}
	i := len(q)
	for {
		if i >= len(s) {
			return t, 0, syntaxErr("unterminated string literal")
		}
		if strings.HasPrefix(s[i:], q) {
			break
		}
		switch s[i] {
		case '\\':
			i += 2
			continue
		case '\n', '\r':
			if len(q) == 1 {
				return t, 0, syntaxErr("unterminated string literal")
			}
		}
		i++
	}
	body := s[len(q):i]
	n := i + len(q)
	if t.bytes && !isASCII(body) {
		return t, 0, syntaxErr("bytes can only contain ASCII literal characters")
	}
	if raw || t.fstr {
		t.str = body
		return t, n, nil
	}
	str, err := unescape(body, t.bytes)
	t.str = str
	return t, n, err
}

// unescape decodes the backslash escapes of a string literal.
func unescape(s string, bytes bool) (string, *pyError) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		c := s[i]
		switch c {
		case '\n':
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && '0' <= s[j] && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			writeCode(&b, rune(v), bytes)
			i = j - 1
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			if bytes && c != 'x' {
				b.WriteByte('\\')
				b.WriteByte(c)
				continue
			}
			if !isHex(s[i+1:min(i+1+n, len(s))], n) {
				return "", syntaxErr("truncated \\" + string(c) + " escape")
			}
			v, _ := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if v > unicode.MaxRune {
				return "", syntaxErr("illegal Unicode character")
			}
			writeCode(&b, rune(v), bytes)
			i += n
		case 'N':
			if bytes {
				b.WriteString(`\N`)
				continue
			}
			return "", syntaxErr("unknown Unicode character name")
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// writeCode writes one code point, or one byte of a bytes literal (kept as
// a rune below 256 so repr can escape it).
func writeCode(b *strings.Builder, r rune, bytes bool) {
	if bytes {
		r &= 0xff
	}
	b.WriteRune(r)
}
