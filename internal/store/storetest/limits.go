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

// createLimit stores l and returns it with its new ID.
func createLimit(t *testing.T, s gatehouse.Store, l gatehouse.Limit) gatehouse.Limit {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateLimit(ctx, &l) })
	return l
}

// listLimits returns the limits of tenant tn (all tenants for 0).
func listLimits(t *testing.T, s gatehouse.Store, tn gatehouse.TenantID) []gatehouse.Limit {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Limit, error) {
		return tx.ListLimits(ctx, tn)
	})
}

func testCreateLimit(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	scope := gatehouse.LimitScope{TenantID: acme.ID, Zone: "us-east-1", ObjectType: "VM"}
	count := createLimit(t, s, gatehouse.Limit{LimitScope: scope, Resource: gatehouse.LimitCount, Value: 10, CreatedAt: t0})
	userScope := scope
	userScope.UserID, userScope.OS = alice.ID, "windows"
	memory := createLimit(t, s, gatehouse.Limit{LimitScope: userScope, Resource: gatehouse.LimitMemory, Value: 2048, CreatedAt: at(time.Minute)})
	blocked := createLimit(t, s, gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: other.ID, Zone: "eu-1", ObjectType: "VM", Image: "img"},
		Resource: gatehouse.LimitDisk, Value: gatehouse.Blocked})
	if count.ID == 0 || memory.ID <= count.ID || blocked.ID <= memory.ID {
		t.Fatalf("limit ids %d, %d, %d: want increasing ids", count.ID, memory.ID, blocked.ID)
	}
	count.TenantName = acme.Name
	memory.TenantName, memory.UserName = acme.Name, alice.Name
	blocked.TenantName = other.Name

	got, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Limit, error) {
		return tx.LimitByID(ctx, memory.ID)
	})
	wantErr(t, "LimitByID", err, nil)
	checkEqual(t, "LimitByID", got, memory)
	checkEqual(t, "ListLimits of acme", listLimits(t, s, acme.ID), []gatehouse.Limit{count, memory})
	checkEqual(t, "ListLimits of every tenant", listLimits(t, s, 0), []gatehouse.Limit{count, memory, blocked})
	checkEqual(t, "ListLimits of an unknown tenant", listLimits(t, s, other.ID+100), nil)
}

func testLimitErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	scope := gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM"}
	first := createLimit(t, s, gatehouse.Limit{LimitScope: scope, Resource: gatehouse.LimitCount, Value: 3})
	userScope := scope
	userScope.UserID = alice.ID
	createLimit(t, s, gatehouse.Limit{LimitScope: userScope, Resource: gatehouse.LimitCount, Value: 1})
	before := listLimits(t, s, 0)

	create := func(l gatehouse.Limit) func(ctx context.Context, tx gatehouse.Tx) error {
		return func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateLimit(ctx, &l) }
	}
	tests := []struct {
		name string
		fn   func(ctx context.Context, tx gatehouse.Tx) error
		want error
	}{
		{"same tenant scope and resource", create(gatehouse.Limit{LimitScope: scope, Resource: gatehouse.LimitCount, Value: 5}), gatehouse.ErrConflict},
		{"same user scope and resource", create(gatehouse.Limit{LimitScope: userScope, Resource: gatehouse.LimitCount, Value: 5}), gatehouse.ErrConflict},
		{"unknown tenant", create(gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: acme.ID + 100, Zone: "z1", ObjectType: "VM"},
			Resource: gatehouse.LimitCount}), gatehouse.ErrNotFound},
		{"unknown user", create(gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: acme.ID, UserID: alice.ID + 100, Zone: "z1", ObjectType: "VM"},
			Resource: gatehouse.LimitCount}), gatehouse.ErrNotFound},
		{"LimitByID unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.LimitByID(ctx, first.ID+100)
			return err
		}, gatehouse.ErrNotFound},
		{"DeleteLimit unknown", func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLimit(ctx, first.ID+100) }, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.name, update(t, s, tt.fn), tt.want)
		})
	}
	checkEqual(t, "ListLimits after refused writes", listLimits(t, s, 0), before)

	// Another resource, image or OS is another limit.
	for _, l := range []gatehouse.Limit{
		{LimitScope: scope, Resource: gatehouse.LimitMemory, Value: 5},
		{LimitScope: gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM", Image: "i"}, Resource: gatehouse.LimitCount},
		{LimitScope: gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM", OS: "o"}, Resource: gatehouse.LimitCount},
	} {
		createLimit(t, s, l)
	}
}

func testDeleteLimit(t *testing.T, s gatehouse.Store) {
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	keep := createLimit(t, s, gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM"}, Resource: gatehouse.LimitCount, Value: 1})
	gone := createLimit(t, s, gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: acme.ID, Zone: "z2", ObjectType: "VM"}, Resource: gatehouse.LimitCount, Value: 1})
	createLimit(t, s, gatehouse.Limit{LimitScope: gatehouse.LimitScope{TenantID: other.ID, Zone: "z1", ObjectType: "VM"}, Resource: gatehouse.LimitDisk, Value: 1})

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLimit(ctx, gone.ID) })
	keep.TenantName = acme.Name
	checkEqual(t, "ListLimits after DeleteLimit", listLimits(t, s, acme.ID), []gatehouse.Limit{keep})
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLimit(ctx, gone.ID) })
	wantErr(t, "DeleteLimit twice", err, gatehouse.ErrNotFound)

	// The limits of a tenant go with it.
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteTenant(ctx, other.ID) })
	checkEqual(t, "ListLimits after DeleteTenant", listLimits(t, s, 0), []gatehouse.Limit{keep})
}

