package authz

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Engine is an in-memory index of memberships, objects and shares that
// answers authorization questions without I/O: may a member do an
// operation on a type of object, and on one object. It is safe for
// concurrent use. The Set and Remove methods keep it in step with the
// store; Load fills it from one. SetLimits bounds how many members and
// objects it holds.
//
// Members holding the same capability names share one entry whose
// PermissionSet is replaced atomically, so SetCatalog reaches every
// member, and every Subject already handed out, at once.
type Engine struct {
	admins gatehouse.TenantID

	// Readers take only the lock of one shard of members or objects.
	members shardedMap[memberKey, *member]
	objects shardedMap[objKey, *object]

	mu     sync.RWMutex // serialises changes; guards the fields below
	cat    *Catalog
	table  *capTable
	byUser map[gatehouse.UserID]*heldUser
	lists  map[string]*capList // by listKey of the names

	evict evictor // bounds what the maps hold (SetLimits)
}

// NewEngine returns an empty engine over catalog c. admins is the id of the
// Administrators tenant, the only tenant whose superadmins act on every
// object. A nil c is an empty catalog.
func NewEngine(c *Catalog, admins gatehouse.TenantID) *Engine {
	if c == nil {
		c = emptyCatalog()
	}
	e := &Engine{
		admins: admins,
		cat:    c,
		table:  newCapTable(c),
		byUser: make(map[gatehouse.UserID]*heldUser),
		lists:  make(map[string]*capList),
	}
	e.members.init(memberKey.hash)
	e.objects.init(objKey.hash)
	return e
}

func emptyCatalog() *Catalog {
	c, err := New(nil, nil)
	if err != nil {
		panic("authz: empty catalog: " + err.Error())
	}
	return c
}

// Catalog returns the catalog the engine computes permissions from.
func (e *Engine) Catalog() *Catalog {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.cat
}

// SetCatalog makes c the engine's catalog and recomputes the permissions
// of every distinct list of capability names members hold. Each list's
// PermissionSet is replaced in place, so members and Subjects see the new
// permissions at once. Call it after a custom capability changes, and
// after types are registered in the catalog's registry (permissions
// computed earlier do not know the new types). A nil c is an empty
// catalog.
func (e *Engine) SetCatalog(c *Catalog) {
	if c == nil {
		c = emptyCatalog()
	}
	t := newCapTable(c)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cat, e.table = c, t
	for _, l := range e.lists {
		l.perms.Store(t.permissions(l.names))
		l.operator.Store(slices.Contains(c.Expand(l.names), ReadOnlyOperator))
	}
}

// SetMemberships replaces all of u's memberships with ms; an empty ms
// leaves u a member of no tenant. Only the tenant, role and capabilities
// of each membership count; their UserID fields are not consulted. A
// membership naming no capabilities holds its role's default
// (RoleDefault), as the Robin document assigns it. If ms names a tenant
// twice, the last one wins.
func (e *Engine) SetMemberships(u gatehouse.UserID, ms []gatehouse.Membership) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.members.epoch.Load()
	h := &heldUser{}
	h.used.Store(ep)
	var now []*member
	for _, in := range ms {
		m := &member{user: u, tenant: in.TenantID, role: in.Role, caps: e.acquire(capabilityNames(in))}
		m.used.Store(ep)
		if i := slices.IndexFunc(now, func(x *member) bool { return x.tenant == m.tenant }); i >= 0 {
			e.release(now[i].caps)
			now[i] = m
		} else {
			now = append(now, m)
		}
	}
	// Store before deleting, and acquire before releasing, so that readers
	// never miss a membership that stays and lists that stay are kept.
	for _, m := range now {
		e.members.store(memberKey{u, m.tenant}, m)
	}
	old := e.byUser[u]
	if old != nil {
		for _, m := range old.members {
			if !slices.ContainsFunc(now, func(x *member) bool { return x.tenant == m.tenant }) {
				e.members.delete(memberKey{u, m.tenant})
			}
			e.release(m.caps)
		}
	}
	h.members = now
	e.byUser[u] = h // present, even with no memberships: u is loaded
	if old == nil {
		e.evictUsers()
	}
}

// HasUser reports whether u's memberships were given to SetMemberships
// (even as none) and not evicted since (SetLimits): an engine may hold
// only the users it was asked about, and a user it does not hold is not
// "a member of nothing". It counts as a use of u.
func (e *Engine) HasUser(u gatehouse.UserID) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	h, ok := e.byUser[u]
	if ok {
		h.used.touch(e.members.epoch.Load())
	}
	return ok
}

// HasObject reports whether the engine holds the object typ/id. It counts
// as a use of the object.
func (e *Engine) HasObject(typ, id string) bool {
	return e.lookup(ObjectType(typ), id) != nil
}

// capabilityNames returns the capabilities m holds: those it names, or its
// role's default when it names none.
func capabilityNames(m gatehouse.Membership) []string {
	if len(m.Capabilities) > 0 {
		return m.Capabilities
	}
	if d := RoleDefault(m.Role); d != "" {
		return []string{d}
	}
	return nil
}

