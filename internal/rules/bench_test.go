package rules

import (
	"fmt"
	"strings"
	"testing"
)

// typicalRules is a slice of an OpenStack policy file.
const typicalRules = `{
	"admin_required": "role:admin or is_admin:True",
	"owner": "project_id:%(project_id)s",
	"default": "rule:admin_required",
	"compute:start": "(rule:admin_required or role:member and project_id:%(project_id)s) and not user.enabled:False"
}`

func mustJSON(tb testing.TB, s string) Value {
	tb.Helper()
	v, err := ParseJSON([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func typicalSet(tb testing.TB) (*Set, Value, Value) {
	tb.Helper()
	s, err := Load(mustJSON(tb, typicalRules), StringValue("default"))
	if err != nil {
		tb.Fatal(err)
	}
	target := mustJSON(tb, `{"project_id": "p-42", "user_id": "u-7"}`)
	creds := mustJSON(tb, `{"roles": ["reader", "Member"], "project_id": "p-42", "user_id": "u-7", "is_admin": false, "user": {"enabled": true}}`)
	return s, target, creds
}

func TestEnforceTypical(t *testing.T) {
	s, target, creds := typicalSet(t)
	ok, err := s.Enforce("compute:start", target, creds)
	if err != nil || !ok {
		t.Fatalf("Enforce = %v, %v; want true", ok, err)
	}
	other := mustJSON(t, `{"project_id": "p-1"}`)
	if ok, err := s.Enforce("compute:start", other, creds); err != nil || ok {
		t.Fatalf("Enforce on another project = %v, %v; want false", ok, err)
	}
}

func TestEnforceAllocs(t *testing.T) {
	s, target, creds := typicalSet(t)
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := s.Enforce("compute:start", target, creds); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Enforce allocates %v times per call; want 0", allocs)
	}
}

func BenchmarkEnforce(b *testing.B) {
	s, target, creds := typicalSet(b)
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := s.Enforce("compute:start", target, creds); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// thousandRules is a policy file of 1,000 rules in the shapes OpenStack
// services ship.
func thousandRules() []byte {
	var b strings.Builder
	b.WriteString("{\n")
	b.WriteString(`"admin_required": "role:admin or is_admin:True",` + "\n")
	b.WriteString(`"owner": "project_id:%(project_id)s",` + "\n")
	for i := range 998 {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, `"svc:op%d": "rule:admin_required or rule:owner"`, i)
		case 1:
			fmt.Fprintf(&b, `"svc:op%d": "(role:member or role:reader) and project_id:%%(project_id)s and not user.enabled:False"`, i)
		case 2:
			fmt.Fprintf(&b, `"svc:op%d": [["role:admin"], ["project_id:%%(project_id)s", "user_id:%%(user_id)s"]]`, i)
		default:
			fmt.Fprintf(&b, `"svc:op%d": "rule:svc:op%d and 'reader':%%(role)s"`, i, i-1)
		}
		if i < 997 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func BenchmarkLoad1000(b *testing.B) {
	data := thousandRules()
	b.ReportAllocs()
	for b.Loop() {
		v, err := ParseJSON(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Load(v, StringValue("default")); err != nil {
			b.Fatal(err)
		}
	}
}
