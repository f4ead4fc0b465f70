package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
)

// The differential test: thousands of generated cases, answered by
// oslo.policy itself (testdata/oslo_driver.py, run by Debian's
// /usr/bin/python3 with python3-oslo.policy; `make test` installs it) and
// by EvalLine; every answer must agree on allowed/denied/error.

const osloPython = "/usr/bin/python3"

// osloAnswers runs every case through one oslo driver process.
func osloAnswers(t *testing.T, cases [][]byte) []map[string]any {
	t.Helper()
	cmd := exec.Command(osloPython, "testdata/oslo_driver.py")
	cmd.Stdin = bytes.NewReader(append(bytes.Join(cases, []byte("\n")), '\n'))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oslo driver (needs python3-oslo.policy: apt-get install -y python3-oslo.policy): %v\n%s", err, stderr.String())
	}
	var answers []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("oslo driver answer %q: %v", sc.Text(), err)
		}
		answers = append(answers, a)
	}
	if len(answers) != len(cases) {
		t.Fatalf("oslo driver answered %d of %d cases\n%s", len(answers), len(cases), stderr.String())
	}
	return answers
}

// outcome reduces an answer to what must agree: "true", "false" or "error".
func outcome(a map[string]any) string {
	if _, ok := a["error"]; ok {
		return "error"
	}
	return fmt.Sprint(a["allowed"])
}

