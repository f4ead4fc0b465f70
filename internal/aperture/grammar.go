package aperture

import "sync"

// Nonterminals follow the terminals in one symbol space.
const (
	nRule = int(numTerminals) + iota
	nList
	nLongList
	nEffect
	nConditions
	nIf
	nOr
	nAnd
	nNot
	nCondition
	nLhs
	nCSL
	nIdentifier
	nAll
	nString
	numSymbols
)

// endMarker is the augmented grammar's end of input, as a lookahead bit; no
// rule reads it, since reducing Rule (at the end marker) ends the parse.
const endMarker = int(numTerminals)

type production struct {
	lhs int
	rhs []int
}

// prods is the grammar of the package comment, numbered as the reference
// numbers it (production 0 is the augmented start).
var prods = []production{
	{-1, []int{nRule}},
	{nRule, []int{nList, nEffect, nList, nList, nConditions, int(tEOF)}},
	{nRule, []int{nList, nEffect, nList, nConditions, int(tEOF)}},
	{nRule, []int{nEffect, nList, nList, nConditions, int(tEOF)}},
	{nRule, []int{nEffect, nList, nConditions, int(tEOF)}},
	{nList, []int{nIdentifier}},
	{nList, []int{nIdentifier, int(tAND), nIdentifier}},
	{nList, []int{nLongList}},
	{nList, []int{nAll}},
	{nLongList, []int{nIdentifier, int(tComma), nIdentifier, int(tComma), int(tAND), nIdentifier}},
	{nLongList, []int{nIdentifier, int(tComma), nIdentifier, int(tAND), nIdentifier}},
	{nLongList, []int{nIdentifier, int(tComma), nLongList}},
	{nEffect, []int{int(tCAN)}},
	{nEffect, []int{int(tCAN), int(tNOT)}},
	{nConditions, []int{nIf, nOr}},
	{nConditions, nil},
	{nIf, []int{int(tIF)}},
	{nIf, []int{int(tWHEN)}},
	{nIf, []int{int(tWHERE)}},
	{nOr, []int{nOr, int(tOR), nAnd}},
	{nOr, []int{nAnd}},
	{nAnd, []int{nAnd, int(tAND), nNot}},
	{nAnd, []int{nNot}},
	{nNot, []int{int(tNOT), nNot}},
	{nNot, []int{nCondition}},
	{nCondition, []int{nLhs, nString, nString}},
	{nCondition, []int{nLhs, int(tIN), int(tLParen), nCSL, int(tRParen)}},
	{nCondition, []int{int(tLParen), nOr, int(tRParen)}},
	{nLhs, []int{nString, int(tDColon), nString}},
	{nLhs, []int{nString}},
	{nCSL, []int{nString}},
	{nCSL, []int{nCSL, int(tComma), nString}},
	{nIdentifier, []int{int(tSTRING)}},
	{nIdentifier, []int{int(tSTRINGLIT)}},
	{nIdentifier, []int{int(tFUZZY)}},
	{nIdentifier, []int{int(tREGEX)}},
	{nAll, []int{int(tALL)}},
	{nAll, []int{int(tEVERYTHING)}},
	{nAll, []int{int(tANYTHING)}},
	{nAll, []int{int(tStar)}},
	{nString, []int{int(tSTRING)}},
	{nString, []int{int(tSTRINGLIT)}},
}

// termSet is a set of terminals (and the end marker).
type termSet uint32

type action struct {
	kind  uint8 // 0 error, 1 shift, 2 reduce
	value uint8 // state to shift to, or production to reduce
}

// lrTables is the LALR(1) automaton of the grammar, built once from prods.
type lrTables struct {
	action [][numTerminals]action
	gotos  [][numSymbols]uint8
	// final is the Rule production a state reduces at the end marker, or 0.
	final []uint8
}

var (
	tablesOnce sync.Once
	tables     *lrTables
)

func lalr() *lrTables {
	tablesOnce.Do(func() { tables = buildLALR() })
	return tables
}

type item struct{ prod, dot int }

