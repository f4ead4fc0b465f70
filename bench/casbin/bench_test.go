package casbinbench

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
)

// Seeds of the world and of the query lists. Both sides see the same.
const (
	worldSeed    = 20240611
	typeSeed     = 1
	instanceSeed = 2
	numQueries   = 4096 // benchmarks cycle through this many queries
	numCompared  = 5000 // queries of each kind TestSameAnswers compares
)

// fixture is the world loaded into Gatehouse and both Casbin encodings,
// with the queries in the form each side takes. It is built once per test
// binary.
type fixture struct {
	w         *World
	gh        *Gatehouse
	cb        *Casbin
	cg        *CasbinGraph
	typeQ     []TypeQuery
	instQ     []InstanceQuery
	cbTypeQ   []CasbinTypeQuery
	cbInstQ   []CasbinInstanceQuery
	buildTime [3]time.Duration // gatehouse, casbin, casbin-graph
}

var loadFixture = sync.OnceValues(func() (*fixture, error) {
	f := &fixture{w: Generate(DefaultSize, worldSeed)}
	start := time.Now()
	gh, err := NewGatehouse(f.w)
	if err != nil {
		return nil, fmt.Errorf("gatehouse: %w", err)
	}
	f.buildTime[0] = time.Since(start)
	start = time.Now()
	cb, err := NewCasbin(f.w, gh.Catalog)
	if err != nil {
		return nil, fmt.Errorf("casbin: %w", err)
	}
	f.buildTime[1] = time.Since(start)
	start = time.Now()
	cg, err := NewCasbinGraph(f.w, gh.Catalog)
	if err != nil {
		return nil, fmt.Errorf("casbin-graph: %w", err)
	}
	f.buildTime[2] = time.Since(start)
	f.gh, f.cb, f.cg = gh, cb, cg
	f.typeQ = f.w.TypeQueries(gh.Catalog, max(numQueries, numCompared), typeSeed)
	f.instQ = f.w.InstanceQueries(gh.Catalog, max(numQueries, numCompared), instanceSeed)
	for _, q := range f.typeQ {
		f.cbTypeQ = append(f.cbTypeQ, q.Casbin())
	}
	for _, q := range f.instQ {
		f.cbInstQ = append(f.cbInstQ, q.Casbin())
	}
	return f, nil
})

