package rules

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFormatAgainstOslo checks Python's "%" formatting of the match against
// oslo: each case puts this package's formatting of a random template into
// the credentials, so oslo answers true only where it formats the same,
// and raises where this package reports an error.
func TestFormatAgainstOslo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	target := map[string]any{
		"i": 42, "n": -7, "z": 0, "big": json.Number("123456789012345678901234567890"), "t": true, "f": false,
		"fl": 3.14159, "nf": -0.5, "e": 1e16, "tiny": 1e-7, "negz": json.Number("-0.0"), "inf": json.Number("1e400"),
		"s": "abc", "u": "héllo wörld", "q": "it's", "dq": `say "hi"`, "c": "x", "nul": nil, "l": []any{1, "a", nil, 2.5},
		"o": map[string]any{"k": "v", "n": []any{}}, "a(b)": "paren", "": "empty", "nl": "a\nb\tc\x01", "emoji": "😀",
	}
	keys := make([]string, 0, len(target))
	for k := range target {
		keys = append(keys, k)
	}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	spec := func() string {
		var b strings.Builder
		b.WriteString("%")
		if r.IntN(6) != 0 {
			b.WriteString("(" + keys[r.IntN(len(keys))] + ")")
		}
		for range r.IntN(3) {
			b.WriteString(pick("-", "+", " ", "#", "0"))
		}
		b.WriteString(pick("", "", "5", "12", "1", "*", "0"))
		b.WriteString(pick("", "", ".2", ".0", ".10", ".*", "."))
		b.WriteString(pick("", "", "", "h", "l", "L"))
		b.WriteString(pick("s", "s", "r", "a", "d", "i", "u", "x", "X", "o", "e", "E", "f", "F", "g", "G", "c", "%", "y", "", "é"))
		return b.String()
	}
	var cases [][]byte
	for i := range 4000 {
		var tmpl strings.Builder
		for range 1 + r.IntN(3) {
			tmpl.WriteString(pick("", "a", "-", " ", "ü"))
			tmpl.WriteString(spec())
		}
		tm := parseTemplate(tmpl.String())
		tv, err := ParseJSON(mustMarshal(t, target))
		if err != nil {
			t.Fatal(err)
		}
		got, ferr := tm.format(tv)
		if ferr != nil {
			got = "\x00no"
		}
		line := mustMarshal(t, map[string]any{
			"id": i, "rules": map[string]any{"x": "@"}, "inline": []any{[]any{"x:" + tmpl.String()}},
			"target": target, "creds": map[string]any{"x": got},
		})
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
				var cs map[string]any
				json.Unmarshal(c, &cs)
				t.Errorf("template %q creds %q\n oslo: %v\n  got: %v", cs["inline"], cs["creds"], want[i], got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d templates disagree with oslo", bad, len(cases))
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
