package aperture

import (
	"testing"
	"time"
)

// FuzzParse checks that any input parses or fails with an *Error, never
// panics, parses the same way twice, and that what parses evaluates
// without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"CAN listmachines and getmachine",
		"Fred, George, and Bob can read, write, and modify foo, bar, and baz when sourceip = 0.0.0.0 and (date >= 2013-10-01T13:00:00 or not day = Monday)",
		"* can r*e*ad *foo",
		"can /^get(machine|image)$/i::regex when method like \"/^GET$/i\"",
		"CAN x WHEN sourceip in (10.0.0.0/8, \"::ffff:c0a8:0/112\")",
		"CAN NOT everything when activeRoles contains admin and fromjob != true",
		"CAN x WHEN n::number >= 0x1F and time < 12:00:00",
		"a, b, c CAN read to",
		"CAN x\nWHEN a :b",
		"\"unterminated",
		"/(/::regex",
		"CAN x WHEN date = 1/2/2026 4:05:06.",
	} {
		f.Add(s)
	}
	at := time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)
	ctx := &Context{Action: "read", Resource: "foo", Conditions: map[string]any{
		"sourceip": "10.1.2.3", "date": at, "day": at, "time": at, "method": "GET",
		"activeRoles": []any{"admin"}, "fromjob": true, "n": 31.0,
	}}
	f.Fuzz(func(t *testing.T, rule string) {
		p, err := Parse(rule)
		_, err2 := Parse(rule)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("Parse(%q) is not deterministic: %v, %v", rule, err, err2)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q) error %T is not *Error", rule, err)
			}
			if err.Error() != err2.Error() {
				t.Fatalf("Parse(%q) errors differ: %v, %v", rule, err, err2)
			}
			return
		}
		if _, err := p.Evaluate(ctx); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Evaluate(%q) error %T is not *Error", rule, err)
			}
		}
	})
}
