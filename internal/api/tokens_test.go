package api

import (
	"testing"
)

func TestTokens(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1a := e.login("u1", "passphrase-of-u1", "t1")
	u1b := e.login("u1", "passphrase-of-u1", "t1")
	var list TokenList
	e.expect(200, "GET", "/api/v1/tokens", u1a, nil, &list)
	if len(list.Items) != 2 || !list.Items[0].Current || list.Items[1].Current || list.Items[0].Username != "u1" ||
		list.Items[0].Tenant != "t1" || list.Items[0].Source != "127.0.0.1" || list.Items[0].LastUsedAt == nil {
		t.Fatalf("u1's tokens = %+v", list.Items)
	}
	var byAdmin TokenList
	e.expect(200, "GET", "/api/v1/tokens?username=u1", admin, nil, &byAdmin)
	if len(byAdmin.Items) != 2 || byAdmin.Items[0].Current {
		t.Fatalf("u1's tokens listed by admin = %+v", byAdmin.Items)
	}
	ta := e.login("ta1", "passphrase-of-ta1", "t1") // tenantadmins list only their own
	e.expect(403, "GET", "/api/v1/tokens?username=u1", ta, nil, nil)
	e.expect(404, "GET", "/api/v1/tokens?username=ghost", admin, nil, nil)

	second := list.Items[1].ID
	e.expect(403, "DELETE", "/api/v1/tokens/"+second, ta, nil, nil)
	e.expect(404, "DELETE", "/api/v1/tokens/"+second+"?username=ta", admin, nil, nil)
	e.expect(404, "DELETE", "/api/v1/tokens/no-such-token", u1a, nil, nil)
	e.expect(200, "GET", "/api/v1/whoami", u1b, nil, nil)
	var msg MessageResponse
	e.expect(200, "DELETE", "/api/v1/tokens/"+second+"?username=u1", u1a, nil, &msg)
	if msg.Message != "Revoked token "+second+" of user u1" {
		t.Errorf("message = %q", msg.Message)
	}
	e.expect(401, "GET", "/api/v1/whoami", u1b, nil, nil) // at once
	e.expect(200, "GET", "/api/v1/whoami", u1a, nil, nil)
	e.expect(200, "GET", "/api/v1/tokens", u1a, nil, &list)
	if len(list.Items) != 1 || list.Items[0].ID == second {
		t.Fatalf("tokens after revoking one = %+v", list.Items)
	}
}
