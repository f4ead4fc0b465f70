package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// membership reads the membership of u in tn.
func membership(t *testing.T, s gatehouse.Store, u gatehouse.UserID, tn gatehouse.TenantID) (gatehouse.Membership, error) {
	t.Helper()
	return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Membership, error) {
		return tx.Membership(ctx, u, tn)
	})
}

// memberKey names a membership in test expectations.
type memberKey struct {
	User   gatehouse.UserID
	Tenant gatehouse.TenantID
}

// memberKeys returns the keys of ms, in order.
func memberKeys(ms []gatehouse.Membership) []memberKey {
	var keys []memberKey
	for _, m := range ms {
		keys = append(keys, memberKey{m.UserID, m.TenantID})
	}
	return keys
}

func testAddMembership(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")

	tests := []struct {
		name string
		m    gatehouse.Membership
	}{
		{"capabilities keep their order", gatehouse.Membership{
			Role: gatehouse.RoleTenantadmin, Capabilities: []string{"zeta", "alpha", "mu", "alpha2"},
			Namespace: "t001-u000001", CreatedAt: t0,
		}},
		{"no capabilities", gatehouse.Membership{Role: gatehouse.RoleUser}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			m.UserID, m.TenantID = alice.ID, acme.ID
			m.UserName, m.TenantName = "ignored", "ignored" // filled in on read, not written
			mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddMembership(ctx, m) })
			defer mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, alice.ID, acme.ID) })

			want := m
			want.UserName, want.TenantName = alice.Name, acme.Name
			got, err := membership(t, s, alice.ID, acme.ID)
			wantErr(t, "Membership", err, nil)
			checkEqual(t, "Membership", got, want)
		})
	}
}

func testAddMembershipErrors(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	addMember(t, s, alice.ID, acme.ID, gatehouse.RoleUser, "a")

	tests := []struct {
		name string
		m    gatehouse.Membership
		want error
	}{
		{"twice", gatehouse.Membership{UserID: alice.ID, TenantID: acme.ID, Role: gatehouse.RoleSuperadmin}, gatehouse.ErrConflict},
		{"unknown user", gatehouse.Membership{UserID: alice.ID + 100, TenantID: acme.ID, Role: gatehouse.RoleUser}, gatehouse.ErrNotFound},
		{"unknown tenant", gatehouse.Membership{UserID: alice.ID, TenantID: acme.ID + 100, Role: gatehouse.RoleUser}, gatehouse.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddMembership(ctx, tt.m) })
			wantErr(t, "AddMembership", err, tt.want)
		})
	}
	// The first membership is unchanged.
	got, err := membership(t, s, alice.ID, acme.ID)
	wantErr(t, "Membership", err, nil)
	if got.Role != gatehouse.RoleUser {
		t.Errorf("role after a refused AddMembership = %s, want %s", got.Role, gatehouse.RoleUser)
	}
}

func testUpdateMembership(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	acme := createTenant(t, s, "acme")
	addMember(t, s, alice.ID, acme.ID, gatehouse.RoleUser, "a", "b")

	changed := gatehouse.Membership{
		UserID: alice.ID, TenantID: acme.ID, Role: gatehouse.RoleSuperadmin,
		Capabilities: []string{"c", "a"}, Namespace: "ns-1",
		CreatedAt: at(time.Hour), // must be ignored
	}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateMembership(ctx, changed) })
	want := changed
	want.CreatedAt = t0
	want.UserName, want.TenantName = alice.Name, acme.Name
	got, err := membership(t, s, alice.ID, acme.ID)
	wantErr(t, "Membership", err, nil)
	checkEqual(t, "Membership after UpdateMembership", got, want)

	changed.Capabilities = nil
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateMembership(ctx, changed) })
	got, err = membership(t, s, alice.ID, acme.ID)
	wantErr(t, "Membership", err, nil)
	if len(got.Capabilities) != 0 {
		t.Errorf("capabilities after clearing = %q, want none", got.Capabilities)
	}

	for _, m := range []gatehouse.Membership{
		{UserID: alice.ID, TenantID: acme.ID + 100, Role: gatehouse.RoleUser},
		{UserID: alice.ID + 100, TenantID: acme.ID, Role: gatehouse.RoleUser},
	} {
		err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateMembership(ctx, m) })
		wantErr(t, "UpdateMembership of no membership", err, gatehouse.ErrNotFound)
	}
}

