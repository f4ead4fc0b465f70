package authz

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// BenchmarkCheckHeldUsers asks the questions a check request asks (the
// Subject, then Check on an object the member owns) of an engine that
// holds every user of the scale world of issue 6: users with two
// memberships among 10,000 tenants, each holding AllUserCapabilities and
// one of 200 chained custom capabilities, and as many objects, owned by
// them. The questions are spread over every user and object, so with a
// million the engine's maps and members no longer fit in the CPU caches:
// the worst case of a server that has loaded every user. Compare
// users=1000 with users=1000000, in cpu-ns/op on a shared machine.
//
// With held=N the engine is bounded to N users and N objects (Limits with
// no Idle, as when the million arrive over longer than Idle): the heap of
// a server that every user has used, and the cost of a check on what it
// holds.
func BenchmarkCheckHeldUsers(b *testing.B) {
	bound := Limits{MaxUsers: DefaultLimits.MaxUsers, MaxObjects: DefaultLimits.MaxObjects}
	for _, c := range []struct {
		n   int
		lim Limits
	}{{1_000, Limits{}}, {1_000_000, Limits{}}, {1_000_000, bound}} {
		name := fmt.Sprintf("users=%d", c.n)
		if c.lim.MaxUsers > 0 {
			name += fmt.Sprintf(",held=%d", c.lim.MaxUsers)
		}
		b.Run(name, func(b *testing.B) {
			e, qs := scaleEngine(b, c.n, c.lim)
			runtime.GC() // the garbage of building the world is no part of a check
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportAllocs()
			cpu0 := cpuTime(b)
			i := 0
			for ; b.Loop(); i++ {
				q := &qs[i%len(qs)]
				s, ok := e.Subject(q.s.User, q.s.Tenant)
				if !ok || !e.Check(&s, q.typ, q.op, q.id) {
					b.Fatalf("user %d refused view on %s", q.s.User, q.id)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(i), "cpu-ns/op")
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
		})
	}
}

// cpuTime returns the CPU time the process has used: on a machine shared
// with other work, it tells what a check costs better than the wall clock
// (ns/op) does. It includes the garbage collector's work.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// scaleEngine returns an engine, bounded by lim, that was given the scale
// world with n users and n objects, and 65,536 owner questions on random
// objects it holds, asked by users it holds.
func scaleEngine(b *testing.B, n int, lim Limits) (*Engine, []benchQuery) {
	b.Helper()
	const tenants, custom = 10_000, 200
	reg := BuiltinRegistry()
	ops := []Operation{"view", "create", "update", "delete", "start", "stop"}
	if err := reg.Register("VM", ops...); err != nil {
		b.Fatal(err)
	}
	caps := BuiltinCapabilities()
	for i := range custom {
		c := Capability{ID: int64(FirstCustomID + i), Name: fmt.Sprintf("Cap%03d", i), Group: GroupCustom,
			TenantRoles: []gatehouse.Role{gatehouse.RoleTenantadmin, gatehouse.RoleUser},
			Entries:     []Entry{{"VM", "view"}}}
		if op := ops[i%len(ops)]; op != OpView {
			c.Entries = append(c.Entries, Entry{"VM", op})
		}
		if i > 0 {
			c.Providers = []string{fmt.Sprintf("Cap%03d", i-1)}
		}
		caps = append(caps, c)
	}
	cat, err := New(reg, caps)
	if err != nil {
		b.Fatal(err)
	}
	e := NewEngine(cat, 1)
	e.SetLimits(lim)
	tenant := func(i, k int) gatehouse.TenantID { return gatehouse.TenantID(2 + (i+k*(tenants/2+1))%tenants) }
	for i := range n {
		u := gatehouse.UserID(2 + i)
		names := []string{"AllUserCapabilities", fmt.Sprintf("Cap%03d", i%custom)}
		e.SetMemberships(u, []gatehouse.Membership{
			{TenantID: tenant(i, 0), Role: gatehouse.RoleUser, Capabilities: names},
			{TenantID: tenant(i, 1), Role: gatehouse.RoleUser, Capabilities: names},
		})
	}
	for j := range n {
		i := (j * 7919) % n
		e.SetObject(gatehouse.Object{Type: "VM", ID: fmt.Sprintf("vm-%07d", j), TenantID: tenant(i, j%2),
			OwnerID: gatehouse.UserID(2 + i)}, nil)
	}
	rng := rand.New(rand.NewPCG(6, 1))
	qs := make([]benchQuery, 0, 1<<16)
	for len(qs) < cap(qs) {
		j := rng.IntN(n)
		i := (j * 7919) % n
		q := benchQuery{s: Subject{User: gatehouse.UserID(2 + i), Tenant: tenant(i, j%2)}, typ: "VM", op: OpView, id: fmt.Sprintf("vm-%07d", j)}
		if _, ok := e.Subject(q.s.User, q.s.Tenant); ok && e.HasObject("VM", q.id) {
			qs = append(qs, q)
		}
	}
	return e, qs
}
