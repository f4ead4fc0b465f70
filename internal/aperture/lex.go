package aperture

import (
	"strings"
	"unicode/utf8"
)

// tok is a terminal of the grammar. The order is the reference parser's
// symbol numbering, which orders the "Expecting" list of a parse error.
type tok uint8

const (
	tEOF tok = iota
	tAND
	tComma
	tCAN
	tNOT
	tIF
	tWHEN
	tWHERE
	tOR
	tIN
	tLParen
	tRParen
	tDColon
	tSTRING
	tSTRINGLIT
	tFUZZY
	tREGEX
	tALL
	tEVERYTHING
	tANYTHING
	tStar
	numTerminals
	// tTO is lexed (the reference lexer knows the keyword) but no rule
	// uses it, so it always ends the parse with an error.
	tTO tok = 254
)

var tokNames = [numTerminals]string{
	"EOF", "AND", ",", "CAN", "NOT", "IF", "WHEN", "WHERE", "OR", "IN", "(", ")", "::",
	"STRING", "STRING_LITERAL", "FUZZY_STRING", "REGEX_LITERAL", "ALL", "EVERYTHING", "ANYTHING", "*",
}

func (t tok) String() string {
	if t == tTO {
		return "TO"
	}
	return tokNames[t]
}

// keywords are tried in the reference lexer's rule order; each matches
// case-insensitively and only when not followed by a word character.
var keywords = []struct {
	word string
	t    tok
}{
	{"AND", tAND}, {"OR", tOR}, {"NOT", tNOT}, {"CAN", tCAN}, {"TO", tTO},
	{"IF", tIF}, {"WHEN", tWHEN}, {"WHERE", tWHERE},
	{"ALL", tALL}, {"EVERYTHING", tEVERYTHING}, {"ANYTHING", tANYTHING},
	{"IN", tIN},
}

// lexer splits a rule into tokens the way the reference (jison) lexer does:
// the first rule that matches wins, not the longest.
type lexer struct {
	in      string
	pos     int    // start of the unread input
	text    string // value of the last token (quotes and ::regex removed)
	raw     string // the last token as it appeared
	start   int    // where the last token started
	line    int    // newlines consumed so far
	matched int    // end of the consumed input (== pos)
}

// isJSSpace reports whether r is in JavaScript's \s class.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// countLines counts line breaks the way the reference does (\r\n, \r, \n).
func countLines(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}

// next returns the next token, or ok=false on a lexical error.
func (l *lexer) next() (t tok, ok bool) {
	// skip \s+
	i := l.pos
	for i < len(l.in) {
		r, n := utf8.DecodeRuneInString(l.in[i:])
		if !isJSSpace(r) {
			break
		}
		i += n
	}
	l.line += countLines(l.in[l.pos:i])
	l.pos = i
	l.start = i
	rest := l.in[i:]
	if rest == "" {
		l.text, l.raw = "", ""
		return tEOF, true
	}
	for _, k := range keywords {
		if rest[0]|0x20 != k.word[0]|0x20 {
			continue
		}
		if len(rest) >= len(k.word) && strings.EqualFold(rest[:len(k.word)], k.word) &&
			(len(rest) == len(k.word) || !isWordByte(rest[len(k.word)])) {
			return l.take(len(k.word), rest[:len(k.word)], k.t), true
		}
	}
	switch {
	case strings.HasPrefix(rest, "::"):
		return l.take(2, "::", tDColon), true
	case rest[0] == ',':
		return l.take(1, ",", tComma), true
	case rest[0] == '(':
		return l.take(1, "(", tLParen), true
	case rest[0] == ')':
		return l.take(1, ")", tRParen), true
	}
	if n := matchRegexLiteral(rest); n > 0 {
		raw := rest[:n]
		return l.take(n, raw[:strings.LastIndex(raw, "::")], tREGEX), true
	}
	if n := matchStringLiteral(rest); n > 0 {
		return l.take(n, rest[1:n-1], tSTRINGLIT), true
	}
	if n := matchBareString(rest); n > 0 {
		s := rest[:n]
		t := tSTRING
		if s == "*" {
			t = tStar
		} else if strings.Contains(s, "*") {
			t = tFUZZY
		}
		return l.take(n, s, t), true
	}
	return 0, false
}

func (l *lexer) take(n int, text string, t tok) tok {
	l.raw = l.in[l.pos : l.pos+n]
	l.text = text
	l.line += countLines(l.raw)
	l.pos += n
	return t
}

// matchRegexLiteral matches /body/flags::regex (and ::regexp), returning the
// length matched or 0.
func matchRegexLiteral(s string) int {
	if len(s) < 2 || s[0] != '/' {
		return 0
	}
	i := 1
	first := true
	for {
		if i >= len(s) {
			return 0
		}
		c := s[i]
		switch {
		case c == '\n' || c == '\r':
			return 0
		case c == '/':
			if first {
				return 0
			}
			goto flags
		case c == '\\':
			if i+1 >= len(s) || s[i+1] == '\n' || s[i+1] == '\r' {
				return 0
			}
			_, n := utf8.DecodeRuneInString(s[i+1:])
			i += 1 + n
		case c == '[':
			j := i + 1
			for {
				if j >= len(s) || s[j] == '\n' || s[j] == '\r' {
					return 0
				}
				if s[j] == ']' {
					break
				}
				if s[j] == '\\' {
					if j+1 >= len(s) || s[j+1] == '\n' || s[j+1] == '\r' {
						return 0
					}
					_, n := utf8.DecodeRuneInString(s[j+1:])
					j += 1 + n
					continue
				}
				j++
			}
			i = j + 1
		case c == '*' && first:
			return 0
		default:
			i++
		}
		first = false
	}
flags:
	i++ // closing slash
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if len(s) < i+7 || !strings.EqualFold(s[i:i+7], "::regex") {
		return 0
	}
	i += 7
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		i++
	}
	return i
}

// matchStringLiteral matches a double-quoted string as the reference lexer
// does: its character classes exclude parentheses (a macro expanded inside
// them brings "(" and ")" in), so a literal holds no bare parenthesis but
// may escape one, and escape letters match case-insensitively.
func matchStringLiteral(s string) int {
	if s[0] != '"' {
		return 0
	}
	i := 1
	for i < len(s) {
		switch c := s[i]; c {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= len(s) {
				return 0
			}
			switch e := s[i+1]; e {
			case '"', '/', '\\', '(', ')', 'b', 'f', 'n', 'r', 't', 'B', 'F', 'N', 'R', 'T':
				i += 2
			case 'u', 'U':
				if i+6 > len(s) {
					return 0
				}
				for _, h := range []byte(s[i+2 : i+6]) {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0
					}
				}
				i += 6
			default:
				return 0
			}
		case '(', ')':
			return 0
		default:
			i++
		}
	}
	return 0
}

// matchBareString matches ([^\s,():](:(?!:))?)+ .
func matchBareString(s string) int {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isJSSpace(r) || r == ',' || r == '(' || r == ')' || r == ':' {
			break
		}
		i += n
		if i < len(s) && s[i] == ':' && (i+1 >= len(s) || s[i+1] != ':') {
			i++
		}
	}
	return i
}
