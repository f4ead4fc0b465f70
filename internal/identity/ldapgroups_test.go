package identity_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// TestLDAPForgetGroup lists the groups imported from a server, forgets
// one, and syncs: the members it brought stay in its tenant, a member who
// left it is no longer removed, and the other group is still kept in step.
func TestLDAPForgetGroup(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	for _, in := range []identity.LDAPImportInput{
		{Server: "ldap2", Group: "Mathematicians", Tenant: "t2", Role: "user", Capabilities: []string{"NoCapabilities"}, Exclude: []string{"euclid"}},
		{Server: "ldap2", Group: "Italians", Tenant: "t2", Role: "user"},
	} {
		if _, err := e.svc.ImportLDAPGroup(e.ctx, a, in); err != nil {
			t.Fatal(err)
		}
	}
	groups := "ou=groups," + slapd.LDAPBase
	italians := identity.ImportedGroup{DN: "cn=Italians," + groups, Name: "Italians", Tenant: "t2", Role: gatehouse.RoleUser, Members: 1}
	list := func() []identity.ImportedGroup {
		t.Helper()
		l, err := e.svc.ListImportedLDAPGroups(e.ctx, a, "ldap2")
		if err != nil {
			t.Fatal(err)
		}
		for i := range l {
			l[i].Capabilities = nil // the role's, expanded; not what this test checks
		}
		return l
	}
	l, err := e.svc.ListImportedLDAPGroups(e.ctx, a, "ldap2")
	if err != nil {
		t.Fatal(err)
	}
	mathematicians := identity.ImportedGroup{DN: "cn=Mathematicians," + groups, Name: "Mathematicians", Tenant: "t2", Role: gatehouse.RoleUser,
		Capabilities: []string{"NoCapabilities"}, Exclude: []string{"euclid"}, Members: 3}
	if len(l) != 2 || !reflect.DeepEqual(l[0], mathematicians) || l[1].Name != "Italians" || l[1].Members != 1 {
		t.Fatalf("imported groups:\n%+v\nwant %+v, then Italians", l, mathematicians)
	}

	// Refusals change nothing.
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	before, recorded := e.snapshot(), list()
	for _, tt := range []struct {
		server, tenant, group string
		kind                  error
		msg                   string
	}{
		{"nosuch", "t2", "Mathematicians", gatehouse.ErrNotFound, "ldap server nosuch does not exist"},
		{"ldap2", "nosuch", "Mathematicians", gatehouse.ErrNotFound, "tenant nosuch does not exist"},
		{"ldap2", "t1", "Mathematicians", gatehouse.ErrNotFound, "group Mathematicians is not imported from ldap server ldap2 into tenant t1: see 'gatehouse ldap list-imported-groups ldap2'"},
		{"ldap2", "t2", "Physicists", gatehouse.ErrNotFound, "group Physicists is not imported from ldap server ldap2 into tenant t2"},
		{"ldap2", "t2", "cn=Mathematicians,ou=people," + slapd.LDAPBase, gatehouse.ErrNotFound, "is not imported"},
		{"ldap2", "", "Mathematicians", gatehouse.ErrInvalid, "tenant: is required"},
		{"ldap2", "t2", " ", gatehouse.ErrInvalid, "group: is required"},
	} {
		_, err := e.svc.ForgetLDAPGroup(e.ctx, a, tt.server, gatehouse.TenantName(tt.tenant), tt.group)
		if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("forget %s/%s in %q = %v, want %v containing %q", tt.server, tt.group, tt.tenant, err, tt.kind, tt.msg)
		}
	}
	if _, err := e.svc.ForgetLDAPGroup(e.ctx, ta, "ldap2", "t2", "Mathematicians"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("forget by a tenantadmin = %v, want forbidden", err)
	}
	if _, err := e.svc.ListImportedLDAPGroups(e.ctx, ta, "ldap2"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("list by a tenantadmin = %v, want forbidden", err)
	}
	if _, err := e.svc.ListImportedLDAPGroups(e.ctx, a, "nosuch"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("list of an unknown server = %v, want not found", err)
	}
	if !reflect.DeepEqual(before, e.snapshot()) || !reflect.DeepEqual(recorded, list()) {
		t.Fatal("a refused forget changed the store")
	}

	msg, err := e.svc.ForgetLDAPGroup(e.ctx, a, "ldap2", "t2", "mathematicians")
	if err != nil {
		t.Fatal(err)
	}
	if w := "Stopped syncing group Mathematicians into tenant t2; its 3 members stay members (remove them with 'gatehouse tenant remove-users' if they should go)"; msg != w {
		t.Errorf("message %q, want %q", msg, w)
	}
	if !reflect.DeepEqual(before, e.snapshot()) {
		t.Error("forgetting a group changed users, tenants, memberships or namespaces")
	}
	if got := list(); !reflect.DeepEqual(got, []identity.ImportedGroup{italians}) {
		t.Errorf("imported groups after forgetting Mathematicians: %+v, want Italians alone", got)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActLDAPForgetGroup)})
	if err != nil || len(recs) == 0 {
		t.Fatalf("forget records: %+v, %v", recs, err)
	}
	if r := recs[0]; r.Outcome != gatehouse.OutcomeSuccess || r.ObjectType != "LDAP" || r.Changes["ldap_server"] != "ldap2" ||
		r.Changes["ldap_group"] != "cn=Mathematicians,"+groups || r.Changes["tenant"] != "t2" || fmt.Sprint(r.Changes["members"]) != "3" {
		t.Errorf("forget record %+v", r)
	}
	if _, err := e.svc.ForgetLDAPGroup(e.ctx, a, "ldap2", "t2", "Mathematicians"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("forgetting it again = %v, want not found", err)
	}

	// riemann leaves the forgotten group, volta the other: only volta is
	// removed from t2.
	if err := own.Modify("dn: cn=Mathematicians," + groups + "\nchangetype: modify\ndelete: member\nmember: uid=riemann," + people + "\n\n" +
		"dn: cn=Italians," + groups + "\nchangetype: modify\nreplace: member\nmember: uid=galileo," + people + "\n\n"); err != nil {
		t.Fatal(err)
	}
	rep, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
	if err != nil {
		t.Fatal(err)
	}
	wantSync := []string{"import:galileo:imported into t2 as user: new member of group Italians", "leave:volta:removed from t2: left group Italians"}
	if got := syncLines(rep); !slices.Equal(got, wantSync) {
		t.Errorf("sync after forgetting Mathematicians: %q, want %q", got, wantSync)
	}
	for _, name := range []gatehouse.UserName{"riemann", "euler", "gauss", "galileo"} {
		if got := e.tenantsOf(a, name); !slices.Equal(got, []string{"t2"}) {
			t.Errorf("%s is in tenants %q, want t2", name, got)
		}
	}
	if got := e.tenantsOf(a, "volta"); len(got) != 0 {
		t.Errorf("volta is in tenants %q, want none", got)
	}

	// By DN, in another case.
	if _, err := e.svc.ForgetLDAPGroup(e.ctx, a, "ldap2", "t2", "CN=Italians,OU=groups,"+slapd.LDAPBase); err != nil {
		t.Fatalf("forget by DN: %v", err)
	}
	if got := list(); len(got) != 0 {
		t.Errorf("imported groups after forgetting both: %+v", got)
	}
}
