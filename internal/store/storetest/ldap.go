package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func newLDAPServer(name string) gatehouse.LDAPServer {
	return gatehouse.LDAPServer{Name: name, Type: "OPEN_LDAP", Host: "ldap.example.org", Port: 636, Security: "tls",
		CACert: "-----BEGIN CERTIFICATE-----", BindDN: "cn=reader,dc=example,dc=org", BindPassword: []byte{1, 2, 0, 255},
		SearchBase: "dc=example,dc=org", UserBase: "ou=people,dc=example,dc=org", GroupBase: "ou=groups,dc=example,dc=org",
		NetBIOS: "", CreatedAt: at(time.Hour)}
}

func testLDAPServers(t *testing.T, s gatehouse.Store) {
	create := func(l *gatehouse.LDAPServer) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateLDAPServer(ctx, l) })
	}
	b, a := newLDAPServer("ldap2"), newLDAPServer("ad1")
	a.Type, a.NetBIOS, a.Security, a.CACert = "ACTIVE_DIRECTORY", "CORP", "", ""
	for _, l := range []*gatehouse.LDAPServer{&b, &a} {
		if err := create(l); err != nil {
			t.Fatalf("CreateLDAPServer(%s): %v", l.Name, err)
		}
	}
	if a.ID == 0 || a.ID == b.ID {
		t.Fatalf("ids %d and %d, want distinct, non-zero", a.ID, b.ID)
	}
	all := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.LDAPServer, error) { return tx.LDAPServers(ctx) })
	checkEqual(t, "LDAPServers, by name", all, []gatehouse.LDAPServer{a, b})
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPServer, error) {
		return tx.LDAPServerByName(ctx, "ldap2")
	})
	checkEqual(t, "LDAPServerByName", got, b)
	got = mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPServer, error) {
		return tx.LDAPServerByID(ctx, a.ID)
	})
	checkEqual(t, "LDAPServerByID", got, a)

	dup := newLDAPServer("ad1")
	wantErr(t, "CreateLDAPServer with a taken name", create(&dup), gatehouse.ErrConflict)
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPServer, error) {
		return tx.LDAPServerByName(ctx, "nope")
	})
	wantErr(t, "LDAPServerByName of no server", err, gatehouse.ErrNotFound)
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLDAPServer(ctx, 9999) })
	wantErr(t, "DeleteLDAPServer of no server", err, gatehouse.ErrNotFound)
}

