package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

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
		e, err := c.UserAt(ctx, in.LDAPUserDN)
		switch {
		case err != nil:
			return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username), directoryError(srv.Name, err))
		case e == nil:
			return nil, s.Reject(ctx, p, ActUserAdd, "USER", string(in.Username),
				gatehouse.Errorf(gatehouse.ErrNotFound, "no entry has DN %s on ldap server %s", in.LDAPUserDN, srv.Name))
		}
		link.EntryID = e.EntryID
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
	e := found[string(in.Username)]
	link.DN, link.EntryID = e.DN, e.EntryID
	return link, nil
}

// checkLDAPPassword checks password by binding to u's directory server
// as u's entry. A locked user is not checked, so a lockout also shields
// the directory from guesses. reason, when set, is why the password could
// not be checked at all; an unreachable directory is an ErrUnavailable
// error, distinct from a wrong password. The right password of an entry
// whose stable id is not the linked one is an *otherIdentityError: the
// entry was deleted and another created under its DN. A link made before
// ids were recorded gets the entry's id at its first successful login
// (trust on first use).
func (s *Service) checkLDAPPassword(ctx context.Context, u *gatehouse.User, password string) (ok bool, reason string, err error) {
	if u.LockedAt(s.Now()) {
		return false, "", nil
	}
	var (
		link  gatehouse.LDAPLink
		srv   gatehouse.LDAPServer
		attrs []gatehouse.LDAPAttribute
	)
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if link, err = tx.LDAPLinkOf(ctx, u.ID); err != nil {
			return err
		}
		if srv, err = tx.LDAPServerByID(ctx, link.ServerID); err != nil {
			return err
		}
		attrs, err = tx.LDAPAttributes(ctx)
		return err
	})
	switch {
	case errors.Is(err, gatehouse.ErrNotFound):
		return false, "no ldap server to authenticate against", nil
	case err != nil:
		return false, "", fmt.Errorf("login %q: %w", u.Name, err)
	}
	cfg, err := s.serverConfig(&srv, attrs)
	if err != nil {
		return false, "", err
	}
	id, err := ldap.AuthenticateEntry(ctx, cfg, link.DN, password)
	switch {
	case errors.Is(err, ldap.ErrBadCredentials):
		return false, "", nil
	case err != nil:
		return false, "", gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot check the password of %s: ldap server %s is unavailable (%v); try again later", u.Name, srv.Name, err)
	case link.EntryID == "" && id != "":
		return true, "", s.recordEntryID(ctx, u, &srv, link, id)
	case link.EntryID == "":
		return true, "", nil
	case id == "":
		return false, fmt.Sprintf("entry %s on ldap server %s has no %s its user may read: cannot check that it is the linked entry %s",
			link.DN, srv.Name, cfg.Mapping.EntryUUID, link.EntryID), nil
	case !strings.EqualFold(id, link.EntryID):
		return false, "", &otherIdentityError{reason: fmt.Sprintf("entry %s on ldap server %s has %s %s, not the linked %s: it was deleted and created again; "+
			"an administrator re-links it with 'gatehouse ldap import-users %s %s %s' after checking it is the same person",
			link.DN, srv.Name, cfg.Mapping.EntryUUID, id, link.EntryID, srv.Name, cliArg(link.DirectoryName), s.relinkTarget(ctx, u))}
	}
	return true, "", nil
}

// recordEntryID records id as the stable id of u's entry, linked before
// ids were recorded, at its first successful login: trust on first use.
func (s *Service) recordEntryID(ctx context.Context, u *gatehouse.User, srv *gatehouse.LDAPServer, link gatehouse.LDAPLink, id string) error {
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		cur, err := tx.LDAPLinkOf(ctx, u.ID)
		if err != nil || cur.EntryID != "" || cur.ServerID != link.ServerID || cur.DN != link.DN {
			return err // changed meanwhile: the next login checks the new link
		}
		cur.EntryID = id
		if err := tx.PutLDAPLink(ctx, cur); err != nil {
			return err
		}
		return s.record(ctx, tx, nil, gatehouse.AuditRecord{Action: string(ActUserLink), ObjectType: "USER", ObjectID: string(u.Name),
			Changes: map[string]any{"ldap_server": srv.Name, "dn": cur.DN, "ldap_entry_id": id, "reason": "first login since the link: its entry id recorded"}})
	})
	if err != nil {
		return fmt.Errorf("record the entry id of %q: %w", u.Name, err)
	}
	return nil
}

// cliArg returns a directory name as one argument of a command line
// given in a hint: double-quoted when it has a space or a quote.
func cliArg(name string) string {
	if strings.ContainsAny(name, " \t'\"\\") {
		return strconv.Quote(name)
	}
	return name
}
