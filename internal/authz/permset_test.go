package authz

import (
	"slices"
	"testing"
)

func TestZeroPermissionSet(t *testing.T) {
	var p PermissionSet
	if p.Has("APPLICATION", "view") || p.Len() != 0 || p.Entries() != nil || !p.Equal(PermissionSet{}) {
		t.Error("zero PermissionSet is not empty")
	}
	if !p.Equal(Builtin().Closure(nil)) {
		t.Error("zero set differs from an empty closure")
	}
}

func TestPermissionSetEntries(t *testing.T) {
	r := NewRegistry()
	must(t, r.Register("B", "zap", "act"))
	must(t, r.Register("A"))
	p := setOf(t, r, Entry{"B", "zap"}, Entry{"A", "delete"}, Entry{"B", "view"}, Entry{"B", "act"}, Entry{"A", "view"})
	want := []Entry{{"A", "view"}, {"A", "delete"}, {"B", "view"}, {"B", "act"}, {"B", "zap"}}
	if got := p.Entries(); !slices.Equal(got, want) {
		t.Errorf("Entries = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		t    ObjectType
		op   Operation
		want bool
	}{
		{"A", "view", true},
		{"A", "create", false},
		{"A", "zap", false}, // an operation of another type
		{"B", "zap", true},
		{"C", "view", false},
		{"B", "nope", false},
		{"", "", false},
	} {
		if got := p.Has(tc.t, tc.op); got != tc.want {
			t.Errorf("Has(%s, %s) = %v", tc.t, tc.op, got)
		}
	}
}

// benchSet is the tenantadmin default: a realistic, large set.
func benchSet(tb testing.TB) PermissionSet {
	tb.Helper()
	return Builtin().Closure([]string{AllTenantAdminCapabilities})
}

var sink bool

func BenchmarkHas(b *testing.B) {
	p := benchSet(b)
	for _, bc := range []struct {
		name string
		t    ObjectType
		op   Operation
	}{
		{"hit", "APPLICATION", "start"},
		{"miss-op", "USER", "create"},
		{"unknown-type", "SPACESHIP", "view"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = p.Has(bc.t, bc.op)
			}
		})
	}
}

func BenchmarkClosure(b *testing.B) {
	c := Builtin()
	names := []string{AllTenantAdminCapabilities}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Closure(names)
	}
}

func TestHasAllocs(t *testing.T) {
	p := benchSet(t)
	allocs := testing.AllocsPerRun(1000, func() {
		sink = p.Has("APPLICATION", "start") && !p.Has("USER", "create") && !p.Has("SPACESHIP", "view")
	})
	if allocs != 0 {
		t.Errorf("Has allocates %v times per run", allocs)
	}
	if !sink {
		t.Error("wrong answers")
	}
}
