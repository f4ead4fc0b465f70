package identity_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

const adminPW = "admin-password-1"

// cheap keeps tests fast; production uses identity.DefaultArgon2.
var cheap = identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

type env struct {
	t     testing.TB
	ctx   context.Context
	store gatehouse.Store
	svc   *identity.Service
	now   time.Time
}

// newEnv returns a bootstrapped service over a fresh SQLite file.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	st := gatehouse.CountWrites(db) // as the server does, so principals are cached
	t.Cleanup(func() { st.Close() })
	iss, err := token.NewIssuer(ctx, st, time.Hour, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := identity.New(st, iss, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc.Argon2 = cheap
	if svc.Secrets, err = secret.Parse(secret.Generate()); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, store: st, svc: svc, now: time.Now()}
	if _, err := svc.Bootstrap(ctx, adminPW); err != nil {
		t.Fatal(err)
	}
	if svc.Sync, err = authsync.New(ctx, st); err != nil {
		t.Fatal(err)
	}
	return e
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }

// login logs name into tenant and returns the principal of the token.
func (e *env) login(name, pw, tenant string) *identity.Principal {
	e.t.Helper()
	s, err := e.svc.Login(e.ctx, identity.LoginInput{Username: gatehouse.UserName(name), Password: pw, Tenant: gatehouse.TenantName(tenant)})
	if err != nil {
		e.t.Fatalf("login %s into %q: %v", name, tenant, err)
	}
	p, err := e.svc.Authenticate(e.ctx, s.Token)
	if err != nil {
		e.t.Fatalf("authenticate %s: %v", name, err)
	}
	return p
}

func (e *env) admin() *identity.Principal { return e.login("admin", adminPW, "Administrators") }

func (e *env) must(_ string, err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// snapshot is everything a failed change must leave alone.
type snapshot struct {
	Users       []gatehouse.User
	Tenants     []gatehouse.Tenant
	Memberships []gatehouse.Membership
	Namespaces  []gatehouse.Namespace
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	var s snapshot
	err := e.store.View(e.ctx, func(tx gatehouse.Tx) error {
		var err error
		if s.Users, err = tx.ListUsers(e.ctx, gatehouse.UserQuery{All: true}); err != nil {
			return err
		}
		if s.Tenants, err = tx.ListTenants(e.ctx); err != nil {
			return err
		}
		var ids []gatehouse.UserID
		for _, u := range s.Users {
			ids = append(ids, u.ID)
		}
		if s.Memberships, err = tx.MembershipsOfUsers(e.ctx, ids); err != nil {
			return err
		}
		s.Namespaces, err = tx.ListNamespaces(e.ctx, gatehouse.NamespaceQuery{})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// setup adds tenants t1 and t2, tenantadmin ta1 and users u1, u2 in t1, and
// u3 in t2. Every password is "passphrase-of-<name>".
func (e *env) setup() *identity.Principal {
	e.t.Helper()
	a := e.admin()
	e.must(e.svc.AddTenant(e.ctx, a, "t1", "first"))
	e.must(e.svc.AddTenant(e.ctx, a, "t2", "second"))
	for _, u := range []struct{ name, tenant, role string }{
		{"ta1", "t1", "tenantadmin"}, {"u1", "t1", "user"}, {"u2", "t1", "user"}, {"u3", "t2", "user"},
	} {
		e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: gatehouse.UserName(u.name),
			Tenant: gatehouse.TenantName(u.tenant), Role: u.role, Password: "passphrase-of-" + u.name}))
	}
	return a
}

func TestBootstrapIsIdempotent(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	gen, err := e.svc.Bootstrap(e.ctx, "")
	if err != nil || gen != "" {
		t.Fatalf("second bootstrap = %q, %v; want nothing done", gen, err)
	}
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Fatal("second bootstrap changed the store")
	}
	if len(before.Users) != 1 || before.Users[0].Name != "admin" || before.Memberships[0].Role != gatehouse.RoleSuperadmin ||
		before.Memberships[0].Namespace != "t001-u000001" {
		t.Fatalf("bootstrap made %+v %+v", before.Users, before.Memberships)
	}
}

