package aperture

import (
	"fmt"
	"testing"
	"time"
)

func BenchmarkParse(b *testing.B) {
	const rule = "CAN listmachines, getmachine, and stopmachine WHEN sourceip = 10.0.0.0/8 and day in (Monday, Tuesday) and time >= 09:00:00"
	lalr()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(rule); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubuserCheck evaluates a sub-user's request against 3 active
// roles of 5 rules each, none of which allows it (the worst case: every
// rule is tried).
func BenchmarkSubuserCheck(b *testing.B) {
	var policies []*Policy
	for role := range 3 {
		for rule := range 5 {
			text := fmt.Sprintf("CAN action%d%d and getmachine%d WHEN sourceip = 10.%d.0.0/16 and time >= 09:00:00", role, rule, role, rule)
			if rule%2 == 1 {
				text = fmt.Sprintf("CAN list%d* and /^stop%d/::regex", rule, role)
			}
			p, err := Parse(text)
			if err != nil {
				b.Fatal(err)
			}
			policies = append(policies, p)
		}
	}
	at := time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)
	ctx := &Context{Action: "getmachine2", Resource: "m1", Conditions: map[string]any{
		"sourceip": "10.9.1.2", "time": at, "activeRoles": []any{"r0", "r1", "r2"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		ok, err := Evaluate(policies, ctx)
		if err != nil || ok {
			b.Fatal(ok, err)
		}
	}
}
