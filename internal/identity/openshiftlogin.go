package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
)

// findOpenShiftUser checks that p may add in's user with role, then
// reads their OpenShift user, which must exist, and returns the link to
// store, without its user id.
func (s *Service) findOpenShiftUser(ctx context.Context, p *Principal, in AddUserInput, role gatehouse.Role) (*gatehouse.OpenShiftLink, error) {
	var cfg gatehouse.OpenShiftConfig
	err := s.view(ctx, p, ActUserAdd, "USER", string(in.Username), func(tx gatehouse.Tx) error {
		t, err := tenantByName(ctx, tx, in.Tenant)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActUserAdd, Target{Tenant: t.ID, Role: role}); err != nil {
			return err
		}
		cfg, err = openShiftConfig(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := s.clusterWith(&cfg)
	if err != nil {
		return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	defer c.CloseIdleConnections()
	u, err := c.User(ctx, string(in.Username))
	if isClusterNotFound(err) {
		err = gatehouse.Errorf(gatehouse.ErrNotFound, "user %s is not an OpenShift user: see 'gatehouse openshift list-users'", in.Username)
	} else if err != nil {
		err = clusterError(err)
	}
	if err != nil {
		return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), err)
	}
	return &gatehouse.OpenShiftLink{Name: u.Name, UID: u.UID}, nil
}

// checkOpenShiftPassword checks password with the cluster's OAuth
// server, as `oc login` does, for u's OpenShift user. A locked user is
// not checked, so a lockout also shields the cluster from guesses. An
// OAuth server that cannot be reached is an ErrUnavailable error,
// distinct from a wrong password. The right password of an OpenShift user
// whose uid is not the linked one is an *otherIdentityError: the name was
// deleted and created again, and the new user is not u.
func (s *Service) checkOpenShiftPassword(ctx context.Context, u *gatehouse.User, password string) (ok bool, reason string, err error) {
	if u.LockedAt(s.Now()) {
		return false, "", nil
	}
	var (
		link gatehouse.OpenShiftLink
		cfg  gatehouse.OpenShiftConfig
	)
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if link, err = tx.OpenShiftLinkOf(ctx, u.ID); err != nil {
			return err
		}
		cfg, err = tx.OpenShiftConfig(ctx)
		return err
	})
	switch {
	case errors.Is(err, gatehouse.ErrNotFound):
		return false, "no openshift user or cluster to authenticate against", nil
	case err != nil:
		return false, "", fmt.Errorf("login %q: %w", u.Name, err)
	}
	// The password check needs no reader token: the OAuth server's
	// token reads the user.
	c, err := clusterClient(&cfg, "")
	if err != nil {
		return false, "", gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot check the password of %s: openshift: %v", u.Name, err)
	}
	defer c.CloseIdleConnections()
	ou, err := c.Authenticate(ctx, link.Name, password)
	switch {
	case err == nil && link.UID != "" && ou.UID != link.UID:
		return false, "", s.recreatedOpenShiftUser(ctx, u, &link, ou.UID)
	case err == nil:
		return true, "", nil
	case errors.Is(err, openshift.ErrBadCredentials):
		return false, "", nil
	}
	return false, "", gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot check the password of %s: the OpenShift OAuth server is unavailable (%v); try again later", u.Name, err)
}

// recreatedOpenShiftUser is the answer to a right password for link's
// OpenShift name whose user now has uid instead of the linked one: the
// user was deleted and another created under the same name, who must not
// inherit u's account. The reason tells an administrator how to re-link
// it, into one of u's tenants with its role.
func (s *Service) recreatedOpenShiftUser(ctx context.Context, u *gatehouse.User, link *gatehouse.OpenShiftLink, uid string) error {
	where := s.relinkTarget(ctx, u)
	return &otherIdentityError{reason: fmt.Sprintf("openshift user %s has uid %s, not the linked %s: it was deleted and created again; "+
		"an administrator re-links it with 'gatehouse openshift import-users %s %s' after checking it is the same person",
		link.Name, uid, link.UID, link.Name, where)}
}

// relinkTarget returns "<tenant> <role>" of one of u's memberships, for
// the import command that re-links u to a recreated identity.
func (s *Service) relinkTarget(ctx context.Context, u *gatehouse.User) string {
	where := "<tenant> <role>"
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u.ID})
		if err == nil && len(ms) > 0 {
			where = fmt.Sprintf("%s %s", ms[0].TenantName, ms[0].Role)
		}
		return err
	})
	if err != nil {
		s.Logger.ErrorContext(ctx, "read memberships", "user", u.Name, "err", err)
	}
	return where
}
