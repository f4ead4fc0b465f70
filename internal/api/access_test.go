package api

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The tests in this file run before api_test.go's (files run in name
// order), so TestResponsesMatchOpenAPI validates their responses too.

func TestCapabilityEndpoints(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var msg MessageResponse
	e.expect(201, "POST", "/api/v1/capabilities", admin, CapabilityAddRequest{Name: "CustomUserCapability", Description: "Custom user capability",
		TenantRoles: []string{"user"}, Providers: []string{"ManageApplications"}}, &msg)
	if msg.Message != "Custom User Capability 'CustomUserCapability' successfully added" {
		t.Fatalf("add = %q", msg.Message)
	}
	e.expect(200, "PUT", "/api/v1/capabilities/CustomUserCapability", admin, CapabilityUpdateRequest{
		Entries: &[]string{"APPLICATION:backup", "APPLICATION:restore"}, TenantRoles: &[]string{"user", "tenantadmin", "superadmin"}}, nil)
	var empty ErrorResponse
	e.expect(400, "PUT", "/api/v1/capabilities/CustomUserCapability", admin, CapabilityUpdateRequest{}, &empty)
	if empty.Field != "body" || !strings.Contains(empty.Error, "nothing to update") {
		t.Fatalf("update of nothing: %+v", empty)
	}
	e.expect(200, "POST", "/api/v1/capabilities/CustomUserCapability/providers", admin, CapabilityProvidersRequest{Providers: []string{"CreateImages"}}, nil)
	e.expect(200, "DELETE", "/api/v1/capabilities/CustomUserCapability/providers", admin, CapabilityProvidersRequest{Providers: []string{"CreateImages"}}, nil)
	e.expect(200, "POST", "/api/v1/capabilities/CustomUserCapability/entries", admin, CapabilityEntriesRequest{Entries: []string{"BUNDLE:view"}}, nil)
	e.expect(200, "DELETE", "/api/v1/capabilities/CustomUserCapability/entries", admin, CapabilityEntriesRequest{Entries: []string{"BUNDLE:view"}}, nil)
	var cl CapabilityList
	e.expect(200, "GET", "/api/v1/capabilities?names=CustomUserCapability", admin, nil, &cl)
	if len(cl.Items) != 1 || cl.Items[0].Group != "Custom" || !reflect.DeepEqual(cl.Items[0].TenantRoles, []string{"user", "tenantadmin", "superadmin"}) ||
		len(cl.Items[0].Entries) != 2 || !reflect.DeepEqual(cl.Items[0].Providers, []string{"ManageApplications"}) {
		t.Fatalf("capability = %+v", cl)
	}
	var opts CapabilityOptionList
	e.expect(200, "GET", "/api/v1/capabilities/options?entries=APPLICATION:restore", admin, nil, &opts)
	if len(opts.Items) == 0 {
		t.Fatal("no capability gives APPLICATION:restore")
	}
	e.expect(200, "POST", "/api/v1/tenants/t1/members/u1/capabilities", admin, MemberCapabilitiesRequest{Capabilities: []string{"CustomUserCapability"}}, nil)
	var perms UserPermissions
	e.expect(200, "GET", "/api/v1/users/u1/permissions?tenant=t1", admin, nil, &perms)
	if len(perms.Tenants) != 1 || !reflect.DeepEqual(perms.Tenants[0].Capabilities, []string{"AllUserCapabilities", "CustomUserCapability"}) {
		t.Fatalf("permissions = %+v", perms)
	}
	var er ErrorResponse
	e.expect(409, "DELETE", "/api/v1/capabilities/CustomUserCapability", admin, nil, &er)
	if !strings.Contains(er.Error, "assigned to u1 in t1") {
		t.Fatalf("remove while assigned: %q", er.Error)
	}
	e.expect(200, "DELETE", "/api/v1/tenants/t1/members/u1/capabilities", admin, MemberCapabilitiesRequest{Capabilities: []string{"CustomUserCapability"}}, nil)
	e.expect(200, "DELETE", "/api/v1/capabilities/CustomUserCapability", admin, nil, nil)
	e.expect(403, "PUT", "/api/v1/capabilities/ManageUsers", admin, CapabilityUpdateRequest{Description: ptr("mine")}, nil)
	e.expect(400, "POST", "/api/v1/capabilities", admin, CapabilityAddRequest{Name: "X", Description: "x", TenantRoles: []string{"user"}, Entries: []string{"NOPE:view"}}, &er)
	if er.Field != "capability_entries" || !strings.Contains(er.Error, "valid types") {
		t.Fatalf("unknown type: %+v", er)
	}
}