func TestAddUserBadInputChangesNothing(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	ok := identity.AddUserInput{Username: "new1", Tenant: "t1", Role: "user", Password: "long-enough-pw"}
	tests := []struct {
		name string
		edit func(*identity.AddUserInput)
		kind error
		// field is the FieldError field, for ErrInvalid.
		field string
	}{
		{"invalid username", func(in *identity.AddUserInput) { in.Username = "bad name!" }, gatehouse.ErrInvalid, "username"},
		{"long username", func(in *identity.AddUserInput) { in.Username = gatehouse.UserName(string(make([]byte, 65))) }, gatehouse.ErrInvalid, "username"},
		{"duplicate username", func(in *identity.AddUserInput) { in.Username = "u1" }, gatehouse.ErrConflict, ""},
		{"unknown tenant", func(in *identity.AddUserInput) { in.Tenant = "nope" }, gatehouse.ErrNotFound, ""},
		{"unknown role", func(in *identity.AddUserInput) { in.Role = "king" }, gatehouse.ErrInvalid, "role"},
		{"superadmin outside Administrators", func(in *identity.AddUserInput) { in.Role = "superadmin" }, gatehouse.ErrInvalid, "role"},
		{"unknown capability", func(in *identity.AddUserInput) { in.Capabilities = []string{"FlyPlanes"} }, gatehouse.ErrInvalid, "capabilities"},
		{"capability outside its tenant roles", func(in *identity.AddUserInput) { in.Capabilities = []string{"ManageUsers"} }, gatehouse.ErrInvalid, "capabilities"},
		{"another role's default", func(in *identity.AddUserInput) { in.Capabilities = []string{"AllTenantAdminCapabilities"} }, gatehouse.ErrInvalid, "capabilities"},
		{"short password", func(in *identity.AddUserInput) { in.Password = "short" }, gatehouse.ErrInvalid, "password"},
		{"bad email", func(in *identity.AddUserInput) { in.Email = "not an email" }, gatehouse.ErrInvalid, "email"},
		{"namespace of another tenant", func(in *identity.AddUserInput) { in.Namespace = "t003-u000005" }, gatehouse.ErrConflict, ""},
		{"primary namespace of another user", func(in *identity.AddUserInput) { in.Namespace = "t002-u000003" }, gatehouse.ErrConflict, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			before := e.snapshot()
			_, err := e.svc.AddUser(e.ctx, a, in)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("AddUser = %v, want %v", err, tt.kind)
			}
			var fe *gatehouse.FieldError
			if tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
				t.Fatalf("AddUser = %v, want a FieldError for %q", err, tt.field)
			}
			if after := e.snapshot(); !reflect.DeepEqual(before, after) {
				t.Fatalf("failed AddUser changed the store")
			}
			recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "user.add", Limit: 1})
			if err != nil || len(recs) != 1 || recs[0].Outcome != gatehouse.OutcomeFailure || recs[0].ObjectID != string(in.Username) || recs[0].Reason == "" {
				t.Fatalf("audit record of the failed AddUser = %+v, %v", recs, err)
			}
		})
	}
}

func TestRemoveUserMovesNamespacesToReplacement(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "u5", Tenant: "t1", Role: "user", Password: "passphrase-of-u5", Namespace: "u5-ns"}))
	msg, err := e.svc.RemoveUsers(e.ctx, a, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u5"},
		Replacements: map[gatehouse.TenantName]gatehouse.UserName{"t1": "ta1"}})
	if err != nil || msg != "Deleted user u5." {
		t.Fatalf("RemoveUsers = %q, %v", msg, err)
	}
	nss, err := e.svc.ListNamespaces(e.ctx, a, identity.NamespaceFilter{Username: "ta1"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[gatehouse.NamespaceName]bool{}
	for _, ns := range nss {
		got[ns.Name] = ns.Primary
	}
	if want := map[gatehouse.NamespaceName]bool{"t002-u000002": true, "u5-ns": false}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ta1's namespaces = %v, want %v", got, want)
	}
}

