package authsync_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
)

// boundedWorld is a store with tenants t1 and t2 and n users, user i a
// member of t1 owning the object app<i> there.
type boundedWorld struct {
	store   gatehouse.Store
	users   []gatehouse.UserID
	tenants [2]gatehouse.TenantID
}

func newBoundedWorld(t *testing.T, n int) *boundedWorld {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &boundedWorld{store: st}
	err = st.Update(ctx, func(tx gatehouse.Tx) error {
		for k, name := range []gatehouse.TenantName{"t1", "t2"} {
			tn := gatehouse.Tenant{Name: name}
			if err := tx.CreateTenant(ctx, &tn); err != nil {
				return err
			}
			w.tenants[k] = tn.ID
		}
		for i := range n {
			u := gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("u%d", i))}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			w.users = append(w.users, u.ID)
			if err := w.addMember(ctx, tx, u.ID, w.tenants[0]); err != nil {
				return err
			}
			o := gatehouse.Object{Type: "APPLICATION", ID: fmt.Sprintf("app%d", i), TenantID: w.tenants[0], OwnerID: u.ID}
			if err := tx.CreateObject(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *boundedWorld) addMember(ctx context.Context, tx gatehouse.Tx, u gatehouse.UserID, tn gatehouse.TenantID) error {
	ns := gatehouse.PrimaryNamespace(tn, u)
	if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: ns, TenantID: tn, OwnerID: u, Primary: true}); err != nil {
		return err
	}
	return tx.AddMembership(ctx, gatehouse.Membership{UserID: u, TenantID: tn, Role: gatehouse.RoleUser, Namespace: ns})
}

// check asks, as a request does, whether user i logged into tenant tn may
// view app<j>: it ensures both are held, then asks.
func (w *boundedWorld) check(t testing.TB, s *authsync.Syncer, i int, tn gatehouse.TenantID, j int) bool {
	t.Helper()
	ctx := context.Background()
	if _, err := s.EnsureUsers(ctx, w.users[i]); err != nil {
		t.Fatal(err)
	}
	eng, err := s.EnsureObjects(ctx, authsync.ObjectRef{Type: "APPLICATION", ID: fmt.Sprintf("app%d", j)})
	if err != nil {
		t.Fatal(err)
	}
	subj, ok := eng.Subject(w.users[i], tn)
	return ok && eng.Check(&subj, "APPLICATION", authz.OpView, fmt.Sprintf("app%d", j))
}

// member ensures user i is held and reports whether they are a member of
// tenant tn.
func (w *boundedWorld) member(t testing.TB, s *authsync.Syncer, i int, tn gatehouse.TenantID) bool {
	t.Helper()
	eng, err := s.EnsureUsers(context.Background(), w.users[i])
	if err != nil {
		t.Fatal(err)
	}
	_, ok := eng.Subject(w.users[i], tn)
	return ok
}

// evict asks about users and objects from 10 on, which evicts user i and
// app<j>. (Asking whether they are held counts as a use.)
func (w *boundedWorld) evict(t testing.TB, s *authsync.Syncer, i, j int) {
	t.Helper()
	for k := 10; k < len(w.users); k++ {
		w.check(t, s, k, w.tenants[0], k)
	}
	if s.Engine().HasUser(w.users[i]) || s.Engine().HasObject("APPLICATION", fmt.Sprintf("app%d", j)) {
		t.Fatalf("user %d or app%d still held after asking about %d others", i, j, len(w.users)-10)
	}
}

