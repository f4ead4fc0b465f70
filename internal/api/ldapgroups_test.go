package api

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// TestLDAPImportedGroups imports two groups from a real slapd, lists them,
// and forgets one: the members it brought stay in the tenant.
func TestLDAPImportedGroups(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	s := slapd.Start(t, 0)
	e.expect(201, "POST", "/api/v1/ldap/servers", admin, LDAPServerAddRequest{Name: "ldap1", Hostname: s.Host, Port: s.Port,
		ServerType: "OPEN_LDAP", Username: slapd.LDAPReaderDN, Password: slapd.LDAPReaderPassword, SearchBase: slapd.LDAPBase}, nil)
	path := "/api/v1/ldap/servers/ldap1/imported-groups"
	var l LDAPImportedGroupList
	e.expect(200, "GET", path, admin, nil, &l)
	if l.Items == nil || len(l.Items) != 0 {
		t.Fatalf("imported groups before any import = %+v, want an empty list", l)
	}
	e.expect(200, "POST", "/api/v1/ldap/servers/ldap1/import-group", admin, LDAPImportGroupRequest{Group: "Mathematicians", Tenant: "t2",
		Role: "user", Capabilities: []string{"NoCapabilities"}, ExcludeUsers: []string{"euclid"}}, nil)
	e.expect(200, "POST", "/api/v1/ldap/servers/ldap1/import-group", admin, LDAPImportGroupRequest{Group: "Italians", Tenant: "t1", Role: "user"}, nil)
	e.expect(200, "GET", path, admin, nil, &l)
	math := LDAPImportedGroup{DN: "cn=Mathematicians,ou=groups," + slapd.LDAPBase, Name: "Mathematicians", Tenant: "t2", Role: "user",
		Capabilities: []string{"NoCapabilities"}, ExcludeUsers: []string{"euclid"}, Members: 3}
	if len(l.Items) != 2 || !reflect.DeepEqual(l.Items[0], math) || l.Items[1].Name != "Italians" || l.Items[1].Tenant != "t1" || l.Items[1].Members != 1 {
		t.Fatalf("imported groups = %+v, want Mathematicians (%+v), then Italians", l.Items, math)
	}

	forget := func(tenant, group string) string {
		return path + "?" + url.Values{"tenant": {tenant}, "group": {group}}.Encode()
	}
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	before := e.state()
	e.expect(404, "DELETE", "/api/v1/ldap/servers/nosuch/imported-groups?tenant=t2&group=Mathematicians", admin, nil, nil)
	e.expect(404, "DELETE", forget("t1", "Mathematicians"), admin, nil, nil)
	e.expect(404, "DELETE", forget("nosuch", "Mathematicians"), admin, nil, nil)
	e.expect(400, "DELETE", path+"?group=Mathematicians", admin, nil, nil)
	e.expect(400, "DELETE", forget("t2", "Mathematicians")+"&force=true", admin, nil, nil)
	e.expect(403, "DELETE", forget("t2", "Mathematicians"), ta1, nil, nil)
	e.expect(403, "GET", path, ta1, nil, nil)
	e.expect(404, "GET", "/api/v1/ldap/servers/nosuch/imported-groups", admin, nil, nil)
	if !reflect.DeepEqual(before, e.state()) {
		t.Fatal("refused requests changed the store")
	}

	var msg MessageResponse
	e.expect(200, "DELETE", forget("t2", "cn=Mathematicians,ou=groups,"+slapd.LDAPBase), admin, nil, &msg)
	if want := "Stopped syncing group Mathematicians into tenant t2; its 3 members stay members (remove them with 'gatehouse tenant remove-users' if they should go)"; msg.Message != want {
		t.Errorf("forget message %q, want %q", msg.Message, want)
	}
	if !reflect.DeepEqual(before, e.state()) {
		t.Error("forgetting a group changed users, tenants or memberships")
	}
	e.expect(200, "GET", path, admin, nil, &l)
	if len(l.Items) != 1 || l.Items[0].Name != "Italians" {
		t.Errorf("imported groups after forgetting Mathematicians = %+v, want Italians alone", l.Items)
	}
	e.expect(404, "DELETE", forget("t2", "Mathematicians"), admin, nil, nil)
}
