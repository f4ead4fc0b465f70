package api

import (
	"strings"
	"testing"
)

// A user's phone is free text: set on add and update, shown on the user,
// cleared by an empty one, and refused (400 naming phone, nothing
// changed) when too long or holding a control character.
func TestUserPhone(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var msg MessageResponse
	var u User
	e.expect(201, "POST", "/api/v1/users", admin, UserAddRequest{Username: "ann", Tenant: "t1", Role: "user",
		Password: "passphrase-of-ann", Phone: "+1 (555) 010-0199 x42"}, &msg)
	e.expect(200, "GET", "/api/v1/users/ann", admin, nil, &u)
	if u.Phone != "+1 (555) 010-0199 x42" {
		t.Fatalf("ann's phone = %q", u.Phone)
	}
	e.expect(200, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Phone: ptr("030 / 12 34-5")}, &msg)
	var list UserList
	e.expect(200, "GET", "/api/v1/users", admin, nil, &list)
	phones := map[string]string{}
	for _, it := range list.Items {
		phones[it.Username] = it.Phone
	}
	if phones["ann"] != "+1 (555) 010-0199 x42" || phones["u1"] != "030 / 12 34-5" || phones["ta1"] != "" {
		t.Fatalf("phones in the user list: %v", phones)
	}

	for _, bad := range []string{strings.Repeat("9", 65), "555\n0100", "555\x00"} {
		var er ErrorResponse
		e.expect(400, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Phone: ptr(bad)}, &er)
		if er.Field != "phone" || !strings.HasPrefix(er.Error, "phone: ") {
			t.Errorf("updating to a phone of %q: %+v", bad, er)
		}
		er = ErrorResponse{}
		e.expect(400, "POST", "/api/v1/users", admin, UserAddRequest{Username: "bob", Tenant: "t1", Role: "user",
			Password: "passphrase-of-bob", Phone: bad}, &er)
		if er.Field != "phone" {
			t.Errorf("adding a user with a phone of %q: %+v", bad, er)
		}
	}
	e.expect(404, "GET", "/api/v1/users/bob", admin, nil, nil)
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if u.Phone != "030 / 12 34-5" {
		t.Fatalf("a refused update changed the phone to %q", u.Phone)
	}

	e.expect(200, "PUT", "/api/v1/users/u1", admin, UserUpdateRequest{Phone: ptr("")}, &msg)
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	if u.Phone != "" {
		t.Fatalf("an empty phone left %q", u.Phone)
	}
}
