package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// putShare stores sh.
func putShare(t *testing.T, s gatehouse.Store, sh gatehouse.Share) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutShare(ctx, sh) })
}

// listShares returns the shares q selects.
func listShares(t *testing.T, s gatehouse.Store, q gatehouse.ShareQuery) []gatehouse.Share {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Share, error) {
		return tx.ListShares(ctx, q)
	})
}

// shareKey names a share in test expectations.
type shareKey struct {
	Type, ID string
	Tenant   gatehouse.TenantID
	User     gatehouse.UserID
}

// shareKeys returns the keys of ss, in order.
func shareKeys(ss []gatehouse.Share) []shareKey {
	var keys []shareKey
	for _, sh := range ss {
		keys = append(keys, shareKey{sh.ObjectType, sh.ObjectID, sh.TenantID, sh.UserID})
	}
	return keys
}

func testPutShare(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	createObject(t, s, gatehouse.Object{Type: "BACKUP", ID: "b-1", TenantID: acme.ID, OwnerID: alice.ID})

	tenantShare := gatehouse.Share{
		ObjectType: "BACKUP", ObjectID: "b-1", TenantID: acme.ID,
		Operations: []string{"run", "list"}, CreatedBy: alice.ID, CreatedAt: t0,
	}
	userShare := gatehouse.Share{
		ObjectType: "BACKUP", ObjectID: "b-1", UserID: bob.ID,
		Operations: []string{"list"}, CreatedBy: alice.ID, CreatedAt: at(time.Minute),
	}
	named := func(sh gatehouse.Share) gatehouse.Share {
		if sh.TenantID != 0 {
			sh.TenantName = acme.Name
		} else {
			sh.UserName = bob.Name
		}
		return sh
	}
	withOps := func(sh gatehouse.Share, ops ...string) gatehouse.Share {
		sh.Operations = ops
		return sh
	}

	tests := []struct {
		name string
		put  gatehouse.Share
		want []gatehouse.Share
	}{
		{"tenant share", tenantShare, []gatehouse.Share{named(tenantShare)}},
		{"user share", userShare, []gatehouse.Share{named(tenantShare), named(userShare)}},
		{"replace operations only", gatehouse.Share{
			ObjectType: "BACKUP", ObjectID: "b-1", TenantID: acme.ID,
			Operations: []string{"delete", "run"}, CreatedBy: bob.ID, CreatedAt: at(time.Hour),
		}, []gatehouse.Share{named(withOps(tenantShare, "delete", "run")), named(userShare)}},
		{"replace with no operations", gatehouse.Share{
			ObjectType: "BACKUP", ObjectID: "b-1", UserID: bob.ID,
		}, []gatehouse.Share{named(withOps(tenantShare, "delete", "run")), named(withOps(userShare))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put := tt.put
			put.TenantName, put.UserName = "ignored", "ignored" // filled in on read, not written
			putShare(t, s, put)
			checkEqual(t, "ListShares", listShares(t, s, gatehouse.ShareQuery{}), tt.want)
		})
	}

	// The object need not be in the objects table: namespaces are kept
	// in their own, and a share may even come before its object.
	ns := gatehouse.Share{ObjectType: "NAMESPACE", ObjectID: "t001-u000001", UserID: bob.ID, Operations: []string{"read"}}
	putShare(t, s, ns)
	checkEqual(t, "ListShares of a namespace", listShares(t, s, gatehouse.ShareQuery{ObjectType: "NAMESPACE"}),
		[]gatehouse.Share{named(ns)})
}

func testPutShareErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")

	tests := []struct {
		name string
		sh   gatehouse.Share
		want error
	}{
		{"neither tenant nor user", gatehouse.Share{ObjectType: "BACKUP", ObjectID: "b-1"}, gatehouse.ErrInvalid},
		{"both tenant and user", gatehouse.Share{ObjectType: "BACKUP", ObjectID: "b-1", TenantID: acme.ID, UserID: alice.ID}, gatehouse.ErrInvalid},
		{"unknown tenant", gatehouse.Share{ObjectType: "BACKUP", ObjectID: "b-1", TenantID: acme.ID + 100}, gatehouse.ErrNotFound},
		{"unknown user", gatehouse.Share{ObjectType: "BACKUP", ObjectID: "b-1", UserID: alice.ID + 100}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutShare(ctx, tt.sh) })
			wantErr(t, "PutShare", err, tt.want)
		})
	}
	if got := listShares(t, s, gatehouse.ShareQuery{}); len(got) != 0 {
		t.Errorf("refused PutShare calls left shares: %+v", got)
	}
}

