package rules

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTextAgainstOslo feeds oslo rule text made of random pieces: words,
// operators in odd spellings, parentheses glued to words, quotes and the
// many characters Python's regular expressions take for whitespace.
func TestTextAgainstOslo(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 9))
	pieces := []string{
		"role:admin", "role:ADMIN", "role:Σ", "role:ΟΔΟΣ", "role:İ", "role:i̇", "rule:a", "rule:b", "rule:nope", "@", "!", "x:1", "x:%(k)s",
		"and", "or", "not", "AND", "Or", "nOt", "(", ")", "((", "))", "'q'", `"q"`, "'", `"`, "'a:b'", "()", "(not", "and)", "or(", ")not",
		"True:%(t)s", "'Member':%(m)s", " ", " ", " ", "\t", "\n", "\u3000", "\u0085", "\x1c", "\u00a0", "\u2028", "\u200b", ":", "a:", ":b",
		"role:a)", "(role:a", "(@)", "!)", "(!", "not(@)", "x:(", "x:)", "role:%(k)s)", "rule:a:b", "http:x",
	}
	var cases [][]byte
	for i := range 6000 {
		var b strings.Builder
		for range 1 + r.IntN(7) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			if r.IntN(3) > 0 {
				b.WriteString(" ")
			}
		}
		c := map[string]any{
			"id": i, "rules": map[string]any{"a": "role:x", "b": b.String(), "a:b": "@"},
			"target": map[string]any{"k": "Admin", "t": true, "m": "Member"},
			"creds":  map[string]any{"roles": []any{"admin", "x", "σ", "οδος", "οδοσ", "i̇"}, "x": "1"},
		}
		if r.IntN(2) == 0 {
			c["inline"] = b.String()
		} else {
			c["rule"] = "b"
		}
		line, err := json.Marshal(c)
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
			if bad <= 20 {
				t.Errorf("case %s\n oslo: %v\n  got: %v", c, want[i], got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rules disagree with oslo", bad, len(cases))
	}
}