// listKey returns names as a key of Engine.lists: each name preceded by
// its length, so that no two lists share a key whatever the names hold.
func listKey(names []string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(strconv.Itoa(len(n)))
		b.WriteByte(':')
		b.WriteString(n)
	}
	return b.String()
}

// acquire returns the shared entry of the list names, making it if it is
// the first holder. e.mu must be held for writing.
func (e *Engine) acquire(names []string) *capList {
	key := listKey(names)
	l := e.lists[key]
	if l == nil {
		l = &capList{key: key, names: slices.Clone(names)}
		l.perms.Store(e.table.permissions(l.names))
		l.operator.Store(slices.Contains(e.cat.Expand(l.names), ReadOnlyOperator))
		e.lists[key] = l
	}
	l.refs++
	return l
}

// release drops a holder of l, forgetting l with its last. Subjects that
// still point to it keep their permissions. e.mu must be held for writing.
func (e *Engine) release(l *capList) {
	if l.refs--; l.refs == 0 {
		delete(e.lists, l.key)
	}
}

// memberKey identifies a membership.
type memberKey struct {
	user   gatehouse.UserID
	tenant gatehouse.TenantID
}

// hash spreads membership keys over shards.
func (k memberKey) hash() uint64 {
	return (uint64(k.user)*0x9e3779b97f4a7c15 ^ uint64(k.tenant)*0xc2b2ae3d27d4eb4f) >> 32
}

// member is one membership as the engine keeps it. It is immutable:
// SetMemberships replaces members, never changes them.
type member struct {
	user   gatehouse.UserID
	tenant gatehouse.TenantID
	role   gatehouse.Role
	caps   *capList
	used   epochMark // by a Subject or a check
}

// heldUser is a user the engine holds: their memberships and when they
// were last used by HasUser. The user was last used when they or one of
// their members was.
type heldUser struct {
	members []*member // immutable once in Engine.byUser
	used    epochMark
}

// capList is a list of capability names and its permissions, shared by the
// members that hold exactly that list.
type capList struct {
	key   string
	names []string
	refs  int // members holding it; guarded by Engine.mu
	perms atomic.Pointer[PermissionSet]
	// operator says the names hold ReadOnlyOperator, themselves or
	// through providers.
	operator atomic.Bool
}

// operator reports whether m is a read-only operator: a member of the
// Administrators tenant holding ReadOnlyOperator.
func (e *Engine) operator(m *member) bool {
	return m.tenant == e.admins && e.admins != 0 && m.caps.operator.Load()
}

// capTable holds the closure of every capability of one catalog as a
// bitset, so the permissions of a list of names are a few ORs.
type capTable struct {
	cat  *Catalog
	idx  *index
	sets [][]uint64 // per capability, in PermissionSet layout
}

// newCapTable computes the closure of each capability of c once, from the
// closures of its providers.
func newCapTable(c *Catalog) *capTable {
	cc := c.compile()
	n := len(cc.idx.known)
	t := &capTable{cat: c, idx: cc.idx, sets: make([][]uint64, len(c.caps))}
	backing := make([]uint64, n*len(c.caps))
	done := make([]bool, len(c.caps))
	var fill func(i int)
	fill = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		s := backing[i*n : (i+1)*n : (i+1)*n]
		if c.caps[i].AllEntries {
			copy(s, cc.idx.known)
		}
		for _, b := range cc.bits[i] {
			s[b>>6] |= 1 << (b & 63)
		}
		for _, j := range c.providers[i] { // the catalog has no cycles
			fill(j)
			orWords(s, t.sets[j])
		}
		t.sets[i] = s
	}
	for i := range c.caps {
		fill(i)
	}
	return t
}

// permissions returns the permissions of a member holding names. Names
// not in the catalog count for nothing.
func (t *capTable) permissions(names []string) *PermissionSet {
	p := &PermissionSet{idx: t.idx, bits: make([]uint64, len(t.idx.known))}
	for _, n := range names {
		if i := t.cat.index(n); i >= 0 {
			orWords(p.bits, t.sets[i])
		}
	}
	return p
}

func orWords(dst, src []uint64) {
	for i, w := range src {
		dst[i] |= w
	}
}

// objKey identifies an object. A struct of strings makes a map key that
// looking up by (ObjectType, string) does not allocate.
type objKey struct{ typ, id string }

var objSeed = maphash.MakeSeed()

// hash spreads object keys over shards.
func (k objKey) hash() uint64 { return maphash.String(objSeed, k.id) }

// object is an object and its shares as the engine keeps them. It is
// immutable: SetObject replaces objects, never changes them.
type object struct {
	obj    gatehouse.Object
	shares []gatehouse.Share // as given, for Object
	// allMembers says a tenant share gives its operations to every member
	// of the tenant, not only its tenantadmins (ShareRule.AllMembers).
	allMembers bool
	users      []grant // user shares, by user id
	tenants    []grant // tenant shares, by tenant id
	used       epochMark
}

// grant is the operations shared with one user or tenant.
type grant struct {
	id  int64
	ops []Operation
}

