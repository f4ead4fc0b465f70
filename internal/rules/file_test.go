package rules

import (
	"strings"
	"testing"
)

func TestLoadFile(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"good", "{\n\"a\": \"role:x\",\n\"default\": \"!\"\n}", ""},
		{"not JSON", "{\n\"a\": ", "line 2: invalid JSON at offset 7: unexpected end of input"},
		{"not an object", "[1]", "line 1: a rule file is an object of rule names to rules, not list"},
		{"bad values", "{\n\"a\": \"@\",\n\"b\": 5,\n\"c\": [true]\n}",
			"line 3: rule \"b\": TypeError: 'int' object is not iterable; line 4: rule \"c\": TypeError: 'bool' object is not iterable"},
		{"problems", "{\"a\": \"@\",\n  \"b\": \"role:x or\",\n  \"c\": \"rule:nope\", \"d\": \"rule:d\"}",
			"line 2: rule \"b\": rule \"role:x or\" does not parse; line 3: rule \"c\": references rule \"nope\", which is not defined; line 3: rule \"d\": is part of a cycle of rule references: d -> d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadFile([]byte(tt.file))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Fatalf("LoadFile error = %q\nwant %q", got, tt.want)
			}
			if err == nil && len(s.Names()) == 0 {
				t.Fatal("LoadFile returned no rules")
			}
		})
	}
}

func TestLoadFileNamesEveryProblem(t *testing.T) {
	_, err := LoadFile([]byte(strings.Repeat(" ", 3) + `{"x": "a", "y": "b"}`))
	if err == nil || strings.Count(err.Error(), "has no colon") != 2 {
		t.Fatalf("LoadFile = %v; want both rules named", err)
	}
}
