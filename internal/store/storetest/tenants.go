package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// tenantByID reads the tenant with id.
func tenantByID(t *testing.T, s gatehouse.Store, id gatehouse.TenantID) (gatehouse.Tenant, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Tenant, error) { return tx.TenantByID(ctx, id) })
}

// listTenants returns every tenant.
func listTenants(t *testing.T, s gatehouse.Store) []gatehouse.Tenant {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Tenant, error) { return tx.ListTenants(ctx) })
}

func testCreateTenant(t *testing.T, s gatehouse.Store) {
	if got := listTenants(t, s); len(got) != 0 {
		t.Fatalf("a new store has tenants: %+v", got)
	}
	var created []gatehouse.Tenant
	for _, tn := range []gatehouse.Tenant{
		{Name: gatehouse.AdministratorsTenant, Description: "superadmins", CreatedAt: t0, UpdatedAt: at(time.Second)},
		{Name: "acme"},
		{Name: "Acme-2", Description: "Ünïcode"},
	} {
		want := tn
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateTenant(ctx, &tn) })
		if len(created) > 0 && tn.ID <= created[len(created)-1].ID {
			t.Errorf("CreateTenant(%s) set ID %d, want more than %d", tn.Name, tn.ID, created[len(created)-1].ID)
		}
		want.ID = tn.ID
		created = append(created, want)

		got, err := tenantByID(t, s, tn.ID)
		wantErr(t, "TenantByID", err, nil)
		checkEqual(t, "TenantByID", got, want)
		got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Tenant, error) {
			return tx.TenantByName(ctx, tn.Name)
		})
		wantErr(t, "TenantByName", err, nil)
		checkEqual(t, "TenantByName", got, want)
	}
	checkEqual(t, "ListTenants", listTenants(t, s), created)
}

func testTenantErrors(t *testing.T, s gatehouse.Store) {
	acme := createTenant(t, s, "acme")
	tests := []struct {
		name string
		fn   func(ctx context.Context, tx gatehouse.Tx) error
		want error
	}{
		{"CreateTenant with a taken name", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateTenant(ctx, &gatehouse.Tenant{Name: "acme"})
		}, gatehouse.ErrConflict},
		{"TenantByID unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.TenantByID(ctx, acme.ID+100)
			return err
		}, gatehouse.ErrNotFound},
		{"TenantByName unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.TenantByName(ctx, "acm")
			return err
		}, gatehouse.ErrNotFound},
		{"UpdateTenant unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.UpdateTenant(ctx, gatehouse.Tenant{ID: acme.ID + 100, Name: "other"})
		}, gatehouse.ErrNotFound},
		{"DeleteTenant unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteTenant(ctx, acme.ID+100)
		}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.name, update(t, s, tt.fn), tt.want)
		})
	}
	checkEqual(t, "ListTenants", listTenants(t, s), []gatehouse.Tenant{acme})
}

func testUpdateTenant(t *testing.T, s gatehouse.Store) {
	acme := createTenant(t, s, "acme")
	createTenant(t, s, "other")

	changed := acme
	changed.Name, changed.Description = "acme-corp", "renamed"
	changed.UpdatedAt = at(time.Hour)
	changed.CreatedAt = at(2 * time.Hour) // must be ignored
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateTenant(ctx, changed) })

	want := changed
	want.CreatedAt = acme.CreatedAt
	got, err := tenantByID(t, s, acme.ID)
	wantErr(t, "TenantByID", err, nil)
	checkEqual(t, "TenantByID after UpdateTenant", got, want)
	_, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Tenant, error) {
		return tx.TenantByName(ctx, "acme")
	})
	wantErr(t, "TenantByName of the old name", err, gatehouse.ErrNotFound)

	changed.Name = "other"
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateTenant(ctx, changed) })
	wantErr(t, "UpdateTenant to a taken name", err, gatehouse.ErrConflict)
}

func testDeleteTenant(t *testing.T, s gatehouse.Store) {
	a := createTenant(t, s, "a")
	b := createTenant(t, s, "b")
	c := createTenant(t, s, "c")
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteTenant(ctx, c.ID) })
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteTenant(ctx, a.ID) })

	_, err := tenantByID(t, s, a.ID)
	wantErr(t, "TenantByID of a deleted tenant", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteTenant(ctx, a.ID) })
	wantErr(t, "DeleteTenant twice", err, gatehouse.ErrNotFound)

	// Ids are never reused, not even the highest one after it was deleted.
	d := createTenant(t, s, "c")
	if d.ID <= c.ID {
		t.Errorf("tenant created after deleting tenant %d got id %d", c.ID, d.ID)
	}
	got := listTenants(t, s)
	if ids := tenantIDs(got); !slices.Equal(ids, []gatehouse.TenantID{b.ID, d.ID}) {
		t.Errorf("ListTenants = %v, want %v", ids, []gatehouse.TenantID{b.ID, d.ID})
	}
}

// tenantIDs returns the ids of ts.
func tenantIDs(ts []gatehouse.Tenant) []gatehouse.TenantID {
	var ids []gatehouse.TenantID
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return ids
}

