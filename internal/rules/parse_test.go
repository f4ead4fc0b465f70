package rules

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/parse.golden from this package (review the diff against oslo)")

// TestParseGolden parses every line of testdata/parse.txt and compares the
// printed tree with testdata/parse.golden, which holds what oslo.policy's
// parse_rule printed for the same lines.
func TestParseGolden(t *testing.T) {
	in, err := os.ReadFile("testdata/parse.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(string(in), "\n"), "\n") {
		got.WriteString(line + "\t=> " + parseText(line).String() + "\n")
	}
	if *update {
		if err := os.WriteFile("testdata/parse.golden", []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/parse.golden")
	if err != nil {
		t.Fatal(err)
	}
	gotLines, wantLines := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := "", ""
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("line %d:\n got: %s\nwant: %s", i+1, g, w)
		}
	}
}

func TestLoadRefusesCycles(t *testing.T) {
	rules := mustJSON(t, `{"ok": "rule:a", "a": "rule:b or role:x", "b": "not rule:a", "self": "rule:self", "fine": "@"}`)
	_, err := Load(rules, StringValue("default"))
	if err == nil {
		t.Fatal("Load accepted a cycle")
	}
	for _, want := range []string{`rule "a": is part of a cycle of rule references: a -> b -> a`, `rule "b"`, `rule "self": is part of a cycle of rule references: self -> self`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Load error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), `"fine"`) {
		t.Errorf("Load error %q names a rule outside the cycles", err)
	}
	// oslo itself loads them and fails only when evaluation recurses.
	s, err := Compile(rules, StringValue("default"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enforce("ok", ObjectValue(nil, nil), ObjectValue(nil, nil)); err == nil {
		t.Error("Enforce of a cycle did not fail")
	}
}

func TestLoadRefusesRunawayChains(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"r0": "@"`)
	for i := 1; i <= maxRefDepth+1; i++ {
		b.WriteString(`, "r` + strconv.Itoa(i) + `": "rule:r` + strconv.Itoa(i-1) + `"`)
	}
	b.WriteString("}")
	_, err := Load(mustJSON(t, b.String()), StringValue("default"))
	if err == nil || !strings.Contains(err.Error(), `rule "r65": references rules 65 deep`) {
		t.Fatalf("Load = %v; want the runaway chain refused", err)
	}
}

func TestProblems(t *testing.T) {
	s, err := Compile(mustJSON(t, `{"a": "role:x and", "b": [["noColon", 1]], "c": "rule:nope", "d": "'w'"}`), Value{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Problems() {
		got = append(got, p.String())
	}
	want := []string{
		`rule "a": rule "role:x and" does not parse`,
		`rule "b": check "noColon" has no colon`,
		`rule "b": check 1 is not a string`,
		`rule "c": references rule "nope", which is not defined`,
		`rule "d": is only the quoted word "w", not a check`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
