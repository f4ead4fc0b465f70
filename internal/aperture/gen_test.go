package aperture

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// genRequests makes n `policy eval` requests from a fixed seed: rules built
// from the grammar (valid and broken), token soup for the error paths, and
// contexts with right and wrong kinds of values. The differential test runs
// them through this package and compares with node-aperture's answers.
func genRequests(seed uint64, n int) []string {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x61706572))}
	out := make([]string, n)
	for i := range out {
		req := map[string]any{"id": i}
		action := g.pickWeird(common, actions)
		var pols []string
		for range 1 + g.r.IntN(3) {
			if i%2 == 0 {
				pols = append(pols, g.rule())
			} else {
				pols = append(pols, g.conditionRule(action))
			}
		}
		req["policies"] = pols
		req["action"] = action
		req["resource"] = g.pickWeird(common, resources)
		if g.r.IntN(4) > 0 {
			req["principal"] = g.pickWeird(common, principals)
		}
		req["conditions"] = g.conditions()
		b, err := json.Marshal(req)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}

type gen struct{ r *rand.Rand }

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// pickWeird picks from usual most of the time, from weird otherwise.
func (g *gen) pickWeird(usual, weird []string) string {
	if g.r.IntN(6) == 0 {
		return g.pick(weird)
	}
	return g.pick(usual)
}

var (
	common     = []string{"read", "write", "getmachine", "foo", "mark"}
	actions    = []string{"read", "write", "getmachine", "listmachines", "stopmachine", "readme", "undefined", "this resource", "r*e*ad", "a.b"}
	resources  = []string{"foo", "bar", "baz", "m1", "parser.example.js", "foo.js", "machine1", "x\\*y", "a.b"}
	principals = []string{"Fred", "fred", "mark", "anna", "Bob", "undefined"}
	idents     = []string{"read", "write", "getmachine", "listmachines", "stopmachine", "foo", "bar", "baz", "m1", "Fred", "mark", "anna",
		`"this resource"`, `"and"`, `"a\"b"`, `"x\u0041"`, "*.js", "get*", "*foo", "r*e*ad", `x\*y`, "a*b*c", "**",
		"/^get/::regex", "/READ/i::regex", "/b[a]*z/::regexp", "/(/::regex", "/a/x::regex", "/x|y/::REGEX", "a.b", "ma:chine", "read-me"}
	alls = []string{"ALL", "everything", "Anything", "*"}
)

func (g *gen) list() string {
	if g.r.IntN(8) == 0 {
		return g.pick(alls)
	}
	items := make([]string, 1+g.r.IntN(4))
	for i := range items {
		items[i] = g.pickWeird(common, idents)
	}
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	last := len(items) - 1
	head := strings.Join(items[:last], ", ")
	switch g.r.IntN(10) {
	case 0, 1, 2, 3:
		return head + ", and " + items[last]
	case 4:
		return head + ", " + items[last] // no "and": a parse error
	}
	return head + " and " + items[last]
}

func (g *gen) rule() string {
	if g.r.IntN(15) == 0 {
		return g.soup()
	}
	var b strings.Builder
	if g.r.IntN(2) == 0 {
		b.WriteString(g.list() + " ")
	}
	b.WriteString(g.pick([]string{"CAN", "can", "Can", "CAN NOT", "can not"}))
	b.WriteString(" " + g.list())
	if g.r.IntN(2) == 0 {
		b.WriteString(" " + g.list())
	}
	if g.r.IntN(4) > 0 {
		b.WriteString(" " + g.pick([]string{"WHEN", "when", "if", "where"}) + " " + g.or(0))
	}
	return b.String()
}

// conditionRule is a rule that matches the action most of the time, so
// that its conditions are what decides.
func (g *gen) conditionRule(action string) string {
	if g.r.IntN(3) > 0 && !strings.ContainsAny(action, "* ") {
		return g.pick([]string{"CAN ", "can "}) + action + " when " + g.or(1)
	}
	return "CAN * when " + g.or(1)
}

func (g *gen) or(depth int) string {
	s := g.and(depth)
	for g.r.IntN(4) == 0 {
		s += " or " + g.and(depth)
	}
	return s
}

func (g *gen) and(depth int) string {
	s := g.not(depth)
	for g.r.IntN(3) == 0 {
		s += " and " + g.not(depth)
	}
	return s
}

func (g *gen) not(depth int) string {
	if g.r.IntN(8) == 0 {
		return "not " + g.not(depth)
	}
	if depth < 2 && g.r.IntN(8) == 0 {
		return "(" + g.or(depth+1) + ")"
	}
	return g.cond()
}

