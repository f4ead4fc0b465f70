package identity

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// ActLDAPImport is the action of importing directory users.
const ActLDAPImport Action = "ldap.import"

// ActLDAPRelink is the action of an import linking a user to the new
// entry id of their directory entry, deleted and created again.
const ActLDAPRelink Action = "user.relink_ldap"

// LDAPImportInput says what to import from a directory server and where
// the users go.
type LDAPImportInput struct {
	Server string
	// Users are the directory usernames of import-users; Group the group
	// of import-group.
	Users        []string
	Group        string
	Exclude      []string
	SearchBase   string
	Tenant       gatehouse.TenantName
	Role         string
	Capabilities []string
}

// ImportLDAPUsers imports the directory users in.Users into in.Tenant
// with in.Role. Every named user must be in the directory; an import is
// one transaction, so it imports all of them or none.
func (s *Service) ImportLDAPUsers(ctx context.Context, p *Principal, in LDAPImportInput) (*ImportReport, error) {
	return s.importLDAP(ctx, p, in, false)
}

// ImportLDAPGroup imports the members of the directory group in.Group,
// following nested groups and stopping at cycles, but those in
// in.Exclude, in one transaction.
func (s *Service) ImportLDAPGroup(ctx context.Context, p *Principal, in LDAPImportInput) (*ImportReport, error) {
	return s.importLDAP(ctx, p, in, true)
}

func (s *Service) importLDAP(ctx context.Context, p *Principal, in LDAPImportInput, group bool) (*ImportReport, error) {
	obj := in.Server + "/" + strings.Join(in.Users, ",")
	if group {
		obj = in.Server + "/" + in.Group
	}
	role, caps, err := s.validateImport(in.Tenant, in.Role, in.Capabilities, in.Users, in.Group, group)
	if err != nil {
		return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, err)
	}
	c, srv, err := s.openDirectory(ctx, p, ActLDAPImport, in.Server)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	rep := &ImportReport{}
	src := &ldapSource{srv: &srv}
	var users []ldap.User
	if group {
		m, err := c.GroupMembers(ctx, in.Group, in.SearchBase)
		if err != nil {
			return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, directoryError(srv.Name, err))
		}
		users, rep.Nested, rep.Cycles = m.Users, m.Nested, m.Cycles
		src.group = &importedGroup{dn: m.Group.DN, name: in.Group, exclude: in.Exclude}
		for _, miss := range m.Missing {
			rep.Outcomes = append(rep.Outcomes, ImportOutcome{Name: ldap.RDNValue(miss), DN: miss, Outcome: ImportSkipped,
				Reason: "member not in the directory"})
		}
	} else {
		found, missing, err := c.FindUsers(ctx, in.Users, in.SearchBase)
		if err != nil {
			return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, directoryError(srv.Name, err))
		}
		if len(missing) > 0 {
			return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, gatehouse.Errorf(gatehouse.ErrNotFound,
				"not in ldap server %s: %s (nothing was imported)", srv.Name, strings.Join(missing, ", ")))
		}
		for _, name := range in.Users {
			users = append(users, found[name])
		}
	}
	entries := make([]importEntry, len(users))
	for i, u := range users {
		entries[i] = ldapEntry(u)
	}
	err = s.importUsers(ctx, p, ActLDAPImport, "LDAP", obj, in.Tenant, role, caps, in.Exclude, entries, src, rep)
	if err != nil {
		return nil, err
	}
	rep.Message = importMessage(rep, group, src)
	return rep, nil
}

// ldapEntry is the import entry of the directory user u.
func ldapEntry(u ldap.User) importEntry {
	return importEntry{Name: u.Username, Key: strings.ToLower(u.DN), DN: u.DN, UID: u.EntryID, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, Phone: u.Phone}
}

// ldapSource is a directory server users are imported from, and the
// group imported, if any.
type ldapSource struct {
	srv   *gatehouse.LDAPServer
	group *importedGroup
}

// importedGroup is the directory group an import-group imports.
type importedGroup struct {
	dn, name string
	exclude  []string
}

// recordGroup records the imported group, if any, so that 'gatehouse
// ldap sync' keeps the tenant in step with it; the users this import
// created join those the group brought before.
func (l ldapSource) recordGroup(ctx context.Context, imp *importer) error {
	if l.group == nil {
		return nil
	}
	g := gatehouse.LDAPGroup{ServerID: l.srv.ID, DN: l.group.dn, Name: l.group.name, TenantID: imp.m.Tenant.ID, Role: imp.m.Role,
		Capabilities: imp.m.Capabilities, Exclude: l.group.exclude, Members: imp.created}
	groups, err := imp.tx.LDAPGroups(ctx, l.srv.ID)
	if err != nil {
		return err
	}
	for _, old := range groups {
		if old.TenantID == g.TenantID && ldap.NormDN(old.DN) == ldap.NormDN(g.DN) {
			g.DN = old.DN
			g.Members = append(g.Members, old.Members...)
		}
	}
	return imp.tx.PutLDAPGroup(ctx, &g)
}

func (ldapSource) kind() string     { return "LDAP" }
func (ldapSource) recorded() string { return "the DN" }
func (l ldapSource) label() string  { return "ldap server " + l.srv.Name }

// imported is the seed's "Imported LDAP users: volta,curie".
func (ldapSource) imported(names []string) string {
	return "Imported LDAP users: " + strings.Join(names, ",")
}

// linked returns the users linked to the server, by lower-case DN.
func (l ldapSource) linked(ctx context.Context, tx gatehouse.Tx) (map[string]gatehouse.UserID, error) {
	links, err := tx.LDAPLinks(ctx, l.srv.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]gatehouse.UserID, len(links))
	for _, k := range links {
		out[strings.ToLower(k.DN)] = k.UserID
	}
	return out, nil
}

func (l ldapSource) link(e importEntry, u *gatehouse.User, m *newMembership) map[string]any {
	u.Authentication = gatehouse.AuthLDAP
	m.Link = &gatehouse.LDAPLink{ServerID: l.srv.ID, DN: e.DN, DirectoryName: e.Name, EntryID: e.UID}
	return map[string]any{"ldap_server": l.srv.Name, "ldap_user_dn": e.DN, "ldap_entry_id": e.UID}
}

// relink links u to e's entry id when their entry was deleted and
// another created under its DN since it was linked, recording the old and
// new id. The administrator importing the name again vouches that it is
// the same person. A directory that gives no id changes nothing.
func (l ldapSource) relink(ctx context.Context, tx gatehouse.Tx, e importEntry, u *gatehouse.User) (*relinked, error) {
	link, err := tx.LDAPLinkOf(ctx, u.ID)
	if err != nil || e.UID == "" || strings.EqualFold(link.EntryID, e.UID) {
		return nil, err
	}
	old := link.EntryID
	link.EntryID = e.UID
	if err := tx.PutLDAPLink(ctx, link); err != nil {
		return nil, err
	}
	rl := &relinked{act: ActLDAPRelink, reason: fmt.Sprintf("entry %s was created again: entry id %s replaces %s", link.DN, link.EntryID, old),
		changes: map[string]any{"ldap_server": l.srv.Name, "ldap_user_dn": link.DN, "ldap_entry_id": link.EntryID, "old_ldap_entry_id": old}}
	if old == "" {
		rl.reason = fmt.Sprintf("entry %s had no id recorded: entry id %s recorded", link.DN, link.EntryID)
	}
	return rl, nil
}