func testLDAPLinks(t *testing.T, s gatehouse.Store) {
	u, v := createUser(t, s, newUser("u1")), createUser(t, s, newUser("u2"))
	srv, other := newLDAPServer("ldap1"), newLDAPServer("ldap2")
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := tx.CreateLDAPServer(ctx, &srv); err != nil {
			return err
		}
		return tx.CreateLDAPServer(ctx, &other)
	})
	put := func(l gatehouse.LDAPLink) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutLDAPLink(ctx, l) })
	}
	links := func(id gatehouse.LDAPServerID) []gatehouse.LDAPLink {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.LDAPLink, error) { return tx.LDAPLinks(ctx, id) })
	}
	lu := gatehouse.LDAPLink{UserID: u.ID, ServerID: srv.ID, DN: "uid=u1,dc=example,dc=org", DirectoryName: "u1",
		EntryID: "5e0b3a36-1c1f-103f-8d5c-3b5f6a1e7a10"}
	lv := gatehouse.LDAPLink{UserID: v.ID, ServerID: srv.ID, DN: "uid=u 2,dc=example,dc=org", DirectoryName: "u 2"}
	for _, l := range []gatehouse.LDAPLink{lv, lu} {
		if err := put(l); err != nil {
			t.Fatalf("PutLDAPLink: %v", err)
		}
	}
	checkEqual(t, "LDAPLinks, by user id", links(srv.ID), []gatehouse.LDAPLink{lu, lv})
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPLink, error) {
		return tx.LDAPLinkOf(ctx, v.ID)
	})
	checkEqual(t, "LDAPLinkOf", got, lv)

	relinked := lv
	relinked.EntryID = "{0f2c6a1e-77b1-4c9d-9a3e-5d1b2c3d4e5f}"
	if err := put(relinked); err != nil {
		t.Fatalf("PutLDAPLink with an entry id: %v", err)
	}
	checkEqual(t, "LDAPLinkOf after recording the entry id", mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPLink, error) {
		return tx.LDAPLinkOf(ctx, v.ID)
	}), relinked)
	relinked.EntryID = "a1b2c3d4-0000-4000-8000-000000000001"
	if err := put(relinked); err != nil {
		t.Fatalf("PutLDAPLink replacing the entry id: %v", err)
	}
	checkEqual(t, "LDAPLinks after replacing an entry id", links(srv.ID), []gatehouse.LDAPLink{lu, relinked})
	lv = relinked

	moved := lu
	moved.ServerID, moved.DN = other.ID, "uid=u1,ou=x,dc=example,dc=org"
	if err := put(moved); err != nil {
		t.Fatalf("PutLDAPLink replacing: %v", err)
	}
	checkEqual(t, "links after moving one", links(srv.ID), []gatehouse.LDAPLink{lv})
	checkEqual(t, "links of the other server", links(other.ID), []gatehouse.LDAPLink{moved})

	wantErr(t, "PutLDAPLink of no user", put(gatehouse.LDAPLink{UserID: 9999, ServerID: srv.ID, DN: "x"}), gatehouse.ErrNotFound)
	wantErr(t, "PutLDAPLink to no server", put(gatehouse.LDAPLink{UserID: u.ID, ServerID: 9999, DN: "x"}), gatehouse.ErrNotFound)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLDAPServer(ctx, srv.ID) })
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.LDAPLink, error) {
		return tx.LDAPLinkOf(ctx, v.ID)
	})
	wantErr(t, "LDAPLinkOf after removing the server", err, gatehouse.ErrNotFound)
	checkEqual(t, "the other server's links stay", links(other.ID), []gatehouse.LDAPLink{moved})
}

func testLDAPAttributes(t *testing.T, s gatehouse.Store) {
	list := func() []gatehouse.LDAPAttribute {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.LDAPAttribute, error) {
			return tx.LDAPAttributes(ctx)
		})
	}
	members := gatehouse.LDAPAttribute{ServerType: "OPEN_LDAP", ObjectType: "group", Name: "members", Value: []string{"member", "uniqueMember"}}
	email := gatehouse.LDAPAttribute{ServerType: "ACTIVE_DIRECTORY", ObjectType: "user", Name: "email_address", Value: []string{"mail"}}
	for _, a := range []gatehouse.LDAPAttribute{members, email} {
		mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutLDAPAttribute(ctx, a) })
	}
	checkEqual(t, "LDAPAttributes, in order", list(), []gatehouse.LDAPAttribute{email, members})
	members.Value = []string{"member"}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutLDAPAttribute(ctx, members) })
	checkEqual(t, "LDAPAttributes after replacing one", list(), []gatehouse.LDAPAttribute{email, members})
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.DeleteLDAPAttribute(ctx, "ACTIVE_DIRECTORY", "user", "email_address")
	})
	checkEqual(t, "LDAPAttributes after removing one", list(), []gatehouse.LDAPAttribute{members})
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.DeleteLDAPAttribute(ctx, "ACTIVE_DIRECTORY", "user", "email_address")
	})
	wantErr(t, "DeleteLDAPAttribute of no custom mapping", err, gatehouse.ErrNotFound)
}

