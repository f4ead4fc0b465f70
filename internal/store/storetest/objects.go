package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// listObjectTypes returns every registered object type.
func listObjectTypes(t *testing.T, s gatehouse.Store) []gatehouse.ObjectTypeRecord {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.ObjectTypeRecord, error) {
		return tx.ListObjectTypes(ctx)
	})
}

func testPutObjectType(t *testing.T, s gatehouse.Store) {
	if got := listObjectTypes(t, s); len(got) != 0 {
		t.Fatalf("a new store has object types: %+v", got)
	}
	backup := gatehouse.ObjectTypeRecord{Name: "BACKUP", Operations: []string{"run", "list", "delete"}, CreatedAt: t0}
	app := gatehouse.ObjectTypeRecord{Name: "APPLICATION", Operations: []string{"read"}, CreatedAt: at(time.Hour)}
	bare := gatehouse.ObjectTypeRecord{Name: "BARE"}

	tests := []struct {
		name string
		put  gatehouse.ObjectTypeRecord
		want []gatehouse.ObjectTypeRecord
	}{
		{"first", backup, []gatehouse.ObjectTypeRecord{backup}},
		{"ordered by name", app, []gatehouse.ObjectTypeRecord{app, backup}},
		{"no operations", bare, []gatehouse.ObjectTypeRecord{app, backup, bare}},
		{"replace operations, keep CreatedAt", gatehouse.ObjectTypeRecord{
			Name: "BACKUP", Operations: []string{"restore", "run"}, CreatedAt: at(2 * time.Hour),
		}, []gatehouse.ObjectTypeRecord{app, {Name: "BACKUP", Operations: []string{"restore", "run"}, CreatedAt: t0}, bare}},
		{"replace with none", gatehouse.ObjectTypeRecord{Name: "APPLICATION"}, []gatehouse.ObjectTypeRecord{
			{Name: "APPLICATION", CreatedAt: at(time.Hour)},
			{Name: "BACKUP", Operations: []string{"restore", "run"}, CreatedAt: t0},
			bare,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutObjectType(ctx, tt.put) })
			checkEqual(t, "ListObjectTypes", listObjectTypes(t, s), tt.want)
		})
	}
}

// objectByRef reads the object typ:id.
func objectByRef(t *testing.T, s gatehouse.Store, typ, id string) (gatehouse.Object, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Object, error) {
		return tx.ObjectByRef(ctx, typ, id)
	})
}

// createObject stores o.
func createObject(t *testing.T, s gatehouse.Store, o gatehouse.Object) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateObject(ctx, o) })
}

// objectRef names an object in test expectations.
type objectRef struct{ Type, ID string }

// objectRefs returns the refs of os, in order.
func objectRefs(os []gatehouse.Object) []objectRef {
	var refs []objectRef
	for _, o := range os {
		refs = append(refs, objectRef{o.Type, o.ID})
	}
	return refs
}

func testCreateObject(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")

	tests := []struct {
		name string
		o    gatehouse.Object
	}{
		{"every field", gatehouse.Object{Type: "BACKUP", ID: "b-1", Name: "nightly", CreatedAt: t0,
			Zone: "us-east-1", Memory: 2048, Disk: 1 << 40, Image: "base-64@21.4.0", OS: "smartos"}},
		{"same id, other type", gatehouse.Object{Type: "APPLICATION", ID: "b-1", Name: "app"}},
		{"zero fields", gatehouse.Object{Type: "BACKUP", ID: "b-2"}},
		{"unicode", gatehouse.Object{Type: "REPO", ID: "ёлка/1", Name: "Ünïcode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			o.TenantID, o.OwnerID = acme.ID, alice.ID
			stored := o
			stored.TenantName, stored.OwnerName = "ignored", "ignored" // filled in on read, not written
			createObject(t, s, stored)
			want := o
			want.TenantName, want.OwnerName = acme.Name, alice.Name
			got, err := objectByRef(t, s, o.Type, o.ID)
			wantErr(t, "ObjectByRef", err, nil)
			checkEqual(t, "ObjectByRef", got, want)
		})
	}
}

func testObjectErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	createObject(t, s, gatehouse.Object{Type: "BACKUP", ID: "b-1", Name: "first", TenantID: acme.ID, OwnerID: alice.ID})

	tests := []struct {
		name string
		fn   func(ctx context.Context, tx gatehouse.Tx) error
		want error
	}{
		{"CreateObject with a taken ref", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-1", Name: "second", TenantID: acme.ID, OwnerID: alice.ID})
		}, gatehouse.ErrConflict},
		{"CreateObject in an unknown tenant", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-2", TenantID: acme.ID + 100, OwnerID: alice.ID})
		}, gatehouse.ErrNotFound},
		{"CreateObject for an unknown owner", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-2", TenantID: acme.ID, OwnerID: alice.ID + 100})
		}, gatehouse.ErrNotFound},
		{"ObjectByRef unknown id", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.ObjectByRef(ctx, "BACKUP", "b-2")
			return err
		}, gatehouse.ErrNotFound},
		{"ObjectByRef unknown type", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.ObjectByRef(ctx, "APPLICATION", "b-1")
			return err
		}, gatehouse.ErrNotFound},
		{"UpdateObject unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.UpdateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-2", TenantID: acme.ID, OwnerID: alice.ID})
		}, gatehouse.ErrNotFound},
		{"UpdateObject to an unknown tenant", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.UpdateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-1", TenantID: acme.ID + 100, OwnerID: alice.ID})
		}, gatehouse.ErrNotFound},
		{"UpdateObject to an unknown owner", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.UpdateObject(ctx, gatehouse.Object{Type: "BACKUP", ID: "b-1", TenantID: acme.ID, OwnerID: alice.ID + 100})
		}, gatehouse.ErrNotFound},
		{"DeleteObject unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteObject(ctx, "BACKUP", "b-2")
		}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.name, update(t, s, tt.fn), tt.want)
		})
	}
	got, err := objectByRef(t, s, "BACKUP", "b-1")
	wantErr(t, "ObjectByRef after refused writes", err, nil)
	if got.Name != "first" || got.TenantID != acme.ID || got.OwnerID != alice.ID {
		t.Errorf("object after refused writes = %+v", got)
	}
	_, err = objectByRef(t, s, "BACKUP", "b-2")
	wantErr(t, "ObjectByRef after refused writes", err, gatehouse.ErrNotFound)
}

func testUpdateObject(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	createObject(t, s, gatehouse.Object{Type: "BACKUP", ID: "b-1", Name: "before", TenantID: acme.ID, OwnerID: alice.ID, CreatedAt: t0,
		Zone: "z1", Memory: 512, Disk: 10, Image: "img", OS: "linux"})

	changed := gatehouse.Object{
		Type: "BACKUP", ID: "b-1", Name: "after", TenantID: other.ID, OwnerID: bob.ID,
		CreatedAt: at(time.Hour), // must be ignored
		Zone:      "z2", Memory: 1024, Disk: 20, Image: "other", OS: "windows",
	}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateObject(ctx, changed) })
	want := changed
	want.CreatedAt = t0
	want.TenantName, want.OwnerName = other.Name, bob.Name
	got, err := objectByRef(t, s, "BACKUP", "b-1")
	wantErr(t, "ObjectByRef", err, nil)
	checkEqual(t, "ObjectByRef after UpdateObject", got, want)
}

func testDeleteObject(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	for _, o := range []gatehouse.Object{
		{Type: "BACKUP", ID: "x", TenantID: acme.ID, OwnerID: alice.ID},
		{Type: "APPLICATION", ID: "x", TenantID: acme.ID, OwnerID: alice.ID},
	} {
		createObject(t, s, o)
	}
	// Shares of the object to delete, of another object with the same id,
	// and of a namespace with the same id.
	for _, sh := range []gatehouse.Share{
		{ObjectType: "BACKUP", ObjectID: "x", TenantID: other.ID, Operations: []string{"run"}},
		{ObjectType: "BACKUP", ObjectID: "x", UserID: bob.ID, Operations: []string{"run"}},
		{ObjectType: "APPLICATION", ObjectID: "x", UserID: bob.ID, Operations: []string{"read"}},
		{ObjectType: "NAMESPACE", ObjectID: "x", TenantID: other.ID, Operations: []string{"read"}},
	} {
		putShare(t, s, sh)
	}

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteObject(ctx, "BACKUP", "x") })
	_, err := objectByRef(t, s, "BACKUP", "x")
	wantErr(t, "ObjectByRef after delete", err, gatehouse.ErrNotFound)
	_, err = objectByRef(t, s, "APPLICATION", "x")
	wantErr(t, "ObjectByRef of the object with the same id", err, nil)
	checkEqual(t, "shares left after DeleteObject", shareKeys(listShares(t, s, gatehouse.ShareQuery{})), []shareKey{
		{"APPLICATION", "x", 0, bob.ID},
		{"NAMESPACE", "x", other.ID, 0},
	})
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteObject(ctx, "BACKUP", "x") })
	wantErr(t, "DeleteObject twice", err, gatehouse.ErrNotFound)

	// The ref is free again, and the new object has no shares.
	createObject(t, s, gatehouse.Object{Type: "BACKUP", ID: "x", TenantID: acme.ID, OwnerID: alice.ID})
	if got := listShares(t, s, gatehouse.ShareQuery{ObjectType: "BACKUP", ObjectID: "x"}); len(got) != 0 {
		t.Errorf("a new object with a deleted object's ref has shares: %+v", got)
	}
}

