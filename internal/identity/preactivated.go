package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// ActUserLink is the action of linking a pre-activated account to its
// directory entry at its first login.
const ActUserLink Action = "user.link_directory"

// checkPendingPassword is the password check of a pre-activated account
// (gatehouse.AuthPending). It looks in every directory server for the
// one entry whose email is the account's, binds as that entry with
// password, and on success links the account to it for good: from then on
// the account is an LDAP user of that server. No entry, or several, is a
// failed login whose reason the audit record keeps; a directory that is
// down is an ErrUnavailable, as for LDAP users.
func (s *Service) checkPendingPassword(ctx context.Context, u *gatehouse.User, password string) (bool, string, error) {
	if u.LockedAt(s.Now()) {
		return false, "", nil
	}
	var (
		servers []gatehouse.LDAPServer
		attrs   []gatehouse.LDAPAttribute
	)
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if servers, err = tx.LDAPServers(ctx); err != nil {
			return err
		}
		attrs, err = tx.LDAPAttributes(ctx)
		return err
	})
	if err != nil {
		return false, "", fmt.Errorf("login %q: %w", u.Name, err)
	}
	type match struct {
		srv   gatehouse.LDAPServer
		cfg   *ldap.Config
		entry ldap.User
	}
	var found []match
	for _, srv := range servers {
		cfg, err := s.serverConfig(&srv, attrs)
		if err != nil {
			return false, "", err
		}
		c, err := ldap.Dial(ctx, cfg)
		if err != nil {
			return false, "", directoryError(srv.Name, err)
		}
		err = c.Users(ctx, ldap.Query{Filter: emailFilter(cfg.Mapping.Email, u.Email)}, func(e ldap.User) error {
			found = append(found, match{srv, cfg, e})
			return nil
		})
		c.Close()
		if err != nil {
			return false, "", directoryError(srv.Name, err)
		}
	}
	switch len(found) {
	case 0:
		return false, "no directory entry has the account's email", nil
	case 1:
	default:
		return false, "several directory entries have the account's email", nil
	}
	m := found[0]
	switch err := ldap.Authenticate(ctx, m.cfg, m.entry.DN, password); {
	case errors.Is(err, ldap.ErrBadCredentials):
		return false, "", nil
	case err != nil:
		return false, "", gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot check the password of %s: ldap server %s is unavailable (%v); try again later", u.Name, m.srv.Name, err)
	}
	err = s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if cur.Authentication != gatehouse.AuthPending {
			return nil // linked meanwhile by another login
		}
		cur.Authentication, cur.UpdatedAt = gatehouse.AuthLDAP, s.Now().UTC()
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		if err := tx.PutLDAPLink(ctx, gatehouse.LDAPLink{UserID: u.ID, ServerID: m.srv.ID, DN: m.entry.DN, DirectoryName: m.entry.Username,
			EntryID: m.entry.EntryID}); err != nil {
			return err
		}
		*u = cur
		return s.record(ctx, tx, nil, gatehouse.AuditRecord{Action: string(ActUserLink), ObjectType: "USER", ObjectID: string(u.Name),
			Changes: map[string]any{"authentication": gatehouse.AuthLDAP, "ldap_server": m.srv.Name, "dn": m.entry.DN, "ldap_entry_id": m.entry.EntryID}})
	})
	if err != nil {
		return false, "", fmt.Errorf("link %q to its directory entry: %w", u.Name, err)
	}
	return true, "", nil
}

// emailFilter is an LDAP filter for the entries whose email attributes
// (any of attrs) equal email, escaped.
func emailFilter(attrs []string, email string) string {
	var b strings.Builder
	b.WriteString("(|")
	for _, a := range attrs {
		b.WriteString("(" + a + "=" + ldap.Escape(email) + ")")
	}
	b.WriteString(")")
	return b.String()
}
