package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// errAbort is returned by transaction functions that want a rollback.
var errAbort = errors.New("abort")

// writeEverything writes one record of every kind, as a transaction that
// is going to be rolled back would.
func writeEverything(ctx context.Context, tx gatehouse.Tx, u gatehouse.User) error {
	if err := tx.UpdateUser(ctx, u); err != nil {
		return err
	}
	nu := newUser("new-user")
	if err := tx.CreateUser(ctx, &nu); err != nil {
		return err
	}
	tn := gatehouse.Tenant{Name: "new-tenant"}
	if err := tx.CreateTenant(ctx, &tn); err != nil {
		return err
	}
	if err := tx.AddMembership(ctx, gatehouse.Membership{UserID: nu.ID, TenantID: tn.ID, Role: gatehouse.RoleUser}); err != nil {
		return err
	}
	if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: "new-ns", TenantID: tn.ID, OwnerID: nu.ID}); err != nil {
		return err
	}
	if err := tx.AddSigningKey(ctx, gatehouse.SigningKey{ID: "new-key", Seed: seed(1)}); err != nil {
		return err
	}
	if err := tx.RevokeToken(ctx, "new-jti", at(time.Hour)); err != nil {
		return err
	}
	return tx.AppendAudit(ctx, &gatehouse.AuditRecord{Action: "new"})
}

// checkNothingWritten fails the test if anything that writeEverything
// writes is in s, or if alice changed.
func checkNothingWritten(t *testing.T, s gatehouse.Store, alice gatehouse.User) {
	t.Helper()
	got, err := userByID(t, s, alice.ID)
	wantErr(t, "UserByID", err, nil)
	checkEqual(t, "user after rollback", got, alice)
	if users := listUsers(t, s, gatehouse.UserQuery{All: true}); len(users) != 1 {
		t.Errorf("users after rollback: %v, want only alice", userIDs(users))
	}
	if ts := listTenants(t, s); len(ts) != 0 {
		t.Errorf("tenants after rollback: %+v", ts)
	}
	nss := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Namespace, error) {
		return tx.ListNamespaces(ctx, gatehouse.NamespaceQuery{})
	})
	if len(nss) != 0 {
		t.Errorf("namespaces after rollback: %+v", nss)
	}
	keys := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.SigningKey, error) { return tx.SigningKeys(ctx) })
	if len(keys) != 0 {
		t.Errorf("signing keys after rollback: %+v", keys)
	}
	if revoked(t, s, "new-jti") {
		t.Errorf("token revoked after rollback")
	}
	if rs := listAudit(t, s, gatehouse.AuditQuery{}); len(rs) != 0 {
		t.Errorf("audit records after rollback: %+v", rs)
	}
}

func testUpdateRollsBack(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	changed := alice
	changed.Email = "changed@example.com"
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := writeEverything(ctx, tx, changed); err != nil {
			return err
		}
		// The transaction sees its own writes.
		if _, err := tx.UserByName(ctx, "new-user"); err != nil {
			return fmt.Errorf("read own write: %w", err)
		}
		return fmt.Errorf("wrapped: %w", errAbort)
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("Update = %v, want the error fn returned", err)
	}
	checkNothingWritten(t, s, alice)
}

func testUpdateRollsBackOnPanic(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	func() {
		defer func() {
			if r := recover(); r != errAbort {
				t.Errorf("recovered %v, want the panic of fn", r)
			}
		}()
		update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
			if err := writeEverything(ctx, tx, alice); err != nil {
				return err
			}
			panic(errAbort)
		})
	}()
	checkNothingWritten(t, s, alice)
	// The store still takes writes.
	createTenant(t, s, "after-panic")
}

func testUpdateRollsBackAfterStoreError(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := writeEverything(ctx, tx, alice); err != nil {
			return err
		}
		dup := newUser("alice")
		return tx.CreateUser(ctx, &dup)
	})
	wantErr(t, "Update", err, gatehouse.ErrConflict)
	checkNothingWritten(t, s, alice)
}

