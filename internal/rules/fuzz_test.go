package rules

import (
	"encoding/json"
	"testing"
)

// FuzzParse parses arbitrary rule text, evaluates it against fixed
// credentials, and checks that printing and parsing again is stable: the
// printed form of a parsed rule parses to the same printed form.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"@", "!", "", "role:admin", "rule:a or (role:b and not c:%(d)s)", "'Member':%(role.name)s",
		"True:%(x)s", "a:1 or b:2 and c:3", "((a:1)", "not", "'q'", "x:%(y)5.2f", "1j:%%", "a.b.c:%(x)r",
		"http://h/%(x)s", "u'é':x", "f'{x}':1", "(1,):(1,)", "0x1for:1", "\\\n:1", "%(:x", "x:%(",
	} {
		f.Add(seed)
	}
	rules := mustJSON(f, `{"a": "role:admin", "default": "!"}`)
	set, err := Compile(rules, StringValue("default"))
	if err != nil {
		f.Fatal(err)
	}
	target := mustJSON(f, `{"x": "1", "y": 2.5, "d": [1]}`)
	creds := mustJSON(f, `{"roles": ["admin"], "a": {"b": [{"c": "1"}]}}`)
	f.Fuzz(func(t *testing.T, text string) {
		n := parseText(text)
		_, _ = set.EnforceRule(&Rule{n}, target, creds)
		if n.kind == nString {
			return // a lone word prints as itself and then parses as a check
		}
		printed := n.String()
		if again := parseText(printed).String(); again != printed {
			t.Errorf("parse(%q) prints %q, which parses to %q", text, printed, again)
		}
	})
}

// FuzzParseJSON decodes arbitrary JSON and compares the documents both
// decoders accept with encoding/json's view of them.
func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{`{"a": [1, 2.5, "x", null, true]}`, `{"a": 1, "a": 2}`, `[1e400, -0]`, `"\ud83d\ude00"`, `NaN`, `{"a":`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ParseJSON(data)
		var std any
		stdErr := json.Unmarshal(data, &std)
		if err == nil && stdErr == nil {
			_ = v.pyStr()
		}
		if err != nil && stdErr == nil {
			t.Errorf("ParseJSON(%q) = %v, but encoding/json accepts it", data, err)
		}
	})
}

// FuzzLoadFileYAML reads arbitrary YAML rule files: no panics, and a file
// that loads has its rules' lines.
func FuzzLoadFileYAML(f *testing.F) {
	for _, seed := range []string{"a: role:x\n", "---\n\"c:s\": 'r:''x'''  # c\nl:\n  - [a, [b]]\n  - \"\\u00e9\"\n...\n",
		"a: @\n", "a: [x\n", "a: \"\\x4\"\n", "  a: b\n", "a:\n  - - x\n", "? a\n", "a: 1_0\nb: yes\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if isJSON(data) {
			return
		}
		v, lines, err := parseYAML(data)
		if err != nil {
			return
		}
		for _, k := range v.obj.keys {
			if lines[k] < 1 {
				t.Errorf("rule %q of %q has no line", k, data)
			}
		}
		LoadFile(data)
	})
}
