package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// session logs name in from source address src and returns the session.
func (e *env) session(src, name, pw string) *identity.Session {
	e.t.Helper()
	ctx := gatehouse.WithRequestInfo(e.ctx, gatehouse.RequestInfo{Source: src})
	s, err := e.svc.Login(ctx, identity.LoginInput{Username: gatehouse.UserName(name), Password: pw})
	if err != nil {
		e.t.Fatalf("login %s: %v", name, err)
	}
	return s
}

// tokens lists name's tokens as p.
func (e *env) tokens(p *identity.Principal, name string) []identity.TokenView {
	e.t.Helper()
	ts, err := e.svc.ListTokens(e.ctx, p, gatehouse.UserName(name))
	if err != nil {
		e.t.Fatalf("ListTokens(%q): %v", name, err)
	}
	return ts
}

func TestTokens(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	advance := e.clock()
	s1 := e.session("192.0.2.1", "u1", "passphrase-of-u1")
	s2 := e.session("192.0.2.2", "u1", "passphrase-of-u1")
	p1, err := e.svc.Authenticate(e.ctx, s1.Token)
	if err != nil {
		t.Fatal(err)
	}

	// u1 lists their own tokens, the one they use marked; a superadmin too.
	ts := e.tokens(p1, "")
	if len(ts) != 2 || ts[0].Source != "192.0.2.1" || ts[1].Source != "192.0.2.2" || !ts[0].Current || ts[1].Current ||
		ts[0].User != "u1" || ts[0].Tenant != "t1" || ts[0].ExpiresAt.IsZero() {
		t.Fatalf("u1's tokens = %+v", ts)
	}
	if got := e.tokens(a, "u1"); len(got) != 2 || got[0].Current {
		t.Fatalf("u1's tokens listed by admin = %+v", got)
	}
	// Nobody else lists them, not even u1's tenantadmin.
	for _, who := range []string{"u2", "ta1"} {
		p := e.login(who, "passphrase-of-"+who, "t1")
		if _, err := e.svc.ListTokens(e.ctx, p, "u1"); !errors.Is(err, gatehouse.ErrForbidden) {
			t.Errorf("ListTokens of u1 by %s = %v, want forbidden", who, err)
		}
	}

	// The first use was noted; the next for a minute are not written.
	used := ts[0].LastUsedAt
	if used.IsZero() {
		t.Fatal("LastUsedAt of a used token is zero")
	}
	advance(59 * time.Second)
	e.svc.Authenticate(e.ctx, s1.Token)
	if got := e.tokens(a, "u1")[0].LastUsedAt; !got.Equal(used) {
		t.Errorf("LastUsedAt after 59s = %v, want %v still", got, used)
	}
	advance(time.Second)
	e.svc.Authenticate(e.ctx, s1.Token)
	if got := e.tokens(a, "u1")[0].LastUsedAt; !got.Equal(used.Add(time.Minute)) {
		t.Errorf("LastUsedAt after a minute = %v, want %v", got, used.Add(time.Minute))
	}

	// u2 may not revoke u1's token; u1 revokes it, and it stops at once.
	p2 := e.login("u2", "passphrase-of-u2", "t1")
	id := ts[1].ID
	if _, err := e.svc.RevokeToken(e.ctx, p2, "", id); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("RevokeToken by u2 = %v, want forbidden", err)
	}
	if _, err := e.svc.RevokeToken(e.ctx, p1, "u2", id); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("RevokeToken naming the wrong user = %v, want not found", err)
	}
	if _, err := e.svc.RevokeToken(e.ctx, p1, "u1", "no-such-token"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("RevokeToken of no token = %v, want not found", err)
	}
	if _, err := e.svc.Authenticate(e.ctx, s2.Token); err != nil {
		t.Fatal(err)
	}
	msg, err := e.svc.RevokeToken(e.ctx, p1, "u1", id)
	if err != nil || msg != "Revoked token "+id+" of user u1" {
		t.Fatalf("RevokeToken = %q, %v", msg, err)
	}
	if _, err := e.svc.Authenticate(e.ctx, s2.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("Authenticate with a revoked token = %v", err)
	}
	if _, err := e.svc.Authenticate(e.ctx, s1.Token); err != nil {
		t.Fatalf("the other token after revoking one: %v", err)
	}
	if got := e.tokens(a, "u1"); len(got) != 1 || got[0].ID != s1Claims(t, e, s1) {
		t.Fatalf("tokens after revoking one = %+v", got)
	}

	// Revoking all of them (and logging out) leaves none listed.
	e.must(e.svc.RevokeTokens(e.ctx, a, "u1"))
	if got := e.tokens(a, "u1"); len(got) != 0 {
		t.Fatalf("tokens after revoking all = %+v", got)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "token.revoke", ObjectType: "TOKEN"})
	if err != nil || len(recs) != 4 {
		t.Errorf("token.revoke records of tokens = %d, %v; want 4 (1 denied, 2 failed, 1 done)", len(recs), err)
	}
}

// s1Claims returns the token id of s.
func s1Claims(t *testing.T, e *env, s *identity.Session) string {
	t.Helper()
	p, err := e.svc.Authenticate(e.ctx, s.Token)
	if err != nil {
		t.Fatal(err)
	}
	return p.Claims.ID
}
