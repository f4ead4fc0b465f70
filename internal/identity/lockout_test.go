package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// loginErr returns the error of logging name in with pw.
func (e *env) loginErr(name, pw string) error {
	e.t.Helper()
	_, err := e.svc.Login(e.ctx, identity.LoginInput{Username: gatehouse.UserName(name), Password: pw})
	return err
}

// reasons returns the reasons of the failed logins of name, oldest first.
func (e *env) reasons(a *identity.Principal, name string) []string {
	e.t.Helper()
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "login", Actor: gatehouse.UserName(name), Outcome: gatehouse.OutcomeFailure})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(recs) - 1; i >= 0; i-- {
		out = append(out, recs[i].Reason)
	}
	return out
}

func TestLockout(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	advance := e.clock()
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "3"))
	bad := e.loginErr("ghost", "whatever-passphrase")

	// Two failures, then a success, reset the count.
	for range 2 {
		if err := e.loginErr("u1", "wrong-passphrase"); err.Error() != bad.Error() {
			t.Fatalf("wrong password: %v", err)
		}
	}
	e.login("u1", "passphrase-of-u1", "t1")
	for range 2 {
		e.loginErr("u1", "wrong-passphrase")
	}
	if err := e.loginErr("u1", "passphrase-of-u1"); err != nil {
		t.Fatalf("login after 2 failures following a success: %v", err)
	}

	// Three in a row lock u1 for 30 minutes: even the right password gets
	// the answer of a wrong one.
	for range 3 {
		e.loginErr("u1", "wrong-passphrase")
	}
	for _, pw := range []string{"passphrase-of-u1", "wrong-passphrase"} {
		err := e.loginErr("u1", pw)
		if !errors.Is(err, gatehouse.ErrUnauthenticated) || err.Error() != bad.Error() {
			t.Fatalf("login while locked with %q = %v, want %v", pw, err, bad)
		}
	}
	v, err := e.svc.GetUser(e.ctx, a, "u1")
	if err != nil || v.LockedUntil.IsZero() {
		t.Fatalf("GetUser while locked: %+v, %v", v, err)
	}
	reasons := e.reasons(a, "u1")
	if n := len(reasons); n < 3 || reasons[n-1] != "locked" || reasons[n-2] != "locked" || reasons[n-3] == "bad password" {
		t.Fatalf("audit reasons = %q, want the lock, then \"locked\" twice", reasons)
	}

	// The lockout ends by itself.
	advance(29 * time.Minute)
	if err := e.loginErr("u1", "passphrase-of-u1"); err == nil {
		t.Fatal("login 29 minutes into a 30 minute lockout succeeded")
	}
	advance(time.Minute)
	if err := e.loginErr("u1", "passphrase-of-u1"); err != nil {
		t.Fatalf("login after the lockout: %v", err)
	}
	if v, _ := e.svc.GetUser(e.ctx, a, "u1"); !v.LockedUntil.IsZero() {
		t.Errorf("LockedUntil after the lockout = %v", v.LockedUntil)
	}

	// Threshold 0 turns lockout off.
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "0"))
	for range 5 {
		e.loginErr("u2", "wrong-passphrase")
	}
	if err := e.loginErr("u2", "passphrase-of-u2"); err != nil {
		t.Fatalf("login with lockout off: %v", err)
	}
}

func TestUnlock(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "2"))
	lock := func(name string) {
		for range 2 {
			e.loginErr(name, "wrong-passphrase")
		}
		if err := e.loginErr(name, "passphrase-of-"+name); err == nil {
			t.Fatalf("%s is not locked", name)
		}
	}
	lock("u1")
	lock("u3")
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	u2 := e.login("u2", "passphrase-of-u2", "t1")
	for _, tc := range []struct {
		who  *identity.Principal
		name gatehouse.UserName
		want error
	}{
		{u2, "u1", gatehouse.ErrForbidden},
		{ta, "u3", gatehouse.ErrForbidden}, // u3 is in t2
		{ta, "ghost", gatehouse.ErrNotFound},
		{ta, "u1", nil},
		{a, "u3", nil},
		{a, "u2", nil}, // not locked: fine
	} {
		if _, err := e.svc.UnlockUser(e.ctx, tc.who, tc.name); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
			t.Errorf("UnlockUser(%s) by %s = %v, want %v", tc.name, tc.who.User.Name, err, tc.want)
		}
	}
	e.login("u1", "passphrase-of-u1", "t1")
	e.login("u3", "passphrase-of-u3", "t2")
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "user.unlock", Outcome: gatehouse.OutcomeSuccess})
	if err != nil || len(recs) != 3 {
		t.Fatalf("user.unlock records: %d, %v", len(recs), err)
	}
}
