package rules

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLiteralsAgainstOslo checks the kinds of generic checks, which oslo
// hands to ast.literal_eval, against oslo: each case compares the kind with
// the str() this package computes for it, so oslo answers true only where
// both agree it is that literal, false where it is not a literal, and an
// error where Python cannot parse it.
func TestLiteralsAgainstOslo(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	frags := []string{
		"1", "0", "9", "_", "a", "b", "j", "e", "E", "x", "o", "r", "f", "u", "B", "'", "\"", "'''", "(", ")", "[", "]", "{", "}",
		",", ".", "-", "+", "~", "*", "**", "/", "%", "@", " ", "\t", "\\", "\\n", "\\x4", "\\x41", "\\u00e9", "#", "=", "==", "!",
		"True", "None", "False", "not", "and", "or", "in", "is", "if", "else", "for", "lambda", "yield", "await", "set", "é", "ß",
		"1.5", "1e5", "0x1f", "0b2", "0o7", "1_000", "...", ";", "$", "?", "\n", "\x00", "İ", "€", "async", "print", "0_0", "00", "07",
	}
	seeds := []string{"True", "'Member'", "\"x\"", "1", "-1", "+1.5", "1.0", "1e16", "1e-5", "0x10", "0o17", "0b101", "1_0", "[1, 'a']",
		"(1,)", "()", "(1, (2,))", "{1, 2}", "set()", "{}", "1j", "-1j", "1+2j", "-1-2.5j", "b'x\\x00'", "'a' 'b'", "r'\\n'", "u'é'",
		"'\\x41\\101\\u00e9\\n'", "...", "None", "[[]]", "{[]}", "{(1, [2])}", "f'x'", "f'{x}'", "f'{'", "'''a'b'''", "1 # c",
		"user.id", "a-b", "x[0]", "a if b else c", "*a", "[*a]", "(yield)", "await x", "not x", "a < b < c", "a not in b", "a is not b",
		"1if 1else 2", "lambda", "f(x, *y, z=1, **w)", "[x for x in y if z]", "{**a}", "1 + 2", "-(1)", "--1", "(-1)", "0777", "00", ".5", "1.",
		"1__0", "1_", "0x", "1e", "1e+", "'\\N{DASH}'", "b'é'", "'a' b'b'", "\\\n1", "(1\n)", "1\n", "1\n2", " \t1", "1 ", "\x001"}
	var kinds []string
	kinds = append(kinds, seeds...)
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(5) {
			b.WriteString(frags[r.IntN(len(frags))])
		}
		kinds = append(kinds, b.String())
	}
	var cases [][]byte
	for i, k := range kinds {
		if strings.Contains(k, ":") {
			continue
		}
		lit := literalEval(k)
		match := "not the literal"
		if lit.isLiteral {
			match = lit.str
		}
		line, err := json.Marshal(map[string]any{
			"id": i, "rules": map[string]any{"x": "@"}, "inline": []any{[]any{k + ":" + strings.ReplaceAll(match, "%", "%%")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, line)
	}
	want := osloAnswers(t, cases)
	bad := 0
	for i, c := range cases {
		var got map[string]any
		if err := json.Unmarshal(EvalLine(c), &got); err != nil {
			t.Fatal(err)
		}
		if outcome(got) != outcome(want[i]) {
			bad++
			if bad <= 30 {
				t.Errorf("case %s\n oslo: %v\n  got: %v", c, want[i], got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d kinds disagree with oslo", bad, len(cases))
	}
}
