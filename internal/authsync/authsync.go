// Package authsync keeps the in-memory authorization index (authz.Engine)
// in step with the store. Use cases call it after their transaction
// commits, naming what they changed; it reads those records afresh and
// hands them to the engine.
//
// The index starts with the capability catalog alone; a user's
// memberships and an object with its shares are loaded the first time
// they are asked about (EnsureUsers, EnsureObjects) and kept up to date
// while the index holds them. Start-up time does not grow with the number
// of users, and the index holds at most about its limits' worth of them
// (SetLimits): past those, users and objects unused for a while are
// evicted and loaded again when next asked about.
//
// Reads and engine updates are serialized, so the engine always ends up
// with the state of the last commit: a reload that starts after a commit
// sees it, and a later reload cannot be overtaken by an earlier one.
package authsync

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Syncer reloads changed records into an engine.
type Syncer struct {
	store  gatehouse.Store
	engine atomic.Pointer[authz.Engine] // replaced whole by Reload
	mu     sync.Mutex
	limits authz.Limits // of every engine; guarded by mu
}

// New loads the capability catalog from store and returns a Syncer whose
// engine holds it. Members and objects are loaded when first asked about
// (EnsureUsers, EnsureObjects), so start-up time and memory do not grow
// with the number of users and objects. The index is bounded by
// authz.DefaultLimits until SetLimits.
func New(ctx context.Context, store gatehouse.Store) (*Syncer, error) {
	e, err := load(ctx, store)
	if err != nil {
		return nil, err
	}
	s := &Syncer{store: store, limits: authz.DefaultLimits}
	e.SetLimits(s.limits)
	s.engine.Store(e)
	return s, nil
}

// SetLimits bounds the index, from now on and after every Reload.
func (s *Syncer) SetLimits(l authz.Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
	s.engine.Load().SetLimits(l)
}

// load loads a new index from store: the catalog, no members or objects.
func load(ctx context.Context, store gatehouse.Store) (*authz.Engine, error) {
	var e *authz.Engine
	err := store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		e, err = authz.LoadCatalog(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load authorization index: %w", err)
	}
	return e, nil
}

// Engine returns the index. After a Reload it is another engine: callers
// ask for it on every use rather than keeping it.
func (s *Syncer) Engine() *authz.Engine { return s.engine.Load() }

// Reload starts the index afresh, from the catalog, in place of the old
// one; members and objects are loaded again as they are asked about.
func (s *Syncer) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := load(ctx, s.store)
	if err != nil {
		return err
	}
	e.SetLimits(s.limits)
	s.engine.Store(e)
	return nil
}

// ObjectRef names an object.
type ObjectRef struct{ Type, ID string }

// Changes names what a committed transaction changed.
type Changes struct {
	Users   []gatehouse.UserID
	Objects []ObjectRef
	Catalog bool // custom capabilities or object types
}

// User records that u's memberships changed.
func (c *Changes) User(u ...gatehouse.UserID) { c.Users = append(c.Users, u...) }

// Object records that an object or its shares changed.
func (c *Changes) Object(typ, id string) { c.Objects = append(c.Objects, ObjectRef{typ, id}) }

// Namespace records that a namespace or its shares changed.
func (c *Changes) Namespace(name gatehouse.NamespaceName) {
	c.Object(string(authz.NamespaceType), string(name))
}

// Apply reloads what c names into the engine.
func (s *Syncer) Apply(ctx context.Context, c *Changes) error {
	if c == nil || len(c.Users) == 0 && len(c.Objects) == 0 && !c.Catalog {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	engine := s.engine.Load()
	return s.store.View(ctx, func(tx gatehouse.Tx) error {
		if c.Catalog {
			caps, err := tx.ListCapabilities(ctx)
			if err != nil {
				return err
			}
			types, err := tx.ListObjectTypes(ctx)
			if err != nil {
				return err
			}
			cat, err := authz.BuildCatalog(caps, types)
			if err != nil {
				return err
			}
			engine.SetCatalog(cat)
		}
		for _, u := range c.Users {
			ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u})
			if err != nil {
				return err
			}
			engine.SetMemberships(u, ms)
		}
		for _, ref := range c.Objects {
			if err := setObject(ctx, tx, engine, ref); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadObject reads an object; namespaces come from their own table.
func loadObject(ctx context.Context, tx gatehouse.Tx, ref ObjectRef) (gatehouse.Object, error) {
	if ref.Type != string(authz.NamespaceType) {
		return tx.ObjectByRef(ctx, ref.Type, ref.ID)
	}
	ns, err := tx.NamespaceByName(ctx, gatehouse.NamespaceName(ref.ID))
	if err != nil {
		return gatehouse.Object{}, err
	}
	return authz.NamespaceObject(ns), nil
}
