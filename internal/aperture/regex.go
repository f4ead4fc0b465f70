package aperture

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsRegexp is a JavaScript regular expression compiled to Go's regexp.
// Only test() is needed, and for the regular subset both engines agree on
// whether a string matches. Lookaround and backreferences, which RE2 cannot
// run, are refused at parse time.
type jsRegexp struct {
	re     *regexp.Regexp
	source string // "/body/flags", as the reference stores it
	// lit, when fast is set, is a literal the pattern reduces to, so that
	// test is a string comparison: contained, a prefix (start), a suffix
	// (end), or both (the whole string).
	fast       bool
	lit        string
	start, end bool
}

func (r *jsRegexp) test(s string) bool {
	if !r.fast {
		return r.re.MatchString(s)
	}
	switch {
	case r.start && r.end:
		return s == r.lit
	case r.start:
		return strings.HasPrefix(s, r.lit)
	case r.end:
		return strings.HasSuffix(s, r.lit)
	}
	return strings.Contains(s, r.lit)
}

// literalForm finds the literal a pattern reduces to, if it does: a
// case-sensitive literal, maybe anchored, maybe with optional parts
// (x*, x?) on an unanchored side, which cannot change whether it matches.
func (r *jsRegexp) literalForm(expr string) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	if len(subs) > 0 && subs[0].Op == syntax.OpBeginText {
		r.start, subs = true, subs[1:]
	}
	if len(subs) > 0 && subs[len(subs)-1].Op == syntax.OpEndText {
		r.end, subs = true, subs[:len(subs)-1]
	}
	optional := func(x *syntax.Regexp) bool {
		return x.Op == syntax.OpStar || x.Op == syntax.OpQuest || x.Op == syntax.OpEmptyMatch
	}
	for !r.start && len(subs) > 0 && optional(subs[0]) {
		subs = subs[1:]
	}
	for !r.end && len(subs) > 0 && optional(subs[len(subs)-1]) {
		subs = subs[:len(subs)-1]
	}
	switch {
	case len(subs) == 0:
		r.fast = true
	case len(subs) == 1 && subs[0].Op == syntax.OpLiteral && subs[0].Flags&syntax.FoldCase == 0:
		r.fast, r.lit = true, string(subs[0].Rune)
	}
}

const jsSpaceClass = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// newJSRegexp is `new RegExp(body, flags)`: a SyntaxError with V8's
// message when the pattern or flags are invalid.
func newJSRegexp(body, flags string) (*jsRegexp, error) {
	seen := map[rune]bool{}
	for _, f := range flags {
		if !strings.ContainsRune("dgimsuvy", f) || seen[f] || (f == 'u' && seen['v']) || (f == 'v' && seen['u']) {
			return nil, &Error{Kind: "SyntaxError", Message: fmt.Sprintf("Invalid flags supplied to RegExp constructor '%s'", flags)}
		}
		seen[f] = true
	}
	fail := func(msg string) error {
		return &Error{Kind: "SyntaxError", Message: fmt.Sprintf("Invalid regular expression: /%s/%s: %s", body, flags, msg)}
	}
	var b strings.Builder
	if seen['i'] {
		b.WriteString("(?i)")
	}
	if seen['m'] {
		b.WriteString("(?m)")
	}
	depth := 0
	canRepeat := false // whether a quantifier may follow
	s := body
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\':
			n, frag, err := jsEscape(s[i:], false)
			if err != "" {
				return nil, fail(err)
			}
			b.WriteString(frag)
			i += n
			canRepeat = frag != `\b` && frag != `\B`
		case '[':
			n, frag, err := jsClass(s[i:])
			if err != "" {
				return nil, fail(err)
			}
			b.WriteString(frag)
			i += n
			canRepeat = true
		case '(':
			switch {
			case strings.HasPrefix(s[i:], "(?:"):
				b.WriteString("(?:")
				i += 3
			case strings.HasPrefix(s[i:], "(?="), strings.HasPrefix(s[i:], "(?!"),
				strings.HasPrefix(s[i:], "(?<="), strings.HasPrefix(s[i:], "(?<!"):
				return nil, fail("lookaround is not supported")
			case strings.HasPrefix(s[i:], "(?<"):
				end := strings.IndexByte(s[i:], '>')
				if end < 0 {
					return nil, fail("Invalid capture group name")
				}
				b.WriteString("(?P<" + s[i+3:i+end] + ">")
				i += end + 1
			case strings.HasPrefix(s[i:], "(?"):
				return nil, fail("Invalid group")
			default:
				b.WriteByte('(')
				i++
			}
			depth++
			canRepeat = false
		case ')':
			if depth == 0 {
				return nil, fail("Unmatched ')'")
			}
			depth--
			b.WriteByte(')')
			i++
			canRepeat = true
		case '|':
			b.WriteByte('|')
			i++
			canRepeat = false
		case '^', '$':
			b.WriteByte(c)
			i++
			canRepeat = false
		case '*', '+', '?':
			if !canRepeat {
				return nil, fail("Nothing to repeat")
			}
			b.WriteByte(c)
			i++
			if i < len(s) && s[i] == '?' {
				b.WriteByte('?')
				i++
			}
			canRepeat = false
		case '{':
			n, lo, hi, ok := jsBraces(s[i:])
			if !ok {
				b.WriteString(`\{`)
				i++
				canRepeat = true
				continue
			}
			if !canRepeat {
				return nil, fail("Nothing to repeat")
			}
			if hi >= 0 && hi < lo {
				return nil, fail("numbers out of order in {} quantifier")
			}
			if lo > 1000 || hi > 1000 {
				return nil, fail("repetition count is too large for this engine")
			}
			b.WriteString(s[i : i+n])
			i += n
			if i < len(s) && s[i] == '?' {
				b.WriteByte('?')
				i++
			}
			canRepeat = false
		case '.':
			if seen['s'] {
				b.WriteString(`(?s:.)`)
			} else {
				b.WriteString(`[^\n\r\x{2028}\x{2029}]`)
			}
			i++
			canRepeat = true
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(regexp.QuoteMeta(string(r)))
			i += n
			canRepeat = true
		}
	}
	if depth > 0 {
		return nil, fail("Unterminated group")
	}
	expr := b.String()
	if seen['y'] {
		// sticky: a fresh RegExp tests only at index 0
		expr = `\A(?:` + expr + `)`
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fail(err.Error())
	}
	r := &jsRegexp{re: re, source: "/" + body + "/" + flags}
	if !seen['m'] {
		r.literalForm(expr)
	}
	return r, nil
}