// TestBoundedIndexAnswersAfterEviction fills a bounded index far past its
// limits and checks that users and objects evicted and loaded again get
// the same answers, including after their memberships and shares changed
// while they were evicted.
func TestBoundedIndexAnswersAfterEviction(t *testing.T) {
	ctx := context.Background()
	w := newBoundedWorld(t, 60)
	s, err := authsync.New(ctx, w.store)
	if err != nil {
		t.Fatal(err)
	}
	s.SetLimits(authz.Limits{MaxUsers: 8, MaxObjects: 8})
	for round := range 2 {
		for i := range w.users {
			if !w.check(t, s, i, w.tenants[0], i) {
				t.Fatalf("round %d: user %d may not view their own app%d", round, i, i)
			}
			if w.check(t, s, i, w.tenants[0], (i+1)%len(w.users)) {
				t.Fatalf("round %d: user %d may view app%d, not theirs", round, i, (i+1)%len(w.users))
			}
			if users, objects := s.Engine().Held(); users > 9 || objects > 9 {
				t.Fatalf("holds %d users and %d objects, limits 8", users, objects)
			}
		}
	}

	// While user 0 and app1 are evicted, user 0 joins t2 and app1 is
	// shared with user 0; the writes' changes are applied as use cases
	// and other replicas apply them.
	w.evict(t, s, 0, 1)
	err = w.store.Update(ctx, func(tx gatehouse.Tx) error {
		if err := w.addMember(ctx, tx, w.users[0], w.tenants[1]); err != nil {
			return err
		}
		return tx.PutShare(ctx, gatehouse.Share{ObjectType: "APPLICATION", ObjectID: "app1", UserID: w.users[0], Operations: []string{"view"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var c authsync.Changes
	c.User(w.users[0])
	c.Object("APPLICATION", "app1")
	if err := s.Apply(ctx, &c); err != nil {
		t.Fatal(err)
	}
	w.evict(t, s, 0, 1)
	if !w.check(t, s, 0, w.tenants[0], 1) {
		t.Error("user 0, loaded again, may not view app1 shared with them while evicted")
	}
	if !w.member(t, s, 0, w.tenants[1]) {
		t.Error("user 0, loaded again, is not a member of t2, joined while evicted")
	}

	// The share is withdrawn while evicted; then user 0 leaves t1.
	w.evict(t, s, 0, 1)
	err = w.store.Update(ctx, func(tx gatehouse.Tx) error {
		return tx.DeleteShare(ctx, "APPLICATION", "app1", 0, w.users[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	receive(t, s, &c)
	w.evict(t, s, 0, 1)
	if w.check(t, s, 0, w.tenants[0], 1) {
		t.Error("user 0, loaded again, may view app1 whose share was withdrawn while they were evicted")
	}
	w.evict(t, s, 0, 1)
	err = w.store.Update(ctx, func(tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, w.users[0], w.tenants[0]) })
	if err != nil {
		t.Fatal(err)
	}
	receive(t, s, &c)
	w.evict(t, s, 0, 1)
	if w.member(t, s, 0, w.tenants[0]) || !w.member(t, s, 0, w.tenants[1]) {
		t.Error("user 0, loaded again, is still a member of t1, left while evicted, or no longer of t2")
	}
}

// receive applies c as a replica does on another's notice.
func receive(t testing.TB, s *authsync.Syncer, c *authsync.Changes) {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Receive(context.Background(), string(b), false); err != nil {
		t.Fatal(err)
	}
}

// TestBoundedIndexConcurrent runs requests (ensure, then check), loads
// past the limits with their evictions (with no Idle, on every load past
// the limits), and applied changes at once, for the race detector. No
// answer may grant what is not granted. With no Idle a user or object may
// be evicted between a request's ensuring and its asking, which refuses
// instead: an owner asking again is let in.
func TestBoundedIndexConcurrent(t *testing.T) {
	ctx := context.Background()
	w := newBoundedWorld(t, 40)
	s, err := authsync.New(ctx, w.store)
	if err != nil {
		t.Fatal(err)
	}
	s.SetLimits(authz.Limits{MaxUsers: 6, MaxObjects: 6})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for r := range 150 {
				i := (r*7 + g*11) % len(w.users)
				j := i
				if r%2 == 0 {
					j = (i + 3) % len(w.users)
				}
				got := w.check(t, s, i, w.tenants[0], j)
				for try := 0; !got && i == j && try < 100; try++ {
					got = w.check(t, s, i, w.tenants[0], j)
				}
				if got != (i == j) {
					t.Errorf("user %d may view app%d: %v", i, j, got)
				}
			}
		})
	}
	wg.Go(func() {
		for r := range 150 {
			var c authsync.Changes
			c.User(w.users[(r*3)%len(w.users)])
			c.Object("APPLICATION", fmt.Sprintf("app%d", (r*5)%len(w.users)))
			if err := s.Apply(ctx, &c); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()
	if users, objects := s.Engine().Held(); users > 7 || objects > 7 {
		t.Errorf("holds %d users and %d objects, limits 6", users, objects)
	}
}
