package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// LoginInput is what a user presents to log in.
type LoginInput struct {
	Username  gatehouse.UserName
	Password  string
	Tenant    gatehouse.TenantName // empty: the previous login's tenant
	Namespace gatehouse.NamespaceName
}

// Session is the result of a successful login or password change.
type Session struct {
	Token     string
	ExpiresAt time.Time
	User      gatehouse.User
	Tenant    gatehouse.Tenant
	Role      gatehouse.Role
	Tenants   []gatehouse.TenantName
	Namespace gatehouse.NamespaceName
	// Pending names the agreements the user must sign before they may
	// change anything (Principal.Pending).
	Pending []string
}

// errBadLogin is the one answer to every failed login, whatever the cause.
var errBadLogin = gatehouse.Errorf(gatehouse.ErrUnauthenticated, "invalid username or password")

// Login checks in's credentials and issues a token for the chosen tenant.
// Every attempt is audited; the client learns only that it failed. A user
// whose password is older than password.max_age gets ErrForbidden saying
// so, and sets a new one with ChangeExpiredPassword.
func (s *Service) Login(ctx context.Context, in LoginInput) (*Session, error) {
	u, ms, st, err := s.authenticate(ctx, in)
	if err != nil {
		return nil, err
	}
	if passwordExpired(&st, &u, s.Now()) {
		err := gatehouse.Errorf(gatehouse.ErrForbidden, "password of user %s has expired: set a new one with 'gatehouse password change --user %s'", u.Name, u.Name)
		_ = s.loginFailed(ctx, in, &u, "password expired")
		return nil, err
	}
	m, err := s.loginMembership(ctx, in, &u, ms)
	if err != nil {
		return nil, err
	}
	return s.startSession(ctx, u, m, ms, "login")
}

// authenticate checks in's username and password, and that the user may
// log in, auditing a failure. It returns the user, their memberships and
// the settings it checked them against. Every failure is errBadLogin, but
// for a source address over login.rate, which gets a *ThrottledError
// before any password is hashed.
func (s *Service) authenticate(ctx context.Context, in LoginInput) (gatehouse.User, []gatehouse.Membership, Settings, error) {
	var u gatehouse.User
	st, err := s.Settings(ctx)
	if err != nil {
		return u, nil, st, fmt.Errorf("login: %w", err)
	}
	if err := s.throttleLogin(ctx, in, &st); err != nil {
		return u, nil, st, err
	}
	if in.Username == "" {
		return u, nil, st, gatehouse.Invalid("username", "is required")
	}
	if in.Password == "" {
		return u, nil, st, gatehouse.Invalid("password", "is required")
	}
	if len(in.Password) > MaxPasswordLen {
		return u, nil, st, s.loginFailed(ctx, in, nil, "password too long")
	}
	var ms []gatehouse.Membership
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if u, err = tx.UserByName(ctx, in.Username); err != nil {
			return err
		}
		ms, err = tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u.ID})
		return err
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		CheckPassword(s.dummyHash, in.Password) // same cost as for a real user
		return u, nil, st, s.loginFailed(ctx, in, nil, "unknown user")
	}
	if err != nil {
		return u, nil, st, fmt.Errorf("login: %w", err)
	}
	ok, reason, err := s.passwordChecker(&u)(ctx, &u, in.Password)
	var other *otherIdentityError
	switch {
	case errors.Is(err, gatehouse.ErrUnavailable):
		_ = s.loginFailed(ctx, in, &u, err.Error())
		return u, nil, st, err
	case errors.As(err, &other):
		return u, nil, st, s.badPassword(ctx, in, &u, &st, other.reason)
	case err != nil:
		return u, nil, st, fmt.Errorf("login %q: %w", in.Username, err)
	case reason != "":
		return u, nil, st, s.loginFailed(ctx, in, &u, reason)
	}
	switch {
	case u.LockedAt(s.Now()):
		return u, nil, st, s.loginFailed(ctx, in, &u, "locked")
	case !ok:
		return u, nil, st, s.badPassword(ctx, in, &u, &st, "bad password")
	case u.Disabled:
		return u, nil, st, s.loginFailed(ctx, in, &u, "user disabled")
	case len(ms) == 0:
		return u, nil, st, s.loginFailed(ctx, in, &u, "member of no tenant")
	}
	return u, ms, st, nil
}