// grantedOps returns the operations gs grants to id, or nil.
func grantedOps(gs []grant, id int64) []Operation {
	lo, hi := 0, len(gs)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if gs[h].id < id {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(gs) && gs[lo].id == id {
		return gs[lo].ops
	}
	return nil
}

// SetObject inserts object o, or replaces the object of the same type and
// id, with shares as all its shares. A share with TenantID set is a tenant
// share, otherwise one with UserID set is a user share; shares of neither
// kind, or granting no operations, count for nothing. Several shares with
// the same user or tenant add up. The shares' ObjectType and ObjectID are
// not consulted. The engine trusts the shares: it does not check them
// against the sharing rules (CheckShare) again.
func (e *Engine) SetObject(o gatehouse.Object, shares []gatehouse.Share) {
	x := &object{obj: o, shares: make([]gatehouse.Share, len(shares))}
	x.allMembers = tenantShareToAll(ObjectType(o.Type))
	for i, s := range shares {
		s.Operations = slices.Clone(s.Operations)
		x.shares[i] = s
		var id int64
		list := &x.users
		switch {
		case s.TenantID != 0:
			id, list = int64(s.TenantID), &x.tenants
		case s.UserID != 0:
			id = int64(s.UserID)
		default:
			continue
		}
		if len(s.Operations) == 0 {
			continue
		}
		k := slices.IndexFunc(*list, func(g grant) bool { return g.id == id })
		if k < 0 {
			*list = append(*list, grant{id: id})
			k = len(*list) - 1
		}
		g := &(*list)[k]
		for _, op := range s.Operations {
			if !slices.Contains(g.ops, Operation(op)) {
				g.ops = append(g.ops, Operation(op))
			}
		}
	}
	byID := func(a, b grant) int { return cmp.Compare(a.id, b.id) }
	slices.SortFunc(x.users, byID)
	slices.SortFunc(x.tenants, byID)
	x.used.Store(e.objects.epoch.Load())
	if e.objects.store(objKey{o.Type, o.ID}, x) {
		e.evictObjects()
	}
}

// tenantShareToAll reports whether a tenant share of an object of type t
// gives its operations to every member of the tenant. Types without a
// tenant sharing rule give them to the tenant's tenantadmins only.
func tenantShareToAll(t ObjectType) bool {
	for _, r := range shareRules {
		if r.Target == ShareWithTenant && r.Type == t {
			return r.AllMembers
		}
	}
	return false
}

// RemoveObject removes the object typ/id and its shares, if present.
func (e *Engine) RemoveObject(typ, id string) {
	e.objects.delete(objKey{typ, id})
}

// Object returns a copy of the object typ/id and of its shares as last
// given to SetObject.
func (e *Engine) Object(typ, id string) (gatehouse.Object, []gatehouse.Share, bool) {
	x := e.lookup(ObjectType(typ), id)
	if x == nil {
		return gatehouse.Object{}, nil, false
	}
	shares := make([]gatehouse.Share, len(x.shares))
	for i, s := range x.shares {
		s.Operations = slices.Clone(s.Operations)
		shares[i] = s
	}
	return x.obj, shares, true
}

// lookup returns the object typ/id, or nil, marking it used under the
// shard's lock, which an eviction pass takes too.
func (e *Engine) lookup(typ ObjectType, id string) *object {
	k := objKey{string(typ), id}
	sh := e.objects.shard(k)
	sh.mu.RLock()
	x := sh.m[k]
	if x != nil {
		x.used.touch(e.objects.epoch.Load())
	}
	sh.mu.RUnlock()
	return x
}

// numShards is the number of parts the engine's maps are split into, each
// with its own lock, so that readers on many cores do not all write the
// reader count of one lock.
const numShards = 64

// shardedMap is a map split into shards by a hash of the key. Readers
// that mark what they read used (Engine.lookup, Engine.loadMember) do it
// under the shard's lock, so that an eviction pass, which takes that lock,
// sees the use.
type shardedMap[K comparable, V any] struct {
	hash   func(K) uint64
	epoch  atomic.Uint32 // advanced by each eviction pass
	n      atomic.Int64  // records held
	shards [numShards]shard[K, V]
}

type shard[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
	_  [96]byte // keeps neighbouring locks off one cache line
}

func (s *shardedMap[K, V]) init(hash func(K) uint64) {
	s.hash = hash
	for i := range s.shards {
		s.shards[i].m = make(map[K]V)
	}
}

func (s *shardedMap[K, V]) shard(k K) *shard[K, V] { return &s.shards[s.hash(k)%numShards] }

// store puts v under k and reports whether k is new.
func (s *shardedMap[K, V]) store(k K, v V) bool {
	sh := s.shard(k)
	sh.mu.Lock()
	n := len(sh.m)
	sh.m[k] = v
	added := len(sh.m) > n
	sh.mu.Unlock()
	if added {
		s.n.Add(1)
	}
	return added
}

func (s *shardedMap[K, V]) delete(k K) {
	sh := s.shard(k)
	sh.mu.Lock()
	n := len(sh.m)
	delete(sh.m, k)
	removed := len(sh.m) < n
	sh.mu.Unlock()
	if removed {
		s.n.Add(-1)
	}
}