func testLDAPGroups(t *testing.T, s gatehouse.Store) {
	u, v := createUser(t, s, newUser("u1")), createUser(t, s, newUser("u2"))
	t1, t2 := createTenant(t, s, "t1"), createTenant(t, s, "t2")
	srv, other := newLDAPServer("ldap1"), newLDAPServer("ldap2")
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		if err := tx.CreateLDAPServer(ctx, &srv); err != nil {
			return err
		}
		return tx.CreateLDAPServer(ctx, &other)
	})
	put := func(g *gatehouse.LDAPGroup) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutLDAPGroup(ctx, g) })
	}
	groups := func(id gatehouse.LDAPServerID) []gatehouse.LDAPGroup {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.LDAPGroup, error) {
			return tx.LDAPGroups(ctx, id)
		})
	}
	dn := "cn=Physicists,ou=groups,dc=example,dc=org"
	a := gatehouse.LDAPGroup{ServerID: srv.ID, DN: dn, Name: "Physicists", TenantID: t1.ID, Role: gatehouse.RoleUser,
		Capabilities: []string{"Runner", "Viewer"}, Exclude: []string{"galileo"}, Members: []gatehouse.UserID{v.ID, u.ID}}
	b := gatehouse.LDAPGroup{ServerID: srv.ID, DN: dn, Name: "physicists", TenantID: t2.ID, Role: gatehouse.RoleTenantadmin}
	for _, g := range []*gatehouse.LDAPGroup{&a, &b} {
		if err := put(g); err != nil {
			t.Fatalf("PutLDAPGroup: %v", err)
		}
	}
	if a.ID == 0 || a.ID == b.ID {
		t.Fatalf("ids %d and %d, want distinct, non-zero", a.ID, b.ID)
	}
	a.Members = []gatehouse.UserID{u.ID, v.ID}
	checkEqual(t, "LDAPGroups, by id, members by user id", groups(srv.ID), []gatehouse.LDAPGroup{a, b})
	checkEqual(t, "LDAPGroups of a server without groups", groups(other.ID), nil)

	// The same server, DN and tenant: replaced, keeping its id.
	again := a
	again.Name, again.Role, again.Capabilities, again.Exclude, again.Members = "Physicists", gatehouse.RoleTenantadmin, nil, nil, []gatehouse.UserID{v.ID}
	again.ID = 0
	if err := put(&again); err != nil {
		t.Fatalf("PutLDAPGroup replacing: %v", err)
	}
	if again.ID != a.ID {
		t.Errorf("replaced group has id %d, want %d", again.ID, a.ID)
	}
	checkEqual(t, "LDAPGroups after replacing one", groups(srv.ID), []gatehouse.LDAPGroup{again, b})

	wantErr(t, "PutLDAPGroup to no server", put(&gatehouse.LDAPGroup{ServerID: 9999, DN: dn, TenantID: t1.ID, Role: gatehouse.RoleUser}), gatehouse.ErrNotFound)
	wantErr(t, "PutLDAPGroup into no tenant", put(&gatehouse.LDAPGroup{ServerID: srv.ID, DN: dn, TenantID: 9999, Role: gatehouse.RoleUser}), gatehouse.ErrNotFound)
	bad := b
	bad.Members = []gatehouse.UserID{9999}
	wantErr(t, "PutLDAPGroup with no such member", put(&bad), gatehouse.ErrNotFound)
	checkEqual(t, "a refused PutLDAPGroup changes nothing", groups(srv.ID), []gatehouse.LDAPGroup{again, b})

	// Deleting a group takes the record of its members along (a foreign
	// key would refuse it otherwise), not the users, and leaves the other
	// groups alone.
	del := func(id gatehouse.LDAPGroupID) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLDAPGroup(ctx, id) })
	}
	if err := del(again.ID); err != nil {
		t.Fatalf("DeleteLDAPGroup of a group with members: %v", err)
	}
	checkEqual(t, "LDAPGroups after deleting one", groups(srv.ID), []gatehouse.LDAPGroup{b})
	wantErr(t, "DeleteLDAPGroup of a deleted group", del(again.ID), gatehouse.ErrNotFound)
	wantErr(t, "DeleteLDAPGroup of no group", del(9999), gatehouse.ErrNotFound)
	mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.User, error) { return tx.UserByID(ctx, v.ID) })

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteLDAPServer(ctx, srv.ID) })
	checkEqual(t, "LDAPGroups after removing the server", groups(srv.ID), nil)
}