// passwordCheck checks a user's password. ok reports whether it is
// right; reason, when set, says why it could not be checked at all (for
// the audit record); err is a failure that is not a wrong password, such
// as a directory that is down (ErrUnavailable), or an
// *otherIdentityError.
type passwordCheck func(ctx context.Context, u *gatehouse.User, password string) (ok bool, reason string, err error)

// otherIdentityError is a password check's answer when the password
// was right, but for an identity other than the one the user is linked
// to, such as an OpenShift user deleted and created again under the same
// name. The login fails and counts towards lockout like a wrong
// password; reason is for the audit record.
type otherIdentityError struct{ reason string }

func (e *otherIdentityError) Error() string { return e.reason }

// passwordChecker returns the check of u's kind of authentication: the
// argon2id hash kept here for local users, a bind to the directory for
// LDAP users, the cluster's OAuth server for OpenShift users.
func (s *Service) passwordChecker(u *gatehouse.User) passwordCheck {
	switch u.Authentication {
	case gatehouse.AuthLDAP:
		return s.checkLDAPPassword
	case gatehouse.AuthOpenShift:
		return s.checkOpenShiftPassword
	case gatehouse.AuthPending:
		return s.checkPendingPassword
	}
	return s.checkLocalPassword
}

// checkLocalPassword checks password against u's hash, even when u is
// locked, so that every answer costs one hash.
func (s *Service) checkLocalPassword(ctx context.Context, u *gatehouse.User, password string) (bool, string, error) {
	if u.PasswordHash == "" {
		CheckPassword(s.dummyHash, password)
		return false, "no local password", nil
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	return ok, "", err
}

// loginMembership picks the membership of u that in logs into, auditing
// a refusal.
func (s *Service) loginMembership(ctx context.Context, in LoginInput, u *gatehouse.User, ms []gatehouse.Membership) (gatehouse.Membership, error) {
	m, err := chooseMembership(ms, in.Tenant, u.LastTenantID)
	if err != nil {
		_ = s.loginFailed(ctx, in, u, err.Error())
		return m, err
	}
	if in.Namespace != "" && in.Namespace != m.Namespace {
		err := gatehouse.Invalid("namespace", "must be your namespace %s in tenant %s (got %q)", m.Namespace, m.TenantName, in.Namespace)
		_ = s.loginFailed(ctx, in, u, err.Error())
		return m, err
	}
	return m, nil
}

// startSession records a successful login (or password change) of u into
// m's tenant, remembers the tenant for next time and issues a token,
// recording it in the same transaction.
func (s *Service) startSession(ctx context.Context, u gatehouse.User, m gatehouse.Membership, ms []gatehouse.Membership, action string) (*Session, error) {
	var t gatehouse.Tenant
	var tok string
	var claims token.Claims
	var pending []string
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.LastTenantID = m.TenantID
		cur.FailedLogins, cur.LockedUntil = 0, time.Time{}
		cur.LastLoginAt = s.Now().UTC()
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		u = cur
		if pending, err = Pending(ctx, tx, &u); err != nil {
			return err
		}
		if t, err = tx.TenantByID(ctx, m.TenantID); err != nil {
			return err
		}
		if tok, claims, err = s.Tokens.Issue(u.ID, t.ID, u.TokenGeneration); err != nil {
			return err
		}
		err = tx.AddToken(ctx, gatehouse.IssuedToken{
			ID: claims.ID, UserID: u.ID, TenantID: t.ID, Generation: claims.Generation,
			IssuedAt: claims.IssuedAt.UTC(), ExpiresAt: claims.ExpiresAt.UTC(), Source: gatehouse.RequestInfoFrom(ctx).Source,
		})
		if err != nil {
			return err
		}
		p := &Principal{User: u, Tenant: t, Membership: m}
		return s.record(ctx, tx, p, gatehouse.AuditRecord{Action: action, ObjectType: "USER", ObjectID: string(u.Name)})
	})
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", action, u.Name, err)
	}
	sess := &Session{Token: tok, ExpiresAt: claims.ExpiresAt, User: u, Tenant: t, Role: m.Role, Namespace: m.Namespace, Pending: pending}
	for _, x := range ms {
		sess.Tenants = append(sess.Tenants, x.TenantName)
	}
	return sess, nil
}