func getFixture(tb testing.TB) *fixture {
	tb.Helper()
	f, err := loadFixture()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// casbinSide is one Casbin encoding of the world.
type casbinSide interface {
	Allowed(*CasbinTypeQuery) bool
	Check(*CasbinInstanceQuery) bool
}

// casbins returns the Casbin encodings by name: RBAC with domains
// (casbin.go), the one the ratio is reported against, and the role graph
// (graph.go).
func (f *fixture) casbins() []struct {
	name string
	c    casbinSide
} {
	return []struct {
		name string
		c    casbinSide
	}{{"casbin", f.cb}, {"casbin-graph", f.cg}}
}

// TestSameAnswers checks that each Casbin encoding and Gatehouse agree on
// every query the benchmarks ask, and more; otherwise the comparison means
// nothing. It also checks that the queries mix allowed and denied answers
// and reach every instance rule.
func TestSameAnswers(t *testing.T) {
	f := getFixture(t)
	t.Run("type", func(t *testing.T) {
		allowed := 0
		for i := range numCompared {
			if f.gh.Allowed(&f.typeQ[i]) {
				allowed++
			}
		}
		t.Logf("%d queries, %d allowed", numCompared, allowed)
		mixed(t, allowed, numCompared)
		for _, cs := range f.casbins() {
			bad := 0
			for i := range numCompared {
				want := f.gh.Allowed(&f.typeQ[i])
				if got := cs.c.Allowed(&f.cbTypeQ[i]); got != want {
					if bad++; bad <= 10 {
						t.Errorf("%+v: %s %v, gatehouse %v", f.typeQ[i], cs.name, got, want)
					}
				}
			}
			t.Logf("%s: %d differ", cs.name, bad)
		}
	})
	t.Run("instance", func(t *testing.T) {
		allowed := 0
		rules := map[string]int{}
		for i := range numCompared {
			q := &f.instQ[i]
			if f.gh.Check(q) {
				allowed++
			}
			if s, ok := f.gh.E.Subject(q.User, q.Tenant); ok {
				rules[f.gh.E.Explain(&s, q.Type, q.Op, q.ID).Rule]++
			}
		}
		t.Logf("%d queries, %d allowed; by rule: %v", numCompared, allowed, rules)
		mixed(t, allowed, numCompared)
		for _, r := range []string{authz.RuleOwner, authz.RuleTenantAdmin, authz.RuleSuperadmin, authz.RuleUserShare, authz.RuleTenantShare} {
			if rules[r] < 20 {
				t.Errorf("only %d queries allowed by rule %s; the queries should exercise every rule", rules[r], r)
			}
		}
		for _, cs := range f.casbins() {
			bad := 0
			for i := range numCompared {
				want := f.gh.Check(&f.instQ[i])
				if got := cs.c.Check(&f.cbInstQ[i]); got != want {
					if bad++; bad <= 10 {
						t.Errorf("%+v: %s %v, gatehouse %v", f.instQ[i], cs.name, got, want)
					}
				}
			}
			t.Logf("%s: %d differ", cs.name, bad)
		}
	})
}

// mixed fails t unless the queries are a fair mix of allowed and denied.
func mixed(t *testing.T, allowed, n int) {
	t.Helper()
	if allowed < n/10 || allowed > n*9/10 {
		t.Errorf("%d of %d queries allowed; the queries should mix allowed and denied", allowed, n)
	}
}

// The benchmarks cycle through the first numQueries queries. Gatehouse
// resolves the subject (Engine.Subject) in every operation, as Casbin
// resolves the member's roles in every Enforce; Casbin looks up the
// object's owner and tenant, as Gatehouse does inside Check.

func BenchmarkTypeCheck(b *testing.B) {
	f := getFixture(b)
	b.Run("gatehouse", func(b *testing.B) { benchGatehouseType(b, f) })
	for _, cs := range f.casbins() {
		b.Run(cs.name, func(b *testing.B) { benchCasbinType(b, f, cs.c) })
	}
}

func BenchmarkInstanceCheck(b *testing.B) {
	f := getFixture(b)
	b.Run("gatehouse", func(b *testing.B) { benchGatehouseInstance(b, f) })
	for _, cs := range f.casbins() {
		b.Run(cs.name, func(b *testing.B) { benchCasbinInstance(b, f, cs.c) })
	}
}

func benchGatehouseType(b *testing.B, f *fixture) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.gh.Allowed(&f.typeQ[i%numQueries])
	}
}

func benchCasbinType(b *testing.B, f *fixture, c casbinSide) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Allowed(&f.cbTypeQ[i%numQueries])
	}
}

func benchGatehouseInstance(b *testing.B, f *fixture) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.gh.Check(&f.instQ[i%numQueries])
	}
}

func benchCasbinInstance(b *testing.B, f *fixture, c casbinSide) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Check(&f.cbInstQ[i%numQueries])
	}
}

// TestReportRatio runs the benchmarks in this process with
// testing.Benchmark and prints how much faster Gatehouse is than each
// Casbin encoding.
func TestReportRatio(t *testing.T) {
	f := getFixture(t)
	run := func(name string, fn func(*testing.B)) float64 {
		r := testing.Benchmark(fn)
		fmt.Printf("%-28s %s\t%s\n", name, r, r.MemString())
		return float64(r.T.Nanoseconds()) / float64(r.N)
	}
	gt := run("type/gatehouse", func(b *testing.B) { benchGatehouseType(b, f) })
	gi := run("instance/gatehouse", func(b *testing.B) { benchGatehouseInstance(b, f) })
	fmt.Printf("load: gatehouse %v, casbin %v, casbin-graph %v (%d users, %d tenants, %d custom capabilities, %d objects)\n",
		f.buildTime[0].Round(time.Millisecond), f.buildTime[1].Round(time.Millisecond), f.buildTime[2].Round(time.Millisecond),
		len(f.w.Users), len(f.w.Tenants), len(f.w.Custom), len(f.w.Objects))
	for _, cs := range f.casbins() {
		ct := run("type/"+cs.name, func(b *testing.B) { benchCasbinType(b, f, cs.c) })
		ci := run("instance/"+cs.name, func(b *testing.B) { benchCasbinInstance(b, f, cs.c) })
		fmt.Printf("gatehouse is %.0fx faster than %s for type checks, %.0fx for instance checks\n", ct/gt, cs.name, ci/gi)
	}
}
