package authz

// compiled holds each capability's entries as bit numbers of one registry
// snapshot, so that Closure does no map lookups per entry.
type compiled struct {
	idx  *index
	bits [][]int
}

// compile returns the catalog's entries compiled for the registry's
// current snapshot, recompiling after a Register.
func (c *Catalog) compile() *compiled {
	idx := c.reg.load()
	if cc := c.compiled.Load(); cc != nil && cc.idx == idx {
		return cc
	}
	cc := &compiled{idx: idx, bits: make([][]int, len(c.caps))}
	for i, cp := range c.caps {
		for _, e := range cp.Entries {
			if b, ok := idx.lookup(e.Type, e.Op); ok {
				cc.bits[i] = append(cc.bits[i], b)
			}
		}
		if cp.AllViews {
			for _, t := range idx.typeNames {
				if b, ok := idx.lookup(t, OpView); ok {
					cc.bits[i] = append(cc.bits[i], b)
				}
			}
		}
	}
	c.compiled.Store(cc)
	return cc
}

// Closure returns the effective permissions of a member holding the named
// capabilities: the union of their entries and of the entries of every
// capability they inherit through providers. Each capability is visited
// once however many paths lead to it. Names not in the catalog contribute
// nothing.
func (c *Catalog) Closure(names []string) PermissionSet {
	cc := c.compile()
	p := PermissionSet{idx: cc.idx, bits: make([]uint64, len(cc.idx.known))}
	c.walk(names, func(i int) {
		if c.caps[i].AllEntries {
			for w, k := range cc.idx.known {
				p.bits[w] |= k
			}
		}
		for _, b := range cc.bits[i] {
			p.bits[b>>6] |= 1 << (b & 63)
		}
	})
	return p
}

// Expand returns the names of the named capabilities and of all they
// inherit, each once, in depth-first order. Names not in the catalog are
// left out.
func (c *Catalog) Expand(names []string) []string {
	var out []string
	c.walk(names, func(i int) { out = append(out, c.caps[i].Name) })
	return out
}

// walk calls visit once for each capability reachable from names.
func (c *Catalog) walk(names []string, visit func(int)) {
	seen := make([]bool, len(c.caps))
	var stack []int
	for k := len(names) - 1; k >= 0; k-- {
		if i := c.index(names[k]); i >= 0 {
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		visit(i)
		ps := c.providers[i]
		for k := len(ps) - 1; k >= 0; k-- {
			if !seen[ps[k]] {
				stack = append(stack, ps[k])
			}
		}
	}
}

// DetectCycle reports whether giving the capability name the providers
// would make it inherit from itself. If so it returns the cycle as names,
// first and last being name: [A B C A] means A inherits from B, B from C
// and C from A. Otherwise it returns nil. Providers not in the catalog are
// ignored; name need not be in the catalog.
func (c *Catalog) DetectCycle(name string, providers []string) []string {
	self := c.index(name)
	seen := make([]bool, len(c.caps))
	var path []string
	// reaches reports whether name can be reached from p without passing
	// through name's old providers, appending the way to path.
	var reaches func(p string) bool
	reaches = func(p string) bool {
		if p == name {
			path = append(path, p)
			return true
		}
		i := c.index(p)
		if i < 0 || seen[i] {
			return false
		}
		seen[i] = true
		path = append(path, p)
		for _, j := range c.providers[i] {
			if reaches(c.caps[j].Name) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if self >= 0 {
		seen[self] = true
	}
	path = append(path, name)
	for _, p := range providers {
		if reaches(p) {
			return path
		}
	}
	return nil
}

// findCycle returns a cycle of the provider graph as names, the first
// repeated at the end, or nil if there is none.
func (c *Catalog) findCycle() []string {
	const (
		unvisited = iota
		onPath
		done
	)
	state := make([]int, len(c.caps))
	var path []int
	var cycle []string
	var visit func(i int) bool
	visit = func(i int) bool {
		state[i] = onPath
		path = append(path, i)
		for _, j := range c.providers[i] {
			switch state[j] {
			case onPath:
				start := len(path) - 1
				for path[start] != j {
					start--
				}
				for _, k := range path[start:] {
					cycle = append(cycle, c.caps[k].Name)
				}
				cycle = append(cycle, c.caps[j].Name)
				return true
			case unvisited:
				if visit(j) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = done
		return false
	}
	for i := range c.caps {
		if state[i] == unvisited && visit(i) {
			return cycle
		}
	}
	return nil
}
