package identity_test

import (
	"errors"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestDisableUser(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	sess, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.Authenticate(e.ctx, sess.Token)
	if err != nil {
		t.Fatal(err)
	}
	bad := e.loginErr("ghost", "whatever-passphrase")

	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	for _, tc := range []struct {
		who  *identity.Principal
		name gatehouse.UserName
		want error
	}{
		{p, "u2", gatehouse.ErrForbidden},
		{ta, "u3", gatehouse.ErrForbidden}, // u3 is in t2
		{ta, "u2", gatehouse.ErrForbidden}, // USER:update is superadmin-only by default
		{a, "admin", gatehouse.ErrInvalid}, // oneself
		{a, "ghost", gatehouse.ErrNotFound},
	} {
		if _, err := e.svc.DisableUser(e.ctx, tc.who, tc.name); !errors.Is(err, tc.want) {
			t.Errorf("DisableUser(%s) by %s = %v, want %v", tc.name, tc.who.User.Name, err, tc.want)
		}
	}

	e.must(e.svc.DisableUser(e.ctx, a, "u1"))
	if _, err := e.svc.Authenticate(e.ctx, sess.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("a disabled user's token: %v", err)
	}
	if err := e.loginErr("u1", "passphrase-of-u1"); err == nil || err.Error() != bad.Error() {
		t.Errorf("login of a disabled user = %v, want %v", err, bad)
	}
	e.must(e.svc.EnableUser(e.ctx, a, "u1"))
	e.login("u1", "passphrase-of-u1", "t1")
	v, err := e.svc.GetUser(e.ctx, a, "u1")
	if err != nil || v.User.Disabled || v.User.LastLoginAt.IsZero() {
		t.Fatalf("u1 after enable and login: %+v, %v", v, err)
	}
}
