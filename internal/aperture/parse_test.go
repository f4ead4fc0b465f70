package aperture

import (
	"testing"
	"time"
)

func TestEvaluate(t *testing.T) {
	mark := "mark"
	monday := time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		rules  []string
		ctx    Context
		want   bool
		errKnd string
	}{
		{"action listed", []string{"CAN listmachines and getmachine"}, Context{Action: "getmachine"}, true, ""},
		{"action not listed", []string{"CAN listmachines and getmachine"}, Context{Action: "stopmachine"}, false, ""},
		{"can not only fails to allow", []string{"CAN NOT getmachine", "CAN getmachine"}, Context{Action: "getmachine"}, true, ""},
		{"principal", []string{"mark, anna, and bob CAN read"}, Context{Principal: &mark, Action: "read"}, true, ""},
		{"no principal", []string{"mark CAN read"}, Context{Action: "read"}, false, ""},
		{"wildcard", []string{"CAN get* machine*"}, Context{Action: "getmachine", Resource: "machine1"}, true, ""},
		{"regex", []string{"CAN /^get(machine|image)$/i::regex"}, Context{Action: "GETIMAGE"}, true, ""},
		{"ip in", []string{"CAN x WHEN sourceip in (10.0.0.0/8, 192.168.0.0/16)"}, Context{Action: "x", Conditions: map[string]any{"sourceip": "192.168.1.1"}}, true, ""},
		{"day and time", []string{"CAN x WHEN day = Mon and time < 14:00:00"}, Context{Action: "x", Conditions: map[string]any{"day": monday, "time": monday}}, true, ""},
		{"first error ends", []string{"CAN x WHEN sourceip = 1.2.3.4", "CAN x"}, Context{Action: "x", Conditions: map[string]any{}}, false, "MissingConditionError"},
		{"allowed before the error", []string{"CAN x", "CAN x WHEN sourceip = 1.2.3.4"}, Context{Action: "x", Conditions: map[string]any{}}, true, ""},
		{"string given for a date", []string{"CAN x WHEN date > 2020-01-01"}, Context{Action: "x", Conditions: map[string]any{"date": "2026-01-01"}}, false, "AssertionError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []*Policy
			for _, r := range tt.rules {
				p, err := Parse(r)
				if err != nil {
					t.Fatalf("Parse(%q): %v", r, err)
				}
				ps = append(ps, p)
			}
			got, err := Evaluate(ps, &tt.ctx)
			if tt.errKnd != "" {
				if e, ok := err.(*Error); !ok || e.Kind != tt.errKnd {
					t.Fatalf("error = %v, want kind %s", err, tt.errKnd)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Evaluate = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ rule, kind, msg string }{
		{"a, b, c CAN read", "Error", "Parse error on line 1:\na, b, c CAN read\n--------^\nExpecting 'AND', ',', got 'CAN'"},
		{"CAN x\nWHEN", "Error", "Parse error on line 2:\nCAN xWHEN\n---------^\nExpecting 'NOT', '(', 'STRING', 'STRING_LITERAL', got 'EOF'"},
		{"CAN x WHEN a :b", "Error", "Lexical error on line 1. Unrecognized text.\nCAN x WHEN a :b\n-------------^"},
		{"CAN x WHEN foo = 1", "MissingTypeError", `no type for "foo"`},
		{"CAN x WHEN foo::bar = 1", "UnknownTypeError", `unknown type "bar"`},
		{"CAN x WHEN sourceip < 1.2.3.4", "UnsupportedOperationError", `unsupported operation "<" on type "ip"`},
		{"CAN x WHEN sourceip = 300.1.2.3", "ValidationError", `unable to validate value "300.1.2.3" as type "ip": ipaddr: ipv4 octet is a byte`},
		{"CAN /(/::regex", "SyntaxError", "Invalid regular expression: /(/: Unterminated group"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.rule)
		e, ok := err.(*Error)
		if !ok || e.Kind != tt.kind || e.Message != tt.msg {
			t.Errorf("Parse(%q) = %#v, want %s %q", tt.rule, err, tt.kind, tt.msg)
		}
	}
}
