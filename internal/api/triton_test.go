package api

import (
	"slices"
	"strings"
	"testing"
)

// TestTriton walks sub-users, policies, roles and role tags through the
// API, and a sub-user's role-tagged check.
func TestTriton(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	var msg MessageResponse
	var er ErrorResponse

	e.expect(201, "POST", "/api/v1/subusers", ta1, SubuserAddRequest{Login: "mark", Password: "passphrase-of-mark"}, &msg)
	e.expect(201, "POST", "/api/v1/subusers", admin, SubuserAddRequest{Account: "t2", Login: "mark", Password: "passphrase-of-mark2"}, nil)
	e.expect(400, "POST", "/api/v1/subusers", ta1, SubuserAddRequest{Login: "a/b", Password: "passphrase-of-mark"}, &er)
	if er.Field != "login" {
		t.Errorf("login with '/': field %q, error %q", er.Field, er.Error)
	}
	e.expect(409, "POST", "/api/v1/subusers", ta1, SubuserAddRequest{Login: "mark", Password: "passphrase-of-mark"}, nil)
	e.expect(403, "GET", "/api/v1/subusers?account=t2", ta1, nil, nil)
	var subs SubuserList
	e.expect(200, "GET", "/api/v1/subusers", ta1, nil, &subs)
	if len(subs.Items) != 1 || subs.Items[0].Username != "t1/mark" {
		t.Fatalf("sub-users of t1 = %+v", subs.Items)
	}
	e.expect(200, "PUT", "/api/v1/subusers/mark", ta1, UserUpdateRequest{FirstName: ptr("Mark")}, &msg)

	e.expect(201, "POST", "/api/v1/policies", ta1, PolicyAddRequest{Name: "read", Rules: []string{"CAN view"}}, nil)
	e.expect(400, "POST", "/api/v1/policies", ta1, PolicyAddRequest{Name: "bad", Rules: []string{"CAN view WHEN colour = red"}}, &er)
	if er.Field != "rules" || !strings.Contains(er.Error, "MissingTypeError") {
		t.Errorf("unknown condition type: field %q, error %q", er.Field, er.Error)
	}
	e.expect(200, "PUT", "/api/v1/policies/read", ta1, PolicyUpdateRequest{Description: ptr("see")}, nil)
	var policies PolicyList
	e.expect(200, "GET", "/api/v1/policies", ta1, nil, &policies)
	if len(policies.Items) != 1 || policies.Items[0].Description != "see" || !slices.Equal(policies.Items[0].Rules, []string{"CAN view"}) {
		t.Fatalf("policies = %+v", policies.Items)
	}

	e.expect(400, "POST", "/api/v1/roles", ta1, RoleAddRequest{Name: "readers", Policies: []string{"nosuch"}}, nil)
	e.expect(201, "POST", "/api/v1/roles", ta1, RoleAddRequest{Name: "readers", Policies: []string{"read"}, Members: []string{"mark"}, DefaultMembers: []string{"mark"}}, nil)
	e.expect(200, "PUT", "/api/v1/roles/readers", ta1, `{"policies": null, "members": ["mark"], "default_members": null}`, nil)
	var roles RoleList
	e.expect(200, "GET", "/api/v1/roles", ta1, nil, &roles)
	if len(roles.Items) != 1 || !slices.Equal(roles.Items[0].DefaultMembers, []string{"mark"}) || !slices.Equal(roles.Items[0].Policies, []string{"read"}) {
		t.Fatalf("roles = %+v", roles.Items)
	}

	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "app1", Tenant: "t1", Owner: "u1"}, nil)
	mark := e.login("t1/mark", "passphrase-of-mark", "t1")
	var who WhoAmI
	e.expect(200, "GET", "/api/v1/whoami", mark, nil, &who)
	if !who.Subuser || !slices.Equal(who.ActiveRoles, []string{"readers"}) {
		t.Errorf("whoami of a sub-user: active roles %v, want [readers]", who.ActiveRoles)
	}
	var admin1 WhoAmI
	e.expect(200, "GET", "/api/v1/whoami", ta1, nil, &admin1)
	if admin1.Subuser || admin1.ActiveRoles != nil {
		t.Errorf("whoami of a tenantadmin: active roles %v, want none", admin1.ActiveRoles)
	}
	var check CheckResponse
	e.expect(200, "POST", "/api/v1/check", mark, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app1", Explain: true}, &check)
	if check.Allowed {
		t.Errorf("untagged object: allowed")
	}
	e.expect(200, "PUT", "/api/v1/objects/APPLICATION/app1/role-tags", ta1, RoleTagsRequest{Roles: []string{"readers"}}, nil)
	var tags RoleTags
	e.expect(200, "GET", "/api/v1/objects/APPLICATION/app1/role-tags", ta1, nil, &tags)
	if !slices.Equal(tags.Roles, []string{"readers"}) {
		t.Errorf("role tags = %v", tags.Roles)
	}
	e.expect(200, "POST", "/api/v1/check", mark, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app1", Explain: true}, &check)
	if !check.Allowed || check.Explanation == nil || check.Explanation.Rule != "aperture" {
		t.Errorf("tagged object: %+v", check)
	}
	e.expect(403, "PUT", "/api/v1/objects/APPLICATION/app1/role-tags", mark, RoleTagsRequest{Roles: []string{}}, nil)

	// A role removed leaves no tags behind: a new role of the same name
	// starts with no objects.
	e.expect(200, "DELETE", "/api/v1/roles/readers", ta1, nil, nil)
	e.expect(200, "GET", "/api/v1/objects/APPLICATION/app1/role-tags", ta1, nil, &tags)
	if len(tags.Roles) != 0 {
		t.Errorf("role tags after the role was removed = %v", tags.Roles)
	}
	e.expect(201, "POST", "/api/v1/roles", ta1, RoleAddRequest{Name: "readers", Policies: []string{"read"}, Members: []string{"mark"}, DefaultMembers: []string{"mark"}}, nil)
	mark = e.login("t1/mark", "passphrase-of-mark", "t1")
	e.expect(200, "POST", "/api/v1/check", mark, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app1"}, &check)
	if check.Allowed {
		t.Error("a new role named as a removed one inherits its objects")
	}
	e.expect(200, "DELETE", "/api/v1/roles/readers", ta1, nil, nil)
	e.expect(200, "DELETE", "/api/v1/policies/read", ta1, nil, nil)
	e.expect(404, "DELETE", "/api/v1/policies/read", ta1, nil, nil)
	e.expect(200, "DELETE", "/api/v1/subusers/mark", ta1, nil, nil)
	e.expect(404, "DELETE", "/api/v1/subusers/mark", ta1, nil, nil)
}

// TestAccountOwner sets a tenant's account owner through the API, and
// reads it back.
func TestAccountOwner(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	var er ErrorResponse
	var tn Tenant

	e.expect(400, "PUT", "/api/v1/tenants/t1", ta1, TenantUpdateRequest{AccountOwner: ptr("u3")}, &er)
	if er.Field != "account_owner" || !strings.Contains(er.Error, "not a member of tenant t1") {
		t.Errorf("account owner outside the tenant: field %q, error %q", er.Field, er.Error)
	}
	e.expect(200, "GET", "/api/v1/tenants/t1", admin, nil, &tn)
	if tn.AccountOwner != "" {
		t.Errorf("account owner before setting it = %q", tn.AccountOwner)
	}
	e.expect(200, "PUT", "/api/v1/tenants/t1", ta1, TenantUpdateRequest{AccountOwner: ptr("u1")}, nil)
	e.expect(200, "GET", "/api/v1/tenants/t1", ta1, nil, &tn)
	if tn.AccountOwner != "u1" || tn.Description != "first" {
		t.Errorf("tenant after setting its account owner = %+v", tn)
	}
	var list TenantList
	e.expect(200, "GET", "/api/v1/tenants", admin, nil, &list)
	if i := slices.IndexFunc(list.Items, func(x Tenant) bool { return x.Name == "t1" }); i < 0 || list.Items[i].AccountOwner != "u1" {
		t.Errorf("tenant list = %+v", list.Items)
	}
	e.expect(200, "PUT", "/api/v1/tenants/t1", admin, TenantUpdateRequest{AccountOwner: ptr("")}, nil)
	tn = Tenant{}
	e.expect(200, "GET", "/api/v1/tenants/t1", admin, nil, &tn)
	if tn.AccountOwner != "" {
		t.Errorf("account owner after clearing it = %q", tn.AccountOwner)
	}

	// A sub-user's objects belong to the account owner.
	e.expect(201, "POST", "/api/v1/subusers", ta1, SubuserAddRequest{Login: "mark", Password: "passphrase-of-mark"}, nil)
	e.expect(201, "POST", "/api/v1/policies", ta1, PolicyAddRequest{Name: "make", Rules: []string{"CAN create and view"}}, nil)
	e.expect(201, "POST", "/api/v1/roles", ta1, RoleAddRequest{Name: "makers", Policies: []string{"make"}, Members: []string{"mark"}, DefaultMembers: []string{"mark"}}, nil)
	mark := e.login("t1/mark", "passphrase-of-mark", "t1")
	app := ObjectAddRequest{Type: "APPLICATION", ID: "app1", Tenant: "t1"}
	e.expect(409, "POST", "/api/v1/objects", mark, app, &er)
	if !strings.Contains(er.Error, "gatehouse tenant update t1 --account-owner USER") {
		t.Errorf("registration without an account owner: %q", er.Error)
	}
	e.expect(200, "PUT", "/api/v1/tenants/t1", ta1, TenantUpdateRequest{AccountOwner: ptr("ta1")}, nil)
	app.Owner = "u1"
	e.expect(403, "POST", "/api/v1/objects", mark, app, &er)
	if !strings.Contains(er.Error, "objects a sub-user registers belong to the account owner, ta1") {
		t.Errorf("registration naming another owner: %q", er.Error)
	}
	app.Owner = ""
	e.expect(201, "POST", "/api/v1/objects", mark, app, nil)
	var objs ObjectList
	e.expect(200, "GET", "/api/v1/objects?type=APPLICATION", mark, nil, &objs)
	if len(objs.Items) != 1 || objs.Items[0].Owner != "ta1" || objs.Items[0].Tenant != "t1" {
		t.Errorf("objects the sub-user sees = %+v", objs.Items)
	}
	e.expect(400, "POST", "/api/v1/objects", ta1, ObjectAddRequest{Type: "APPLICATION", ID: "app2", Tenant: "t1"}, &er)
	if er.Field != "owner" {
		t.Errorf("registration without an owner by an administrator: field %q, error %q", er.Field, er.Error)
	}
}