func TestRemoveUsersIsAllOrNothing(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	tests := []struct {
		name string
		in   identity.RemoveUsersInput
		kind error
	}{
		{"unknown user among known", identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1", "ghost"}}, gatehouse.ErrNotFound},
		{"replacement not in tenant", identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1"},
			Replacements: map[gatehouse.TenantName]gatehouse.UserName{"t1": "u3"}}, gatehouse.ErrInvalid},
		{"replacement removed too", identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1", "u2"},
			Replacements: map[gatehouse.TenantName]gatehouse.UserName{"t1": "u2"}}, gatehouse.ErrInvalid},
		{"last superadmin", identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1", "admin"}}, gatehouse.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot()
			if _, err := e.svc.RemoveUsers(e.ctx, a, tt.in); !errors.Is(err, tt.kind) {
				t.Fatalf("RemoveUsers = %v, want %v", err, tt.kind)
			}
			if after := e.snapshot(); !reflect.DeepEqual(before, after) {
				t.Fatal("failed RemoveUsers changed the store")
			}
		})
	}
}

func TestTokensStopWorking(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	tests := []struct {
		name   string
		revoke func(p *identity.Principal) error
	}{
		{"token revoke", func(*identity.Principal) error { _, err := e.svc.RevokeTokens(e.ctx, a, "u1"); return err }},
		{"logout", func(p *identity.Principal) error { return e.svc.Logout(e.ctx, p) }},
		{"membership ended", func(*identity.Principal) error {
			_, err := e.svc.RemoveMembers(e.ctx, a, "t1", []gatehouse.UserName{"u1"}, "", false)
			if err == nil {
				_, err = e.svc.AddMembers(e.ctx, a, "t1", []gatehouse.UserName{"u1"}, "user", nil)
			}
			return err
		}},
		{"admin resets password", func(*identity.Principal) error { // the last: u1's password changes
			pw := "another-passphrase-of-u1"
			_, err := e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{}, &pw)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1", Tenant: "t1"})
			if err != nil {
				t.Fatal(err)
			}
			p, err := e.svc.Authenticate(e.ctx, s.Token)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.revoke(p); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.Authenticate(e.ctx, s.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
				t.Fatalf("Authenticate after %s = %v, want ErrUnauthenticated", tt.name, err)
			}
		})
	}
}

func TestPasswordChangeRevokesOtherTokens(t *testing.T) {
	e := newEnv(t)
	e.setup()
	old := e.login("u1", "passphrase-of-u1", "t1")
	oldTok, _ := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"})
	s, err := e.svc.ChangePassword(e.ctx, old, "passphrase-of-u1", "new-password-u1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(e.ctx, oldTok.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("old token after password change: %v", err)
	}
	if _, err := e.svc.Authenticate(e.ctx, s.Token); err != nil {
		t.Fatalf("new token after password change: %v", err)
	}
	if _, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"}); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Fatalf("login with the old password: %v", err)
	}
}

func TestLoginFailuresLookAlikeAndAreAudited(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	_, errUnknown := e.svc.Login(e.ctx, identity.LoginInput{Username: "ghost", Password: "whatever-pw"})
	_, errBad := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "wrong-password"})
	if errUnknown == nil || errBad == nil || errUnknown.Error() != errBad.Error() {
		t.Fatalf("login errors differ: %v / %v", errUnknown, errBad)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "login", Outcome: gatehouse.OutcomeFailure})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, r := range recs {
		reasons[string(r.ActorName)] = r.Reason
	}
	if reasons["ghost"] != "unknown user" || reasons["u1"] != "bad password" {
		t.Fatalf("audit reasons = %v", reasons)
	}
}