// jsBraces reads a {n}, {n,} or {n,m} quantifier; hi is -1 when open.
func jsBraces(s string) (n, lo, hi int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, 0, false
	}
	inner := s[1:end]
	a, c, comma := strings.Cut(inner, ",")
	if !isDigits(a) || comma && c != "" && !isDigits(c) {
		return 0, 0, 0, false
	}
	lo, _ = strconv.Atoi(a)
	hi = lo
	if comma {
		hi = -1
		if c != "" {
			hi, _ = strconv.Atoi(c)
		}
	}
	return end + 1, lo, hi, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// jsEscape translates one escape sequence (s starts with a backslash).
func jsEscape(s string, inClass bool) (n int, frag, err string) {
	if len(s) < 2 {
		return 0, "", `\ at end of pattern`
	}
	c := s[1]
	switch c {
	case 'd', 'D', 'w', 'W':
		return 2, s[:2], ""
	case 'b', 'B':
		if inClass {
			if c == 'b' {
				return 2, `\x08`, ""
			}
			return 2, "B", ""
		}
		return 2, s[:2], ""
	case 's':
		if inClass {
			return 2, jsSpaceClass, ""
		}
		return 2, "[" + jsSpaceClass + "]", ""
	case 'S':
		if inClass {
			return 0, "", `\S in a character class is not supported`
		}
		return 2, "[^" + jsSpaceClass + "]", ""
	case 't':
		return 2, `\t`, ""
	case 'n':
		return 2, `\n`, ""
	case 'r':
		return 2, `\r`, ""
	case 'v':
		return 2, `\v`, ""
	case 'f':
		return 2, `\f`, ""
	case '0':
		if len(s) > 2 && s[2] >= '0' && s[2] <= '9' {
			return 0, "", "octal escapes are not supported"
		}
		return 2, `\x00`, ""
	case 'x':
		if len(s) >= 4 && isHex(s[2:4]) {
			return 4, `\x{` + s[2:4] + `}`, ""
		}
		return 2, "x", ""
	case 'u':
		if len(s) >= 6 && isHex(s[2:6]) {
			return 6, `\x{` + s[2:6] + `}`, ""
		}
		return 2, "u", ""
	case 'c':
		if len(s) >= 3 && (s[2] >= 'a' && s[2] <= 'z' || s[2] >= 'A' && s[2] <= 'Z') {
			return 3, fmt.Sprintf(`\x{%x}`, s[2]%32), ""
		}
		return 1, `\\`, ""
	}
	if c >= '1' && c <= '9' {
		return 0, "", "backreferences are not supported"
	}
	r, size := utf8.DecodeRuneInString(s[1:])
	return 1 + size, regexp.QuoteMeta(string(r)), ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// jsClass translates a character class (s starts with '[').
func jsClass(s string) (n int, frag, err string) {
	i := 1
	var b strings.Builder
	b.WriteByte('[')
	if i < len(s) && s[i] == '^' {
		i++
		if i < len(s) && s[i] == ']' {
			return i + 1, `[\x{0}-\x{10ffff}]`, ""
		}
		b.WriteByte('^')
	} else if i < len(s) && s[i] == ']' {
		return i + 1, `[^\x{0}-\x{10ffff}]`, ""
	}
	prev := rune(-1) // last single character, for range checks
	for {
		if i >= len(s) {
			return 0, "", "Unterminated character class"
		}
		c := s[i]
		switch {
		case c == ']':
			b.WriteByte(']')
			return i + 1, b.String(), ""
		case c == '\\':
			m, f, e := jsEscape(s[i:], true)
			if e != "" {
				return 0, "", e
			}
			b.WriteString(f)
			prev = -1
			if m == 2 && strings.ContainsRune("tnrvf0", rune(s[i+1])) || m > 2 || (m == 2 && !strings.ContainsRune("dDwWsS", rune(s[i+1]))) {
				prev = classRune(s[i : i+m])
			}
			i += m
		case c == '-' && prev >= 0 && i+1 < len(s) && s[i+1] != ']':
			var hi rune
			var frag string
			if s[i+1] == '\\' {
				m, f, e := jsEscape(s[i+1:], true)
				if e != "" {
					return 0, "", e
				}
				hi = classRune(s[i+1 : i+1+m])
				frag = f
				i += 1 + m
			} else {
				r, size := utf8.DecodeRuneInString(s[i+1:])
				hi = r
				frag = quoteClassRune(r)
				i += 1 + size
			}
			if hi >= 0 && hi < prev {
				return 0, "", "Range out of order in character class"
			}
			if hi < 0 {
				b.WriteString(`\-`)
			} else {
				b.WriteByte('-')
			}
			b.WriteString(frag)
			prev = -1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(quoteClassRune(r))
			prev = r
			i += size
		}
	}
}

func quoteClassRune(r rune) string {
	if r < 0x80 && strings.ContainsRune(`\-[]^`, r) {
		return `\` + string(r)
	}
	return string(r)
}

// classRune is the character an escape inside a class stands for, or -1.
func classRune(esc string) rune {
	switch {
	case len(esc) == 2:
		switch esc[1] {
		case 't':
			return '\t'
		case 'n':
			return '\n'
		case 'r':
			return '\r'
		case 'v':
			return '\v'
		case 'f':
			return '\f'
		case '0':
			return 0
		case 'b':
			return 8
		case 'd', 'D', 'w', 'W', 's', 'S':
			return -1
		}
		return rune(esc[1])
	case len(esc) == 4 && esc[1] == 'x', len(esc) == 6 && esc[1] == 'u':
		v, _ := strconv.ParseUint(esc[2:], 16, 32)
		return rune(v)
	case len(esc) == 3 && esc[1] == 'c':
		return rune(esc[2] % 32)
	}
	r, _ := utf8.DecodeRuneInString(esc[1:])
	return r
}

// fuzzyToRegex turns a wildcard identifier into a regular expression the
// way the reference does, including its replace-only-the-first-match
// steps: "r*e*ad" becomes `r.*e\\\*ad`, so only the first * is a wildcard.
func fuzzyToRegex(str string) string {
	var b strings.Builder
	for _, r := range str {
		if r < 0x80 && strings.ContainsRune(`-/\^$*+?.()|[]{}`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	str = b.String()
	str = strings.Replace(str, `\\\*`, `*`, 1)
	str = strings.Replace(str, `\*`, `.*`, 1)
	// first [^.] followed by *
	prev := -1
	for i, r := range str {
		if r == '*' && prev >= 0 {
			return str[:i] + `\\*` + str[i+1:]
		}
		if r != '.' {
			prev = i
		} else {
			prev = -1
		}
	}
	return str
}
