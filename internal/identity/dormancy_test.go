package identity_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestDisableDormant(t *testing.T) {
	e := newEnv(t)
	advance := e.clock()
	a := e.setup()
	day := 24 * time.Hour

	// Off by default: nobody is ever disabled.
	advance(400 * day)
	if n, err := e.svc.DisableDormant(e.ctx); n != 0 || err != nil {
		t.Fatalf("DisableDormant with the setting off = %d, %v", n, err)
	}

	for _, bad := range []string{"-1d", "1h", "23h", "soon"} {
		if _, err := e.svc.SetSetting(e.ctx, a, "users.dormant_after", bad); !errors.Is(err, gatehouse.ErrInvalid) {
			t.Errorf("users.dormant_after %q: %v, want invalid", bad, err)
		}
	}
	e.must(e.svc.SetSetting(e.ctx, a, "users.dormant_after", "90d"))

	// u1 logs in now; the others have not been seen for 400 days.
	sess, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"})
	if err != nil {
		t.Fatal(err)
	}
	advance(89 * day)
	if n, err := e.svc.DisableDormant(e.ctx); n != 3 || err != nil { // ta1, u2, u3; never admin, nor u1
		t.Fatalf("DisableDormant = %d, %v; want 3", n, err)
	}
	for name, wantDisabled := range map[gatehouse.UserName]bool{"admin": false, "u1": false, "ta1": true, "u2": true, "u3": true} {
		v, err := e.svc.GetUser(e.ctx, a, name)
		if err != nil {
			t.Fatal(err)
		}
		if v.User.Disabled != wantDisabled {
			t.Errorf("%s disabled = %v, want %v", name, v.User.Disabled, wantDisabled)
		}
		if wantDisabled && v.User.DisabledReason != gatehouse.DisabledDormant {
			t.Errorf("%s disabled because %q, want %q", name, v.User.DisabledReason, gatehouse.DisabledDormant)
		}
	}
	if err := e.loginErr("u2", "passphrase-of-u2"); err == nil {
		t.Error("a dormant user logged in")
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: string(identity.ActUserDormant)})
	if err != nil || len(recs) != 3 || recs[0].ActorName != "" || recs[0].Changes["reason"] != gatehouse.DisabledDormant {
		t.Fatalf("dormancy audit records: %+v, %v", recs, err)
	}

	// u1's session stays good; two days later u1 is dormant too, and the
	// token stops working at once.
	if _, err := e.svc.Authenticate(e.ctx, sess.Token); err != nil {
		t.Fatalf("u1's token before dormancy: %v", err)
	}
	advance(2 * day)
	if n, err := e.svc.DisableDormant(e.ctx); n != 1 || err != nil {
		t.Fatalf("DisableDormant of u1 = %d, %v", n, err)
	}
	if _, err := e.svc.Authenticate(e.ctx, sess.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("a dormant user's token: %v", err)
	}

	// Enabling reverses it, and dormancy counts from the enabling.
	e.must(e.svc.EnableUser(e.ctx, a, "u2"))
	advance(89 * day)
	if n, err := e.svc.DisableDormant(e.ctx); n != 0 || err != nil {
		t.Fatalf("DisableDormant right after enabling = %d, %v", n, err)
	}
	e.login("u2", "passphrase-of-u2", "t1")
	v, err := e.svc.GetUser(e.ctx, a, "u2")
	if err != nil || v.User.Disabled || v.User.DisabledReason != "" {
		t.Fatalf("u2 after enable: %+v, %v", v.User, err)
	}
}

func TestRemovedNameNotReused(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.RemoveUsers(e.ctx, a, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u2"}}))
	in := identity.AddUserInput{Username: "u2", Tenant: "t1", Role: "user", Password: "a-new-passphrase"}
	before := e.snapshot()
	_, err := e.svc.AddUser(e.ctx, a, in)
	if !errors.Is(err, gatehouse.ErrConflict) {
		t.Fatalf("AddUser with a removed user's name = %v, want a conflict", err)
	}
	if want := "username u2 belonged to a removed user (id 4): choose another username, or give it to the new user explicitly with --reuse-removed-name"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error = %q, want %q", err, want)
	}
	if after := e.snapshot(); len(after.Users) != len(before.Users) {
		t.Fatal("a refused AddUser created a user")
	}
	in.ReuseRemovedName = true
	e.must(e.svc.AddUser(e.ctx, a, in))
	e.login("u2", "a-new-passphrase", "t1")
}
