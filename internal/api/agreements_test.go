package api

import (
	"reflect"
	"strings"
	"testing"
)

func TestActivationAndAgreements(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var msg MessageResponse
	var er ErrorResponse

	// Bad input changes nothing.
	before := e.state()
	e.expect(400, "POST", "/api/v1/agreements", admin, AgreementAddRequest{Name: "terms", Text: "  "}, &er)
	if er.Field != "text" {
		t.Errorf("empty text: field %q, error %q", er.Field, er.Error)
	}
	e.expect(400, "POST", "/api/v1/agreements", admin, AgreementAddRequest{Name: "terms", Text: "t", ApplyToExisting: true}, &er)
	if er.Field != "apply_to_existing" {
		t.Errorf("apply_to_existing alone: field %q, error %q", er.Field, er.Error)
	}
	e.expect(400, "POST", "/api/v1/users/u1/setup", admin, nil, &er)
	if er.Field != "users.default_tenant" {
		t.Errorf("setup without a default tenant: field %q, error %q", er.Field, er.Error)
	}
	if !reflect.DeepEqual(before, e.state()) {
		t.Error("refused requests changed the store")
	}

	e.expect(201, "POST", "/api/v1/agreements", admin, AgreementAddRequest{Name: "terms", Text: "Be nice.\n", Required: true}, &msg)
	if msg.Message != "Added agreement terms (required before activation)" {
		t.Errorf("add message = %q", msg.Message)
	}
	e.expect(409, "POST", "/api/v1/agreements", admin, AgreementAddRequest{Name: "terms", Text: "again"}, nil)
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "POST", "/api/v1/agreements", u1, AgreementAddRequest{Name: "mine", Text: "x"}, nil)
	e.expect(403, "DELETE", "/api/v1/agreements/terms", u1, nil, nil)

	// u1 is deactivated by the tenantadmin of the tenant u1 belongs to alone.
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	e.expect(200, "POST", "/api/v1/users/u1/deactivate", ta1, nil, &msg)
	if msg.Message != "Deactivated user u1" {
		t.Errorf("deactivate message = %q", msg.Message)
	}
	e.expect(403, "POST", "/api/v1/users/u3/deactivate", ta1, nil, nil)
	var u User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if u.Active || u.Invited {
		t.Errorf("u1 after deactivate: active %v invited %v", u.Active, u.Invited)
	}

	// An inactive user logs in, reads, and is refused changes and write checks.
	var lr LoginResponse
	e.expect(200, "POST", "/api/v1/login", "", LoginRequest{Username: "u1", Password: "passphrase-of-u1"}, &lr)
	if lr.Active || !reflect.DeepEqual(lr.PendingAgreements, []string{"terms"}) {
		t.Errorf("login of inactive u1: active %v pending %q", lr.Active, lr.PendingAgreements)
	}
	u1 = lr.Token
	e.expect(200, "GET", "/api/v1/users/u1", u1, nil, nil)
	e.expect(403, "PUT", "/api/v1/users/u1", u1, UserUpdateRequest{FirstName: ptr("X")}, &er)
	if !strings.Contains(er.Error, "user u1 is inactive and may only read") {
		t.Errorf("inactive update: %q", er.Error)
	}
	var cr CheckResponse
	e.expect(200, "POST", "/api/v1/check", u1, CheckRequest{Operation: "view", ObjectType: "APPLICATION"}, &cr)
	if !cr.Allowed {
		t.Error("an inactive user may not view")
	}
	e.expect(200, "POST", "/api/v1/check", u1, CheckRequest{Operation: "create", ObjectType: "APPLICATION", Explain: true}, &cr)
	if cr.Allowed || cr.Explanation == nil || !strings.Contains(cr.Explanation.Denied, "user u1 is inactive") {
		t.Errorf("an inactive user's create check: %+v", cr)
	}
	var br BatchCheckResponse
	e.expect(200, "POST", "/api/v1/check/batch", admin, BatchCheckRequest{User: "u1", Tenant: "t1",
		Checks: []CheckItem{{Operation: "view", ObjectType: "APPLICATION"}, {Operation: "start", ObjectType: "APPLICATION"}}}, &br)
	if !reflect.DeepEqual(br.Results, []bool{true, false}) {
		t.Errorf("batch on behalf of inactive u1 = %v", br.Results)
	}

	// Self-activation needs setup and the required agreements.
	e.expect(403, "POST", "/api/v1/users/u1/activate", u1, nil, &er)
	if !strings.Contains(er.Error, "was not set up") {
		t.Errorf("self-activation before setup: %q", er.Error)
	}
	e.expect(200, "PUT", "/api/v1/settings/users.default_tenant", admin, SettingRequest{Value: "t1"}, nil)
	e.expect(200, "POST", "/api/v1/users/u1/setup", admin, nil, &msg)
	e.expect(409, "POST", "/api/v1/users/u1/setup", admin, nil, nil)
	e.expect(403, "POST", "/api/v1/users/u1/activate", u1, nil, &er)
	if !strings.Contains(er.Error, "sign the required agreement terms first") {
		t.Errorf("self-activation unsigned: %q", er.Error)
	}
	var al AgreementList
	e.expect(200, "GET", "/api/v1/agreements", u1, nil, &al)
	if len(al.Items) != 1 || al.Items[0].Name != "terms" || al.Items[0].Text != "" || al.Items[0].SignedAt != nil {
		t.Fatalf("agreements = %+v", al.Items)
	}
	var ag Agreement
	e.expect(200, "GET", "/api/v1/agreements/terms", u1, nil, &ag)
	if ag.Text != "Be nice.\n" || !ag.Required {
		t.Errorf("agreement = %+v", ag)
	}
	e.expect(404, "GET", "/api/v1/agreements/ghost", u1, nil, nil)
	e.expect(404, "POST", "/api/v1/agreements/ghost/sign", u1, nil, nil)
	e.expect(201, "POST", "/api/v1/agreements/terms/sign", u1, nil, &msg)
	if msg.Message != "Signed agreement terms; every required agreement is signed: activate yourself with 'gatehouse user activate u1'" {
		t.Errorf("sign message = %q", msg.Message)
	}
	e.expect(409, "POST", "/api/v1/agreements/terms/sign", u1, nil, &er)
	if !strings.Contains(er.Error, "you already signed agreement terms") {
		t.Errorf("signing twice: %q", er.Error)
	}
	e.expect(200, "POST", "/api/v1/users/u1/activate", u1, nil, &msg)
	e.expect(409, "POST", "/api/v1/users/u1/activate", admin, nil, nil)
	e.expect(200, "PUT", "/api/v1/users/u1", u1, UserUpdateRequest{FirstName: ptr("Una")}, nil)

	var sl SignatureList
	e.expect(200, "GET", "/api/v1/agreement-signatures?username=u1", ta1, nil, &sl)
	if len(sl.Items) != 1 || sl.Items[0].Username != "u1" || sl.Items[0].Agreement != "terms" || sl.Items[0].SignedAt.IsZero() {
		t.Errorf("signatures of u1 = %+v", sl.Items)
	}
	e.expect(403, "GET", "/api/v1/agreement-signatures?username=u3", u1, nil, nil)
	e.expect(200, "GET", "/api/v1/agreement-signatures", admin, nil, &sl)
	if len(sl.Items) != 1 {
		t.Errorf("everyone's signatures = %+v", sl.Items)
	}

	// An agreement applied to existing users binds active ones at once.
	e.expect(201, "POST", "/api/v1/agreements", admin, AgreementAddRequest{Name: "aup", Text: "Use it well.", Required: true, ApplyToExisting: true}, nil)
	e.expect(200, "POST", "/api/v1/login", "", LoginRequest{Username: "u3", Password: "passphrase-of-u3"}, &lr)
	if !lr.Active || !reflect.DeepEqual(lr.PendingAgreements, []string{"aup"}) {
		t.Errorf("login with aup to sign: active %v pending %q", lr.Active, lr.PendingAgreements)
	}
	e.expect(403, "PUT", "/api/v1/users/u3", lr.Token, UserUpdateRequest{FirstName: ptr("X")}, &er)
	if !strings.Contains(er.Error, "user u3 has not signed agreement aup") {
		t.Errorf("change with aup unsigned: %q", er.Error)
	}
	e.expect(201, "POST", "/api/v1/agreements/aup/sign", lr.Token, nil, nil)
	e.expect(200, "PUT", "/api/v1/users/u3", lr.Token, UserUpdateRequest{FirstName: ptr("Tria")}, nil)
	e.expect(201, "POST", "/api/v1/agreements/aup/sign", admin, nil, nil)

	// Unsetup locks the user out; the administrator's activation bypasses agreements.
	e.expect(200, "POST", "/api/v1/users/u3/unsetup", admin, nil, &msg)
	e.expect(401, "GET", "/api/v1/whoami", lr.Token, nil, nil)
	e.expect(401, "POST", "/api/v1/login", "", LoginRequest{Username: "u3", Password: "passphrase-of-u3"}, nil)
	e.expect(200, "POST", "/api/v1/users/u3/setup", admin, nil, &msg)
	if msg.Message != "Set up user u3: added to tenant t1 with role user" {
		t.Errorf("setup message = %q", msg.Message)
	}
	e.expect(200, "POST", "/api/v1/users/u3/activate", admin, nil, nil)
	e.expect(200, "DELETE", "/api/v1/agreements/aup", admin, nil, &msg)
	e.expect(404, "DELETE", "/api/v1/agreements/aup", admin, nil, nil)
}
