package authz

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The world of the bounded engine: user i (boundedUser) is a member of
// acme and owns object i (boundedObject).
func boundedUser(i int) gatehouse.UserID { return gatehouse.UserID(100 + i) }

func boundedMemberships() []gatehouse.Membership {
	return []gatehouse.Membership{{TenantID: tAcme, Role: gatehouse.RoleUser}}
}

func boundedObject(i int) gatehouse.Object {
	return gatehouse.Object{Type: "APPLICATION", ID: fmt.Sprintf("app%d", i), TenantID: tAcme, OwnerID: boundedUser(i)}
}

// ensureAndCheck loads user i and object j into e if it does not hold them, as
// authsync's Ensure methods do, and reports the owner check's answer.
func ensureAndCheck(t testing.TB, e *Engine, i, j int) bool {
	t.Helper()
	if !e.HasUser(boundedUser(i)) {
		e.SetMemberships(boundedUser(i), boundedMemberships())
	}
	if o := boundedObject(j); !e.HasObject(o.Type, o.ID) {
		e.SetObject(o, nil)
	}
	s, ok := e.Subject(boundedUser(i), tAcme)
	if !ok {
		t.Fatalf("user %d, just ensured, is not held", i)
	}
	return e.Check(&s, "APPLICATION", OpView, boundedObject(j).ID)
}

// TestLimitsEvict fills an engine past its bounds and checks that it
// evicts what was not used, keeps what was, and answers the same for
// users and objects loaded again.
func TestLimitsEvict(t *testing.T) {
	e := NewEngine(Builtin(), tAdmins)
	e.SetLimits(Limits{MaxUsers: 100, MaxObjects: 50})
	e.SetObject(boundedObject(1), nil)
	for i := range 1000 {
		if !ensureAndCheck(t, e, i, i) {
			t.Fatalf("user %d may not view their own object", i)
		}
		// User 0 and object 1 are used all along.
		if _, ok := e.Subject(boundedUser(0), tAcme); !ok {
			t.Fatalf("after %d users: user 0, in use, was evicted", i)
		}
		if !e.HasObject("APPLICATION", "app1") {
			t.Fatalf("after %d objects: app1, in use, was evicted", i)
		}
		// A pass keeps what was used since the pass before: the first pass
		// (everything loaded since the start) and the second (the record
		// just loaded) leave one over the bound.
		if users, objects := e.Held(); users > 101 || objects > 51 {
			t.Fatalf("after %d: holds %d users and %d objects, bounds 100 and 50", i, users, objects)
		}
	}
	if e.HasUser(boundedUser(500)) || e.HasObject("APPLICATION", "app500") {
		t.Fatal("user 500 and app500, unused since, are still held")
	}
	// Evicted and loaded again: the same answers, shares included.
	for i := range 1000 {
		if !ensureAndCheck(t, e, i, i) {
			t.Fatalf("reloaded user %d may not view their own object", i)
		}
		if i > 0 && ensureAndCheck(t, e, i, i-1) {
			t.Fatalf("reloaded user %d may view app%d of user %d", i, i-1, i-1)
		}
	}
	e.SetObject(boundedObject(7), []gatehouse.Share{{UserID: boundedUser(8), Operations: []string{"view"}}})
	// Five new users and objects a round, fewer than a pass frees: user
	// 900 and app900, used on every round, stay; app7 and user 8 go.
	for r := range 200 {
		ensureAndCheck(t, e, 900, 900)
		for k := 2000 + 5*r; k < 2005+5*r; k++ {
			ensureAndCheck(t, e, k, k)
		}
	}
	if e.HasObject("APPLICATION", "app7") || e.HasUser(boundedUser(8)) {
		t.Fatal("app7 and user 8 were not evicted")
	}
	if !e.HasUser(boundedUser(900)) || !e.HasObject("APPLICATION", "app900") {
		t.Fatal("user 900 or app900, used on every round, was evicted")
	}
	e.SetObject(boundedObject(7), []gatehouse.Share{{UserID: boundedUser(8), Operations: []string{"view"}}})
	if !ensureAndCheck(t, e, 8, 7) {
		t.Fatal("user 8, loaded again, may not view app7 shared with them")
	}
}

// TestLimitsIdle checks that no record is evicted within Idle of its last
// use, however many records arrive meanwhile.
func TestLimitsIdle(t *testing.T) {
	e := NewEngine(Builtin(), tAdmins)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e.evict.now = func() time.Time { return now }
	e.SetLimits(Limits{MaxUsers: 10, MaxObjects: 10, Idle: time.Minute})
	ensureAndCheck(t, e, 0, 0)
	for i := 1; i < 200; i++ {
		now = now.Add(time.Second) // 0 was used 199 s ago at the end
		ensureAndCheck(t, e, i, i)
		if i < 60 && (!e.HasUser(boundedUser(0)) || !e.HasObject("APPLICATION", "app0")) {
			t.Fatalf("after %d s: user 0 or app0, used within Idle, was evicted", i)
		}
	}
	if e.HasUser(boundedUser(0)) || e.HasObject("APPLICATION", "app0") {
		t.Fatal("user 0 and app0, unused for three Idle periods, are still held")
	}
	users, objects := e.Held()
	if users > 10+2*60 || objects > 10+2*60 {
		t.Fatalf("holds %d users and %d objects: more than the bound and two Idle periods' arrivals", users, objects)
	}
}

// TestLimitsConcurrent runs checks, loads past the bounds (with their
// evictions) and reloads of changed records at once, for the race
// detector, and checks that no answer is wrong: an owner may view their
// object, nobody else may.
func TestLimitsConcurrent(t *testing.T) {
	e := NewEngine(Builtin(), tAdmins)
	e.SetLimits(Limits{MaxUsers: 40, MaxObjects: 40})
	const n, rounds = 200, 2000
	var wg sync.WaitGroup
	var mu sync.Mutex // loads are serialised, as authsync's are
	for g := range 4 {
		wg.Go(func() {
			for r := range rounds {
				i := (r*7 + g*13) % n
				j := i
				if r%3 == 0 {
					j = (i + 1) % n
				}
				mu.Lock()
				if !e.HasUser(boundedUser(i)) {
					e.SetMemberships(boundedUser(i), boundedMemberships())
				}
				if o := boundedObject(j); !e.HasObject(o.Type, o.ID) {
					e.SetObject(o, nil)
				}
				mu.Unlock()
				s, ok := e.Subject(boundedUser(i), tAcme)
				if !ok {
					continue // evicted by another load in between: no answer given
				}
				if got, want := e.Check(&s, "APPLICATION", OpView, boundedObject(j).ID), i == j; got && !want {
					t.Errorf("user %d may view app%d", i, j)
				}
			}
		})
	}
	wg.Go(func() { // invalidations: reload records as they are
		for r := range rounds {
			mu.Lock()
			e.SetMemberships(boundedUser(r%n), boundedMemberships())
			e.SetObject(boundedObject((r*3)%n), nil)
			if r%10 == 0 {
				e.RemoveObject("APPLICATION", boundedObject((r*5)%n).ID)
			}
			mu.Unlock()
		}
	})
	wg.Wait()
	if users, objects := e.Held(); users > 41 || objects > 41 {
		t.Fatalf("holds %d users and %d objects, bounds 40", users, objects)
	}
}
