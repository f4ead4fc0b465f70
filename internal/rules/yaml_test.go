package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
)

// yamlAnswers runs every file through oslo.policy's parse_file_contents.
func yamlAnswers(t *testing.T, files []string) []map[string]any {
	t.Helper()
	var in bytes.Buffer
	for _, f := range files {
		b, _ := json.Marshal(f)
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command(osloPython, "testdata/yaml_driver.py")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("yaml driver (needs python3-oslo.policy): %v\n%s", err, stderr.String())
	}
	var answers []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("yaml driver answer %q: %v", sc.Text(), err)
		}
		answers = append(answers, a)
	}
	if len(answers) != len(files) {
		t.Fatalf("yaml driver answered %d of %d files\n%s", len(answers), len(files), stderr.String())
	}
	return answers
}

// yamlPieces are the parts generated YAML files are made of: in each
// list, those the reader takes first, then the others.
var (
	yamlKeys = []string{`a`, `compute:start`, `"os:x"`, `'q''k'`, `b c`, `x.y`, `"é"`, `k#x`, `"1"`,
		`true`, `1`, `~`, `@k`, `- k`}
	yamlVals = []string{`role:admin`, `"rule:a or rule:b"`, `'role:x'`, `"@"`, `"!"`, `''`, `""`, `yes`, `No`, `on`, `~`,
		`null`, `12`, `-3`, `+4`, `1_000`, `0`, `[["role:a"], ["b:%(c)s", x]]`, `[]`, `[a, "b", 'c']`, `"a\"b\u00e9\x41"`,
		`role:a # note`, `role:a#b`, `role:"x"`, `project_id:%(project_id)s`, `is_admin:True and not role:x`, `'it''s'`,
		`"tab\there"`, `-x`, `role:a,b`, `[a:b, c]`, `!`, `@`,
		`017`, `0x1f`, `1.5`, `1e3`, `2001-12-14`, `.inf`, `1:30`, `[[a, [b]]`, `{a: b}`, `&x role:a`, `*x`, `|`, `>`,
		`"bad\q"`, `a: b`, `- x`, `?x`, `:x`, `%x`, "`x", `"unterminated`, `[a, b`}
	yamlShapes = []string{"%s: %s\n", "%s: %s  # comment\n", "%s:\n  - %s\n  - '@'\n", "%s:   %s\n", "%s:\n",
		"%s: %s\n  more\n", "  %s: %s\n"}
)

// pickYAML picks from xs, from its first good ones four times in five.
func pickYAML(r *rand.Rand, xs []string, good int) string {
	if r.IntN(5) > 0 {
		return xs[r.IntN(good)]
	}
	return xs[r.IntN(len(xs))]
}

func genYAML(r *rand.Rand) string {
	var b strings.Builder
	switch r.IntN(6) {
	case 0:
		b.WriteString("---\n")
	case 1:
		b.WriteString("# policy\n\n")
	}
	for range 1 + r.IntN(4) {
		shape := pickYAML(r, yamlShapes, 5)
		k, v := pickYAML(r, yamlKeys, 9), pickYAML(r, yamlVals, 33)
		if strings.Count(shape, "%s") == 1 {
			b.WriteString(strings.Replace(shape, "%s", k, 1))
		} else {
			b.WriteString(strings.Replace(strings.Replace(shape, "%s", k, 1), "%s", v, 1))
		}
	}
	if r.IntN(8) == 0 {
		b.WriteString("...\n")
	}
	return b.String()
}

// TestYAMLAgainstOslo holds the YAML reader to oslo.policy's: on every
// generated file both read the same rules, or both refuse it, or the
// reader refuses something it does not take (yamlUnsupported, or a value
// it asks to quote), which oslo may read.
func TestYAMLAgainstOslo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 2026))
	var files []string
	for range 3000 {
		files = append(files, genYAML(r))
	}
	want := yamlAnswers(t, files)
	agreed, refused := 0, 0
	for i, f := range files {
		v, _, err := parseYAML([]byte(f))
		oslo, osloErr := want[i]["value"], want[i]["error"]
		if err != nil {
			if osloErr == nil && !strings.Contains(err.Error(), yamlUnsupported) && !strings.Contains(err.Error(), "quote it") {
				t.Errorf("file %q: refused (%v), oslo reads %v", f, err, oslo)
			}
			if osloErr == nil {
				refused++
			}
			continue
		}
		if osloErr != nil {
			t.Errorf("file %q: read as %s, oslo raises %v", f, v.JSON(), osloErr)
			continue
		}
		if v.kind == Null {
			v = ObjectValue(nil, nil)
		}
		got, _ := json.Marshal(v)
		w, _ := json.Marshal(oslo)
		var g, o any
		json.Unmarshal(got, &g)
		json.Unmarshal(w, &o)
		if gj, oj := string(mustMarshal(t, g)), string(mustMarshal(t, o)); gj != oj {
			t.Errorf("file %q:\n read as %s\n oslo reads %s", f, gj, oj)
			continue
		}
		agreed++
	}
	t.Logf("%d files read alike, %d refused that oslo reads, %d refused by both", agreed, refused, len(files)-agreed-refused)
	if agreed < len(files)/4 {
		t.Errorf("only %d of %d files read alike: the generator no longer covers the subset", agreed, len(files))
	}
}

func TestLoadFileYAML(t *testing.T) {
	doc := "# compute\n---\n\"compute:start\": \"rule:owner\"\nowner: project_id:%(project_id)s  # the owner\nadmin: 'role:admin'\nlegacy:\n  - [\"role:admin\"]\n  - \"is_admin:True\"\n"
	s, err := LoadFile([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	creds := mustJSON(t, `{"project_id": "p1", "roles": ["member"]}`)
	if ok, err := s.Enforce("compute:start", mustJSON(t, `{"project_id": "p1"}`), creds); !ok || err != nil {
		t.Errorf("compute:start = %v, %v", ok, err)
	}
	if ok, _ := s.Enforce("legacy", mustJSON(t, `{}`), mustJSON(t, `{"is_admin": true}`)); !ok {
		t.Error("the legacy block list does not allow is_admin")
	}
	for _, tc := range []struct{ doc, err string }{
		{"a: role:x\nb: @\n", `line 2: a plain value cannot start with '@' in YAML: quote the rule, as "@"`},
		{"a: role:x\nb: rule:a\n  and role:y\n", "line 3: a rule continued on the next line is not supported in rule files: write each rule on one line"},
		{"a: rule:b\nb: rule:a\n", `line 1: rule "a": is part of a cycle of rule references: a -> b -> a; line 2: rule "b": is part of a cycle of rule references: b -> a -> b`},
		{"a: 1.5\n", "line 1: the plain value 1.5 may be read as a number or a date: not supported in rule files, quote it"},
		{"- a\n", "line 1: a list is not supported in rule files, which map rule names to rules"},
	} {
		_, err := LoadFile([]byte(tc.doc))
		if err == nil || err.Error() != tc.err {
			t.Errorf("LoadFile(%q) = %v, want %s", tc.doc, err, tc.err)
		}
	}
	if s, err := LoadFile([]byte("# nothing yet\n")); err != nil || len(s.Names()) != 0 {
		t.Errorf("an empty YAML file = %v, %v; want no rules", s, err)
	}
}