func testDeleteShare(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	for _, sh := range []gatehouse.Share{
		{ObjectType: "BACKUP", ObjectID: "b-1", TenantID: acme.ID},
		{ObjectType: "BACKUP", ObjectID: "b-1", UserID: alice.ID},
		{ObjectType: "BACKUP", ObjectID: "b-2", TenantID: acme.ID},
	} {
		putShare(t, s, sh)
	}

	tests := []struct {
		name   string
		typ    string
		id     string
		tenant gatehouse.TenantID
		user   gatehouse.UserID
		want   error
		left   []shareKey
	}{
		{"tenant share", "BACKUP", "b-1", acme.ID, 0, nil, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"twice", "BACKUP", "b-1", acme.ID, 0, gatehouse.ErrNotFound, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"both tenant and user", "BACKUP", "b-2", acme.ID, alice.ID, gatehouse.ErrNotFound, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"neither tenant nor user", "BACKUP", "b-2", 0, 0, gatehouse.ErrNotFound, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"user instead of tenant", "BACKUP", "b-2", 0, alice.ID, gatehouse.ErrNotFound, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"other type", "APPLICATION", "b-1", 0, alice.ID, gatehouse.ErrNotFound, []shareKey{
			{"BACKUP", "b-1", 0, alice.ID}, {"BACKUP", "b-2", acme.ID, 0},
		}},
		{"user share", "BACKUP", "b-1", 0, alice.ID, nil, []shareKey{{"BACKUP", "b-2", acme.ID, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
				return tx.DeleteShare(ctx, tt.typ, tt.id, tt.tenant, tt.user)
			})
			wantErr(t, "DeleteShare", err, tt.want)
			checkEqual(t, "shares left", shareKeys(listShares(t, s, gatehouse.ShareQuery{})), tt.left)
		})
	}
}

func testListShares(t *testing.T, s gatehouse.Store) {
	u1 := createUser(t, s, newUser("u1"))
	u2 := createUser(t, s, newUser("u2"))
	t1 := createTenant(t, s, "t1")
	t2 := createTenant(t, s, "t2")
	// Put out of order; user ids and tenant ids overlap in value.
	for _, k := range []shareKey{
		{"BACKUP", "b", 0, u2.ID},
		{"BACKUP", "b", t2.ID, 0},
		{"APPLICATION", "z", 0, u1.ID},
		{"BACKUP", "b", 0, u1.ID},
		{"BACKUP", "a", 0, u2.ID},
		{"BACKUP", "b", t1.ID, 0},
		{"APPLICATION", "z", t2.ID, 0},
		{"NAMESPACE", "a", t1.ID, 0},
	} {
		putShare(t, s, gatehouse.Share{ObjectType: k.Type, ObjectID: k.ID, TenantID: k.Tenant, UserID: k.User, Operations: []string{"read"}})
	}

	tests := []struct {
		name string
		q    gatehouse.ShareQuery
		want []shareKey
	}{
		{"all: by type, id, tenant shares first", gatehouse.ShareQuery{}, []shareKey{
			{"APPLICATION", "z", t2.ID, 0}, {"APPLICATION", "z", 0, u1.ID},
			{"BACKUP", "a", 0, u2.ID},
			{"BACKUP", "b", t1.ID, 0}, {"BACKUP", "b", t2.ID, 0}, {"BACKUP", "b", 0, u1.ID}, {"BACKUP", "b", 0, u2.ID},
			{"NAMESPACE", "a", t1.ID, 0},
		}},
		{"object", gatehouse.ShareQuery{ObjectType: "BACKUP", ObjectID: "b"}, []shareKey{
			{"BACKUP", "b", t1.ID, 0}, {"BACKUP", "b", t2.ID, 0}, {"BACKUP", "b", 0, u1.ID}, {"BACKUP", "b", 0, u2.ID},
		}},
		{"type", gatehouse.ShareQuery{ObjectType: "APPLICATION"}, []shareKey{
			{"APPLICATION", "z", t2.ID, 0}, {"APPLICATION", "z", 0, u1.ID},
		}},
		{"id across types", gatehouse.ShareQuery{ObjectID: "a"}, []shareKey{
			{"BACKUP", "a", 0, u2.ID}, {"NAMESPACE", "a", t1.ID, 0},
		}},
		{"tenant", gatehouse.ShareQuery{TenantID: t2.ID}, []shareKey{
			{"APPLICATION", "z", t2.ID, 0}, {"BACKUP", "b", t2.ID, 0},
		}},
		{"user", gatehouse.ShareQuery{UserID: u2.ID}, []shareKey{
			{"BACKUP", "a", 0, u2.ID}, {"BACKUP", "b", 0, u2.ID},
		}},
		{"type and user", gatehouse.ShareQuery{ObjectType: "BACKUP", UserID: u1.ID}, []shareKey{{"BACKUP", "b", 0, u1.ID}}},
		{"tenant and user select nothing", gatehouse.ShareQuery{TenantID: t1.ID, UserID: u1.ID}, nil},
		{"unknown object", gatehouse.ShareQuery{ObjectType: "BACKUP", ObjectID: "c"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := listShares(t, s, tt.q)
			checkEqual(t, "ListShares", shareKeys(got), tt.want)
			for _, sh := range got {
				if (sh.TenantID != 0) != (sh.TenantName != "") || (sh.UserID != 0) != (sh.UserName != "") {
					t.Errorf("ListShares returned %+v with the wrong names", sh)
				}
			}
		})
	}
}

func testDeleteNamespaceDeletesShares(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	ns := gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID, CreatedAt: t0}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateNamespace(ctx, ns) })
	putShare(t, s, gatehouse.Share{ObjectType: "NAMESPACE", ObjectID: "ns-1", UserID: bob.ID, Operations: []string{"view"}, CreatedBy: alice.ID, CreatedAt: t0})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteNamespace(ctx, "ns-1") })
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateNamespace(ctx, ns) })
	if got := listShares(t, s, gatehouse.ShareQuery{ObjectType: "NAMESPACE", ObjectID: "ns-1"}); len(got) != 0 {
		t.Fatalf("a namespace made again with the same name has the old shares: %+v", got)
	}
}