func TestTenantadminLimits(t *testing.T) {
	e := newEnv(t)
	e.setup()
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	tests := []struct {
		name string
		do   func() error
		kind error
	}{
		{"create a user (ManageUsers is for superadmins)", func() error {
			_, err := e.svc.AddUser(e.ctx, ta, identity.AddUserInput{Username: "n1", Tenant: "t1", Role: "user", Password: "passphrase-of-n1"})
			return err
		}, gatehouse.ErrForbidden},
		{"add an existing user to another tenant", func() error {
			_, err := e.svc.AddMembers(e.ctx, ta, "t2", []gatehouse.UserName{"u1"}, "user", nil)
			return err
		}, gatehouse.ErrForbidden},
		{"add user to another tenant", func() error {
			_, err := e.svc.AddUser(e.ctx, ta, identity.AddUserInput{Username: "n2", Tenant: "t2", Role: "user", Password: "passphrase-of-n2"})
			return err
		}, gatehouse.ErrForbidden},
		{"grant superadmin", func() error {
			_, err := e.svc.AddUser(e.ctx, ta, identity.AddUserInput{Username: "n3", Tenant: "Administrators", Role: "superadmin", Password: "passphrase-of-n3"})
			return err
		}, gatehouse.ErrForbidden},
		{"view another tenant's user", func() error { _, err := e.svc.GetUser(e.ctx, ta, "u3"); return err }, gatehouse.ErrForbidden},
		{"remove another tenant's user", func() error {
			_, err := e.svc.RemoveUsers(e.ctx, ta, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u3"}})
			return err
		}, gatehouse.ErrForbidden},
		{"add tenant", func() error { _, err := e.svc.AddTenant(e.ctx, ta, "t9", ""); return err }, gatehouse.ErrForbidden},
		{"read audit", func() error { _, _, err := e.svc.ListAudit(e.ctx, ta, gatehouse.AuditQuery{}); return err }, gatehouse.ErrForbidden},
		{"add an existing user to own tenant", func() error {
			_, err := e.svc.AddMembers(e.ctx, ta, "t1", []gatehouse.UserName{"u3"}, "user", nil)
			return err
		}, nil},
		{"change role in own tenant", func() error {
			_, err := e.svc.UpdateMemberRole(e.ctx, ta, "t1", "u2", "tenantadmin")
			return err
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot()
			err := tt.do()
			if tt.kind == nil && err != nil || tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Fatalf("got %v, want %v", err, tt.kind)
			}
			if tt.kind != nil && !reflect.DeepEqual(before, e.snapshot()) {
				t.Fatal("refused change changed the store")
			}
		})
	}
	users, _, err := e.svc.ListUsers(e.ctx, ta, identity.UserListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var names []gatehouse.UserName
	for _, v := range users {
		names = append(names, v.User.Name)
	}
	if want := []gatehouse.UserName{"ta1", "u1", "u2", "u3"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("tenantadmin lists %v, want %v", names, want)
	}
}

func TestSuperadminInAnotherTenantHasThatRoleOnly(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.AddMembers(e.ctx, a, "t2", []gatehouse.UserName{"admin"}, "user", nil))
	p := e.login("admin", adminPW, "t2")
	if _, err := e.svc.AddTenant(e.ctx, p, "t9", ""); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("superadmin logged into t2 added a tenant: %v", err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "tenant.add", Outcome: gatehouse.OutcomeDenied})
	if err != nil || len(recs) != 1 || recs[0].ActorTenant != "t2" {
		t.Fatalf("denied audit records = %+v, %v", recs, err)
	}
}

func TestTenantRemoveRefusedWhileInUse(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	_, err := e.svc.RemoveTenant(e.ctx, a, "t2")
	if !errors.Is(err, gatehouse.ErrConflict) {
		t.Fatalf("RemoveTenant = %v", err)
	}
	var ke *gatehouse.KindError
	if !errors.As(err, &ke) || ke.Msg != "tenant t2 still has members u3 and namespaces t003-u000005: remove them first" {
		t.Fatalf("message = %v", err)
	}
	e.must(e.svc.RemoveMembers(e.ctx, a, "t2", []gatehouse.UserName{"u3"}, "", false))
	e.must(e.svc.RemoveTenant(e.ctx, a, "t2"))
}
