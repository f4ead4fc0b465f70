package identity_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// entryID returns the entryUUID of the directory user name of server, as
// a listing reads it.
func (e *env) entryID(a *identity.Principal, server, name string) string {
	e.t.Helper()
	var id string
	err := e.svc.ListLDAPUsers(e.ctx, a, server, ldap.Query{Names: []string{name}}, func(u ldap.User) error {
		id = u.EntryID
		return nil
	})
	if err != nil || len(id) != 36 {
		e.t.Fatalf("entry id of %s: %q, %v; want an entryUUID", name, id, err)
	}
	return id
}

// ldapLink returns the LDAP link of the user name.
func (e *env) ldapLink(a *identity.Principal, name gatehouse.UserName) gatehouse.LDAPLink {
	e.t.Helper()
	u := e.user(a, name)
	var l gatehouse.LDAPLink
	err := e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		var err error
		l, err = tx.LDAPLinkOf(e.ctx, u.ID)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

// recreateNewton deletes newton's entry of s and adds it again, as it
// was: same DN, same password, another entryUUID.
func recreateNewton(t *testing.T, s *slapd.Server) {
	t.Helper()
	dn := "dn: uid=newton," + people + "\n"
	err := s.Modify(dn + "changetype: delete\n\n" + dn + "changetype: add\nobjectClass: inetOrgPerson\nuid: newton\ncn: Isaac Newton\n" +
		"sn: Newton\ngivenName: Isaac\nmail: newton@example.org\nuserPassword: " + slapd.LDAPPassword("newton") + "\n\n")
	if err != nil {
		t.Fatal(err)
	}
}

// TestLDAPRecreatedEntry links users to their entries' entryUUID, then
// deletes an entry and creates it again under the same DN: the new
// entry's right password is refused like a wrong one, with the reason
// audited and counted towards lockout, until an import relinks it.
func TestLDAPRecreatedEntry(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.importUsers(a, "ldap2", "newton", "curie")
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "nikola", Tenant: "t1", Role: "user",
		LDAPServer: "ldap2", LDAPUserDN: "uid=tesla," + people}))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "einstein", Tenant: "t1", Role: "user", LDAPServer: "ldap2"}))
	oldID := e.entryID(a, "ldap2", "newton")
	for name, dirName := range map[gatehouse.UserName]string{"newton": "newton", "curie": "curie", "nikola": "tesla", "einstein": "einstein"} {
		if l := e.ldapLink(a, name); l.EntryID != e.entryID(a, "ldap2", dirName) {
			t.Errorf("link of %s has entry id %q, want the entryUUID of %s", name, l.EntryID, dirName)
		}
	}
	e.login("newton", slapd.LDAPPassword("newton"), "t1")
	if _, err := e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Group: "Mathematicians", Tenant: "t2",
		Role: "user"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false); err != nil { // the names of users added by DN
		t.Fatal(err)
	}

	recreateNewton(t, own)
	// The new newton joins a group whose tenant the old one is not in.
	if err := own.Modify("dn: cn=Mathematicians,ou=groups," + slapd.LDAPBase + "\nchangetype: modify\nadd: member\nmember: uid=newton," + people + "\n\n"); err != nil {
		t.Fatal(err)
	}
	newID := e.entryID(a, "ldap2", "newton")
	if newID == oldID {
		t.Fatalf("the recreated entry has the old entryUUID %s", oldID)
	}
	bad := e.loginErr("newton", "wrong")
	err := e.loginErr("newton", slapd.LDAPPassword("newton"))
	if !errors.Is(err, gatehouse.ErrUnauthenticated) || err.Error() != bad.Error() {
		t.Fatalf("login of the recreated entry = %v, want the answer to a wrong password, %v", err, bad)
	}
	want := "entry uid=newton," + people + " on ldap server ldap2 has entryUUID " + newID + ", not the linked " + oldID +
		": it was deleted and created again; an administrator re-links it with 'gatehouse ldap import-users ldap2 newton t1 user' after checking it is the same person"
	if got := e.reasons(a, "newton"); !slices.Equal(got, []string{"bad password", want}) {
		t.Errorf("audited reasons %q, want a bad password then %q", got, want)
	}
	if u := e.user(a, "newton"); u.FailedLogins != 2 {
		t.Errorf("failed logins %d, want 2: the other person's password counts towards lockout", u.FailedLogins)
	}
	e.login("curie", slapd.LDAPPassword("curie"), "t1") // not recreated
	sync, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	wantSync := "entry_changed:newton:entry uid=newton," + people + " has entry id " + newID + ", not the linked " + oldID +
		": not synced; re-link it with 'gatehouse ldap import-users ldap2 newton <tenant> <role>' after checking it is the same person"
	if got := syncLines(sync); err != nil || !slices.Equal(got, []string{wantSync}) {
		t.Fatalf("sync after newton's entry was created again: %q, %v; want only %q", got, err, wantSync)
	}
	if got := e.tenantsOf(a, "newton"); !slices.Equal(got, []string{"t1"}) {
		t.Errorf("newton is in tenants %q after the sync, want t1 only: the new entry's group does not move the account", got)
	}

	before := e.snapshot()
	rep, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Users: []string{"newton", "curie"}, Tenant: "t2", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); !slices.Equal(got, []string{"newton=newton:relinked", "curie=curie:already present"}) {
		t.Fatalf("outcomes %q", got)
	}
	if r := rep.Outcomes[0].Reason; r != "entry uid=newton,"+people+" was created again: entry id "+newID+" replaces "+oldID || rep.Outcomes[1].Reason != "" {
		t.Errorf("reasons %q, %q", r, rep.Outcomes[1].Reason)
	}
	after := e.snapshot()
	if !reflect.DeepEqual(before.Memberships, after.Memberships) || len(before.Users) != len(after.Users) {
		t.Error("a relink changed memberships or users")
	}
	e.wantRelinkAudit(a, identity.ActLDAPRelink, identity.ActLDAPImport, "newton",
		map[string]any{"ldap_server": "ldap2", "ldap_user_dn": "uid=newton," + people, "ldap_entry_id": newID, "old_ldap_entry_id": oldID})

	e.login("newton", slapd.LDAPPassword("newton"), "t1")
	if u := e.user(a, "newton"); u.FailedLogins != 0 {
		t.Errorf("failed logins %d after a login, want 0", u.FailedLogins)
	}
	rep, err = e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Users: []string{"newton"}, Tenant: "t1", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); !slices.Equal(got, []string{"newton=newton:already present"}) {
		t.Errorf("import again with the same entry id: outcomes %q", got)
	}
}

