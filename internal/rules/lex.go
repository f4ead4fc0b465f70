package rules

import (
	"strings"
	"unicode"
)

// token is one token of the text form of a rule.
type token struct {
	typ   string // "(", ")", "and", "or", "not", "string", "check"
	value *node  // the check; for the others the word, which oslo keeps as a str
}

// isPySpace reports whether Python's re \s matches r in a str pattern.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x1c, 0x1d, 0x1e, 0x1f, 0x85:
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || r == 0x2028 || r == 0x2029
}

// lex splits a rule into tokens as oslo's _parse_tokenize does: words are
// separated by whitespace; leading "(" and trailing ")" of a word are tokens
// of their own; "and", "or" and "not" in any case are operators; a word in
// matching quotes is a string; anything else is a check.
func lex(rule string) []token {
	var toks []token
	for _, tok := range strings.FieldsFunc(rule, isPySpace) {
		clean := strings.TrimLeft(tok, "(")
		for i := 0; i < len(tok)-len(clean); i++ {
			toks = append(toks, token{typ: "(", value: &node{kind: nString, name: "("}})
		}
		if clean == "" {
			continue
		}
		tok = clean
		clean = strings.TrimRight(tok, ")")
		trail := len(tok) - len(clean)
		switch {
		case isOperator(clean):
			toks = append(toks, token{typ: strings.ToLower(clean), value: &node{kind: nString, name: clean}})
		case clean != "":
			if len(tok) >= 2 && (tok[0] == '"' && tok[len(tok)-1] == '"' || tok[0] == '\'' && tok[len(tok)-1] == '\'') {
				toks = append(toks, token{typ: "string", value: &node{kind: nString, name: tok[1 : len(tok)-1]}})
			} else {
				toks = append(toks, token{typ: "check", value: parseCheck(clean)})
			}
		}
		for i := 0; i < trail; i++ {
			toks = append(toks, token{typ: ")", value: &node{kind: nString, name: ")"}})
		}
	}
	return toks
}

// isOperator reports whether Python's word.lower() is "and", "or" or "not":
// only ASCII spellings lower to them.
func isOperator(word string) bool {
	return len(word) <= 3 && isASCII(word) &&
		(strings.EqualFold(word, "and") || strings.EqualFold(word, "or") || strings.EqualFold(word, "not"))
}