func TestAgainstOslo(t *testing.T) {
	g := &caseGen{r: rand.New(rand.NewPCG(8, 2026))}
	var cases [][]byte
	for i := range 6000 {
		cases = append(cases, g.caseLine(i))
	}
	cases = append(cases, fixedCases()...)
	want := osloAnswers(t, cases)
	counts := map[string]int{}
	bad := 0
	for i, c := range cases {
		var got map[string]any
		if err := json.Unmarshal(EvalLine(c), &got); err != nil {
			t.Fatal(err)
		}
		counts[outcome(want[i])]++
		if outcome(got) != outcome(want[i]) {
			bad++
			if bad <= 25 {
				t.Errorf("case %s\n oslo: %v\n  got: %v", c, want[i], got)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d cases disagree with oslo", bad, len(cases))
	}
	t.Logf("oslo outcomes: %v", counts)
	for _, o := range []string{"true", "false", "error"} {
		if counts[o] < len(cases)/20 {
			t.Errorf("only %d cases end %s: the generator no longer covers it", counts[o], o)
		}
	}
}

// fixedCases are hand-written cases for corners the generator rarely hits.
func fixedCases() [][]byte {
	lines := []string{
		`{"id":"nova","rules":{"context_is_admin":[["role:admin"]],"admin_or_owner":[["is_admin:True"],["project_id:%(project_id)s"]],"default":[["rule:admin_or_owner"]],"compute:create":[],"admin_api":[["is_admin:True"]]},"rule":"compute:get","target":{"project_id":"p1"},"creds":{"project_id":"p1","roles":["member"]}}`,
		`{"id":"cycle","rules":{"a":"rule:b","b":"rule:a"},"rule":"a"}`,
		`{"id":"cycle-unreached","rules":{"a":"@ or rule:b","b":"rule:a"},"rule":"a"}`,
		`{"id":"system-scope","rules":{"a":"system:all"},"rule":"a","creds":{"system_scope":"all"}}`,
		`{"id":"creds-list","rules":{"a":"@"},"rule":"a","creds":[]}`,
		`{"id":"empty-rules","rules":{},"inline":"@"}`,
		`{"id":"empty-rules-name","rules":{},"rule":"x"}`,
		`{"id":"quoted","rules":{"abc":"@"},"inline":"'abc'"}`,
		`{"id":"quoted-rule","rules":{"abc":"'x'"},"rule":"abc"}`,
		`{"id":"default-list","rules":{"a":"@"},"rule":"b","default_rule":["a"]}`,
		`{"id":"default-null","rules":{"default":"@"},"rule":"b","default_rule":null}`,
		`{"id":"rule-null","rules":{"default":"@"},"rule":null}`,
		`{"id":"rule-list","rules":{"default":"@"},"rule":[1]}`,
		`{"id":"http","rules":{"a":"http://127.0.0.1:1/%(x)s"},"inline":"rule:a"}`,
		`{"id":"http-top","rules":{"a":"@"},"inline":"http://127.0.0.1:1/%(x)s"}`,
		`{"id":"list-true","rules":{"a":true},"rule":"a"}`,
		`{"id":"list-inner-num","rules":{"a":[1]},"rule":"a"}`,
		`{"id":"list-dict","rules":{"a":{"role:x":1}},"rule":"a","creds":{"roles":["X"]}}`,
		`{"id":"roles-str","rules":{"a":"role:d"},"rule":"a","creds":{"roles":"admin"}}`,
		`{"id":"roles-null","rules":{"a":"role:d"},"rule":"a","creds":{"roles":null}}`,
		`{"id":"roles-mixed","rules":{"a":"role:d"},"rule":"a","creds":{"roles":["d",1]}}`,
		`{"id":"float","rules":{"a":"x:1.0"},"rule":"a","creds":{"x":1.0}}`,
		`{"id":"bigfloat","rules":{"a":"x:1e+16"},"rule":"a","creds":{"x":1e16}}`,
		`{"id":"sigma","rules":{"a":"role:ΟΔΟΣ"},"rule":"a","creds":{"roles":["οδος"]}}`,
		`{"id":"sigma2","rules":{"a":"role:ΟΔΟΣ"},"rule":"a","creds":{"roles":["οδoς"]}}`,
		`{"id":"dotted-I","rules":{"a":"role:İ"},"rule":"a","creds":{"roles":["i̇"]}}`,
		`{"id":"target-list","rules":{"a":"x:%(y)s"},"rule":"a","target":[]}`,
		`{"id":"target-str","rules":{"a":"x:y"},"rule":"a","target":"s"}`,
		`{"id":"target-list-plain","rules":{"a":"x:y"},"rule":"a","target":[],"creds":{"x":"y"}}`,
		`{"id":"nested-list","rules":{"a":"a.b:1"},"rule":"a","creds":{"a":[{"b":2},[{"b":1}],{"b":1}]}}`,
		`{"id":"list-str","rules":{"a":"a:['x', 1]"},"rule":"a","creds":{"a":[["x",1]]}}`,
		`{"id":"dict-str","rules":{"a":"a:{'x': 1}"},"rule":"a","creds":{"a":{"x":1}}}`,
	}
	out := make([][]byte, len(lines))
	for i, l := range lines {
		out[i] = []byte(l)
	}
	return out
}

// caseGen generates cases from small vocabularies that mix ordinary
// OpenStack policy with every odd shape oslo treats specially.
type caseGen struct{ r *rand.Rand }

func (g *caseGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

var (
	genNames   = []string{"admin_required", "owner", "default", "r1", "r2", "compute:get", "undefined"}
	genKinds   = []string{"is_admin", "project_id", "user_id", "user.id", "user.domain.id", "roles", "True", "False", "None", "'Member'", `"admin"`, "1", "1.0", "-1", "0x10", "1_0", "[1,2]", "(1,)", "1a", "'open", "class", "a-b", "a..b", "1j", "b'x'", "...", "{1}", "set()", "Role", "system", "list.x", "n", "f", "nums", "é", "a$b", "x[0]", "{}", "1e16", "--1", "-1+2j", "a#b", "%(x)s", "()", "not", "lambda", "u'x'", "'a''b'", `'\x41'`, "0777", "00", ".5", "1.", "a.b.c", "empty"}
	genMatches = []string{"%(project_id)s", "%(user_id)s", "True", "False", "x", "admin", "%(missing)s", "%(n)d", "%(n)s", "%(f)r", "100%", "%(project_id)s-%(user_id)s", "%s", "%%", "%(project_id)5s", "%(f).1f", "%(n)x", "%(n)05d", "%(s)d", "%(", "%(project_id)", "1", "1.0", "None", "[1, 2]", "%(b)s", "%(l)s", "%(o)s", "p1", "u1", "%(f)s", "%(n)i", "%(n)c", "%(s)c", "%(project_id)-4s|", "", "%(f)e", "%(f)g", "%(f)G", "%(n)+d", "%(n)o", "%(n)#x", "%(big)d", "%(nul)s", "%(project_id)r", "%(n)*d", "%y"}
	genRoles   = []string{"admin", "Admin", "ADMIN", "member", "Member", "reader", "%(role)s", "%(missing)s", "", "%(n)s", "%(", "İ", "x y"}
)

func (g *caseGen) atom(depth int) string {
	switch g.r.IntN(12) {
	case 0:
		return g.pick("@", "!", "@", "!", "'quoted'", `"q"`, "noColon", ":", "role:", ":x")
	case 1, 2:
		return "rule:" + g.pick(genNames...)
	case 3, 4:
		return "role:" + g.pick(genRoles...)
	}
	return g.pick(genKinds...) + ":" + g.pick(genMatches...)
}

// text builds a rule in the text form, sometimes malformed.
func (g *caseGen) text(depth int) string {
	if depth > 3 || g.r.IntN(3) == 0 {
		return g.atom(depth)
	}
	switch g.r.IntN(9) {
	case 0:
		return g.pick("not ", "NOT ", "Not ") + g.text(depth+1)
	case 1:
		return "(" + g.text(depth+1) + ")"
	case 2:
		return g.pick("(", "", "((") + g.text(depth+1) + g.pick(")", "", "))", " )")
	case 3:
		return g.text(depth+1) + g.pick(" and", " or", "") + " " + g.text(depth+1) + g.pick("", " and", " or (")
	case 4, 5:
		return g.text(depth+1) + " and " + g.text(depth+1)
	}
	return g.text(depth+1) + g.pick(" or ", " OR ", "\tor\n") + g.text(depth+1)
}

// rule returns a rule value: usually text, sometimes oslo's list of lists
// or a value of a type oslo trips on.
func (g *caseGen) rule(depth int) any {
	switch g.r.IntN(14) {
	case 0:
		var outer []any
		for range g.r.IntN(3) {
			var inner []any
			for range g.r.IntN(3) {
				inner = append(inner, g.atom(depth))
			}
			outer = append(outer, inner)
		}
		return outer
	case 1:
		return []any{g.atom(depth), []any{}, "", nil, []any{g.atom(depth), g.atom(depth)}}
	case 2:
		return g.pickAny([]any{}, nil, false, 0, true, 1.5, []any{[]any{1}}, []any{[]any{nil, "@"}}, map[string]any{"role:admin": 1}, []any{map[string]any{}}, []any{2}, []any{"role:admin or @"}, []any{[]any{[]any{"@"}}}, "")
	}
	return g.text(depth)
}

func (g *caseGen) pickAny(xs ...any) any { return xs[g.r.IntN(len(xs))] }

func (g *caseGen) value(depth int) any {
	switch g.r.IntN(14) {
	case 0:
		return nil
	case 1:
		return g.r.IntN(2) == 0
	case 2:
		return g.pickAny(1, 0, -3, 16, 1e16, 1.0, 1.5, -0.0, 2.5e-7, 123456789012345678)
	case 3:
		if depth < 2 {
			return []any{g.value(depth + 1), g.value(depth + 1)}
		}
	case 4:
		if depth < 2 {
			return map[string]any{"id": g.value(depth + 1), "x": g.value(depth + 1)}
		}
	}
	return g.pick("p1", "u1", "admin", "True", "x", "1", "1.0", "None", "Member", "", "it's", "é")
}

func (g *caseGen) target() any {
	t := map[string]any{}
	for _, k := range []string{"project_id", "user_id", "role", "n", "f", "s", "b", "l", "o", "x", "big", "nul"} {
		if g.r.IntN(4) == 0 {
			continue
		}
		switch k {
		case "project_id", "user_id":
			t[k] = g.pick("p1", "u1", "p2", "admin")
		case "role":
			t[k] = g.pick("admin", "Member", "x")
		case "n":
			t[k] = g.pickAny(1, 16, -5, 0, true, 2.7, "7")
		case "f":
			t[k] = g.pickAny(1.0, 0.5, 1e16, 3, "x", 1e-5)
		case "big":
			t[k] = json.Number("123456789012345678901234567890")
		case "nul":
			t[k] = nil
		default:
			t[k] = g.value(0)
		}
	}
	if g.r.IntN(40) == 0 {
		return g.pickAny([]any{}, "s", 1, nil)
	}
	return t
}

func (g *caseGen) creds() any {
	c := map[string]any{}
	if g.r.IntN(6) != 0 {
		var roles []any
		for range g.r.IntN(4) {
			roles = append(roles, g.pick("admin", "Admin", "member", "reader", "MEMBER", "x"))
		}
		c["roles"] = roles
		if g.r.IntN(15) == 0 {
			c["roles"] = g.pickAny("admin", nil, 1, []any{"admin", 2}, map[string]any{"Admin": 1})
		}
	}
	for _, k := range []string{"is_admin", "project_id", "user_id", "user", "True", "list", "n", "nums", "system_scope", "Role", "empty"} {
		if g.r.IntN(3) == 0 {
			continue
		}
		switch k {
		case "is_admin":
			c[k] = g.pickAny(true, false, "True", 1)
		case "project_id", "user_id":
			c[k] = g.pick("p1", "u1", "p2")
		case "user":
			c[k] = g.pickAny(map[string]any{"id": "u1", "domain": map[string]any{"id": g.pick("d1", "p1")}}, []any{map[string]any{"id": "u1"}, "x"}, "u1", nil, []any{map[string]any{"id": "u2"}, map[string]any{"id": "u1"}})
		case "list":
			c[k] = g.pickAny([]any{map[string]any{"x": "x"}}, []any{"x"}, map[string]any{"x": []any{"x", 1}})
		case "nums":
			c[k] = []any{1, 2}
		case "empty":
			c[k] = map[string]any{}
		default:
			c[k] = g.value(0)
		}
	}
	return c
}

func (g *caseGen) caseLine(i int) []byte {
	rules := map[string]any{}
	for _, name := range genNames[:6] {
		if g.r.IntN(4) != 0 {
			rules[name] = g.rule(0)
		}
	}
	c := map[string]any{"id": i, "rules": rules, "target": g.target(), "creds": g.creds()}
	switch g.r.IntN(5) {
	case 0:
		c["default_rule"] = nil
	case 1:
		c["default_rule"] = g.pick("r1", "undefined", "")
	}
	if g.r.IntN(3) == 0 {
		c["inline"] = g.rule(0)
	} else {
		c["rule"] = g.pick(genNames...)
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	return b
}

// TestDriverSeesCases guards the driver against reading a different case
// than EvalLine: the ids come back in order.
func TestDriverSeesCases(t *testing.T) {
	lines := [][]byte{[]byte(`{"id":"a","rules":{"x":"@"},"rule":"x"}`), []byte(`{"id":["b"],"rules":{"x":"!"},"rule":"x"}`)}
	got := osloAnswers(t, lines)
	if fmt.Sprintf("%v %v", got[0]["id"], got[1]["id"]) != "a [b]" || !strings.Contains(fmt.Sprint(got), "allowed:false") {
		t.Fatalf("driver answers %v", got)
	}
}