func TestObjectShareAndCheckEndpoints(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(201, "POST", "/api/v1/object-types", admin, ObjectTypeRequest{Name: "VM", Operations: []string{"start", "stop"}}, nil)
	var types ObjectTypeList
	e.expect(200, "GET", "/api/v1/object-types", admin, nil, &types)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "app 1/a", Tenant: "t1", Owner: "u1"}, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm1", Tenant: "t1", Owner: "u1"}, nil)
	var objs ObjectList
	e.expect(200, "GET", "/api/v1/objects?type=APPLICATION", admin, nil, &objs)
	if len(objs.Items) != 1 || objs.Items[0].ID != "app 1/a" || objs.Items[0].Owner != "u1" {
		t.Fatalf("objects = %+v", objs)
	}
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "app3", Tenant: "t2", Owner: "u3"}, nil)
	for q, want := range map[string][]string{
		"?tenant=t1":                  {"app 1/a", "vm1"},
		"?tenant=t2&type=APPLICATION": {"app3"},
		"?owner=u1&type=VM":           {"vm1"},
		"?tenant=t1&owner=u3":         nil,
	} {
		e.expect(200, "GET", "/api/v1/objects"+q, admin, nil, &objs)
		var got []string
		for _, o := range objs.Items {
			if o.Type != "NAMESPACE" {
				got = append(got, o.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("objects%s = %v, want %v", q, got, want)
		}
	}
	e.expect(200, "GET", "/api/v1/objects?owner=u3&type=NAMESPACE", admin, nil, &objs)
	if len(objs.Items) == 0 || objs.Items[0].Owner != "u3" {
		t.Errorf("namespaces of u3 = %+v", objs.Items)
	}
	var er ErrorResponse
	e.expect(404, "GET", "/api/v1/objects?tenant=nosuch", admin, nil, &er)
	if er.Error != "tenant nosuch does not exist" {
		t.Errorf("unknown tenant: %+v", er)
	}
	// Those who do not see every tenant learn nothing of unknown names.
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(200, "GET", "/api/v1/objects?tenant=nosuch", u1, nil, &objs)
	if len(objs.Items) != 0 {
		t.Errorf("objects of an unknown tenant = %+v", objs.Items)
	}
	e.expect(200, "GET", "/api/v1/objects?tenant=t2", u1, nil, &objs)
	if len(objs.Items) != 0 {
		t.Errorf("u1 sees objects of t2: %+v", objs.Items)
	}
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(200, "POST", "/api/v1/objects/APPLICATION/app%201%2Fa/shares", ta, ShareRequest{User: "ta1", Operations: []string{"view"}}, nil)
	var shares ShareList
	e.expect(200, "GET", "/api/v1/objects/APPLICATION/app%201%2Fa/shares", admin, nil, &shares)
	if len(shares.Items) != 1 || shares.Items[0].User != "ta1" {
		t.Fatalf("shares = %+v", shares)
	}
	e.expect(200, "DELETE", "/api/v1/objects/APPLICATION/app%201%2Fa/shares", ta, ShareRequest{User: "ta1"}, nil)
	var rules ShareRuleList
	e.expect(200, "GET", "/api/v1/share-options", admin, nil, &rules)
	e.expect(200, "PUT", "/api/v1/objects/APPLICATION/app%201%2Fa/owner", admin, OwnerRequest{Owner: "ta1"}, nil)

	u1 = e.login("u1", "passphrase-of-u1", "t1")
	var cr CheckResponse
	e.expect(200, "POST", "/api/v1/check", u1, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app 1/a", Explain: true}, &cr)
	if cr.Allowed || cr.Explanation == nil || cr.Explanation.Denied == "" {
		t.Fatalf("u1 checks the application it gave away: %+v", cr)
	}
	e.expect(200, "POST", "/api/v1/check", admin, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app 1/a", User: "ta1", Tenant: "t1"}, &cr)
	if !cr.Allowed {
		t.Fatal("ta1 may not view its own application")
	}
	var br BatchCheckResponse
	e.expect(200, "POST", "/api/v1/check/batch", admin, BatchCheckRequest{User: "u1", Tenant: "t1", Checks: []CheckItem{
		{Operation: "view", ObjectType: "APPLICATION"}, {Operation: "create", ObjectType: "TENANT"}, {Operation: "start", ObjectType: "VM", ObjectID: "vm1"},
	}}, &br)
	if !reflect.DeepEqual(br.Results, []bool{true, false, false}) {
		t.Fatalf("batch = %v", br.Results)
	}
	er = ErrorResponse{}
	e.expect(400, "POST", "/api/v1/check/batch", admin, `{"checks":[{"operation":"fly","object_type":"VM"}]}`, &er)
	if er.Field != "checks" || !strings.Contains(er.Error, "valid operations") {
		t.Fatalf("bad batch: %+v", er)
	}
	e.expect(403, "POST", "/api/v1/check", u1, CheckRequest{Operation: "view", ObjectType: "APPLICATION", User: "ta1", Tenant: "t1"}, nil)
	e.expect(200, "DELETE", "/api/v1/objects/VM/vm1", admin, nil, nil)
	e.expect(404, "DELETE", "/api/v1/objects/VM/vm1", admin, nil, nil)
}

func TestObjectSizeEndpoints(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(201, "POST", "/api/v1/object-types", admin, ObjectTypeRequest{Name: "VM"}, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm1", Tenant: "t1", Owner: "u1",
		Zone: "us-east-1", Memory: 1024, Disk: 20, Image: "base-64", OS: "smartos"}, nil)
	e.expect(200, "PATCH", "/api/v1/objects/VM/vm1", admin, ObjectResizeRequest{Disk: ptr[int64](40)}, nil)
	var objs ObjectList
	e.expect(200, "GET", "/api/v1/objects?type=VM", admin, nil, &objs)
	want := Object{Type: "VM", ID: "vm1", Tenant: "t1", Owner: "u1", Zone: "us-east-1", Memory: 1024, Disk: 40, Image: "base-64", OS: "smartos"}
	if len(objs.Items) != 1 {
		t.Fatalf("objects = %+v", objs)
	}
	got := objs.Items[0]
	got.CreatedAt = time.Time{}
	if got != want {
		t.Fatalf("object = %+v, want %+v", got, want)
	}
	var er ErrorResponse
	e.expect(400, "PATCH", "/api/v1/objects/VM/vm1", admin, `{}`, &er)
	if er.Field != "memory" {
		t.Fatalf("empty resize: %+v", er)
	}
	e.expect(400, "PATCH", "/api/v1/objects/VM/vm1", admin, `{"memory":-2}`, &er)
	e.expect(400, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm2", Tenant: "t1", Owner: "u1", Zone: "us east"}, &er)
	if er.Field != "zone" {
		t.Fatalf("bad zone: %+v", er)
	}
	e.expect(404, "PATCH", "/api/v1/objects/VM/ghost", admin, ObjectResizeRequest{Memory: ptr[int64](1)}, nil)
	u3 := e.login("u3", "passphrase-of-u3", "t2")
	e.expect(404, "PATCH", "/api/v1/objects/VM/vm1", u3, ObjectResizeRequest{Memory: ptr[int64](1)}, nil)
}

func TestLimitEndpoints(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	e.expect(201, "POST", "/api/v1/object-types", admin, ObjectTypeRequest{Name: "VM"}, nil)
	var m MessageResponse
	e.expect(201, "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "us-east-1", ObjectType: "VM", Resource: "count", Value: 1}, &m)
	if m.Message != "Limit 1 added: limit 1 (tenant t1, zone us-east-1, VM count 1)" {
		t.Fatalf("add limit: %q", m.Message)
	}
	e.expect(201, "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", User: "u1", Zone: "us-east-1", ObjectType: "VM", Resource: "memory", Value: 512, OS: "linux"}, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm1", Tenant: "t1", Owner: "u1", Zone: "us-east-1", Memory: 256, OS: "linux"}, nil)
	var er ErrorResponse
	e.expect(409, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm2", Tenant: "t1", Owner: "u1", Zone: "us-east-1", Memory: 256, OS: "linux"}, &er)
	if er.Error != "limit 1 (tenant t1, zone us-east-1, VM count 1) reached: 1 in use" {
		t.Fatalf("over the count: %+v", er)
	}
	e.expect(409, "PATCH", "/api/v1/objects/VM/vm1", admin, ObjectResizeRequest{Memory: ptr[int64](513)}, &er)
	if er.Error != "limit 2 (tenant t1, user u1, zone us-east-1, VM memory 512 MiB, os linux) would be exceeded: 256 MiB in use, 257 MiB more asked" {
		t.Fatalf("over the memory: %+v", er)
	}
	var usage LimitUsageList
	e.expect(200, "GET", "/api/v1/limits/usage?tenant=t1", admin, nil, &usage)
	if len(usage.Items) != 2 || usage.Items[0].Used != 1 || usage.Items[1].Used != 256 || usage.Items[1].User != "u1" || usage.Items[1].OS != "linux" {
		t.Fatalf("usage = %+v", usage)
	}
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(200, "GET", "/api/v1/limits/usage", ta, nil, &usage)
	if len(usage.Items) != 2 {
		t.Fatalf("tenantadmin's usage = %+v", usage)
	}

	limits := func() LimitUsageList {
		var l LimitUsageList
		e.expect(200, "GET", "/api/v1/limits/usage", admin, nil, &l)
		return l
	}
	for _, tt := range []struct {
		name, method, path, tok string
		body                    any
		status                  int
		field                   string
	}{
		{"unknown type", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "z", ObjectType: "NOPE", Resource: "count"}, 400, "object_type"},
		{"bad zone", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "z;1", ObjectType: "VM", Resource: "count"}, 400, "zone"},
		{"value below -1", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "z", ObjectType: "VM", Resource: "disk", Value: -5}, 400, "value"},
		{"image and os", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "z", ObjectType: "VM", Resource: "count", Image: "i", OS: "o"}, 400, "os"},
		{"user not in tenant", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", User: "u3", Zone: "z", ObjectType: "VM", Resource: "count"}, 400, "user"},
		{"unknown tenant", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "nope", Zone: "z", ObjectType: "VM", Resource: "count"}, 404, ""},
		{"duplicate", "POST", "/api/v1/limits", admin, LimitAddRequest{Tenant: "t1", Zone: "us-east-1", ObjectType: "VM", Resource: "count", Value: 7}, 409, ""},
		{"tenantadmin adds", "POST", "/api/v1/limits", ta, LimitAddRequest{Tenant: "t1", Zone: "z", ObjectType: "VM", Resource: "count"}, 403, ""},
		{"tenantadmin removes", "DELETE", "/api/v1/limits/1", ta, nil, 403, ""},
		{"bad id", "DELETE", "/api/v1/limits/x", admin, nil, 400, "id"},
		{"unknown id", "DELETE", "/api/v1/limits/99", admin, nil, 404, ""},
		{"tenantadmin, other tenant", "GET", "/api/v1/limits/usage?tenant=t2", ta, nil, 403, ""},
		{"unknown tenant usage", "GET", "/api/v1/limits/usage?tenant=nope", admin, nil, 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, lbefore := e.state(), limits()
			var er ErrorResponse
			e.expect(tt.status, tt.method, tt.path, tt.tok, tt.body, &er)
			if er.Error == "" || er.Field != tt.field {
				t.Fatalf("error = %+v, want field %q", er, tt.field)
			}
			if !reflect.DeepEqual(before, e.state()) || !reflect.DeepEqual(lbefore, limits()) {
				t.Fatal("a refused request changed the store")
			}
		})
	}
	e.expect(200, "DELETE", "/api/v1/limits/1", admin, nil, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "VM", ID: "vm2", Tenant: "t1", Owner: "ta1", Zone: "us-east-1"}, nil)
}

