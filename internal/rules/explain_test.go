package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// render prints an explanation one check a line, indented by depth.
func render(t *Explanation) string {
	var b strings.Builder
	var walk func(t *Explanation, depth int)
	walk = func(t *Explanation, depth int) {
		v := "-"
		if t.Evaluated {
			v = fmt.Sprint(t.Value)
		}
		fmt.Fprintf(&b, "%s%s = %s", strings.Repeat("  ", depth), t.Check, v)
		if t.Rule != "" {
			fmt.Fprintf(&b, " [%s]", t.Rule)
		}
		if t.Match != "" {
			fmt.Fprintf(&b, " (%s)", t.Match)
		}
		if t.Error != "" {
			fmt.Fprintf(&b, " error %s", t.Error)
		}
		if t.Note != "" {
			fmt.Fprintf(&b, " note %s", t.Note)
		}
		b.WriteByte('\n')
		for _, k := range t.Checks {
			walk(k, depth+1)
		}
	}
	walk(t, 0)
	return b.String()
}

func TestExplain(t *testing.T) {
	s, _, creds := typicalSet(t)
	for _, tc := range []struct {
		name, rule, target string
		allowed            bool
		want               string
	}{
		{"allowed", "compute:start", `{"project_id": "p-42"}`, true, `
rule:compute:start = true [compute:start]
  and = true
    or = true
      rule:admin_required = false [admin_required]
        or = false
          role:admin = false (admin)
          is_admin:True = false (True)
      and = true
        role:member = true (member)
        project_id:%(project_id)s = true (p-42)
    not = true
      user.enabled:False = false (False)
`},
		{"undefined name takes the default", "nosuch", `{}`, false, `
rule:nosuch = false [default]
  rule:admin_required = false [admin_required]
    or = false
      role:admin = false (admin)
      is_admin:True = false (True)
`},
		{"missing key, short circuit", "compute:start", `{}`, false, `
rule:compute:start = false [compute:start]
  and = false
    or = false
      rule:admin_required = false [admin_required]
        or = false
          role:admin = false (admin)
          is_admin:True = false (True)
      and = false
        role:member = true (member)
        project_id:%(project_id)s = false note the target has no key the match names
    not = -
      user.enabled:False = -
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, x, err := s.Explain(tc.rule, mustJSON(t, tc.target), creds)
			if err != nil || ok != tc.allowed {
				t.Fatalf("Explain = %v, %v; want %v", ok, err, tc.allowed)
			}
			if got := render(x); got != strings.TrimPrefix(tc.want, "\n") {
				t.Errorf("explanation:\n%s\nwant:\n%s", got, tc.want[1:])
			}
		})
	}
}

func TestExplainErrors(t *testing.T) {
	s, err := Load(mustJSON(t, `{"bad": "n:%(n)d or @", "r": "rule:bad"}`), StringValue("default"))
	if err != nil {
		t.Fatal(err)
	}
	_, x, err := s.Explain("r", mustJSON(t, `{"n": "x"}`), mustJSON(t, `{}`))
	if err == nil {
		t.Fatal("Explain of a bad format did not fail")
	}
	want := `rule:r = false [r] error TypeError: %d format: a real number is required, not str
  rule:bad = false [bad] error TypeError: %d format: a real number is required, not str
    or = false error TypeError: %d format: a real number is required, not str
      n:%(n)d = false error TypeError: %d format: a real number is required, not str
      @ = -
`
	if got := render(x); got != want {
		t.Errorf("explanation:\n%s\nwant:\n%s", got, want)
	}
	_, x, err = s.Explain("r", mustJSON(t, `{}`), mustJSON(t, `[]`))
	if err == nil || x.Error == "" || x.Evaluated != true {
		t.Errorf("Explain with list credentials = %+v, %v", x, err)
	}
}

// TestExplainDecidesAsEnforce holds Explain to Enforce's answers on the
// differential test's generated cases.
func TestExplainDecidesAsEnforce(t *testing.T) {
	g := &caseGen{r: rand.New(rand.NewPCG(8, 2027))}
	for i := range 3000 {
		line := g.caseLine(i)
		c := mustJSON(t, string(line))
		get := func(name string) Value {
			v, ok := c.Get(name)
			if !ok {
				return ObjectValue(nil, nil)
			}
			return v
		}
		def := StringValue("default")
		if d, ok := c.Get("default_rule"); ok {
			def = d
		}
		s, err := Compile(get("rules"), def)
		if err != nil {
			continue
		}
		target, creds := get("target"), get("creds")
		var want, got bool
		var werr, gerr error
		var x *Explanation
		if inline, ok := c.Get("inline"); ok {
			r, err := ParseRule(inline)
			if err != nil {
				continue
			}
			want, werr = s.EnforceRule(r, target, creds)
			got, x, gerr = s.DecideRule(r, target, creds, nil, true)
		} else {
			name, _ := c.Get("rule")
			want, werr = s.Enforce(name.str, target, creds)
			got, x, gerr = s.Explain(name.str, target, creds)
		}
		if got != want || fmt.Sprint(gerr) != fmt.Sprint(werr) || x.Value != got || !x.Evaluated {
			t.Fatalf("case %s: Explain = %v, %v (tree value %v); Enforce = %v, %v", line, got, gerr, x.Value, want, werr)
		}
	}
}

// TestPerms checks that perm:TYPE:op asks Perms, and that without Perms it
// reads creds["perm"] as oslo does, with the same answers.
func TestPerms(t *testing.T) {
	s, err := Load(mustJSON(t, `{"view": "perm:USER:view", "fmt": "perm:%(type)s:%(op)s", "nocolon": "perm:USER", "both": "perm:USER:view and not perm:USER:delete"}`), StringValue("default"))
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{"USER:view": true, "VM:start": true}
	perms := func(typ, op string) bool { return held[typ+":"+op] }
	offline := mustJSON(t, `{"perm": ["USER:view", "VM:start"]}`)
	target := mustJSON(t, `{"type": "VM", "op": "start"}`)
	for _, tc := range []struct {
		rule string
		want bool
	}{{"view", true}, {"fmt", true}, {"nocolon", false}, {"both", true}} {
		got, _, err := s.Decide(tc.rule, target, mustJSON(t, `{}`), perms, false)
		if err != nil || got != tc.want {
			t.Errorf("%s with Perms = %v, %v; want %v", tc.rule, got, err, tc.want)
		}
		got, err = s.Enforce(tc.rule, target, offline)
		if err != nil || got != tc.want {
			t.Errorf("%s offline = %v, %v; want %v", tc.rule, got, err, tc.want)
		}
	}
	// Perms decides, whatever creds["perm"] says.
	if got, _, _ := s.Decide("view", target, offline, func(string, string) bool { return false }, false); got {
		t.Error("creds[\"perm\"] overrode Perms")
	}
}
