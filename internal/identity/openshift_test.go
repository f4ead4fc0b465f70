package identity_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
)

// configureOpenShift points Gatehouse at the stand-in cluster s.
func (e *env) configureOpenShift(a *identity.Principal, s *openshiftd.Server) {
	e.t.Helper()
	e.must(e.svc.ConfigureOpenShift(e.ctx, a, identity.OpenShiftInput{APIURL: s.URL, Token: openshiftd.Token, CACert: string(s.CACert)}))
}

func TestConfigureOpenShift(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	s := openshiftd.Start(t)
	if _, err := e.svc.ShowOpenShift(e.ctx, a); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Fatalf("show before configure = %v, want not found", err)
	}
	other := openshiftd.Start(t) // same certificate, so a stopped one
	other.Close()
	for _, tc := range []struct {
		name  string
		in    identity.OpenShiftInput
		field string
	}{
		{"wrong token", identity.OpenShiftInput{APIURL: s.URL, Token: "sha256~wrong", CACert: string(s.CACert)}, "token"},
		{"no token", identity.OpenShiftInput{APIURL: s.URL, CACert: string(s.CACert)}, "token"},
		{"CA that does not verify", identity.OpenShiftInput{APIURL: s.URL, Token: openshiftd.Token}, "ca_cert"},
		{"not PEM", identity.OpenShiftInput{APIURL: s.URL, Token: openshiftd.Token, CACert: "nope"}, "ca_cert"},
		{"http", identity.OpenShiftInput{APIURL: strings.Replace(s.URL, "https", "http", 1), Token: openshiftd.Token}, "api_url"},
		{"unreachable", identity.OpenShiftInput{APIURL: other.URL, Token: openshiftd.Token, CACert: string(s.CACert)}, "api_url"},
	} {
		_, err := e.svc.ConfigureOpenShift(e.ctx, a, tc.in)
		var fe *gatehouse.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v, want invalid %s", tc.name, err, tc.field)
		}
		if _, err := e.svc.ShowOpenShift(e.ctx, a); !errors.Is(err, gatehouse.ErrNotFound) {
			t.Errorf("%s: a refused configure saved something: %v", tc.name, err)
		}
	}
	if _, err := e.svc.ConfigureOpenShift(e.ctx, e.login("ta1", "passphrase-of-ta1", "t1"),
		identity.OpenShiftInput{APIURL: s.URL, Token: openshiftd.Token, CACert: string(s.CACert)}); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("configure by a tenantadmin = %v, want forbidden", err)
	}
	e.configureOpenShift(a, s)
	cfg, err := e.svc.ShowOpenShift(e.ctx, a)
	if err != nil || cfg.APIURL != s.URL || cfg.CACert != string(s.CACert) || cfg.Token != nil {
		t.Fatalf("show = %+v, %v; want the URL and CA, no token", cfg, err)
	}
	err = e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		stored, err := tx.OpenShiftConfig(e.ctx)
		if err == nil && (len(stored.Token) == 0 || strings.Contains(string(stored.Token), openshiftd.Token)) {
			t.Errorf("the stored token is not sealed: %q", stored.Token)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestListOpenShift(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.configureOpenShift(a, openshiftd.Start(t))
	var users []identity.OpenShiftUser
	if err := e.svc.ListOpenShiftUsers(e.ctx, a, nil, func(u identity.OpenShiftUser) error { users = append(users, u); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(users) != len(openshiftd.Users) || users[3].Name != "user1" || users[3].FullName != "Jürgen Müller" ||
		!slices.Equal(users[3].Groups, []string{"ghosts", "robin-users"}) {
		t.Errorf("users: %+v", users)
	}
	err := e.svc.ListOpenShiftUsers(e.ctx, a, []string{"admin1", "ghost", "nobody"}, func(identity.OpenShiftUser) error { return nil })
	if !errors.Is(err, gatehouse.ErrNotFound) || !strings.Contains(err.Error(), "ghost, nobody") {
		t.Errorf("list of missing users = %v, want not found naming them", err)
	}
	var groups []openshift.Group
	if err := e.svc.ListOpenShiftGroups(e.ctx, a, []string{"admins"}, func(g openshift.Group) error { groups = append(groups, g); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || !slices.Equal(groups[0].Users, []string{"admin1"}) {
		t.Errorf("groups: %+v", groups)
	}
	err = e.svc.ListOpenShiftGroups(e.ctx, a, []string{"nogroup"}, func(openshift.Group) error { return nil })
	if !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("list of a missing group = %v, want not found", err)
	}
	err = e.svc.ListOpenShiftUsers(e.ctx, e.login("u1", "passphrase-of-u1", "t1"), nil, func(identity.OpenShiftUser) error { return nil })
	if !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("list by a user = %v, want forbidden", err)
	}
}

func TestImportOpenShift(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.configureOpenShift(a, openshiftd.Start(t))
	before := e.snapshot()
	in := identity.OpenShiftImportInput{Users: []string{"admin1", "jane@example.com", "nobody"}, Tenant: "t1", Role: "tenantadmin"}
	if _, err := e.svc.ImportOpenShiftUsers(e.ctx, a, in); !errors.Is(err, gatehouse.ErrNotFound) || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("import with a missing user = %v, want not found naming them", err)
	}
	if _, err := e.svc.ImportOpenShiftGroup(e.ctx, a, identity.OpenShiftImportInput{Group: "nogroup", Tenant: "t1", Role: "user"}); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Fatalf("import of a missing group = %v, want not found", err)
	}
	if _, err := e.svc.ImportOpenShiftGroup(e.ctx, a, identity.OpenShiftImportInput{Group: "admins", Tenant: "nosuch", Role: "user"}); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Fatalf("import into a missing tenant = %v, want not found", err)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Fatal("a refused import changed the store")
	}

	in.Users = in.Users[:2]
	rep, err := e.svc.ImportOpenShiftUsers(e.ctx, a, in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := outcomes(rep), []string{"admin1=admin1:imported", "jane@example.com=jane_example.com:imported"}; !slices.Equal(got, want) {
		t.Fatalf("outcomes %q, want %q", got, want)
	}
	if rep.Message != "Successfully added multiple users: admin1,jane_example.com" || !strings.Contains(rep.Outcomes[1].Reason, `renamed from "jane@example.com"`) {
		t.Errorf("message %q, reason %q", rep.Message, rep.Outcomes[1].Reason)
	}
	u := e.user(a, "admin1")
	if u.FirstName != "Ada" || u.LastName != "Admin" || u.Authentication != gatehouse.AuthOpenShift || u.PasswordHash != "" {
		t.Errorf("admin1 = %+v", u)
	}

	rep, err = e.svc.ImportOpenShiftGroup(e.ctx, a, identity.OpenShiftImportInput{Group: "robin-users", Tenant: "t2", Role: "user",
		Exclude: []string{"robin", "user2"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"robin=:excluded", "user1=user1:imported", "user2=:excluded", "user3=user3:imported",
		"admin1=admin1:already present", "jane@example.com=jane_example.com:already present"}
	if got := outcomes(rep); !slices.Equal(got, want) {
		t.Errorf("group outcomes %q, want %q", got, want)
	}
	if rep.Message != "Imported OpenShift users: 'user1, user3'" {
		t.Errorf("group message %q", rep.Message)
	}
	if u := e.user(a, "user3"); u.FirstName != "Søren" || u.LastName != "Ødegård" {
		t.Errorf("user3 = %+v", u)
	}
	rep, err = e.svc.ImportOpenShiftGroup(e.ctx, a, identity.OpenShiftImportInput{Group: "ghosts", Tenant: "t2", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); !slices.Equal(got, []string{"user1=user1:already present", "departed=:skipped"}) || rep.Outcomes[1].Reason != "member not an OpenShift user" {
		t.Errorf("ghosts outcomes %q (%+v)", got, rep.Outcomes)
	}
	if _, err := e.svc.ImportOpenShiftUsers(e.ctx, e.login("ta1", "passphrase-of-ta1", "t1"), in); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("import by a tenantadmin = %v, want forbidden", err)
	}
}

func TestOpenShiftLogin(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	s := openshiftd.Start(t)
	e.configureOpenShift(a, s)
	if _, err := e.svc.ImportOpenShiftUsers(e.ctx, a, identity.OpenShiftImportInput{Users: []string{"jane@example.com"}, Tenant: "t1", Role: "user"}); err != nil {
		t.Fatal(err)
	}
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "user2", Tenant: "t1", Role: "user", OpenShift: true}))
	for _, in := range []identity.AddUserInput{
		{Username: "ghost", Tenant: "t1", Role: "user", OpenShift: true},
		{Username: "user3", Tenant: "nosuch", Role: "user", OpenShift: true},
	} {
		if _, err := e.svc.AddUser(e.ctx, a, in); !errors.Is(err, gatehouse.ErrNotFound) {
			t.Errorf("add %+v = %v, want not found", in, err)
		}
	}
	for _, in := range []identity.AddUserInput{
		{Username: "user3", Tenant: "t1", Role: "user", OpenShift: true, Password: "some-Passw0rd-9"},
		{Username: "user3", Tenant: "t1", Role: "user", OpenShift: true, LDAPServer: "ldap1"},
	} {
		if _, err := e.svc.AddUser(e.ctx, a, in); !errors.Is(err, gatehouse.ErrInvalid) {
			t.Errorf("add %+v = %v, want invalid", in, err)
		}
	}
	if u := e.user(a, "user2"); u.Authentication != gatehouse.AuthOpenShift || u.PasswordHash != "" {
		t.Errorf("user2 = %+v", u)
	}

	e.login("user2", openshiftd.Password("user2"), "t1")
	e.login("jane_example.com", openshiftd.Password("jane@example.com"), "t1")
	if err := e.loginErr("user2", "wrong"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("wrong password = %v, want unauthenticated", err)
	}
	if err := e.loginErr("user2", ""); !errors.Is(err, gatehouse.ErrInvalid) {
		t.Errorf("empty password = %v, want refused as invalid before any request", err)
	}
	// Another OpenShift user's right password is not user2's.
	if err := e.loginErr("user2", openshiftd.Password("user1")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("another user's password = %v, want unauthenticated", err)
	}

	s.StopOAuth()
	err := e.loginErr("user2", openshiftd.Password("user2"))
	if !errors.Is(err, gatehouse.ErrUnavailable) || !strings.Contains(err.Error(), "OpenShift OAuth server is unavailable") {
		t.Fatalf("login with the OAuth server down = %v, want unavailable", err)
	}
	if got := e.reasons(a, "user2"); !slices.ContainsFunc(got, func(r string) bool { return strings.Contains(r, "unavailable") }) {
		t.Errorf("audited reasons %q, want the OAuth server's unavailability", got)
	}
}