func testObjectUsage(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	for _, o := range []gatehouse.Object{
		{Type: "VM", ID: "a1", TenantID: acme.ID, OwnerID: alice.ID, Zone: "z1", Memory: 1024, Disk: 10, Image: "ubuntu", OS: "linux"},
		{Type: "VM", ID: "a2", TenantID: acme.ID, OwnerID: alice.ID, Zone: "z1", Memory: 512, Disk: 20, Image: "win", OS: "windows"},
		{Type: "VM", ID: "b1", TenantID: acme.ID, OwnerID: bob.ID, Zone: "z1", Memory: 256, Disk: 40, Image: "ubuntu", OS: "linux"},
		{Type: "VM", ID: "a3", TenantID: acme.ID, OwnerID: alice.ID, Zone: "z2", Memory: 2048, Disk: 80},
		{Type: "BACKUP", ID: "a4", TenantID: acme.ID, OwnerID: alice.ID, Zone: "z1", Memory: 4096},
		{Type: "VM", ID: "o1", TenantID: other.ID, OwnerID: alice.ID, Zone: "z1", Memory: 8192},
	} {
		createObject(t, s, o)
	}
	tests := []struct {
		name  string
		scope gatehouse.LimitScope
		want  gatehouse.Usage
	}{
		{"tenant, zone and type", gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM"}, gatehouse.Usage{Count: 3, Memory: 1792, Disk: 70}},
		{"one owner", gatehouse.LimitScope{TenantID: acme.ID, UserID: alice.ID, Zone: "z1", ObjectType: "VM"}, gatehouse.Usage{Count: 2, Memory: 1536, Disk: 30}},
		{"one image", gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM", Image: "ubuntu"}, gatehouse.Usage{Count: 2, Memory: 1280, Disk: 50}},
		{"one OS and owner", gatehouse.LimitScope{TenantID: acme.ID, UserID: bob.ID, Zone: "z1", ObjectType: "VM", OS: "linux"}, gatehouse.Usage{Count: 1, Memory: 256, Disk: 40}},
		{"other zone", gatehouse.LimitScope{TenantID: acme.ID, Zone: "z2", ObjectType: "VM"}, gatehouse.Usage{Count: 1, Memory: 2048, Disk: 80}},
		{"nothing", gatehouse.LimitScope{TenantID: acme.ID, Zone: "z3", ObjectType: "VM"}, gatehouse.Usage{}},
		{"zone is exact", gatehouse.LimitScope{TenantID: acme.ID, Zone: "", ObjectType: "VM"}, gatehouse.Usage{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Usage, error) {
				return tx.ObjectUsage(ctx, tt.scope)
			})
			checkEqual(t, "ObjectUsage", got, tt.want)
		})
	}
}

// testLimitHoldsUnderConcurrency runs many Updates at once that each read
// the usage of a scope and register an object only while it is below a
// cap, as a provisioning check does: exactly cap of them may succeed.
func testLimitHoldsUnderConcurrency(t *testing.T, s gatehouse.Store) {
	const (
		writers = 12
		limit   = 5
	)
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	scope := gatehouse.LimitScope{TenantID: acme.ID, Zone: "z1", ObjectType: "VM"}
	errFull := errors.New("limit reached")
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			errs <- s.Update(ctx, func(tx gatehouse.Tx) error {
				u, err := tx.ObjectUsage(ctx, scope)
				if err != nil {
					return err
				}
				if u.Count >= limit {
					return errFull
				}
				return tx.CreateObject(ctx, gatehouse.Object{Type: "VM", ID: fmt.Sprintf("vm%d", w), TenantID: acme.ID, OwnerID: alice.ID, Zone: "z1"})
			})
		})
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, errFull):
			t.Errorf("Update: %v", err)
		}
	}
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Usage, error) { return tx.ObjectUsage(ctx, scope) })
	if ok != limit || got.Count != limit {
		t.Errorf("%d registrations succeeded and %d objects exist; want %d of each", ok, got.Count, limit)
	}
}
