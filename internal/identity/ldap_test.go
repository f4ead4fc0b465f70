package identity_test

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

func TestMain(m *testing.M) { os.Exit(slapd.Main(m)) }

const people = "ou=people," + slapd.LDAPBase

// addLDAPServer adds the slapd s as the OpenLDAP server called name.
func (e *env) addLDAPServer(a *identity.Principal, name string, s *slapd.Server) {
	e.t.Helper()
	e.must(e.svc.AddLDAPServer(e.ctx, a, identity.LDAPServerInput{Name: name, Host: s.Host, Port: s.Port, Type: "OPEN_LDAP",
		BindDN: slapd.LDAPReaderDN, Password: slapd.LDAPReaderPassword, SearchBase: slapd.LDAPBase}))
}

// importUsers imports the directory users names of server into t1.
func (e *env) importUsers(a *identity.Principal, server string, names ...string) {
	e.t.Helper()
	if _, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: server, Users: names, Tenant: "t1", Role: "user"}); err != nil {
		e.t.Fatal(err)
	}
}

func outcomes(rep *identity.ImportReport) []string {
	var out []string
	for _, o := range rep.Outcomes {
		out = append(out, o.Name+"="+string(o.Username)+":"+o.Outcome)
	}
	return out
}

func TestLDAPImportUsers(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(t))
	in := identity.LDAPImportInput{Server: "ldap1", Users: []string{"newton", "mary jane", "jmuller"}, Tenant: "t1", Role: "user"}

	before := e.snapshot()
	missing := in
	missing.Users = []string{"newton", "ghost", "*"}
	if _, err := e.svc.ImportLDAPUsers(e.ctx, a, missing); !errors.Is(err, gatehouse.ErrNotFound) || !strings.Contains(err.Error(), "*, ghost (nothing was imported)") {
		t.Fatalf("import with missing users = %v, want not found naming them", err)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a refused import changed the store")
	}

	rep, err := e.svc.ImportLDAPUsers(e.ctx, a, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"newton=newton:imported", "mary jane=mary_jane:imported", "jmuller=jmuller:imported"}
	if got := outcomes(rep); !slices.Equal(got, want) {
		t.Fatalf("outcomes %q, want %q", got, want)
	}
	if rep.Message != "Successfully added multiple users: newton,mary_jane,jmuller" || !strings.Contains(rep.Outcomes[1].Reason, `renamed from "mary jane"`) {
		t.Errorf("message %q, reason %q", rep.Message, rep.Outcomes[1].Reason)
	}
	u := e.user(a, "jmuller")
	if u.FirstName != "José" || u.LastName != "Müller" || u.Email != "jose.muller@example.org" || u.Authentication != gatehouse.AuthLDAP || u.PasswordHash != "" {
		t.Errorf("jmuller = %+v", u)
	}

	again, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Users: []string{"newton", "einstein"}, Tenant: "t1", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(again); !slices.Equal(got, []string{"newton=newton:already present", "einstein=einstein:imported"}) {
		t.Errorf("second import: %q", got)
	}
	if _, err := e.svc.ImportLDAPUsers(e.ctx, e.login("ta1", "passphrase-of-ta1", "t1"), in); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("import by a tenantadmin = %v, want forbidden", err)
	}
}

func TestLDAPImportGroup(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(t))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "tesla", Tenant: "t1", Role: "user", Password: "passphrase-of-tesla"}))
	tests := []struct {
		group   string
		exclude []string
		want    []string
	}{
		{"Physicists", []string{"Galileo"}, []string{"einstein=einstein:imported", "galileo=:excluded", "tesla=:skipped",
			"newton=newton:imported", "hawking=hawking:imported"}},
		{"LoopA", nil, []string{"curie=curie:imported", "volta=volta:imported"}},
		{"Chemists", nil, []string{"curie=curie:already present", "pasteur=pasteur:imported", "boyle=:skipped"}},
		{"Empty", nil, nil},
	}
	for _, tt := range tests {
		rep, err := e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Group: tt.group, Exclude: tt.exclude, Tenant: "t2", Role: "user"})
		if err != nil {
			t.Fatalf("%s: %v", tt.group, err)
		}
		if got := outcomes(rep); !slices.Equal(got, tt.want) {
			t.Errorf("%s: outcomes %q, want %q", tt.group, got, tt.want)
		}
		if tt.group == "LoopA" && len(rep.Cycles) != 1 {
			t.Errorf("LoopA: cycles %q, want the one back to LoopA", rep.Cycles)
		}
	}
	before := e.snapshot()
	_, err := e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Group: "Nonesuch", Tenant: "t2", Role: "user"})
	if !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("import of a missing group = %v, want not found", err)
	}
	_, err = e.svc.ImportLDAPGroup(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Group: "Mathematicians", Tenant: "nosuch", Role: "user"})
	if !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("import into a missing tenant = %v, want not found", err)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a refused import changed the store")
	}
}

