package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// ActLDAPImport is the action of importing directory users.
const ActLDAPImport Action = "ldap.import"

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

// Import outcomes.
const (
	ImportImported = "imported"
	ImportPresent  = "already present"
	ImportExcluded = "excluded"
	ImportSkipped  = "skipped"
)

// ImportOutcome is what became of one directory entry.
type ImportOutcome struct {
	Name     string             // the directory username
	Username gatehouse.UserName // the Gatehouse user; empty when skipped or excluded
	DN       string
	Outcome  string
	Reason   string // why skipped, or how the name was changed
}

// ImportReport is the result of an import: one outcome per entry, in
// directory order, and the nested groups followed and cycles stopped.
type ImportReport struct {
	Message  string
	Outcomes []ImportOutcome
	Nested   []string
	Cycles   []string
}

func (in *LDAPImportInput) validate(s *Service, group bool) (gatehouse.Role, []string, error) {
	if err := in.Tenant.Validate(); err != nil {
		return "", nil, err
	}
	role, err := gatehouse.ParseRole(in.Role)
	if err != nil {
		return "", nil, err
	}
	caps, err := memberCapabilities(s.Sync.Engine().Catalog(), role, in.Capabilities)
	if err != nil {
		return "", nil, err
	}
	switch {
	case group && in.Group == "":
		return "", nil, gatehouse.Invalid("group", "is required: the name of the directory group whose members to import")
	case !group && len(in.Users) == 0:
		return "", nil, gatehouse.Invalid("users", "is required: a comma-separated list of directory usernames")
	case !group && len(in.Users) > maxImport:
		return "", nil, gatehouse.Invalid("users", "must name at most %d users (got %d): import a group, or import in parts", maxImport, len(in.Users))
	}
	return role, caps, nil
}

// maxImport bounds the users named in one import-users.
const maxImport = 10000

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
	role, caps, err := in.validate(s, group)
	if err != nil {
		return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, err)
	}
	c, srv, err := s.openDirectory(ctx, p, ActLDAPImport, in.Server)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	rep := &ImportReport{}
	var entries []ldap.User
	if group {
		m, err := c.GroupMembers(ctx, in.Group, in.SearchBase)
		if err != nil {
			return nil, s.Reject(ctx, p, ActLDAPImport, "LDAP", obj, directoryError(srv.Name, err))
		}
		entries, rep.Nested, rep.Cycles = m.Users, m.Nested, m.Cycles
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
			entries = append(entries, found[name])
		}
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	err = s.Change(ctx, p, ActLDAPImport, "LDAP", obj, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := s.admit(ctx, tx, p, ActLDAPImport, in.Tenant, role, caps)
		if err != nil {
			return nil, err
		}
		imp := importer{s: s, tx: tx, c: c, p: p, srv: &srv, settings: &st, exclude: in.Exclude,
			m: newMembership{Tenant: t, Role: role, Capabilities: caps}, used: map[gatehouse.UserName]bool{}}
		if err := imp.loadLinks(ctx); err != nil {
			return nil, err
		}
		outs := make([]ImportOutcome, 0, len(entries))
		for _, e := range entries {
			o, err := imp.one(ctx, e)
			if err != nil {
				return nil, err
			}
			outs = append(outs, o)
		}
		rep.Outcomes = append(outs, rep.Outcomes...)
		counts := map[string]int{}
		for _, o := range rep.Outcomes {
			counts[o.Outcome]++
		}
		return nil, s.record(ctx, tx, p, gatehouse.AuditRecord{Action: string(ActLDAPImport), ObjectType: "LDAP", ObjectID: obj,
			Changes: map[string]any{"tenant": t.Name, "role": role, "user_capabilities": caps, "imported": counts[ImportImported],
				"present": counts[ImportPresent], "excluded": counts[ImportExcluded], "skipped": counts[ImportSkipped]}})
	})
	if err != nil {
		return nil, err
	}
	rep.Message = importMessage(rep, group)
	return rep, nil
}

// importMessage is the seed's message for an import.
func importMessage(rep *ImportReport, group bool) string {
	var names []string
	for _, o := range rep.Outcomes {
		if o.Outcome == ImportImported {
			names = append(names, string(o.Username))
		}
	}
	list := strings.Join(names, ",")
	switch {
	case group && len(names) == 0:
		return "Imported no LDAP users"
	case group:
		return "Imported LDAP users: " + list
	case len(names) == 0:
		return "Added no users"
	case len(names) == 1:
		return "Successfully added one user: " + list
	}
	return "Successfully added multiple users: " + list
}

// importer creates the users of one import inside its transaction.
type importer struct {
	s        *Service
	tx       gatehouse.Tx
	c        *authsync.Changes
	p        *Principal
	srv      *gatehouse.LDAPServer
	settings *Settings
	exclude  []string
	m        newMembership
	linked   map[string]gatehouse.UserID // by lower-case DN
	used     map[gatehouse.UserName]bool // names taken in this import
}