func testRemoveMembership(t *testing.T, s gatehouse.Store) {
	alice := createUser(t, s, newUser("alice"))
	bob := createUser(t, s, newUser("bob"))
	acme := createTenant(t, s, "acme")
	addMember(t, s, alice.ID, acme.ID, gatehouse.RoleUser)
	addMember(t, s, bob.ID, acme.ID, gatehouse.RoleUser)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, alice.ID, acme.ID) })
	_, err := membership(t, s, alice.ID, acme.ID)
	wantErr(t, "Membership after RemoveMembership", err, gatehouse.ErrNotFound)
	_, err = membership(t, s, bob.ID, acme.ID)
	wantErr(t, "Membership of the other member", err, nil)

	tests := []struct {
		name   string
		user   gatehouse.UserID
		tenant gatehouse.TenantID
	}{
		{"removed", alice.ID, acme.ID},
		{"unknown user", bob.ID + 100, acme.ID},
		{"unknown tenant", bob.ID, acme.ID + 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.RemoveMembership(ctx, tt.user, tt.tenant) })
			wantErr(t, "RemoveMembership", err, gatehouse.ErrNotFound)
			_, err = membership(t, s, tt.user, tt.tenant)
			wantErr(t, "Membership", err, gatehouse.ErrNotFound)
		})
	}
}

// membershipFixture creates three users and three tenants with memberships
// added out of order, and returns the users and tenants.
func membershipFixture(t *testing.T, s gatehouse.Store) ([]gatehouse.User, []gatehouse.Tenant) {
	t.Helper()
	var users []gatehouse.User
	for _, name := range []string{"u1", "u2", "u3"} {
		users = append(users, createUser(t, s, newUser(name)))
	}
	var tenants []gatehouse.Tenant
	for _, name := range []gatehouse.TenantName{"t1", "t2", "t3"} {
		tenants = append(tenants, createTenant(t, s, name))
	}
	for _, p := range [][2]int{{2, 1}, {0, 2}, {2, 0}, {0, 0}, {1, 2}, {2, 2}} {
		addMember(t, s, users[p[0]].ID, tenants[p[1]].ID, gatehouse.RoleUser, "cap-"+string(tenants[p[1]].Name))
	}
	return users, tenants
}

func testMembershipsOfUsers(t *testing.T, s gatehouse.Store) {
	users, tenants := membershipFixture(t, s)
	u := func(i int) gatehouse.UserID { return users[i].ID }
	tn := func(i int) gatehouse.TenantID { return tenants[i].ID }

	tests := []struct {
		name  string
		users []gatehouse.UserID
		want  []memberKey
	}{
		{"all, ordered by user then tenant", []gatehouse.UserID{u(2), u(0), u(1)}, []memberKey{
			{u(0), tn(0)}, {u(0), tn(2)}, {u(1), tn(2)}, {u(2), tn(0)}, {u(2), tn(1)}, {u(2), tn(2)},
		}},
		{"one", []gatehouse.UserID{u(1)}, []memberKey{{u(1), tn(2)}}},
		{"unknown ids are ignored", []gatehouse.UserID{u(2) + 100, u(1)}, []memberKey{{u(1), tn(2)}}},
		{"duplicates", []gatehouse.UserID{u(1), u(1)}, []memberKey{{u(1), tn(2)}}},
		{"none", []gatehouse.UserID{}, nil},
		{"nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Membership, error) {
				return tx.MembershipsOfUsers(ctx, tt.users)
			})
			checkEqual(t, "MembershipsOfUsers", memberKeys(got), tt.want)
		})
	}

	// Listed memberships carry every field.
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Membership, error) {
		return tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u(1)})
	})
	want := []gatehouse.Membership{{
		UserID: u(1), TenantID: tn(2), UserName: "u2", TenantName: "t3",
		Role: gatehouse.RoleUser, Capabilities: []string{"cap-t3"}, CreatedAt: t0,
	}}
	checkEqual(t, "MembershipsOfUsers", got, want)
}

func testMembershipsOfTenant(t *testing.T, s gatehouse.Store) {
	users, tenants := membershipFixture(t, s)
	empty := createTenant(t, s, "empty")
	u := func(i int) gatehouse.UserID { return users[i].ID }
	tn := func(i int) gatehouse.TenantID { return tenants[i].ID }

	tests := []struct {
		name   string
		tenant gatehouse.TenantID
		want   []memberKey
	}{
		{"ordered by user", tn(2), []memberKey{{u(0), tn(2)}, {u(1), tn(2)}, {u(2), tn(2)}}},
		{"two", tn(0), []memberKey{{u(0), tn(0)}, {u(2), tn(0)}}},
		{"one", tn(1), []memberKey{{u(2), tn(1)}}},
		{"no members", empty.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Membership, error) {
				return tx.MembershipsOfTenant(ctx, tt.tenant)
			})
			checkEqual(t, "MembershipsOfTenant", memberKeys(got), tt.want)
			for _, m := range got {
				if m.TenantName == "" || m.UserName == "" {
					t.Errorf("MembershipsOfTenant returned %+v without names", m)
				}
			}
		})
	}
}
