package api

import (
	"os"
	"strings"
	"testing"
)

func TestSSHKeys(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	key, err := os.ReadFile("testdata/ed25519.pub")
	if err != nil {
		t.Fatal(err)
	}
	const fp = "SHA256:hWzGfIWsA8wSp60zHNzm2xk1FiHLB8i2WE41EI2RnNg"

	var msg MessageResponse
	e.expect(201, "POST", "/api/v1/users/u1/keys", u1, SSHKeyAddRequest{Name: "laptop", Key: string(key)}, &msg)
	if msg.Message != "Added key laptop ("+fp+") to user u1" {
		t.Errorf("message = %q", msg.Message)
	}
	var er ErrorResponse
	e.expect(409, "POST", "/api/v1/users/u1/keys", u1, SSHKeyAddRequest{Name: "again", Key: string(key)}, &er)
	if !strings.Contains(er.Error, "already has this key, called laptop") {
		t.Errorf("same key twice: %q", er.Error)
	}
	e.expect(400, "POST", "/api/v1/users/u1/keys", u1, SSHKeyAddRequest{Name: "bad", Key: "ssh-ed25519 AAAA"}, &er)
	if er.Field != "key" {
		t.Errorf("malformed key: field %q, error %q", er.Field, er.Error)
	}
	e.expect(400, "POST", "/api/v1/users/u1/keys", u1, `{"name":"x","key":"k","extra":1}`, nil)
	e.expect(403, "POST", "/api/v1/users/u3/keys", u1, SSHKeyAddRequest{Name: "laptop", Key: string(key)}, nil)
	e.expect(404, "POST", "/api/v1/users/ghost/keys", admin, SSHKeyAddRequest{Name: "laptop", Key: string(key)}, nil)

	var list SSHKeyList
	e.expect(200, "GET", "/api/v1/users/u1/keys", admin, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Fingerprint != fp || list.Items[0].Type != "ssh-ed25519" ||
		list.Items[0].Key != strings.TrimSpace(string(key)) {
		t.Fatalf("keys = %+v", list.Items)
	}
	e.expect(403, "GET", "/api/v1/users/admin/keys", u1, nil, nil)
	e.expect(404, "DELETE", "/api/v1/users/u1/keys/nope", u1, nil, nil)
	e.expect(200, "DELETE", "/api/v1/users/u1/keys/laptop", u1, nil, &msg)
	if msg.Message != "Removed key laptop of user u1" {
		t.Errorf("message = %q", msg.Message)
	}
	e.expect(200, "GET", "/api/v1/users/u1/keys", u1, nil, &list)
	if len(list.Items) != 0 {
		t.Fatalf("keys after removal = %+v", list.Items)
	}
}
