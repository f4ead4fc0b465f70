package api

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
)

// TestOpenShift drives the OpenShift routes against the stand-in
// cluster: configure, show, list, import, and an OpenShift user's login.
func TestOpenShift(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	s := openshiftd.Start(t)
	e.expect(404, "GET", "/api/v1/openshift", admin, nil, nil)
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	before := e.state()
	e.expect(400, "PUT", "/api/v1/openshift", admin, OpenShiftConfigureRequest{APIURL: s.URL, Token: "sha256~wrong", CACert: string(s.CACert)}, nil)
	e.expect(400, "PUT", "/api/v1/openshift", admin, OpenShiftConfigureRequest{APIURL: s.URL, Token: openshiftd.Token}, nil)
	e.expect(400, "PUT", "/api/v1/openshift", admin, `{"api_url":"`+s.URL+`","token":"x","bogus":1}`, nil)
	e.expect(404, "GET", "/api/v1/openshift", admin, nil, nil)
	e.expect(403, "PUT", "/api/v1/openshift", ta1,
		OpenShiftConfigureRequest{APIURL: s.URL, Token: openshiftd.Token, CACert: string(s.CACert)}, nil)
	e.expect(200, "PUT", "/api/v1/openshift", admin, OpenShiftConfigureRequest{APIURL: s.URL, Token: openshiftd.Token, CACert: string(s.CACert)}, nil)
	var cfg OpenShiftConfig
	e.expect(200, "GET", "/api/v1/openshift", admin, nil, &cfg)
	if cfg.APIURL != s.URL || cfg.CACert != string(s.CACert) {
		t.Errorf("show = %+v", cfg)
	}

	var users OpenShiftUserList
	e.expect(200, "GET", "/api/v1/openshift/users?names=user1", admin, nil, &users)
	if len(users.Items) != 1 || users.Items[0].FullName != "Jürgen Müller" || !slices.Equal(users.Items[0].Groups, []string{"ghosts", "robin-users"}) {
		t.Errorf("users = %+v", users)
	}
	e.expect(404, "GET", "/api/v1/openshift/users?names=user1,nobody", admin, nil, nil)
	var groups OpenShiftGroupList
	e.expect(200, "GET", "/api/v1/openshift/groups", admin, nil, &groups)
	if len(groups.Items) != len(openshiftd.Groups) || groups.Items[1].Name != "empty" || groups.Items[1].Users == nil {
		t.Errorf("groups = %+v", groups)
	}
	e.expect(404, "GET", "/api/v1/openshift/groups?names=nogroup", admin, nil, nil)

	e.expect(404, "POST", "/api/v1/openshift/import-users", admin, OpenShiftImportUsersRequest{Users: []string{"user1", "nobody"}, Tenant: "t1", Role: "user"}, nil)
	e.expect(404, "POST", "/api/v1/openshift/import-group", admin, OpenShiftImportGroupRequest{Group: "nogroup", Tenant: "t1", Role: "user"}, nil)
	e.expect(400, "POST", "/api/v1/openshift/import-users", admin, OpenShiftImportUsersRequest{Users: []string{"user1"}, Tenant: "t1", Role: "boss"}, nil)
	if !reflect.DeepEqual(before, e.state()) {
		t.Fatal("refused requests changed the store")
	}
	var rep ImportReport
	e.expect(200, "POST", "/api/v1/openshift/import-group", admin, OpenShiftImportGroupRequest{Group: "ghosts", Tenant: "t1", Role: "user"}, &rep)
	if rep.Message != "Imported OpenShift users: 'user1'" || len(rep.Outcomes) != 2 || rep.Outcomes[1].Outcome != "skipped" {
		t.Errorf("import-group = %+v", rep)
	}
	e.expect(200, "POST", "/api/v1/openshift/import-users", admin, OpenShiftImportUsersRequest{Users: []string{"jane@example.com"}, Tenant: "t1", Role: "user"}, &rep)
	if rep.Outcomes[0].Username != "jane_example.com" || rep.Outcomes[0].Reason == "" {
		t.Errorf("import-users = %+v", rep)
	}
	e.expect(201, "POST", "/api/v1/users", admin, UserAddRequest{Username: "user2", Tenant: "t1", Role: "user", OpenShift: true}, nil)
	e.expect(404, "POST", "/api/v1/users", admin, UserAddRequest{Username: "nobody", Tenant: "t1", Role: "user", OpenShift: true}, nil)
	e.login("user2", openshiftd.Password("user2"), "t1")
	e.login("jane_example.com", openshiftd.Password("jane@example.com"), "t1")
	var u User
	e.expect(200, "GET", "/api/v1/users/user1", admin, nil, &u)
	if u.Authentication != "openshift" || u.FirstName != "Jürgen" || u.LastName != "Müller" {
		t.Errorf("user1 = %+v", u)
	}
	s.StopOAuth()
	e.expect(503, "POST", "/api/v1/login", "", LoginRequest{Username: "user2", Password: openshiftd.Password("user2"), Tenant: "t1"}, nil)
}