func testListObjects(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	for _, o := range []gatehouse.Object{
		{Type: "BACKUP", ID: "m", TenantID: acme.ID, OwnerID: alice.ID},
		{Type: "APPLICATION", ID: "z", TenantID: other.ID, OwnerID: alice.ID},
		{Type: "BACKUP", ID: "b-2", TenantID: other.ID, OwnerID: bob.ID},
		{Type: "APPLICATION", ID: "a", TenantID: acme.ID, OwnerID: bob.ID},
		{Type: "BACKUP", ID: "b-10", TenantID: acme.ID, OwnerID: alice.ID},
	} {
		createObject(t, s, o)
	}
	appA, appZ := objectRef{"APPLICATION", "a"}, objectRef{"APPLICATION", "z"}
	b10, b2, bm := objectRef{"BACKUP", "b-10"}, objectRef{"BACKUP", "b-2"}, objectRef{"BACKUP", "m"}

	tests := []struct {
		name string
		q    gatehouse.ObjectQuery
		want []objectRef
	}{
		{"all, by type then id", gatehouse.ObjectQuery{}, []objectRef{appA, appZ, b10, b2, bm}},
		{"type", gatehouse.ObjectQuery{Type: "BACKUP"}, []objectRef{b10, b2, bm}},
		{"tenant", gatehouse.ObjectQuery{TenantID: acme.ID}, []objectRef{appA, b10, bm}},
		{"owner", gatehouse.ObjectQuery{OwnerID: alice.ID}, []objectRef{appZ, b10, bm}},
		{"type, tenant and owner", gatehouse.ObjectQuery{Type: "BACKUP", TenantID: acme.ID, OwnerID: alice.ID}, []objectRef{b10, bm}},
		{"limit", gatehouse.ObjectQuery{Limit: 2}, []objectRef{appA, appZ}},
		{"limit with a filter", gatehouse.ObjectQuery{Type: "BACKUP", Limit: 1}, []objectRef{b10}},
		{"limit above the count", gatehouse.ObjectQuery{OwnerID: bob.ID, Limit: 10}, []objectRef{appA, b2}},
		{"unknown type", gatehouse.ObjectQuery{Type: "backup"}, nil},
		{"unknown tenant", gatehouse.ObjectQuery{TenantID: other.ID + 100}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Object, error) {
				return tx.ListObjects(ctx, tt.q)
			})
			checkEqual(t, "ListObjects", objectRefs(got), tt.want)
			for _, o := range got {
				if o.TenantName == "" || o.OwnerName == "" {
					t.Errorf("ListObjects returned %+v without names", o)
				}
			}
		})
	}
}

// testObjectOfRemovedUser checks that removing a user (a soft delete) keeps
// the objects they own, with their name.
func testObjectOfRemovedUser(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	createObject(t, s, gatehouse.Object{Type: "BACKUP", ID: "b-1", TenantID: acme.ID, OwnerID: alice.ID})
	alice.Deleted = true
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateUser(ctx, alice) })

	got, err := objectByRef(t, s, "BACKUP", "b-1")
	wantErr(t, "ObjectByRef", err, nil)
	if got.OwnerID != alice.ID || got.OwnerName != alice.Name {
		t.Errorf("object of a removed user = %+v, want owner %d (%s)", got, alice.ID, alice.Name)
	}
	list := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Object, error) {
		return tx.ListObjects(ctx, gatehouse.ObjectQuery{OwnerID: alice.ID})
	})
	checkEqual(t, "ListObjects of a removed user", objectRefs(list), []objectRef{{"BACKUP", "b-1"}})
}
