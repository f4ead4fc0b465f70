package authz

import (
	"math/bits"
	"slices"
)

// PermissionSet is a set of (object type, operation) pairs: the effective
// permissions of a member, as Catalog.Closure computes them. It answers Has
// with two map lookups and a bit test, without allocating.
//
// A PermissionSet is immutable and safe for concurrent use. It is tied to
// the registry snapshot it was built from: types and operations registered
// later are not in it. The zero PermissionSet is empty.
type PermissionSet struct {
	idx  *index
	bits []uint64 // idx.words words per type, in type order
}

// Has reports whether the set allows operation op on objects of type t.
func (p PermissionSet) Has(t ObjectType, op Operation) bool {
	if p.idx == nil {
		return false
	}
	b, ok := p.idx.lookup(t, op)
	return ok && p.bits[b>>6]&(1<<(b&63)) != 0
}

// HasEntry reports whether the set holds e.
func (p PermissionSet) HasEntry(e Entry) bool { return p.Has(e.Type, e.Op) }

// Len returns the number of pairs in the set.
func (p PermissionSet) Len() int {
	n := 0
	for _, w := range p.bits {
		n += bits.OnesCount64(w)
	}
	return n
}

// Entries returns the pairs in the set, ordered by type name, then as
// Registry.Operations orders a type's operations.
func (p PermissionSet) Entries() []Entry {
	if p.idx == nil {
		return nil
	}
	ts := slices.Clone(p.idx.typeNames)
	slices.Sort(ts)
	var es []Entry
	for _, t := range ts {
		ti := p.idx.types[t]
		for _, op := range p.idx.typeOps[ti] {
			b := p.idx.bit(ti, p.idx.ops[op])
			if p.bits[b>>6]&(1<<(b&63)) != 0 {
				es = append(es, Entry{t, op})
			}
		}
	}
	return es
}

// Equal reports whether p and q hold the same pairs, even if they were
// built from different registry snapshots.
func (p PermissionSet) Equal(q PermissionSet) bool {
	if p.idx == q.idx {
		return slices.Equal(p.bits, q.bits)
	}
	return slices.Equal(p.Entries(), q.Entries())
}
