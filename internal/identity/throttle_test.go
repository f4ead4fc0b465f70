package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// loginFrom returns the error of logging name in with pw from source
// address src.
func (e *env) loginFrom(src, name, pw string) error {
	e.t.Helper()
	ctx := gatehouse.WithRequestInfo(e.ctx, gatehouse.RequestInfo{ID: "test", Source: src})
	_, err := e.svc.Login(ctx, identity.LoginInput{Username: gatehouse.UserName(name), Password: pw})
	return err
}

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	advance := e.clock()
	e.must(e.svc.SetSetting(e.ctx, a, "login.rate", "3"))
	e.must(e.svc.SetSetting(e.ctx, a, "lockout.threshold", "0"))
	const attacker, other = "192.0.2.1", "198.51.100.7"

	// Three attempts a minute: the fourth is throttled, right password or not.
	for i := range 3 {
		if err := e.loginFrom(attacker, "u1", "wrong-passphrase"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
			t.Fatalf("attempt %d = %v, want a failed login", i+1, err)
		}
	}
	err := e.loginFrom(attacker, "u1", "passphrase-of-u1")
	var te *gatehouse.ThrottledError
	if !errors.As(err, &te) || !errors.Is(err, gatehouse.ErrThrottled) {
		t.Fatalf("fourth attempt = %v, want throttled", err)
	}
	if te.RetryAfter != 20*time.Second {
		t.Errorf("RetryAfter = %v, want 20s (one attempt every 20s at 3 a minute)", te.RetryAfter)
	}
	if reasons := e.reasons(a, "u1"); reasons[len(reasons)-1] != "throttled" {
		t.Errorf("audit reasons = %q, want the last \"throttled\"", reasons)
	}

	// Another address is not affected, for the same user.
	if err := e.loginFrom(other, "u1", "passphrase-of-u1"); err != nil {
		t.Fatalf("login from another address while %s is throttled: %v", attacker, err)
	}
	// Calls with no source address (in process) are never throttled.
	for range 5 {
		if err := e.loginErr("u1", "passphrase-of-u1"); err != nil {
			t.Fatalf("login without a source address: %v", err)
		}
	}

	// The bucket refills at the rate: one attempt after 20 seconds, not before.
	advance(19 * time.Second)
	if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); !errors.As(err, &te) || te.RetryAfter != time.Second {
		t.Fatalf("after 19s = %v, want throttled for 1s more", err)
	}
	advance(time.Second)
	if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); err != nil {
		t.Fatalf("after 20s: %v", err)
	}
	if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); !errors.Is(err, gatehouse.ErrThrottled) {
		t.Fatalf("second attempt after 20s = %v, want throttled", err)
	}
	// A full minute refills the bucket, and no more than that.
	advance(time.Hour)
	for i := range 3 {
		if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); err != nil {
			t.Fatalf("attempt %d after an hour: %v", i+1, err)
		}
	}
	if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); !errors.Is(err, gatehouse.ErrThrottled) {
		t.Fatalf("fourth attempt after an hour = %v, want throttled", err)
	}

	// The password route for expired passwords counts the same attempts.
	ctx := gatehouse.WithRequestInfo(e.ctx, gatehouse.RequestInfo{Source: attacker})
	_, err = e.svc.ChangeExpiredPassword(ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"}, "a-new-passphrase")
	if !errors.Is(err, gatehouse.ErrThrottled) {
		t.Fatalf("ChangeExpiredPassword while throttled = %v", err)
	}

	// login.rate 0 turns throttling off.
	e.must(e.svc.SetSetting(e.ctx, a, "login.rate", "0"))
	for range 10 {
		if err := e.loginFrom(attacker, "u1", "passphrase-of-u1"); err != nil {
			t.Fatalf("login with login.rate 0: %v", err)
		}
	}
}
