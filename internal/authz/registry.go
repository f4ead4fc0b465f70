package authz

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Registry knows the object types and, for each, the operations it has:
// the standard four (view, create, update, delete) and any actions
// registered for it. It is safe for concurrent use. Registering never
// changes what an existing PermissionSet answers.
type Registry struct {
	mu  sync.Mutex // serialises Register
	cur atomic.Pointer[index]
}

// index is an immutable snapshot of a Registry. Types and operations are
// interned to small integers: the pair (type t, operation o) is bit
// t*words*64+o of a PermissionSet's bitset. Operations are numbered across
// all types, so words is the same for every type.
type index struct {
	types     map[ObjectType]int32
	typeNames []ObjectType
	ops       map[Operation]int32
	opNames   []Operation
	typeOps   [][]Operation // per type: the standard four, then the rest sorted
	words     int           // uint64 words per type
	known     []uint64      // the registered pairs, in PermissionSet layout
}

var emptyIndex = &index{}

// NewRegistry returns a registry with no object types.
func NewRegistry() *Registry {
	r := new(Registry)
	r.cur.Store(emptyIndex)
	return r
}

// Register adds object type t, with the standard operations, and the
// operations ops to it. Registering a known type or operation again is not
// an error. A malformed name yields a *gatehouse.FieldError for field
// "object_type" or "operation".
func (r *Registry) Register(t ObjectType, ops ...Operation) error {
	if err := t.Validate(); err != nil {
		return err
	}
	for _, op := range ops {
		if err := op.Validate(); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.load()
	if ti, ok := old.types[t]; ok {
		missing := false
		for _, op := range ops {
			if !slices.Contains(old.typeOps[ti], op) {
				missing = true
			}
		}
		if !missing {
			return nil
		}
	}
	r.cur.Store(old.with(t, ops))
	return nil
}

// load returns the current snapshot.
func (r *Registry) load() *index {
	if x := r.cur.Load(); x != nil {
		return x
	}
	return emptyIndex // the zero Registry is empty
}

// with returns a copy of x with type t and operations ops added.
func (x *index) with(t ObjectType, ops []Operation) *index {
	y := &index{
		types:     maps.Clone(x.types),
		typeNames: slices.Clone(x.typeNames),
		ops:       maps.Clone(x.ops),
		opNames:   slices.Clone(x.opNames),
		typeOps:   slices.Clone(x.typeOps),
	}
	if y.types == nil {
		y.types = make(map[ObjectType]int32)
		y.ops = make(map[Operation]int32)
	}
	ti, ok := y.types[t]
	if !ok {
		ti = int32(len(y.typeNames))
		y.types[t] = ti
		y.typeNames = append(y.typeNames, t)
		y.typeOps = append(y.typeOps, StandardOperations())
	}
	list := slices.Clone(y.typeOps[ti])
	for _, op := range ops {
		if !slices.Contains(list, op) {
			list = append(list, op)
		}
	}
	slices.Sort(list[len(StandardOperations()):])
	y.typeOps[ti] = list
	for _, list := range y.typeOps {
		for _, op := range list {
			if _, ok := y.ops[op]; !ok {
				y.ops[op] = int32(len(y.opNames))
				y.opNames = append(y.opNames, op)
			}
		}
	}
	y.words = (len(y.opNames) + 63) / 64
	y.known = make([]uint64, len(y.typeNames)*y.words)
	for ti, list := range y.typeOps {
		for _, op := range list {
			y.set(y.known, int32(ti), y.ops[op])
		}
	}
	return y
}

// bit returns the bit number of (ti, oi).
func (x *index) bit(ti, oi int32) int { return int(ti)*x.words*64 + int(oi) }

// set sets the bit of (ti, oi) in bits.
func (x *index) set(bits []uint64, ti, oi int32) {
	b := x.bit(ti, oi)
	bits[b>>6] |= 1 << (b & 63)
}

// lookup returns the bit number of (t, op) if both are interned.
func (x *index) lookup(t ObjectType, op Operation) (int, bool) {
	ti, ok := x.types[t]
	if !ok {
		return 0, false
	}
	oi, ok := x.ops[op]
	if !ok {
		return 0, false
	}
	return x.bit(ti, oi), true
}

// Types returns the registered object types in sorted order.
func (r *Registry) Types() []ObjectType {
	ts := slices.Clone(r.load().typeNames)
	slices.Sort(ts)
	return ts
}

// Operations returns the operations of type t: view, create, update,
// delete, then its other operations in sorted order. It returns nil if t
// is not registered.
func (r *Registry) Operations(t ObjectType) []Operation {
	x := r.load()
	ti, ok := x.types[t]
	if !ok {
		return nil
	}
	return slices.Clone(x.typeOps[ti])
}

// Known reports whether t is registered and has operation op.
func (r *Registry) Known(t ObjectType, op Operation) bool {
	x := r.load()
	b, ok := x.lookup(t, op)
	return ok && x.known[b>>6]&(1<<(b&63)) != 0
}

// Entries returns every registered (type, operation) pair, ordered by type
// name, then as Operations orders them.
func (r *Registry) Entries() []Entry {
	var es []Entry
	for _, t := range r.Types() {
		for _, op := range r.Operations(t) {
			es = append(es, Entry{t, op})
		}
	}
	return es
}

// CheckEntry reports whether e is well formed and names a registered type
// and one of its operations. The *gatehouse.FieldError it returns for
// field "capability_entries" lists the valid types or operations.
func (r *Registry) CheckEntry(e Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	ops := r.Operations(e.Type)
	if ops == nil {
		return gatehouse.Invalid("capability_entries", "unknown object type %s in %s; valid types: %s", quote(string(e.Type)), e, join(r.Types()))
	}
	if !slices.Contains(ops, e.Op) {
		return gatehouse.Invalid("capability_entries", "object type %s has no operation %s; valid operations: %s", e.Type, quote(string(e.Op)), join(ops))
	}
	return nil
}

// join returns the elements of xs separated by ", ".
func join[S ~string](xs []S) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(x))
	}
	return b.String()
}