// An OpenShift user deleted and created again under the same name is
// another person: their right password does not open the account linked
// to the old user until an administrator imports the name again.
func TestOpenShiftRecreatedUser(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	s := openshiftd.Start(t)
	e.configureOpenShift(a, s)
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "robin", Tenant: "t1", Role: "user", OpenShift: true}))
	if _, err := e.svc.ImportOpenShiftUsers(e.ctx, a, identity.OpenShiftImportInput{Users: []string{"user1"}, Tenant: "t1", Role: "user"}); err != nil {
		t.Fatal(err)
	}
	e.login("robin", openshiftd.Password("robin"), "t1")
	i := slices.IndexFunc(openshiftd.Users, func(u openshiftd.User) bool { return u.Name == "robin" })
	oldUID := openshiftd.Users[i].UID

	newUID := s.Recreate("robin")
	if newUID == oldUID || openshiftd.Users[i].UID != oldUID {
		t.Fatalf("Recreate gave uid %s (old %s) and changed the fixture to %s", newUID, oldUID, openshiftd.Users[i].UID)
	}
	bad := e.loginErr("robin", "wrong")
	err := e.loginErr("robin", openshiftd.Password("robin"))
	if !errors.Is(err, gatehouse.ErrUnauthenticated) || err.Error() != bad.Error() {
		t.Fatalf("login of the recreated user = %v, want the answer to a wrong password, %v", err, bad)
	}
	want := "openshift user robin has uid " + newUID + ", not the linked " + oldUID + ": it was deleted and created again; " +
		"an administrator re-links it with 'gatehouse openshift import-users robin t1 user' after checking it is the same person"
	if got := e.reasons(a, "robin"); !slices.Equal(got, []string{"bad password", want}) {
		t.Errorf("audited reasons %q, want a bad password then %q", got, want)
	}
	if u := e.user(a, "robin"); u.FailedLogins != 2 {
		t.Errorf("failed logins %d, want 2: the other person's password counts towards lockout", u.FailedLogins)
	}
	e.login("user1", openshiftd.Password("user1"), "t1") // not recreated

	before := e.snapshot()
	rep, err := e.svc.ImportOpenShiftUsers(e.ctx, a, identity.OpenShiftImportInput{Users: []string{"robin", "user1"}, Tenant: "t2", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); !slices.Equal(got, []string{"robin=robin:relinked", "user1=user1:already present"}) {
		t.Fatalf("outcomes %q", got)
	}
	if r := rep.Outcomes[0].Reason; r != "openshift user robin was created again: uid "+newUID+" replaces "+oldUID || rep.Outcomes[1].Reason != "" {
		t.Errorf("reasons %q, %q", r, rep.Outcomes[1].Reason)
	}
	after := e.snapshot()
	if !reflect.DeepEqual(before.Memberships, after.Memberships) || len(before.Users) != len(after.Users) {
		t.Error("a relink changed memberships or users")
	}
	e.wantRelinkAudit(a, identity.ActOpenShiftRelink, identity.ActOpenShiftImport, "robin",
		map[string]any{"openshift_user": "robin", "openshift_uid": newUID, "old_openshift_uid": oldUID})

	e.login("robin", openshiftd.Password("robin"), "t1")
	if u := e.user(a, "robin"); u.FailedLogins != 0 {
		t.Errorf("failed logins %d after a login, want 0", u.FailedLogins)
	}
	rep, err = e.svc.ImportOpenShiftUsers(e.ctx, a, identity.OpenShiftImportInput{Users: []string{"robin"}, Tenant: "t1", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); !slices.Equal(got, []string{"robin=robin:already present"}) {
		t.Errorf("import again with the same uid: outcomes %q", got)
	}
	// Another stand-in cluster still has the fixture's robin.
	other := openshiftd.Start(t)
	e.configureOpenShift(a, other)
	if err := e.loginErr("robin", openshiftd.Password("robin")); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("login against a cluster whose robin has the old uid = %v, want refused", err)
	}
}

// wantRelinkAudit checks the audit trail of an import that relinked user
// alone: one relink record of user with changes, and the import's record
// counting it relinked and present.
func (e *env) wantRelinkAudit(a *identity.Principal, relink, imp identity.Action, user string, changes map[string]any) {
	e.t.Helper()
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(relink)})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].ObjectID != user || !reflect.DeepEqual(recs[0].Changes, changes) {
		e.t.Errorf("relink records %+v, want one of %s with %v", recs, user, changes)
	}
	recs, _, err = e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(imp)})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(recs) == 0 || recs[0].Changes["relinked"] != float64(1) || recs[0].Changes["present"] != float64(1) {
		e.t.Errorf("import record changes %+v, want relinked 1 and present 1", recs)
	}
}