// buildLALR builds the LR(0) automaton, then computes LALR(1) lookaheads
// by propagating them to a fixed point, and fills the tables.
func buildLALR() *lrTables {
	first, nullable := firstSets()

	closure := func(kernel []item) []item {
		set := append([]item(nil), kernel...)
		seen := map[item]bool{}
		for _, it := range set {
			seen[it] = true
		}
		for i := 0; i < len(set); i++ {
			p := prods[set[i].prod]
			if set[i].dot >= len(p.rhs) || p.rhs[set[i].dot] < int(numTerminals) {
				continue
			}
			for j, q := range prods {
				if q.lhs == p.rhs[set[i].dot] && !seen[item{j, 0}] {
					seen[item{j, 0}] = true
					set = append(set, item{j, 0})
				}
			}
		}
		return set
	}
	key := func(items []item) string {
		b := make([]byte, 0, 2*len(items))
		for _, it := range items {
			b = append(b, byte(it.prod), byte(it.dot))
		}
		return string(b)
	}

	var states [][]item // closed item sets; kernels first
	var trans []map[int]int
	index := map[string]int{}
	add := func(kernel []item) int {
		k := key(kernel)
		if i, ok := index[k]; ok {
			return i
		}
		index[k] = len(states)
		states = append(states, closure(kernel))
		trans = append(trans, map[int]int{})
		return len(states) - 1
	}
	add([]item{{0, 0}})
	for s := 0; s < len(states); s++ {
		for x := 0; x < numSymbols; x++ {
			var kernel []item
			for _, it := range states[s] {
				p := prods[it.prod]
				if it.dot < len(p.rhs) && p.rhs[it.dot] == x {
					kernel = append(kernel, item{it.prod, it.dot + 1})
				}
			}
			if kernel != nil {
				trans[s][x] = add(kernel)
			}
		}
	}

	// lookaheads[s][i] belongs to states[s][i].
	la := make([][]termSet, len(states))
	pos := make([]map[item]int, len(states))
	for s := range states {
		la[s] = make([]termSet, len(states[s]))
		pos[s] = map[item]int{}
		for i, it := range states[s] {
			pos[s][it] = i
		}
	}
	la[0][0] = 1 << endMarker
	for changed := true; changed; {
		changed = false
		for s := range states {
			for i, it := range states[s] {
				p := prods[it.prod]
				if it.dot >= len(p.rhs) {
					continue
				}
				x := p.rhs[it.dot]
				// to the item after the shift
				t := trans[s][x]
				j := pos[t][item{it.prod, it.dot + 1}]
				if la[t][j]|la[s][i] != la[t][j] {
					la[t][j] |= la[s][i]
					changed = true
				}
				if x < int(numTerminals) {
					continue
				}
				// into the closure: FIRST(beta lookahead)
				var f termSet
				rest := true
				for _, y := range p.rhs[it.dot+1:] {
					f |= first[y]
					if !nullable[y] {
						rest = false
						break
					}
				}
				if rest {
					f |= la[s][i]
				}
				for k, c := range states[s] {
					if c.dot == 0 && prods[c.prod].lhs == x && la[s][k]|f != la[s][k] {
						la[s][k] |= f
						changed = true
					}
				}
			}
		}
	}

	t := &lrTables{
		action: make([][numTerminals]action, len(states)),
		gotos:  make([][numSymbols]uint8, len(states)),
		final:  make([]uint8, len(states)),
	}
	for s := range states {
		for x, to := range trans[s] {
			if x < int(numTerminals) {
				t.action[s][x] = action{1, uint8(to)}
			} else {
				t.gotos[s][x] = uint8(to)
			}
		}
		for i, it := range states[s] {
			if it.dot < len(prods[it.prod].rhs) || it.prod == 0 {
				continue
			}
			if prods[it.prod].lhs == nRule {
				t.final[s] = uint8(it.prod)
				continue
			}
			for a := 0; a < int(numTerminals); a++ {
				if la[s][i]&(1<<a) == 0 {
					continue
				}
				if t.action[s][a].kind != 0 {
					panic("aperture: grammar conflict")
				}
				t.action[s][a] = action{2, uint8(it.prod)}
			}
		}
	}
	return t
}

// firstSets computes FIRST (as terminal sets) and nullability per symbol.
func firstSets() ([numSymbols]termSet, [numSymbols]bool) {
	var first [numSymbols]termSet
	var nullable [numSymbols]bool
	for a := 0; a < int(numTerminals); a++ {
		first[a] = 1 << a
	}
	for changed := true; changed; {
		changed = false
		for _, p := range prods[1:] {
			f := first[p.lhs]
			n := true
			for _, y := range p.rhs {
				f |= first[y]
				if !nullable[y] {
					n = false
					break
				}
			}
			if f != first[p.lhs] || n && !nullable[p.lhs] {
				first[p.lhs] = f
				nullable[p.lhs] = nullable[p.lhs] || n
				changed = true
			}
		}
	}
	return first, nullable
}