func (imp *importer) loadLinks(ctx context.Context) error {
	links, err := imp.tx.LDAPLinks(ctx, imp.srv.ID)
	if err != nil {
		return err
	}
	imp.linked = make(map[string]gatehouse.UserID, len(links))
	for _, l := range links {
		imp.linked[strings.ToLower(l.DN)] = l.UserID
	}
	return nil
}

// one imports e, or says why not.
func (imp *importer) one(ctx context.Context, e ldap.User) (ImportOutcome, error) {
	o := ImportOutcome{Name: e.Username, DN: e.DN}
	for _, x := range imp.exclude {
		if strings.EqualFold(x, e.Username) {
			o.Outcome = ImportExcluded
			return o, nil
		}
	}
	if id, ok := imp.linked[strings.ToLower(e.DN)]; ok {
		u, err := imp.tx.UserByID(ctx, id)
		if err != nil {
			return o, err
		}
		if !u.Deleted {
			o.Username, o.Outcome = u.Name, ImportPresent
			return o, nil
		}
	}
	name, renamed, err := imp.name(ctx, e.Username)
	if err != nil {
		return o, err
	}
	if name == "" {
		o.Outcome, o.Reason = ImportSkipped, fmt.Sprintf("a user named %s already exists and does not come from ldap server %s", e.Username, imp.srv.Name)
		return o, nil
	}
	if renamed {
		o.Reason = fmt.Sprintf("renamed from %q, which has characters Gatehouse does not allow; the DN is recorded for login", e.Username)
	}
	now := imp.s.Now().UTC()
	// Imported users start inactive unless users.new_active says otherwise.
	u := gatehouse.User{Name: name, Authentication: gatehouse.AuthLDAP, Inactive: !imp.settings.UsersNewActive, CreatedAt: now, UpdatedAt: now}
	if validatePersonName("first_name", e.FirstName) == nil {
		u.FirstName = e.FirstName
	}
	if validatePersonName("last_name", e.LastName) == nil {
		u.LastName = e.LastName
	}
	if validateEmail(e.Email) == nil {
		u.Email = e.Email
	}
	m := imp.m
	m.Link = &gatehouse.LDAPLink{ServerID: imp.srv.ID, DN: e.DN, DirectoryName: e.Username}
	ns, err := imp.s.createMember(ctx, imp.tx, imp.c, &u, m)
	if err != nil {
		return o, err
	}
	imp.used[name] = true
	o.Username, o.Outcome = name, ImportImported
	r := gatehouse.AuditRecord{Action: string(ActUserAdd), ObjectType: "USER", ObjectID: string(name), Changes: map[string]any{
		"username": name, "tenant": m.Tenant.Name, "role": m.Role, "user_capabilities": m.Capabilities, "namespace": ns,
		"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email, "inactive": u.Inactive,
		"ldap_server": imp.srv.Name, "ldap_user_dn": e.DN,
	}}
	return o, imp.s.record(ctx, imp.tx, imp.p, r)
}

// name returns the Gatehouse name for the directory username dir: dir
// itself when it is valid and free; for a name Gatehouse does not allow,
// a valid one made from it, with a number added until it is free
// (renamed). It returns "" when dir is valid but taken.
func (imp *importer) name(ctx context.Context, dir string) (gatehouse.UserName, bool, error) {
	base := gatehouse.UserName(dir)
	renamed := base.Validate() != nil
	if renamed {
		base = validUserName(dir)
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			suffix := "-" + strconv.Itoa(i)
			name = gatehouse.UserName(string(base)[:min(len(base), gatehouse.MaxNameLen-len(suffix))] + suffix)
		}
		free, err := imp.free(ctx, name)
		if err != nil || free {
			return name, renamed, err
		}
		if !renamed {
			return "", false, nil
		}
	}
}

// free reports whether no live or removed user, nor this import, has name.
func (imp *importer) free(ctx context.Context, name gatehouse.UserName) (bool, error) {
	if imp.used[name] {
		return false, nil
	}
	if _, err := imp.tx.UserByName(ctx, name); err == nil {
		return false, nil
	} else if !errors.Is(err, gatehouse.ErrNotFound) {
		return false, err
	}
	gone, err := imp.tx.RemovedUsersNamed(ctx, name)
	return len(gone) == 0, err
}

// validUserName makes a valid username from s: every character
// Gatehouse does not allow becomes '_', and it is cut to the maximum
// length.
func validUserName(s string) gatehouse.UserName {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" {
		out = "user"
	}
	return gatehouse.UserName(out[:min(len(out), gatehouse.MaxNameLen)])
}
