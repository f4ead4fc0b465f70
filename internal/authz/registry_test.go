package authz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// setOf returns a PermissionSet of r's current snapshot holding es.
func setOf(t testing.TB, r *Registry, es ...Entry) PermissionSet {
	t.Helper()
	x := r.load()
	p := PermissionSet{idx: x, bits: make([]uint64, len(x.known))}
	for _, e := range es {
		b, ok := x.lookup(e.Type, e.Op)
		if !ok {
			t.Fatalf("setOf: %v not registered", e)
		}
		p.bits[b>>6] |= 1 << (b & 63)
	}
	return p
}

func TestRegister(t *testing.T) {
	for _, tc := range []struct {
		name    string
		typ     ObjectType
		ops     []Operation
		want    []Operation // Operations(typ) after
		wantErr string      // field of the FieldError
	}{
		{"standard only", "WIDGET", nil, []Operation{"view", "create", "update", "delete"}, ""},
		{"actions sorted after the standard four", "WIDGET", []Operation{"stop", "delete", "start"}, []Operation{"view", "create", "update", "delete", "start", "stop"}, ""},
		{"repeated operation", "WIDGET", []Operation{"start", "start"}, []Operation{"view", "create", "update", "delete", "start"}, ""},
		{"lower-case type", "widget", nil, nil, "object_type"},
		{"type with dash", "MY-TYPE", nil, nil, "object_type"},
		{"empty type", "", nil, nil, "object_type"},
		{"upper-case operation", "WIDGET", []Operation{"Start"}, nil, "operation"},
		{"operation with colon", "WIDGET", []Operation{"a:b"}, nil, "operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRegistry()
			err := r.Register(tc.typ, tc.ops...)
			if tc.wantErr != "" {
				var fe *gatehouse.FieldError
				if !errors.As(err, &fe) || fe.Field != tc.wantErr {
					t.Fatalf("Register = %v, want a FieldError for %s", err, tc.wantErr)
				}
				if len(r.Types()) != 0 {
					t.Errorf("failed Register left types %v", r.Types())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Operations(tc.typ); !slices.Equal(got, tc.want) {
				t.Errorf("Operations = %v, want %v", got, tc.want)
			}
			for _, op := range tc.want {
				if !r.Known(tc.typ, op) {
					t.Errorf("Known(%s, %s) = false", tc.typ, op)
				}
			}
		})
	}
}

func TestRegisterAgainAdds(t *testing.T) {
	r := NewRegistry()
	must(t, r.Register("WIDGET", "start"))
	must(t, r.Register("GADGET", "start", "poke"))
	must(t, r.Register("WIDGET", "poke"))
	must(t, r.Register("WIDGET"))
	if got, want := r.Operations("WIDGET"), []Operation{"view", "create", "update", "delete", "poke", "start"}; !slices.Equal(got, want) {
		t.Errorf("Operations(WIDGET) = %v, want %v", got, want)
	}
	if got, want := r.Types(), []ObjectType{"GADGET", "WIDGET"}; !slices.Equal(got, want) {
		t.Errorf("Types = %v, want %v", got, want)
	}
	if r.Known("GADGET", "stop") || r.Known("NOPE", "view") {
		t.Error("Known is true for an unregistered pair")
	}
	if got := r.Operations("NOPE"); got != nil {
		t.Errorf("Operations(NOPE) = %v, want nil", got)
	}
	want := []Entry{
		{"GADGET", "view"}, {"GADGET", "create"}, {"GADGET", "update"}, {"GADGET", "delete"}, {"GADGET", "poke"}, {"GADGET", "start"},
		{"WIDGET", "view"}, {"WIDGET", "create"}, {"WIDGET", "update"}, {"WIDGET", "delete"}, {"WIDGET", "poke"}, {"WIDGET", "start"},
	}
	if got := r.Entries(); !slices.Equal(got, want) {
		t.Errorf("Entries = %v, want %v", got, want)
	}
}

func TestZeroRegistry(t *testing.T) {
	var r Registry
	if len(r.Types()) != 0 || r.Known("A", "view") {
		t.Fatal("zero Registry is not empty")
	}
	must(t, r.Register("A"))
	if !r.Known("A", "view") {
		t.Fatal("Register on a zero Registry did not register")
	}
}

func TestCheckEntry(t *testing.T) {
	r := NewRegistry()
	must(t, r.Register("WIDGET", "start"))
	must(t, r.Register("GADGET"))
	for _, tc := range []struct {
		name     string
		e        Entry
		contains string // in the rule; "" means no error
	}{
		{"standard", Entry{"WIDGET", "view"}, ""},
		{"action", Entry{"WIDGET", "start"}, ""},
		{"unknown type lists types", Entry{"THING", "view"}, "valid types: GADGET, WIDGET"},
		{"unknown op lists ops", Entry{"GADGET", "start"}, "valid operations: view, create, update, delete"},
		{"malformed", Entry{"widget", "view"}, "<object_type>:<operation>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := r.CheckEntry(tc.e)
			if tc.contains == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != "capability_entries" || !strings.Contains(fe.Rule, tc.contains) {
				t.Fatalf("CheckEntry(%v) = %v, want a capability_entries error containing %q", tc.e, err, tc.contains)
			}
		})
	}
}

// TestRegisterKeepsOldSets checks that a set built before Register
// answers the same afterwards, even when new operations widen the bitset
// layout of later snapshots.
func TestRegisterKeepsOldSets(t *testing.T) {
	r := NewRegistry()
	must(t, r.Register("A", "x"))
	must(t, r.Register("B", "y"))
	before := setOf(t, r, Entry{"A", "x"}, Entry{"B", "delete"})
	for i := range 200 {
		must(t, r.Register(ObjectType(fmt.Sprintf("T%d", i%7)), Operation(fmt.Sprintf("op%d", i))))
	}
	if r.load().words < 2 {
		t.Fatalf("words = %d; the test wants a wider layout", r.load().words)
	}
	after := setOf(t, r, Entry{"A", "x"}, Entry{"B", "delete"})
	for _, p := range []PermissionSet{before, after} {
		if !p.Has("A", "x") || !p.Has("B", "delete") || p.Has("A", "delete") || p.Has("T1", "op1") || p.Len() != 2 {
			t.Errorf("set %v answers wrongly", p.Entries())
		}
	}
	if !before.Equal(after) || !after.Equal(before) {
		t.Error("sets over different snapshots with the same pairs are not Equal")
	}
	if before.Equal(setOf(t, r, Entry{"A", "x"})) {
		t.Error("different sets are Equal")
	}
}

// TestRegistryConcurrent registers while other goroutines read; run with
// -race.
func TestRegistryConcurrent(t *testing.T) {
	r := NewRegistry()
	must(t, r.Register("BASE", "go"))
	p := setOf(t, r, Entry{"BASE", "go"})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				must(t, r.Register(ObjectType(fmt.Sprintf("G%d", g)), Operation(fmt.Sprintf("op%d", i))))
			}
		})
		wg.Go(func() {
			for range 200 {
				if !r.Known("BASE", "go") || !p.Has("BASE", "go") {
					t.Error("lost a registration")
					return
				}
				_ = r.Types()
				_ = r.CheckEntry(Entry{"G1", "op3"})
			}
		})
	}
	wg.Wait()
	if n := len(r.Operations("G3")); n != 54 {
		t.Errorf("G3 has %d operations, want 54", n)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
