package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	goldap "github.com/go-ldap/ldap/v3"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// The groups import-group recorded, which 'gatehouse ldap sync' keeps
// their tenants in step with: a superadmin lists them, and forgets one to
// stop syncing it. Forgetting a group changes no membership: the members
// it brought stay in its tenant.

// The actions on imported groups.
const (
	ActLDAPListImportedGroups Action = "ldap.list_imported_groups"
	ActLDAPForgetGroup        Action = "ldap.forget_group"
)

// ImportedGroup is a group imported into a tenant with import-group.
type ImportedGroup struct {
	// DN is the group's entry; Name the name it was imported by.
	DN           string
	Name         string
	Tenant       gatehouse.TenantName
	Role         gatehouse.Role
	Capabilities []string
	// Exclude are the directory usernames never imported.
	Exclude []string
	// Members is how many users' membership of the tenant the group
	// brought (imported, or added by a sync).
	Members int
}

// ListImportedLDAPGroups returns the groups imported from the server
// called server, in the order they were first imported.
func (s *Service) ListImportedLDAPGroups(ctx context.Context, p *Principal, server string) ([]ImportedGroup, error) {
	out := []ImportedGroup{}
	err := s.view(ctx, p, ActLDAPListImportedGroups, "LDAP", server, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActLDAPListImportedGroups, Target{}); err != nil {
			return err
		}
		srv, err := ldapServerByName(ctx, tx, server)
		if err != nil {
			return err
		}
		groups, err := tx.LDAPGroups(ctx, srv.ID)
		if err != nil {
			return err
		}
		tenants := map[gatehouse.TenantID]gatehouse.TenantName{} // groups share tenants
		for _, g := range groups {
			if _, ok := tenants[g.TenantID]; !ok {
				t, err := tx.TenantByID(ctx, g.TenantID)
				if err != nil {
					return err
				}
				tenants[g.TenantID] = t.Name
			}
			out = append(out, ImportedGroup{DN: g.DN, Name: g.Name, Tenant: tenants[g.TenantID], Role: g.Role, Capabilities: g.Capabilities,
				Exclude: g.Exclude, Members: len(g.Members)})
		}
		return nil
	})
	return out, err
}

// ForgetLDAPGroup stops syncing the group imported from the server called
// server into tenant: group is the name it was imported by or its DN. The
// members the group brought stay members of the tenant; nothing but the
// record of the group changes. The message says how many of them are
// still members.
func (s *Service) ForgetLDAPGroup(ctx context.Context, p *Principal, server string, tenant gatehouse.TenantName, group string) (string, error) {
	obj := server + "/" + group
	var errs []error
	if tenant == "" {
		errs = append(errs, gatehouse.Invalid("tenant", "is required: the tenant the group was imported into"))
	}
	if strings.TrimSpace(group) == "" {
		errs = append(errs, gatehouse.Invalid("group", "is required: the name the group was imported by, or its DN"))
	}
	if err := errors.Join(errs...); err != nil {
		return "", s.Reject(ctx, p, ActLDAPForgetGroup, "LDAP", obj, err)
	}
	var (
		name  string
		stays int
	)
	err := s.Change(ctx, p, ActLDAPForgetGroup, "LDAP", obj, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActLDAPForgetGroup, Target{}); err != nil {
			return nil, err
		}
		srv, err := ldapServerByName(ctx, tx, server)
		if err != nil {
			return nil, err
		}
		t, err := tenantByName(ctx, tx, tenant)
		if err != nil {
			return nil, err
		}
		g, err := findImportedGroup(ctx, tx, &srv, &t, group)
		if err != nil {
			return nil, err
		}
		ms, err := tx.MembershipsOfUsers(ctx, g.Members)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.TenantID == t.ID {
				stays++
			}
		}
		if err := tx.DeleteLDAPGroup(ctx, g.ID); err != nil {
			return nil, err
		}
		name = g.Name
		return map[string]any{"ldap_server": srv.Name, "ldap_group": g.DN, "tenant": t.Name, "members": stays}, nil
	})
	if err != nil {
		return "", err
	}
	members := fmt.Sprintf("its %d members stay members", stays)
	if stays == 1 {
		members = "its 1 member stays a member"
	}
	return fmt.Sprintf("Stopped syncing group %s into tenant %s; %s (remove them with 'gatehouse tenant remove-users' if they should go)",
		name, tenant, members), nil
}

// findImportedGroup returns the group imported from srv into t that group
// names: its DN when group is one, else the name it was imported by
// (compared without regard to case, as directories compare names).
func findImportedGroup(ctx context.Context, tx gatehouse.Tx, srv *gatehouse.LDAPServer, t *gatehouse.Tenant, group string) (gatehouse.LDAPGroup, error) {
	groups, err := tx.LDAPGroups(ctx, srv.ID)
	if err != nil {
		return gatehouse.LDAPGroup{}, err
	}
	_, dnErr := goldap.ParseDN(group)
	isDN := dnErr == nil && strings.Contains(group, "=")
	var found []gatehouse.LDAPGroup
	for _, g := range groups {
		if g.TenantID != t.ID {
			continue
		}
		if isDN && ldap.NormDN(g.DN) == ldap.NormDN(group) || !isDN && strings.EqualFold(g.Name, group) {
			found = append(found, g)
		}
	}
	switch len(found) {
	case 0:
		return gatehouse.LDAPGroup{}, gatehouse.Errorf(gatehouse.ErrNotFound,
			"group %s is not imported from ldap server %s into tenant %s: see 'gatehouse ldap list-imported-groups %s'", group, srv.Name, t.Name, srv.Name)
	case 1:
		return found[0], nil
	}
	dns := make([]string, len(found))
	for i, g := range found {
		dns[i] = g.DN
	}
	return gatehouse.LDAPGroup{}, gatehouse.Invalid("group", "%s names %d groups imported into tenant %s (%s): give the DN of one",
		group, len(found), t.Name, strings.Join(dns, "; "))
}
