package identity_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// wantErr fails the test unless err matches want and, when text is set,
// says it.
func wantErr(t *testing.T, what string, err, want error, text string) {
	t.Helper()
	if !errors.Is(err, want) || !strings.Contains(err.Error(), text) {
		t.Errorf("%s: %v, want %v saying %q", what, err, want, text)
	}
}

// user returns the stored user called name.
func (e *env) user(a *identity.Principal, name gatehouse.UserName) gatehouse.User {
	e.t.Helper()
	v, err := e.svc.GetUser(e.ctx, a, name)
	if err != nil {
		e.t.Fatal(err)
	}
	return v.User
}

func TestInactiveUserMayOnlyRead(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.DeactivateUser(e.ctx, a, "u1"))
	if u := e.user(a, "u1"); !u.Inactive || u.Invited {
		t.Fatalf("u1 after deactivate: inactive %v invited %v", u.Inactive, u.Invited)
	}
	p := e.login("u1", "passphrase-of-u1", "t1") // inactive users log in
	if _, err := e.svc.GetUser(e.ctx, p, "u1"); err != nil {
		t.Errorf("an inactive user reading themself: %v", err)
	}
	if _, err := e.svc.ListTenants(e.ctx, p); err != nil {
		t.Errorf("an inactive user listing tenants: %v", err)
	}
	before := e.snapshot()
	first := "New"
	_, err := e.svc.UpdateUser(e.ctx, p, "u1", identity.Profile{FirstName: &first}, nil)
	wantErr(t, "an inactive user updating themself", err, gatehouse.ErrForbidden, "user u1 is inactive and may only read")
	_, err = e.svc.AddSSHKey(e.ctx, p, "u1", "laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")
	wantErr(t, "an inactive user adding a key", err, gatehouse.ErrForbidden, "inactive")
	if after := e.snapshot(); !slices.EqualFunc(before.Users, after.Users, func(x, y gatehouse.User) bool { return x == y }) {
		t.Error("a refused change changed users")
	}
	e.must(e.svc.RevokeTokens(e.ctx, p, "u1")) // protecting one's account is allowed

	_, err = e.svc.DeactivateUser(e.ctx, a, "u1")
	wantErr(t, "deactivating an inactive user", err, gatehouse.ErrConflict, "already inactive")
	_, err = e.svc.DeactivateUser(e.ctx, a, "admin")
	wantErr(t, "deactivating oneself", err, gatehouse.ErrInvalid, "you cannot deactivate yourself")
}

func TestActivationWhoMay(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	u2 := e.login("u2", "passphrase-of-u2", "t1")
	for _, tc := range []struct {
		who  *identity.Principal
		name gatehouse.UserName
		want error
	}{
		{u2, "u1", gatehouse.ErrForbidden},
		{ta, "u3", gatehouse.ErrForbidden}, // u3 is in t2
		{a, "ghost", gatehouse.ErrNotFound},
		{ta, "u1", nil}, // u1 belongs to t1 alone
	} {
		if _, err := e.svc.DeactivateUser(e.ctx, tc.who, tc.name); !errors.Is(err, tc.want) {
			t.Errorf("DeactivateUser(%s) by %s = %v, want %v", tc.name, tc.who.User.Name, err, tc.want)
		}
	}
	_, err := e.svc.ActivateUser(e.ctx, u2, "u1")
	wantErr(t, "a user activating another", err, gatehouse.ErrForbidden, "permission denied for user.activate")
	e.must(e.svc.ActivateUser(e.ctx, ta, "u1"))
	_, err = e.svc.ActivateUser(e.ctx, a, "u1")
	wantErr(t, "activating an active user", err, gatehouse.ErrConflict, "already active")

	// Users an administrator adds start active whatever users.new_active says.
	e.must(e.svc.SetSetting(e.ctx, a, "users.new_active", "false"))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "u9", Tenant: "t1", Role: "user", Password: "passphrase-of-u9"}))
	if u := e.user(a, "u9"); u.Inactive {
		t.Error("a user added by an administrator starts inactive")
	}
}