func testDeleteTenantInUse(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	members := createTenant(t, s, "members")
	spaces := createTenant(t, s, "spaces")
	other := createTenant(t, s, "other")
	addMember(t, s, alice.ID, members.ID, gatehouse.RoleUser)
	addMember(t, s, bob.ID, members.ID, gatehouse.RoleTenantadmin)
	ns := gatehouse.Namespace{Name: "ns-1", TenantID: spaces.ID, OwnerID: alice.ID, CreatedAt: t0}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateNamespace(ctx, ns) })
	objects := createTenant(t, s, "objects")
	obj := gatehouse.Object{Type: "BACKUP", ID: "b-1", TenantID: objects.ID, OwnerID: alice.ID}
	createObject(t, s, obj)
	shared := createTenant(t, s, "shared")
	putShare(t, s, gatehouse.Share{ObjectType: "NAMESPACE", ObjectID: "ns-1", TenantID: shared.ID, Operations: []string{"read"}})
	keys := createTenant(t, s, "keys")
	createAPIKey(t, s, gatehouse.APIKey{ID: "gh_k1", UserID: bob.ID, TenantID: keys.ID, Hash: hash(1)})

	tests := []struct {
		name    string
		prepare func(ctx context.Context, tx gatehouse.Tx) error
		tenant  gatehouse.TenantID
		want    error
	}{
		{"with members", nil, members.ID, gatehouse.ErrConflict},
		{"with one member left", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.RemoveMembership(ctx, alice.ID, members.ID)
		}, members.ID, gatehouse.ErrConflict},
		{"with a namespace", nil, spaces.ID, gatehouse.ErrConflict},
		{"members gone", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.RemoveMembership(ctx, bob.ID, members.ID)
		}, members.ID, nil},
		{"namespace moved away", func(ctx context.Context, tx gatehouse.Tx) error {
			ns.TenantID = other.ID
			return tx.UpdateNamespace(ctx, ns)
		}, spaces.ID, nil},
		{"with an object", nil, objects.ID, gatehouse.ErrConflict},
		{"with a share", nil, shared.ID, gatehouse.ErrConflict},
		{"with an API key", nil, keys.ID, gatehouse.ErrConflict},
		{"object moved away", func(ctx context.Context, tx gatehouse.Tx) error {
			obj.TenantID = other.ID
			return tx.UpdateObject(ctx, obj)
		}, objects.ID, nil},
		{"share deleted", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteShare(ctx, "NAMESPACE", "ns-1", shared.ID, 0)
		}, shared.ID, nil},
		{"API key deleted", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteAPIKey(ctx, "gh_k1")
		}, keys.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.prepare != nil {
				mustUpdate(t, s, tt.prepare)
			}
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteTenant(ctx, tt.tenant) })
			wantErr(t, "DeleteTenant", err, tt.want)
			_, err = tenantByID(t, s, tt.tenant)
			if tt.want != nil {
				wantErr(t, "TenantByID after a refused delete", err, nil)
			} else {
				wantErr(t, "TenantByID after delete", err, gatehouse.ErrNotFound)
			}
		})
	}
}

func testTenantAccountOwner(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	addMember(t, s, alice.ID, acme.ID, gatehouse.RoleTenantadmin)
	addMember(t, s, bob.ID, acme.ID, gatehouse.RoleUser)
	addMember(t, s, bob.ID, other.ID, gatehouse.RoleUser)
	setOwner := func(tn gatehouse.Tenant, u gatehouse.UserID) error {
		tn.AccountOwner = u
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateTenant(ctx, tn) })
	}
	owned := func(tn gatehouse.Tenant, u gatehouse.User) gatehouse.Tenant {
		tn.AccountOwner, tn.AccountOwnerName = u.ID, u.Name
		return tn
	}

	wantErr(t, "UpdateTenant with an account owner", setOwner(acme, alice.ID), nil)
	wantErr(t, "UpdateTenant with an account owner", setOwner(other, bob.ID), nil)
	got, err := tenantByID(t, s, acme.ID)
	wantErr(t, "TenantByID", err, nil)
	checkEqual(t, "TenantByID with an account owner", got, owned(acme, alice))
	got, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Tenant, error) {
		return tx.TenantByName(ctx, "acme")
	})
	wantErr(t, "TenantByName", err, nil)
	checkEqual(t, "TenantByName with an account owner", got, owned(acme, alice))
	checkEqual(t, "ListTenants with account owners", listTenants(t, s), []gatehouse.Tenant{owned(acme, alice), owned(other, bob)})

	wantErr(t, "UpdateTenant with an unknown account owner", setOwner(acme, bob.ID+100), gatehouse.ErrNotFound)
	got, _ = tenantByID(t, s, acme.ID)
	checkEqual(t, "TenantByID after a refused update", got, owned(acme, alice))

	// The owner stays while another member leaves, and goes when its
	// membership of that tenant ends; other tenants keep theirs.
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, bob.ID, acme.ID) })
	got, _ = tenantByID(t, s, acme.ID)
	checkEqual(t, "TenantByID after another member left", got, owned(acme, alice))
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, alice.ID, acme.ID) })
	got, _ = tenantByID(t, s, acme.ID)
	checkEqual(t, "TenantByID after the account owner left", got, acme)
	got, _ = tenantByID(t, s, other.ID)
	checkEqual(t, "TenantByID of another tenant", got, owned(other, bob))

	wantErr(t, "UpdateTenant clearing the account owner", setOwner(other, 0), nil)
	got, _ = tenantByID(t, s, other.ID)
	checkEqual(t, "TenantByID after clearing the account owner", got, other)
}
