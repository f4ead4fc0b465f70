package identity

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// The actions that read a directory.
const (
	ActLDAPListUsers  Action = "ldap.list_users"
	ActLDAPListGroups Action = "ldap.list_groups"
)

// openDirectory authorizes p's act on the server called name and
// connects to it with its service account, returning the connection and
// the server. The caller closes the connection.
func (s *Service) openDirectory(ctx context.Context, p *Principal, act Action, name string) (*ldap.Conn, gatehouse.LDAPServer, error) {
	var (
		srv   gatehouse.LDAPServer
		attrs []gatehouse.LDAPAttribute
	)
	err := s.view(ctx, p, act, "LDAP", name, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, act, Target{}); err != nil {
			return err
		}
		var err error
		if srv, err = ldapServerByName(ctx, tx, name); err != nil {
			return err
		}
		attrs, err = tx.LDAPAttributes(ctx)
		return err
	})
	if err != nil {
		return nil, srv, err
	}
	c, err := s.dialServer(ctx, &srv, attrs)
	return c, srv, err
}

// dialServer connects to srv with its service account.
func (s *Service) dialServer(ctx context.Context, srv *gatehouse.LDAPServer, attrs []gatehouse.LDAPAttribute) (*ldap.Conn, error) {
	cfg, err := s.serverConfig(srv, attrs)
	if err != nil {
		return nil, err
	}
	c, err := ldap.Dial(ctx, cfg)
	if err != nil {
		return nil, directoryError(srv.Name, err)
	}
	return c, nil
}

// serverConfig returns the connection configuration of srv with its
// password unsealed.
func (s *Service) serverConfig(srv *gatehouse.LDAPServer, attrs []gatehouse.LDAPAttribute) (*ldap.Config, error) {
	pw, err := s.Secrets.Open(srv.BindPassword, sealContext(srv.Name))
	if err != nil {
		return nil, gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot read the bind password of ldap server %s: %v", srv.Name, err)
	}
	return ldapConfig(srv, string(pw), attrs), nil
}

// directoryError turns an error of the directory client into one of
// the domain's kinds, naming the server.
func directoryError(server string, err error) error {
	switch {
	case errors.Is(err, ldap.ErrFilter):
		return gatehouse.Invalid("ldap_filter", "%v", err)
	case errors.Is(err, ldap.ErrNotFound):
		return gatehouse.Errorf(gatehouse.ErrNotFound, "ldap server %s: %v", server, err)
	case errors.Is(err, ldap.ErrBadCredentials):
		return gatehouse.Errorf(gatehouse.ErrUnavailable, "ldap server %s refused its service account (%v): remove the server and add it again with the right password", server, err)
	case errors.Is(err, ldap.ErrUnreachable), errors.Is(err, ldap.ErrTruncated):
		return gatehouse.Errorf(gatehouse.ErrUnavailable, "ldap server %s: %v", server, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return gatehouse.Errorf(gatehouse.ErrUnavailable, "ldap server %s: %v", server, err)
}

// ListLDAPUsers calls fn for each user of the server called server that
// q selects, one page of the directory in memory at a time.
func (s *Service) ListLDAPUsers(ctx context.Context, p *Principal, server string, q ldap.Query, fn func(ldap.User) error) error {
	c, _, err := s.openDirectory(ctx, p, ActLDAPListUsers, server)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Users(ctx, q, fn); err != nil {
		return directoryError(server, err)
	}
	return nil
}

// ListLDAPGroups calls fn for each group of the server called server that
// q selects.
func (s *Service) ListLDAPGroups(ctx context.Context, p *Principal, server string, q ldap.Query, fn func(ldap.Group) error) error {
	c, _, err := s.openDirectory(ctx, p, ActLDAPListGroups, server)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Groups(ctx, q, fn); err != nil {
		return directoryError(server, err)
	}
	return nil
}