func TestSelfActivationNeedsSetupAndAgreements(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.AddAgreement(e.ctx, a, identity.AgreementInput{Name: "terms", Text: "Be nice.\n", Required: true}))
	e.must(e.svc.AddAgreement(e.ctx, a, identity.AgreementInput{Name: "news", Text: "Optional.\n"}))
	e.must(e.svc.DeactivateUser(e.ctx, a, "u3"))
	p := e.login("u3", "passphrase-of-u3", "t2")
	_, err := e.svc.ActivateUser(e.ctx, p, "u3")
	wantErr(t, "self-activation before setup", err, gatehouse.ErrForbidden, "user u3 was not set up")

	_, err = e.svc.SetupUser(e.ctx, a, "u3")
	wantErr(t, "setup without users.default_tenant", err, gatehouse.ErrInvalid, "users.default_tenant: is not set")
	_, err = e.svc.SetSetting(e.ctx, a, "users.default_tenant", "nope")
	wantErr(t, "users.default_tenant of no tenant", err, gatehouse.ErrInvalid, "tenant nope does not exist")
	e.must(e.svc.SetSetting(e.ctx, a, "users.default_tenant", "t1"))
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	_, err = e.svc.SetupUser(e.ctx, ta, "u3")
	wantErr(t, "a tenantadmin setting up a user of another tenant", err, gatehouse.ErrForbidden, "set up only users")
	e.must(e.svc.SetupUser(e.ctx, a, "u3"))
	v, err := e.svc.GetUser(e.ctx, a, "u3")
	if err != nil || !v.User.Invited || !v.User.Inactive || len(v.Memberships) != 2 || v.Memberships[0].TenantName != "t1" || v.Memberships[0].Role != gatehouse.RoleUser {
		t.Fatalf("u3 after setup: %+v, %v", v, err)
	}
	_, err = e.svc.SetupUser(e.ctx, a, "u3")
	wantErr(t, "setting up twice", err, gatehouse.ErrConflict, "already set up")

	p = e.login("u3", "passphrase-of-u3", "t1")
	if !slices.Equal(p.Pending, []string{"terms"}) {
		t.Errorf("pending agreements of inactive u3: %q", p.Pending)
	}
	_, err = e.svc.ActivateUser(e.ctx, p, "u3")
	wantErr(t, "self-activation with a required agreement unsigned", err, gatehouse.ErrForbidden, "sign the required agreement terms first")
	if !e.user(a, "u3").Inactive {
		t.Fatal("a refused activation activated")
	}
	_, err = e.svc.SignAgreement(e.ctx, p, "ghost")
	wantErr(t, "signing no agreement", err, gatehouse.ErrNotFound, "agreement ghost does not exist")
	msg, err := e.svc.SignAgreement(e.ctx, p, "terms")
	if err != nil || !strings.Contains(msg, "activate yourself with 'gatehouse user activate u3'") {
		t.Fatalf("signing the last required agreement: %q, %v", msg, err)
	}
	_, err = e.svc.SignAgreement(e.ctx, p, "terms")
	wantErr(t, "signing twice", err, gatehouse.ErrConflict, "you already signed agreement terms")
	e.must(e.svc.ActivateUser(e.ctx, p, "u3"))
	p = e.login("u3", "passphrase-of-u3", "t1")
	if p.User.Inactive || p.ReadOnly() != "" {
		t.Errorf("u3 after self-activation: inactive %v, read-only %q", p.User.Inactive, p.ReadOnly())
	}

	sigs, err := e.svc.ListSignatures(e.ctx, a, "u3")
	if err != nil || len(sigs) != 1 || sigs[0].AgreementName != "terms" || sigs[0].SignedAt.IsZero() {
		t.Errorf("signatures of u3: %+v, %v", sigs, err)
	}
	u2 := e.login("u2", "passphrase-of-u2", "t1")
	_, err = e.svc.ListSignatures(e.ctx, u2, "u3")
	wantErr(t, "a user listing another's signatures", err, gatehouse.ErrForbidden, "")
}