func TestServiceAccountEndpoints(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var k NewKey
	e.expect(201, "POST", "/api/v1/service-accounts", admin, ServiceAccountRequest{Name: "platform", Tenant: "Administrators", Role: "superadmin",
		Capabilities: []string{"CheckPermissionsOnBehalf"}, ExpiresIn: "24h"}, &k)
	if !strings.HasPrefix(k.Key, "ghk_"+k.KeyID+"_") {
		t.Fatalf("key = %+v", k)
	}
	var cr CheckResponse
	e.expect(200, "POST", "/api/v1/check", k.Key, CheckRequest{Operation: "view", ObjectType: "USER", User: "ta1", Tenant: "t1"}, &cr)
	if !cr.Allowed {
		t.Fatal("ta1 may not view users")
	}
	e.expect(403, "GET", "/api/v1/users", k.Key, nil, nil)
	var k2 NewKey
	e.expect(201, "POST", "/api/v1/service-accounts/platform/keys", admin, KeyRequest{ExpiresIn: "1h"}, &k2)
	var list ServiceAccountList
	e.expect(200, "GET", "/api/v1/service-accounts", admin, nil, &list)
	if len(list.Items) != 1 || len(list.Items[0].Keys) != 2 {
		t.Fatalf("service accounts = %+v", list)
	}
	e.expect(200, "DELETE", "/api/v1/service-accounts/platform/keys/"+k.KeyID, admin, nil, nil)
	e.expect(401, "POST", "/api/v1/check", k.Key, CheckRequest{Operation: "view", ObjectType: "USER"}, nil)
	e.expect(200, "POST", "/api/v1/check", k2.Key, CheckRequest{Operation: "view", ObjectType: "USER"}, nil)
	e.expect(400, "POST", "/api/v1/logout", k2.Key, nil, nil)
	e.expect(400, "POST", "/api/v1/service-accounts", admin, ServiceAccountRequest{Name: "p2", Tenant: "Administrators", Role: "superadmin", ExpiresIn: "forever"}, nil)
}