func TestLDAPLogin(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(t))
	e.importUsers(a, "ldap1", "einstein", "mary jane")
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "mj", Tenant: "t1", Role: "user",
		LDAPServer: "ldap1", LDAPUserDN: "uid=mary jane," + people}))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "newton", Tenant: "t1", Role: "user", LDAPServer: "ldap1"}))

	for _, c := range []struct{ user, pw string }{
		{"einstein", slapd.LDAPPassword("einstein")}, {"mary_jane", slapd.LDAPPassword("mary jane")},
		{"mj", slapd.LDAPPassword("mary jane")}, {"newton", slapd.LDAPPassword("newton")},
	} {
		if err := e.loginErr(c.user, c.pw); err != nil {
			t.Errorf("login %s with the directory password: %v", c.user, err)
		}
	}
	if err := e.loginErr("einstein", "wrong"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("wrong password = %v, want unauthenticated", err)
	}
	if err := e.loginErr("einstein", ""); !errors.Is(err, gatehouse.ErrInvalid) {
		t.Errorf("empty password = %v, want refused as invalid before any bind", err)
	}
	for _, in := range []identity.AddUserInput{
		{Username: "ghost", Tenant: "t1", Role: "user", LDAPServer: "ldap1"},
		{Username: "ghost", Tenant: "t1", Role: "user", LDAPServer: "ldap1", LDAPUserDN: "uid=ghost," + people},
		{Username: "ghost", Tenant: "t1", Role: "user", LDAPServer: "nosuch"},
	} {
		if _, err := e.svc.AddUser(e.ctx, a, in); !errors.Is(err, gatehouse.ErrNotFound) {
			t.Errorf("add %+v = %v, want not found", in, err)
		}
	}
	_, err := e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "newton2", Tenant: "t1", Role: "user", LDAPServer: "ldap1", Password: "some-Passw0rd-9"})
	if !errors.Is(err, gatehouse.ErrInvalid) {
		t.Errorf("an LDAP user with a password = %v, want invalid", err)
	}

	// Lockout counts directory failures; a locked user is refused even
	// with the right password.
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "2"))
	for range 2 {
		e.loginErr("newton", "wrong")
	}
	if err := e.loginErr("newton", slapd.LDAPPassword("newton")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("locked user with the right password = %v, want unauthenticated", err)
	}
	if got := e.reasons(a, "newton"); !slices.Contains(got, "locked") {
		t.Errorf("reasons %q, want locked", got)
	}
}

// TestLDAPLoginDirectoryDown stops a directory: its users get a clear
// error that is not a wrong password, and the attempt is audited.
func TestLDAPLoginDirectoryDown(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	e.importUsers(a, "ldap2", "curie")
	own.Stop()
	err := e.loginErr("curie", slapd.LDAPPassword("curie"))
	if !errors.Is(err, gatehouse.ErrUnavailable) || !strings.Contains(err.Error(), "ldap server ldap2 is unavailable") {
		t.Fatalf("login with the directory down = %v, want unavailable naming the server", err)
	}
	if got := e.reasons(a, "curie"); len(got) != 1 || !strings.Contains(got[0], "unavailable") {
		t.Errorf("audited reasons %q", got)
	}
	if _, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap2", Users: []string{"volta"}, Tenant: "t1", Role: "user"}); !errors.Is(err, gatehouse.ErrUnavailable) {
		t.Errorf("import with the directory down = %v, want unavailable", err)
	}
}

// TestPreActivatedAccount links an account an administrator created with
// an email and no credentials to the directory entry with that email, at
// its first login.
func TestPreActivatedAccount(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(t))
	for _, bad := range []identity.AddUserInput{
		{Username: "marie", Tenant: "t1", Role: "user", PreActivated: true},
		{Username: "marie", Tenant: "t1", Role: "user", PreActivated: true, Email: "curie@example.org", Password: "some-Passw0rd-9"},
		{Username: "marie", Tenant: "t1", Role: "user", PreActivated: true, Email: "curie@example.org", LDAPServer: "ldap1"},
	} {
		if _, err := e.svc.AddUser(e.ctx, a, bad); !errors.Is(err, gatehouse.ErrInvalid) {
			t.Errorf("AddUser(%+v) = %v, want invalid", bad, err)
		}
	}
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "marie", Tenant: "t1", Role: "user", PreActivated: true, Email: "curie@example.org"}))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "nobody", Tenant: "t1", Role: "user", PreActivated: true, Email: "nobody@example.org"}))

	if err := e.loginErr("marie", "wrong"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("pre-activated login with a wrong password = %v", err)
	}
	if err := e.loginErr("nobody", "whatever-passphrase"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("pre-activated login with no directory entry = %v", err)
	}
	if got := e.reasons(a, "nobody"); !slices.Contains(got, "no directory entry has the account's email") {
		t.Errorf("reasons %q", got)
	}
	v, err := e.svc.GetUser(e.ctx, a, "marie")
	if err != nil || v.User.Authentication != gatehouse.AuthPending {
		t.Fatalf("marie before her first login: %+v, %v", v.User, err)
	}
	e.login("marie", slapd.LDAPPassword("curie"), "t1")
	v, err = e.svc.GetUser(e.ctx, a, "marie")
	if err != nil || v.User.Authentication != gatehouse.AuthLDAP {
		t.Fatalf("marie after her first login: %+v, %v", v.User, err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActUserLink)})
	if err != nil || len(recs) != 1 || recs[0].ObjectID != "marie" || recs[0].Changes["dn"] != "uid=curie,"+people {
		t.Fatalf("link audit records: %+v, %v", recs, err)
	}
	if l := e.ldapLink(a, "marie"); l.EntryID != e.entryID(a, "ldap1", "curie") || recs[0].Changes["ldap_entry_id"] != l.EntryID {
		t.Errorf("marie's link has entry id %q (audited %v), want curie's entryUUID", l.EntryID, recs[0].Changes["ldap_entry_id"])
	}
	// From now on she is an LDAP user of that entry.
	e.login("marie", slapd.LDAPPassword("curie"), "t1")
	if err := e.loginErr("marie", "wrong"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("linked login with a wrong password = %v", err)
	}
}