// condKinds lists a condition name (maybe typed) with fitting operators
// and values; picks from other kinds give type and validation errors.
var condKinds = []struct {
	lhs    []string
	ops    []string
	values []string
}{
	{[]string{"sourceip", "ip::ip", "sourceip::ip"}, []string{"=", "="},
		[]string{"10.0.0.0/8", "10.1.2.3", "192.168.1.0/24", `"::ffff:c0a8:101"`, `"::ffff:c0a8:0/112"`, "0.0.0.0/0", "300.1.2.3", "asdf", "10.0.0.1/33", "10.0.0.1/abc", "0x0a.0.0.1", "167772161", "10"}},
	{[]string{"date", "when::date"}, []string{"=", "<", ">", "<=", ">="},
		[]string{"2026-11-23", "2020-01-01T00:00:00", "2026-11-23T13:00:00Z", `"Aug 9, 1995"`, "1995/08/09", "asdf", "2026-13-01", "12:32:00"}},
	{[]string{"day"}, []string{"=", "<", ">", "<=", ">="},
		[]string{"Monday", "mon", "M", "TH", "su", "1", "7", "0", "8", "2026-11-23", "asdf", "3.5"}},
	{[]string{"time"}, []string{"=", "<", ">", "<=", ">="},
		[]string{"12:00:00", "09:30:00", "23:59:59", "00:00:00", "20:00", "2013-06-01T13:00:00", "asdf", "25:00:00"}},
	{[]string{"method", "user-agent", "owner", "s::string"}, []string{"=", "<", ">=", "like", "like"},
		[]string{"GET", "PUT", "curl", `"/^curl/i"`, `"/get|put/i"`, `"/(/"`, "abc", `"/a/x"`, `"with space"`}},
	{[]string{"activeRoles"}, []string{"contains", "contains", "="},
		[]string{"admin", "ops", "read"}},
	{[]string{"fromjob", "overwrite"}, []string{"=", "!="},
		[]string{"true", "false", "yes"}},
	{[]string{"n::number", "count::number"}, []string{"=", "<", ">", "<=", ">="},
		[]string{"3", "0x1F", "9.9", "010", "asdf", "-1", "1e3"}},
	{[]string{"foo", "x::nosuchtype"}, []string{"="}, []string{"1"}},
}

func (g *gen) cond() string {
	k := condKinds[g.r.IntN(len(condKinds))]
	if k.lhs[0] == "foo" && g.r.IntN(3) > 0 {
		k = condKinds[0]
	}
	lhs := g.pick(k.lhs)
	if g.r.IntN(6) == 0 {
		vals := make([]string, 1+g.r.IntN(3))
		for i := range vals {
			vals[i] = g.pick(k.values)
		}
		return lhs + " in (" + strings.Join(vals, ", ") + ")"
	}
	op := g.pick(k.ops)
	if g.r.IntN(12) == 0 {
		op = g.pick([]string{"=", "<", "like", "contains", "!=", "LIKE"})
	}
	return lhs + " " + op + " " + g.pick(k.values)
}

var soupTokens = []string{"CAN", "NOT", "and", "or", "not", "to", "TO", "when", "if", "in", "(", ")", ",", "::", ":", "*", "all",
	"read", "foo", `"q"`, `"unterminated`, "/re/::regex", "sourceip", "=", "10.0.0.1", "\n", "\r\n", "canread", "and-x", "día"}

func (g *gen) soup() string {
	toks := make([]string, 1+g.r.IntN(9))
	for i := range toks {
		toks[i] = g.pick(soupTokens)
	}
	sep := " "
	if g.r.IntN(5) == 0 {
		sep = ""
	}
	return strings.Join(toks, sep)
}

func (g *gen) date() any {
	switch g.r.IntN(14) {
	case 0:
		return "2026-11-23T13:00:00Z" // a string where a Date is needed
	case 1:
		return map[string]any{"$date": "not a date"}
	}
	t := fmt.Sprintf("2026-11-%02dT%02d:%02d:%02dZ", 16+g.r.IntN(14), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
	return map[string]any{"$date": t}
}

func (g *gen) conditions() map[string]any {
	c := map[string]any{}
	maybe := func(name string, v func() any) {
		if g.r.IntN(8) > 0 {
			c[name] = v()
		}
	}
	maybe("sourceip", func() any {
		return []any{"10.1.2.3", "192.168.1.1", "::ffff:c0a8:101", "2001:db8::1", "8.8.8.8", "10.200.0.1", "192.168.1.77", "bogus", 42.0, nil}[g.r.IntN(10)]
	})
	maybe("ip", func() any { return []any{"10.0.0.1", "fe80::1"}[g.r.IntN(2)] })
	maybe("date", g.date)
	maybe("when", g.date)
	maybe("day", g.date)
	maybe("time", g.date)
	maybe("method", func() any { return []any{"GET", "PUT", "get", "POST", 3.0}[g.r.IntN(5)] })
	maybe("user-agent", func() any { return []any{"curl/8.0", "Mozilla/5.0", ""}[g.r.IntN(3)] })
	maybe("owner", func() any { return []any{"mark", "abc", 12.0, true}[g.r.IntN(4)] })
	maybe("s", func() any { return []any{"abc", "GET", 5.0}[g.r.IntN(3)] })
	maybe("activeRoles", func() any {
		return []any{[]any{"admin", "ops"}, []any{"read"}, []any{}, []any{"ops"}, []any{"admin"}, "admin", []any{"admin", 1.0}}[g.r.IntN(7)]
	})
	maybe("fromjob", func() any { return []any{true, false, "true"}[g.r.IntN(3)] })
	maybe("overwrite", func() any { return []any{true, false}[g.r.IntN(2)] })
	maybe("n", func() any { return []any{3.0, 31.0, 9.9, -1.0, "3", 1000.0}[g.r.IntN(6)] })
	maybe("count", func() any { return []any{0.0, 10.0}[g.r.IntN(2)] })
	maybe("foo", func() any { return "1" })
	return c
}