func testViewCannotWrite(t *testing.T, s gatehouse.Store) {
	tests := []struct {
		name  string
		write func(ctx context.Context, tx gatehouse.Tx) error
	}{
		{"CreateTenant", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateTenant(ctx, &gatehouse.Tenant{Name: "acme"})
		}},
		{"CreateUser", func(ctx context.Context, tx gatehouse.Tx) error {
			u := newUser("alice")
			return tx.CreateUser(ctx, &u)
		}},
		{"AppendAudit", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.AppendAudit(ctx, &gatehouse.AuditRecord{Action: "x"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Either the write fails or it does not last.
			s.View(t.Context(), func(tx gatehouse.Tx) error { return tt.write(t.Context(), tx) })
			if ts := listTenants(t, s); len(ts) != 0 {
				t.Errorf("View wrote tenants: %+v", ts)
			}
			if users := listUsers(t, s, gatehouse.UserQuery{All: true}); len(users) != 0 {
				t.Errorf("View wrote users: %+v", users)
			}
			if rs := listAudit(t, s, gatehouse.AuditQuery{}); len(rs) != 0 {
				t.Errorf("View wrote audit records: %+v", rs)
			}
		})
	}
}

func testViewDoesNotWaitForUpdate(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Update(t.Context(), func(tx gatehouse.Tx) error {
			u := alice
			u.Email = "uncommitted@example.com"
			if err := tx.UpdateUser(t.Context(), u); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	select {
	case <-inside:
	case err := <-done:
		t.Fatalf("Update: %v", err)
	}

	// While the Update is open, a View runs and sees the last commit.
	viewed := make(chan error, 1)
	go func() {
		viewed <- s.View(t.Context(), func(tx gatehouse.Tx) error {
			u, err := tx.UserByID(t.Context(), alice.ID)
			if err == nil && u.Email != alice.Email {
				err = fmt.Errorf("View sees uncommitted email %q", u.Email)
			}
			return err
		})
	}()
	select {
	case err := <-viewed:
		if err != nil {
			t.Errorf("View during Update: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("View waited for an open Update")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, err := userByID(t, s, alice.ID)
	wantErr(t, "UserByID", err, nil)
	if got.Email != "uncommitted@example.com" {
		t.Errorf("email after commit = %q", got.Email)
	}
}

func testConcurrentUpdates(t *testing.T, s gatehouse.Store) {
	const (
		writers = 8
		each    = 20
	)
	acme := createTenant(t, s, "acme")
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := s.Update(ctx, func(tx gatehouse.Tx) error {
					u := newUser(fmt.Sprintf("w%d-u%d", w, i))
					if err := tx.CreateUser(ctx, &u); err != nil {
						return err
					}
					if err := tx.AddMembership(ctx, gatehouse.Membership{UserID: u.ID, TenantID: acme.ID, Role: gatehouse.RoleUser}); err != nil {
						return err
					}
					return tx.AppendAudit(ctx, &gatehouse.AuditRecord{Action: "user.add", ObjectID: string(u.Name)})
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d, update %d: %w", w, i, err)
				}
			}
		})
		// Readers run alongside.
		wg.Go(func() {
			for range each {
				err := s.View(ctx, func(tx gatehouse.Tx) error {
					_, err := tx.ListUsers(ctx, gatehouse.UserQuery{Limit: 10})
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("reader %d: %w", w, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	if n := len(listUsers(t, s, gatehouse.UserQuery{All: true})); n != writers*each {
		t.Errorf("%d users, want %d", n, writers*each)
	}
	ms := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Membership, error) {
		return tx.MembershipsOfTenant(ctx, acme.ID)
	})
	if len(ms) != writers*each {
		t.Errorf("%d memberships, want %d", len(ms), writers*each)
	}
	if n := len(listAudit(t, s, gatehouse.AuditQuery{})); n != writers*each {
		t.Errorf("%d audit records, want %d", n, writers*each)
	}
}