// TestLDAPEntryIDFirstLogin: a link made before entry ids were recorded
// gets its entry's id at the first successful login (trust on first
// use), audited; from then on it is checked.
func TestLDAPEntryIDFirstLogin(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.importUsers(a, "ldap2", "newton")
	l := e.ldapLink(a, "newton")
	l.EntryID = "" // as linked before this change
	if err := e.store.Update(e.ctx, func(tx gatehouse.Tx) error { return tx.PutLDAPLink(context.Background(), l) }); err != nil {
		t.Fatal(err)
	}
	if err := e.loginErr("newton", "wrong"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("wrong password = %v", err)
	}
	if got := e.ldapLink(a, "newton").EntryID; got != "" {
		t.Fatalf("a wrong password recorded the entry id %q", got)
	}
	e.login("newton", slapd.LDAPPassword("newton"), "t1")
	id := e.entryID(a, "ldap2", "newton")
	if got := e.ldapLink(a, "newton").EntryID; got != id {
		t.Fatalf("entry id after the first login %q, want %q", got, id)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActUserLink)})
	if err != nil || len(recs) != 1 || recs[0].ObjectID != "newton" || recs[0].Changes["ldap_entry_id"] != id {
		t.Fatalf("link audit records %+v, %v; want one recording newton's entry id", recs, err)
	}
	recreateNewton(t, own)
	if err := e.loginErr("newton", slapd.LDAPPassword("newton")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("login of the recreated entry after the first use = %v, want refused", err)
	}
}

// TestLDAPEntryIDUnreadable: an entry whose id cannot be read (here, the
// entry_uuid mapping names an attribute it lacks) is refused, audited,
// not counted; a refused hint quotes a directory name with a space.
func TestLDAPEntryIDUnreadable(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.importUsers(a, "ldap2", "newton", "mary jane")

	dn := "dn: uid=mary jane," + people + "\n"
	if err := own.Modify(dn + "changetype: delete\n\n" + dn + "changetype: add\nobjectClass: inetOrgPerson\nuid: mary jane\ncn: Mary Jane Watson\n" +
		"sn: Watson\nuserPassword: " + slapd.LDAPPassword("mary jane") + "\n\n"); err != nil {
		t.Fatal(err)
	}
	if err := e.loginErr("mary_jane", slapd.LDAPPassword("mary jane")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("login of the recreated mary jane = %v, want refused", err)
	}
	if got := e.reasons(a, "mary_jane"); len(got) != 1 || !strings.Contains(got[0], `with 'gatehouse ldap import-users ldap2 "mary jane" t1 user'`) {
		t.Errorf("reasons %q, want the re-link hint with the name quoted", got)
	}

	if _, err := e.svc.UpdateLDAPAttribute(e.ctx, a, "OPEN_LDAP", "user", "entry_uuid", []string{"description"}); err != nil {
		t.Fatal(err)
	}
	if err := e.loginErr("newton", slapd.LDAPPassword("newton")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("login whose entry id cannot be read = %v, want refused", err)
	}
	want := "entry uid=newton," + people + " on ldap server ldap2 has no description its user may read: cannot check that it is the linked entry " +
		e.ldapLink(a, "newton").EntryID
	if got := e.reasons(a, "newton"); !slices.Equal(got, []string{want}) {
		t.Errorf("reasons %q, want %q", got, want)
	}
	if u := e.user(a, "newton"); u.FailedLogins != 0 {
		t.Errorf("failed logins %d, want 0: an unreadable id is no guess", u.FailedLogins)
	}
}
