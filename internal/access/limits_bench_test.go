package access_test

import (
	"fmt"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/access"
)

// BenchmarkAddObject measures registering a sized object on SQLite, one
// audited transaction each, without limits and under three limits that
// count it (the tenant's count, the owner's memory, the OS's count), each
// summing the objects already in its scope.
func BenchmarkAddObject(b *testing.B) {
	for _, limited := range []bool{false, true} {
		b.Run(fmt.Sprintf("limits=%v", limited), func(b *testing.B) {
			e, a := limitEnv(b)
			if limited {
				for _, in := range []access.LimitInput{
					{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 1 << 40},
					{Tenant: "t1", User: "u1", Zone: "z1", ObjectType: "VM", Resource: "memory", Value: 1 << 50},
					{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 1 << 40, OS: "linux"},
				} {
					e.must(e.acc.AddLimit(e.ctx, a, in))
				}
			}
			i := 0
			for b.Loop() {
				i++
				if _, err := e.acc.AddObject(e.ctx, a, vm(fmt.Sprintf("vm%d", i), "u1", "z1", 1024, "linux")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