// chooseMembership picks the membership to log into: the named tenant, else
// the previous login's, else the first.
func chooseMembership(ms []gatehouse.Membership, name gatehouse.TenantName, last gatehouse.TenantID) (gatehouse.Membership, error) {
	for _, m := range ms {
		if name != "" && m.TenantName == name || name == "" && m.TenantID == last {
			return m, nil
		}
	}
	if name == "" {
		return ms[0], nil
	}
	return gatehouse.Membership{}, gatehouse.Errorf(gatehouse.ErrForbidden, "you are not a member of tenant %s: log into one of your tenants with --tenant", name)
}

// loginFailed audits a failed login with its reason and returns the error
// the client sees.
func (s *Service) loginFailed(ctx context.Context, in LoginInput, u *gatehouse.User, reason string) error {
	r := failedLogin(in, u, reason)
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error { return s.record(ctx, tx, nil, r) })
	if err != nil {
		s.Logger.ErrorContext(ctx, "write audit record", "action", "login", "err", err)
	}
	return errBadLogin
}

// failedLogin returns the audit record of a failed login by in, of user u
// if known, for reason.
func failedLogin(in LoginInput, u *gatehouse.User, reason string) gatehouse.AuditRecord {
	r := gatehouse.AuditRecord{
		Action: "login", ObjectType: "USER", ObjectID: string(in.Username),
		ActorName: in.Username, ActorTenant: in.Tenant,
		Outcome: gatehouse.OutcomeFailure, Reason: reason,
	}
	if u != nil {
		r.ActorID = u.ID
	}
	return r
}

// ActPasswordChange is changing one's own password.
const ActPasswordChange Action = "password.change"

// Logout revokes the token p presented. No rule governs it: nobody is
// kept from logging out.
func (s *Service) Logout(ctx context.Context, p *Principal) error {
	if isAPIKey(p.Claims.ID) || p.User.Authentication == AuthAPIKey {
		return gatehouse.Invalid("token", "an API key is not logged out: revoke it with 'gatehouse service-account revoke-key'")
	}
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		if err := tx.RevokeToken(ctx, p.Claims.ID, p.Claims.ExpiresAt); err != nil {
			return err
		}
		return s.record(ctx, tx, p, gatehouse.AuditRecord{Action: "logout", ObjectType: "USER", ObjectID: string(p.User.Name)})
	})
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	s.Tokens.ForgetToken(p.Claims.ID)
	return nil
}

// ChangePassword sets p's password after checking the current one, revokes
// all of p's tokens and returns a new session in the same tenant. The new
// password must follow the password policy, and password.min_age must
// have passed since the last change.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string) (*Session, error) {
	if current == "" {
		return nil, gatehouse.Invalid("current_password", "is required")
	}
	if err := s.operatorRules(p, ActPasswordChange, Target{User: &p.User, Tenant: p.Tenant.ID}); err != nil {
		s.recordOutcome(ctx, p, string(ActPasswordChange), "USER", string(p.User.Name), gatehouse.OutcomeDenied, err)
		return nil, err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.CheckPassword("password", next); err != nil {
		return nil, err
	}
	if p.User.PasswordHash == "" {
		err := gatehouse.Errorf(gatehouse.ErrForbidden, "user %s has no local password to change: their password is kept by their %s authentication", p.User.Name, p.User.Authentication)
		s.recordOutcome(ctx, p, string(ActPasswordChange), "USER", string(p.User.Name), gatehouse.OutcomeDenied, err)
		return nil, err
	}
	ok, err := CheckPassword(p.User.PasswordHash, current)
	if err != nil || !ok {
		if err == nil {
			err = gatehouse.Invalid("current_password", "does not match your password")
		}
		s.recordOutcome(ctx, p, string(ActPasswordChange), "USER", string(p.User.Name), gatehouse.OutcomeDenied, err)
		return nil, err
	}
	if err := checkMinAge(&st, &p.User, s.Now()); err != nil {
		s.recordOutcome(ctx, p, string(ActPasswordChange), "USER", string(p.User.Name), gatehouse.OutcomeDenied, err)
		return nil, err
	}
	u, ms, err := s.changeOwnPassword(ctx, &st, "password", p.User, next, p)
	if err != nil {
		return nil, err
	}
	return s.startSession(ctx, u, p.Membership, ms, "login")
}

