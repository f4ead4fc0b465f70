package identity_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// syncLines renders a sync report's changes as kind:user:detail.
func syncLines(rep *identity.SyncReport) []string {
	var out []string
	for _, c := range rep.Changes {
		out = append(out, c.Kind+":"+string(c.Username)+":"+c.Detail)
	}
	return out
}

// tenantsOf returns the names of the tenants name belongs to, sorted.
func (e *env) tenantsOf(a *identity.Principal, name gatehouse.UserName) []string {
	e.t.Helper()
	v, err := e.svc.GetUser(e.ctx, a, name)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, m := range v.Memberships {
		out = append(out, string(m.TenantName))
	}
	slices.Sort(out)
	return out
}

// TestLDAPSync changes a directory under imported users and groups, then
// syncs: a dry run changes nothing, the sync applies every change in one
// go, and a second sync finds nothing to do.
func TestLDAPSync(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.addLDAPServer(a, "ldap1", slapd.Shared(t))
	e.importUsers(a, "ldap2", "einstein", "curie", "newton")
	e.importUsers(a, "ldap1", "pasteur") // another server's user: untouched
	if _, err := e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Group: "Mathematicians", Tenant: "t2",
		Role: "user", Exclude: []string{"euclid"}}); err != nil {
		t.Fatal(err)
	}
	rep, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if err != nil || len(rep.Changes) != 0 || rep.Message != "ldap server ldap2 is in sync: no changes" {
		t.Fatalf("sync right after the import: %+v, %v; want no changes", rep, err)
	}

	people := "ou=people," + slapd.LDAPBase
	group := "cn=Mathematicians,ou=groups," + slapd.LDAPBase
	err = own.Modify("dn: uid=einstein," + people + "\nchangetype: modify\nreplace: mail\nmail: albert@example.org\n-\nreplace: givenName\ngivenName: Albert E.\n\n" +
		"dn: uid=curie," + people + "\nchangetype: delete\n\n" +
		"dn: " + group + "\nchangetype: modify\ndelete: member\nmember: uid=riemann," + people + "\n-\n" +
		"add: member\nmember: uid=newton," + people + "\nmember: uid=volta," + people + "\n\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`update:einstein:first_name "Albert" -> "Albert E.", email "einstein@example.org" -> "albert@example.org"`,
		"disable:curie:not in directory ldap2",
		"join:newton:added to t2 as user: member of group Mathematicians",
		"import:volta:imported into t2 as user: new member of group Mathematicians",
		"leave:riemann:removed from t2: left group Mathematicians",
	}

	before := e.snapshot()
	dry, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := syncLines(dry); !slices.Equal(got, want) {
		t.Fatalf("dry run changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !dry.DryRun || !strings.Contains(dry.Message, "would make 5 changes (nothing was changed)") {
		t.Errorf("dry run message %q", dry.Message)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a dry run changed the store")
	}

	rep, err = e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if err != nil {
		t.Fatal(err)
	}
	if got := syncLines(rep); !slices.Equal(got, want) || rep.Message != "Synced ldap server ldap2: 5 changes" {
		t.Fatalf("sync changes %q (%s), want the dry run's", got, rep.Message)
	}
	if u := e.user(a, "einstein"); u.Email != "albert@example.org" || u.FirstName != "Albert E." || u.Disabled {
		t.Errorf("einstein after the sync: %+v", u)
	}
	if u := e.user(a, "curie"); !u.Disabled || u.DisabledReason != "not in directory ldap2" {
		t.Errorf("curie after the sync: disabled %v (%q)", u.Disabled, u.DisabledReason)
	}
	if err := e.loginErr("curie", slapd.LDAPPassword("curie")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("curie's login after the sync = %v, want refused", err)
	}
	for name, tenants := range map[gatehouse.UserName][]string{
		"newton": {"t1", "t2"}, "volta": {"t2"}, "riemann": nil, "gauss": {"t2"}, "pasteur": {"t1"},
	} {
		if got := e.tenantsOf(a, name); !slices.Equal(got, tenants) {
			t.Errorf("%s is in tenants %q, want %q", name, got, tenants)
		}
	}
	if _, err := e.svc.GetUser(e.ctx, a, "euclid"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("the excluded euclid: %v, want never imported", err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActLDAPSync)})
	if err != nil || len(recs) != 2 || recs[0].Changes["changes"] != float64(5) && recs[0].Changes["changes"] != 5 {
		t.Errorf("sync summary records: %+v, %v", recs, err)
	}
	disabled, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActUserDisable)})
	if err != nil || len(disabled) != 1 || disabled[0].ObjectID != "curie" || disabled[0].Changes["reason"] != "not in directory ldap2" {
		t.Errorf("disable records: %+v, %v", disabled, err)
	}

	rep, err = e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if err != nil || len(rep.Changes) != 0 {
		t.Fatalf("second sync: %q, %v; want no changes", syncLines(rep), err)
	}

	// Back in the directory: enabled again.
	if err := own.Modify("dn: uid=curie," + people + "\nchangetype: add\nobjectClass: inetOrgPerson\nuid: curie\ncn: Marie Curie\n" +
		"givenName: Marie\nsn: Curie\nmail: curie@example.org\nuserPassword: curie-pw\n\n"); err != nil {
		t.Fatal(err)
	}
	// Back in the directory, but a new entry under the old DN, with
	// another entryUUID: another person, reported and left disabled.
	oldID, newID := e.ldapLink(a, "curie").EntryID, e.entryID(a, "ldap2", "curie")
	rep, err = e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	wantChanged := "entry_changed:curie:entry uid=curie," + people + " has entry id " + newID + ", not the linked " + oldID +
		": not synced; re-link it with 'gatehouse ldap import-users ldap2 curie <tenant> <role>' after checking it is the same person"
	if got := syncLines(rep); err != nil || !slices.Equal(got, []string{wantChanged}) {
		t.Fatalf("sync after curie's entry was created again: %q, %v", got, err)
	}
	if u := e.user(a, "curie"); !u.Disabled {
		t.Error("a sync enabled curie from another person's entry")
	}
	// Relinked by an administrator: enabled by the next sync.
	e.importUsers(a, "ldap2", "curie")
	rep, err = e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if got := syncLines(rep); err != nil || !slices.Equal(got, []string{"enable:curie:back in directory ldap2"}) {
		t.Fatalf("sync after curie came back: %q, %v", got, err)
	}
	e.login("curie", slapd.LDAPPassword("curie"), "t1")

	// Bad input and permissions.
	if _, err := e.svc.SyncLDAP(e.ctx, a, "nosuch", false); !errors.Is(err, gatehouse.ErrNotFound) || !strings.Contains(err.Error(), "ldap server nosuch does not exist") {
		t.Errorf("sync of an unknown server = %v, want not found", err)
	}
	if _, err := e.svc.SyncLDAP(e.ctx, e.login("ta1", "passphrase-of-ta1", "t1"), "ldap2", true); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("sync by a tenantadmin = %v, want forbidden", err)
	}
}