func TestAgreementAppliedToExistingUsers(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.AddAgreement(e.ctx, a, identity.AgreementInput{Name: "aup", Text: "Use it well.", Required: true, ApplyToExisting: true}))
	sess, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u1", Password: "passphrase-of-u1"})
	if err != nil || !slices.Equal(sess.Pending, []string{"aup"}) {
		t.Fatalf("login with an agreement to sign: pending %q, %v", sess.Pending, err)
	}
	p, err := e.svc.Authenticate(e.ctx, sess.Token)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.AddSSHKey(e.ctx, p, "u1", "laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")
	wantErr(t, "a change before signing", err, gatehouse.ErrForbidden, "user u1 has not signed agreement aup")
	// Administrators sign too; activation by one does not bypass it.
	a = e.admin()
	_, err = e.svc.AddTenant(e.ctx, a, "t3", "")
	wantErr(t, "an administrator's change before signing", err, gatehouse.ErrForbidden, "has not signed agreement aup")
	e.must(e.svc.SignAgreement(e.ctx, a, "aup"))
	a = e.admin()
	e.must(e.svc.AddTenant(e.ctx, a, "t3", ""))

	e.must(e.svc.SignAgreement(e.ctx, p, "aup"))
	p = e.login("u1", "passphrase-of-u1", "t1")
	e.must(e.svc.AddSSHKey(e.ctx, p, "u1", "laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"))

	// Removing the agreement removes the obligation of those who have not signed.
	u2 := e.login("u2", "passphrase-of-u2", "t1")
	if u2.ReadOnly() == "" {
		t.Error("u2 may write before signing")
	}
	e.must(e.svc.RemoveAgreement(e.ctx, a, "aup"))
	if u2 = e.login("u2", "passphrase-of-u2", "t1"); u2.ReadOnly() != "" {
		t.Errorf("u2 after the agreement was removed: %s", u2.ReadOnly())
	}
}

func TestAgreementBadInputChangesNothing(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.AddAgreement(e.ctx, a, identity.AgreementInput{Name: "terms", Text: "Be nice."}))
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	for _, tc := range []struct {
		name string
		who  *identity.Principal
		in   identity.AgreementInput
		want error
		text string
	}{
		{"empty text", a, identity.AgreementInput{Name: "x", Text: " \n"}, gatehouse.ErrInvalid, "text: is empty"},
		{"bad name", a, identity.AgreementInput{Name: "a b", Text: "t"}, gatehouse.ErrInvalid, "name: must be 1 to 64"},
		{"duplicate", a, identity.AgreementInput{Name: "terms", Text: "t"}, gatehouse.ErrConflict, "agreement terms already exists"},
		{"existing but optional", a, identity.AgreementInput{Name: "x", Text: "t", ApplyToExisting: true}, gatehouse.ErrInvalid, "apply_to_existing: only a required agreement"},
		{"not a superadmin", u1, identity.AgreementInput{Name: "x", Text: "t"}, gatehouse.ErrForbidden, "only a superadmin"},
	} {
		_, err := e.svc.AddAgreement(e.ctx, tc.who, tc.in)
		wantErr(t, tc.name, err, tc.want, tc.text)
	}
	as, err := e.svc.ListAgreements(e.ctx, u1)
	if err != nil || len(as) != 1 || as[0].Name != "terms" || as[0].Text != "Be nice." || !as[0].SignedAt.IsZero() {
		t.Errorf("agreements after refusals: %+v, %v", as, err)
	}
	_, err = e.svc.RemoveAgreement(e.ctx, a, "ghost")
	wantErr(t, "removing no agreement", err, gatehouse.ErrNotFound, "agreement ghost does not exist")
	_, err = e.svc.RemoveAgreement(e.ctx, u1, "terms")
	wantErr(t, "a user removing an agreement", err, gatehouse.ErrForbidden, "")
	_, err = e.svc.GetAgreement(e.ctx, u1, "ghost")
	wantErr(t, "showing no agreement", err, gatehouse.ErrNotFound, "agreement ghost does not exist")
}

func TestUnsetupLocksOut(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	sess, err := e.svc.Login(e.ctx, identity.LoginInput{Username: "u3", Password: "passphrase-of-u3"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.UnsetupUser(e.ctx, a, "admin")
	wantErr(t, "unsetup of oneself", err, gatehouse.ErrInvalid, "you cannot unsetup yourself")
	e.must(e.svc.UnsetupUser(e.ctx, a, "u3"))
	if _, err := e.svc.Authenticate(e.ctx, sess.Token); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("a token after unsetup: %v", err)
	}
	if err := e.loginErr("u3", "passphrase-of-u3"); !errors.Is(err, gatehouse.ErrUnauthenticated) {
		t.Errorf("login after unsetup: %v", err)
	}
	v, err := e.svc.GetUser(e.ctx, a, "u3")
	if err != nil || !v.User.Inactive || v.User.Invited || len(v.Memberships) != 0 {
		t.Fatalf("u3 after unsetup: %+v, %v", v, err)
	}
	// Set up again, they rejoin the default tenant and their old namespace.
	e.must(e.svc.SetSetting(e.ctx, a, "users.default_tenant", "t2"))
	e.must(e.svc.SetupUser(e.ctx, a, "u3"))
	p := e.login("u3", "passphrase-of-u3", "t2")
	e.must(e.svc.ActivateUser(e.ctx, p, "u3"))
}