// ChangeExpiredPassword sets the password of a user whose password has
// expired (password.max_age), who therefore cannot log in: it checks
// in.Username and in.Password as Login does, with the same answer to every
// failure, then sets next, which must follow the password policy, and
// returns a session as Login does. A password that has not expired is
// changed with ChangePassword after logging in.
func (s *Service) ChangeExpiredPassword(ctx context.Context, in LoginInput, next string) (*Session, error) {
	if next == "" {
		return nil, gatehouse.Invalid("new_password", "is required")
	}
	u, ms, st, err := s.authenticate(ctx, in)
	if err != nil {
		return nil, err
	}
	if !passwordExpired(&st, &u, s.Now()) {
		err := gatehouse.Errorf(gatehouse.ErrForbidden, "password of user %s has not expired: log in and change it with 'gatehouse password change'", u.Name)
		_ = s.loginFailed(ctx, in, &u, "password not expired")
		return nil, err
	}
	m, err := s.loginMembership(ctx, in, &u, ms)
	if err != nil {
		return nil, err
	}
	if err := st.CheckPassword("new_password", next); err != nil {
		return nil, err
	}
	p := &Principal{User: u, Membership: m, Tenant: gatehouse.Tenant{ID: m.TenantID, Name: m.TenantName}}
	if u, ms, err = s.changeOwnPassword(ctx, &st, "new_password", u, next, p); err != nil {
		return nil, err
	}
	return s.startSession(ctx, u, m, ms, "login")
}

// changeOwnPassword checks next, the input field, against u's password
// history, then sets it, revoking u's tokens, and audits the change as
// p's. It returns u as written and their memberships.
func (s *Service) changeOwnPassword(ctx context.Context, st *Settings, field string, u gatehouse.User, next string, p *Principal) (gatehouse.User, []gatehouse.Membership, error) {
	if err := s.checkHistory(ctx, st, field, u, next); err != nil {
		s.recordOutcome(ctx, p, string(ActPasswordChange), "USER", string(u.Name), gatehouse.OutcomeFailure, err)
		return u, nil, err
	}
	hash, err := HashPassword(s.Argon2, next)
	if err != nil {
		return u, nil, err
	}
	var ms []gatehouse.Membership
	err = s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := setPassword(ctx, tx, st, &cur, hash, s.Now().UTC()); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		u = cur
		if ms, err = tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u.ID}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, gatehouse.AuditRecord{Action: string(ActPasswordChange), ObjectType: "USER", ObjectID: string(u.Name),
			Changes: map[string]any{"password": "changed", "tokens": "revoked"}})
	})
	if err != nil {
		return u, nil, fmt.Errorf("change password: %w", err)
	}
	s.Tokens.Forget(u.ID)
	return u, ms, nil
}

// RevokeTokens revokes every token of the named user; they must log in
// again.
func (s *Service) RevokeTokens(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	var id gatehouse.UserID
	err := s.Change(ctx, p, ActTokenRevoke, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActTokenRevoke, t); err != nil {
			return nil, err
		}
		id = u.ID
		return map[string]any{"tokens": "revoked"}, s.revokeAll(ctx, tx, u.ID)
	})
	if err != nil {
		return "", err
	}
	s.Tokens.Forget(id)
	return fmt.Sprintf("Revoked all tokens of user %s", name), nil
}

// revokeAll invalidates every token of user id by raising their token
// generation. The caller forgets the user's cached tokens after commit.
func (s *Service) revokeAll(ctx context.Context, tx gatehouse.Tx, id gatehouse.UserID) error {
	u, err := tx.UserByID(ctx, id)
	if err != nil {
		return err
	}
	u.TokenGeneration++
	u.UpdatedAt = s.Now().UTC()
	return tx.UpdateUser(ctx, u)
}
