package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// findLDAPEntry checks that p may add in's user with role, then finds
// their entry on in.LDAPServer: the DN in.LDAPUserDN when given (it must
// exist), else the one user whose mapped username is in.Username. It
// returns the link to store, without its user id.
func (s *Service) findLDAPEntry(ctx context.Context, p *Principal, in AddUserInput, role gatehouse.Role) (*gatehouse.LDAPLink, error) {
	var (
		srv   gatehouse.LDAPServer
		attrs []gatehouse.LDAPAttribute
	)
	err := s.view(ctx, p, ActUserAdd, "USER", string(in.Username), func(tx gatehouse.Tx) error {
		t, err := tenantByName(ctx, tx, in.Tenant)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActUserAdd, Target{Tenant: t.ID, Role: role}); err != nil {
			return err
		}
		if srv, err = ldapServerByName(ctx, tx, in.LDAPServer); err != nil {
			return err
		}
		attrs, err = tx.LDAPAttributes(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := s.dialServer(ctx, &srv, attrs)
	if err != nil {
		return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	defer c.Close()
	link := &gatehouse.LDAPLink{ServerID: srv.ID, DN: in.LDAPUserDN, DirectoryName: string(in.Username)}
	if in.LDAPUserDN != "" {
		ok, err := c.Exists(ctx, in.LDAPUserDN)
		switch {
		case err != nil:
			return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), directoryError(srv.Name, err))
		case !ok:
			return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username),
				gatehouse.Errorf(gatehouse.ErrNotFound, "no entry has DN %s on ldap server %s", in.LDAPUserDN, srv.Name))
		}
		return link, nil
	}
	found, missing, err := c.FindUsers(ctx, []string{string(in.Username)}, "")
	if err != nil {
		return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), directoryError(srv.Name, err))
	}
	if len(missing) > 0 {
		return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), gatehouse.Errorf(gatehouse.ErrNotFound,
			"user %s is not in ldap server %s: check the name, or give the entry's DN with --ldap-user-dn", in.Username, srv.Name))
	}
	link.DN = found[string(in.Username)].DN
	return link, nil
}

// checkLDAPPassword checks password by binding to u's directory server
// as u's entry. A locked user is not checked, so a lockout also shields
// the directory from guesses. reason, when set, is why the password could
// not be checked at all; an unreachable directory is an ErrUnavailable
// error, distinct from a wrong password.
func (s *Service) checkLDAPPassword(ctx context.Context, u *gatehouse.User, password string) (ok bool, reason string, err error) {
	if u.LockedAt(s.Now()) {
		return false, "", nil
	}
	var (
		link gatehouse.LDAPLink
		srv  gatehouse.LDAPServer
	)
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if link, err = tx.LDAPLinkOf(ctx, u.ID); err != nil {
			return err
		}
		srv, err = tx.LDAPServerByID(ctx, link.ServerID)
		return err
	})
	switch {
	case errors.Is(err, gatehouse.ErrNotFound):
		return false, "no ldap server to authenticate against", nil
	case err != nil:
		return false, "", fmt.Errorf("login %q: %w", u.Name, err)
	}
	cfg, err := s.serverConfig(&srv, nil)
	if err != nil {
		return false, "", err
	}
	err = ldap.Authenticate(ctx, cfg, link.DN, password)
	switch {
	case err == nil:
		return true, "", nil
	case errors.Is(err, ldap.ErrBadCredentials):
		return false, "", nil
	}
	return false, "", gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot check the password of %s: ldap server %s is unavailable (%v); try again later", u.Name, srv.Name, err)
}
