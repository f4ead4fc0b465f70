package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// namespaceByName reads the namespace named name.
func namespaceByName(t *testing.T, s gatehouse.Store, name gatehouse.NamespaceName) (gatehouse.Namespace, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Namespace, error) {
		return tx.NamespaceByName(ctx, name)
	})
}

// createNamespace stores ns.
func createNamespace(t *testing.T, s gatehouse.Store, ns gatehouse.Namespace) {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateNamespace(ctx, ns) })
}

func testCreateNamespace(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")

	for _, ns := range []gatehouse.Namespace{
		{Name: gatehouse.PrimaryNamespace(acme.ID, alice.ID), TenantID: acme.ID, OwnerID: alice.ID, Primary: true, CreatedAt: t0},
		{Name: "scratch", TenantID: acme.ID, OwnerID: alice.ID},
	} {
		stored := ns
		stored.TenantName, stored.OwnerName = "ignored", "ignored" // filled in on read, not written
		createNamespace(t, s, stored)
		want := ns
		want.TenantName, want.OwnerName = acme.Name, alice.Name
		got, err := namespaceByName(t, s, ns.Name)
		wantErr(t, "NamespaceByName", err, nil)
		checkEqual(t, "NamespaceByName", got, want)
	}
}

func testNamespaceErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	createNamespace(t, s, gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID})

	tests := []struct {
		name string
		fn   func(ctx context.Context, tx gatehouse.Tx) error
		want error
	}{
		{"CreateNamespace with a taken name", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateNamespace(ctx, gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID})
		}, gatehouse.ErrConflict},
		{"CreateNamespace in an unknown tenant", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateNamespace(ctx, gatehouse.Namespace{Name: "ns-2", TenantID: acme.ID + 100, OwnerID: alice.ID})
		}, gatehouse.ErrNotFound},
		{"CreateNamespace for an unknown owner", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.CreateNamespace(ctx, gatehouse.Namespace{Name: "ns-2", TenantID: acme.ID, OwnerID: alice.ID + 100})
		}, gatehouse.ErrNotFound},
		{"NamespaceByName unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			_, err := tx.NamespaceByName(ctx, "ns-2")
			return err
		}, gatehouse.ErrNotFound},
		{"UpdateNamespace unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.UpdateNamespace(ctx, gatehouse.Namespace{Name: "ns-2", TenantID: acme.ID, OwnerID: alice.ID})
		}, gatehouse.ErrNotFound},
		{"DeleteNamespace unknown", func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.DeleteNamespace(ctx, "ns-2")
		}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.name, update(t, s, tt.fn), tt.want)
		})
	}
	_, err := namespaceByName(t, s, "ns-2")
	wantErr(t, "NamespaceByName after refused writes", err, gatehouse.ErrNotFound)
}

func testUpdateNamespace(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	createNamespace(t, s, gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID, CreatedAt: t0})

	changed := gatehouse.Namespace{
		Name: "ns-1", TenantID: other.ID, OwnerID: bob.ID, Primary: true,
		CreatedAt: at(time.Hour), // must be ignored
	}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateNamespace(ctx, changed) })
	want := changed
	want.CreatedAt = t0
	want.TenantName, want.OwnerName = other.Name, bob.Name
	got, err := namespaceByName(t, s, "ns-1")
	wantErr(t, "NamespaceByName", err, nil)
	checkEqual(t, "NamespaceByName after UpdateNamespace", got, want)
}

func testDeleteNamespace(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	createNamespace(t, s, gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID})
	createNamespace(t, s, gatehouse.Namespace{Name: "ns-2", TenantID: acme.ID, OwnerID: alice.ID})

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteNamespace(ctx, "ns-1") })
	_, err := namespaceByName(t, s, "ns-1")
	wantErr(t, "NamespaceByName after delete", err, gatehouse.ErrNotFound)
	_, err = namespaceByName(t, s, "ns-2")
	wantErr(t, "NamespaceByName of the other namespace", err, nil)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteNamespace(ctx, "ns-1") })
	wantErr(t, "DeleteNamespace twice", err, gatehouse.ErrNotFound)

	// The name is free again.
	createNamespace(t, s, gatehouse.Namespace{Name: "ns-1", TenantID: acme.ID, OwnerID: alice.ID})
}

func testListNamespaces(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	other := createTenant(t, s, "other")
	for _, ns := range []gatehouse.Namespace{
		{Name: "m", TenantID: acme.ID, OwnerID: alice.ID},
		{Name: "b-2", TenantID: other.ID, OwnerID: alice.ID},
		{Name: "z", TenantID: other.ID, OwnerID: bob.ID},
		{Name: "a", TenantID: acme.ID, OwnerID: bob.ID, Primary: true},
		{Name: "b-10", TenantID: acme.ID, OwnerID: alice.ID},
	} {
		createNamespace(t, s, ns)
	}

	tests := []struct {
		name string
		q    gatehouse.NamespaceQuery
		want []gatehouse.NamespaceName
	}{
		{"all, by name", gatehouse.NamespaceQuery{}, []gatehouse.NamespaceName{"a", "b-10", "b-2", "m", "z"}},
		{"tenant", gatehouse.NamespaceQuery{TenantID: acme.ID}, []gatehouse.NamespaceName{"a", "b-10", "m"}},
		{"owner", gatehouse.NamespaceQuery{OwnerID: alice.ID}, []gatehouse.NamespaceName{"b-10", "b-2", "m"}},
		{"tenant and owner", gatehouse.NamespaceQuery{TenantID: other.ID, OwnerID: bob.ID}, []gatehouse.NamespaceName{"z"}},
		{"no match", gatehouse.NamespaceQuery{TenantID: other.ID + 100}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Namespace, error) {
				return tx.ListNamespaces(ctx, tt.q)
			})
			var names []gatehouse.NamespaceName
			for _, ns := range got {
				names = append(names, ns.Name)
				if ns.TenantName == "" || ns.OwnerName == "" {
					t.Errorf("ListNamespaces returned %+v without names", ns)
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("ListNamespaces(%+v) = %v, want %v", tt.q, names, tt.want)
			}
		})
	}
}