// TestLDAPSyncDirectoryDown: a sync that cannot read the directory, or
// meets a group gone from it, disables nobody and changes nothing.
func TestLDAPSyncDirectoryDown(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.importUsers(a, "ldap2", "einstein", "curie")
	if _, err := e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Group: "Italians", Tenant: "t2", Role: "user"}); err != nil {
		t.Fatal(err)
	}
	people := "ou=people," + slapd.LDAPBase
	if err := own.Modify("dn: uid=curie," + people + "\nchangetype: delete\n\n" +
		"dn: cn=Italians,ou=groups," + slapd.LDAPBase + "\nchangetype: delete\n\n"); err != nil {
		t.Fatal(err)
	}
	before := e.snapshot()
	_, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if !errors.Is(err, gatehouse.ErrNotFound) || !strings.Contains(err.Error(), "imported group Italians") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("sync with an imported group gone = %v, want an error naming it", err)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a failed sync changed the store")
	}

	own.Stop()
	for _, dry := range []bool{true, false} {
		_, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", dry)
		if !errors.Is(err, gatehouse.ErrUnavailable) || !strings.Contains(err.Error(), "ldap server ldap2") || !strings.Contains(err.Error(), "(nothing was changed)") {
			t.Fatalf("sync (dry run %v) with the directory down = %v, want unavailable naming the server", dry, err)
		}
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a sync with the directory down changed the store")
	}
	if u := e.user(a, "curie"); u.Disabled {
		t.Error("curie was disabled by a failed sync")
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActLDAPSync)})
	if err != nil || len(recs) != 3 || recs[0].Outcome != gatehouse.OutcomeFailure {
		t.Errorf("failed syncs audited: %+v, %v; want 3 failures", recs, err)
	}
}
