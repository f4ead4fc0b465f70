package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Imports of users from a directory server or the OpenShift cluster
// share the outcomes, the report, the naming of users whose names
// Gatehouse does not allow and the one transaction; an importSource says
// what differs.

// Import outcomes.
const (
	ImportImported = "imported"
	ImportPresent  = "already present"
	ImportExcluded = "excluded"
	ImportSkipped  = "skipped"
	// ImportRelinked is an OpenShift user or directory entry already
	// linked whose uid or entry id changed (deleted and created again):
	// the link now has the new one.
	ImportRelinked = "relinked"
)

// ImportOutcome is what became of one directory entry or OpenShift user.
type ImportOutcome struct {
	Name     string             // the name in the directory or cluster
	Username gatehouse.UserName // the Gatehouse user; empty when skipped or excluded
	DN       string             // the directory entry; empty for OpenShift
	Outcome  string
	Reason   string // why skipped, how the name was changed, or the uids of a relink
}

// ImportReport is the result of an import: one outcome per entry, in
// the source's order, and for LDAP the nested groups followed and cycles
// stopped.
type ImportReport struct {
	Message  string
	Outcomes []ImportOutcome
	Nested   []string
	Cycles   []string
}

// maxImport bounds the users named in one import-users.
const maxImport = 10000

// validateImport checks where an import puts its users and what it
// names, returning the role and the capabilities to store.
func (s *Service) validateImport(tenant gatehouse.TenantName, role string, capabilities, users []string, group string, isGroup bool) (gatehouse.Role, []string, error) {
	if err := tenant.Validate(); err != nil {
		return "", nil, err
	}
	r, err := gatehouse.ParseRole(role)
	if err != nil {
		return "", nil, err
	}
	caps, err := memberCapabilities(s.Sync.Engine().Catalog(), r, capabilities)
	if err != nil {
		return "", nil, err
	}
	switch {
	case isGroup && group == "":
		return "", nil, gatehouse.Invalid("group", "is required: the name of the group whose members to import")
	case !isGroup && len(users) == 0:
		return "", nil, gatehouse.Invalid("users", "is required: a comma-separated list of usernames")
	case !isGroup && len(users) > maxImport:
		return "", nil, gatehouse.Invalid("users", "must name at most %d users (got %d): import a group, or import in parts", maxImport, len(users))
	}
	return r, caps, nil
}

// importEntry is one user to import.
type importEntry struct {
	Name      string // in the source
	Key       string // what identifies the user there: a lower-case DN, an OpenShift name
	DN        string // the directory entry, for LDAP
	UID       string // the stable id there: OpenShift's metadata.uid, a directory entry's entryUUID or objectGUID
	FirstName string
	LastName  string
	Email     string
	Phone     string
}

// importSource is where an import's users come from.
type importSource interface {
	// kind names the source in messages: LDAP, OpenShift.
	kind() string
	// label names the source in reasons: "ldap server ldap1".
	label() string
	// recorded names what of a renamed user's is kept for login: "the DN".
	recorded() string
	// imported is the message of a group import that imported names.
	imported(names []string) string
	// linked returns the users imported from the source before, by the
	// key of their entry (importEntry.Key).
	linked(ctx context.Context, tx gatehouse.Tx) (map[string]gatehouse.UserID, error)
	// link ties the new user of e, whose authentication it sets, to e
	// through m, and returns the audit record's fields saying so.
	link(e importEntry, u *gatehouse.User, m *newMembership) map[string]any
}

// importUsers imports entries into tenant with role and caps in one
// transaction, recording act on obj, and adds their outcomes before
// those already in rep.
func (s *Service) importUsers(ctx context.Context, p *Principal, act Action, objType, obj string, tenant gatehouse.TenantName,
	role gatehouse.Role, caps []string, exclude []string, entries []importEntry, src importSource, rep *ImportReport) error {
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	return s.Change(ctx, p, act, objType, obj, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		t, err := s.admit(ctx, tx, p, act, tenant, role, caps)
		if err != nil {
			return nil, err
		}
		imp := importer{s: s, tx: tx, c: c, p: p, src: src, settings: &st, exclude: exclude,
			m: newMembership{Tenant: t, Role: role, Capabilities: caps}, used: map[gatehouse.UserName]bool{}}
		if imp.linked, err = src.linked(ctx, tx); err != nil {
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
		if g, ok := src.(groupRecorder); ok {
			if err := g.recordGroup(ctx, &imp); err != nil {
				return nil, err
			}
		}
		counts := map[string]int{}
		for _, o := range rep.Outcomes {
			counts[o.Outcome]++
		}
		changes := map[string]any{"tenant": t.Name, "role": role, "user_capabilities": caps, "imported": counts[ImportImported],
			"present": counts[ImportPresent], "excluded": counts[ImportExcluded], "skipped": counts[ImportSkipped]}
		if _, ok := src.(relinker); ok {
			changes["relinked"] = counts[ImportRelinked]
		}
		return nil, s.record(ctx, tx, p, gatehouse.AuditRecord{Action: string(act), ObjectType: objType, ObjectID: obj, Changes: changes})
	})
}

// importMessage is the seed's message for an import from src.
func importMessage(rep *ImportReport, group bool, src importSource) string {
	var names []string
	for _, o := range rep.Outcomes {
		if o.Outcome == ImportImported {
			names = append(names, string(o.Username))
		}
	}
	list := strings.Join(names, ",")
	switch {
	case group && len(names) == 0:
		return "Imported no " + src.kind() + " users"
	case group:
		return src.imported(names)
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
	src      importSource
	settings *Settings
	exclude  []string
	m        newMembership
	linked   map[string]gatehouse.UserID // by importEntry.Key
	used     map[gatehouse.UserName]bool // names taken in this import
	created  []gatehouse.UserID          // the users imported, in order
}

// groupRecorder is an importSource that records the group it imports,
// once its users are imported.
type groupRecorder interface {
	recordGroup(ctx context.Context, imp *importer) error
}

// relinker is an importSource whose users are linked to an identity
// that can change under the same key, such as an OpenShift user deleted
// and created again under its name, or a directory entry under its DN.
type relinker interface {
	// relink links u, linked to e's key before, to e's identity in tx if
	// it is another one, and says what it did; nil if the link was
	// already e's.
	relink(ctx context.Context, tx gatehouse.Tx, e importEntry, u *gatehouse.User) (*relinked, error)
}

// relinked is what a relink did: the outcome's reason, and the action
// and fields of its audit record.
type relinked struct {
	reason  string
	act     Action
	changes map[string]any
}

// one imports e, or says why not.
func (imp *importer) one(ctx context.Context, e importEntry) (ImportOutcome, error) {
	o := ImportOutcome{Name: e.Name, DN: e.DN}
	for _, x := range imp.exclude {
		if strings.EqualFold(x, e.Name) {
			o.Outcome = ImportExcluded
			return o, nil
		}
	}
	if id, ok := imp.linked[e.Key]; ok {
		u, err := imp.tx.UserByID(ctx, id)
		if err != nil {
			return o, err
		}
		if !u.Deleted {
			o.Username, o.Outcome = u.Name, ImportPresent
			if r, ok := imp.src.(relinker); ok {
				rl, err := r.relink(ctx, imp.tx, e, &u)
				if err != nil || rl == nil {
					return o, err
				}
				rec := gatehouse.AuditRecord{Action: string(rl.act), ObjectType: "USER", ObjectID: string(u.Name), Changes: rl.changes}
				if err := imp.s.record(ctx, imp.tx, imp.p, rec); err != nil {
					return o, err
				}
				o.Outcome, o.Reason = ImportRelinked, rl.reason
			}
			return o, nil
		}
	}
	name, renamed, err := imp.name(ctx, e.Name)
	if err != nil {
		return o, err
	}
	if name == "" {
		o.Outcome, o.Reason = ImportSkipped, fmt.Sprintf("a user named %s already exists and does not come from %s", e.Name, imp.src.label())
		return o, nil
	}
	if renamed {
		o.Reason = fmt.Sprintf("renamed from %q, which has characters Gatehouse does not allow; %s is recorded for login", e.Name, imp.src.recorded())
	}
	id, err := imp.create(ctx, e, name, imp.m)
	if err != nil {
		return o, err
	}
	imp.created = append(imp.created, id)
	o.Username, o.Outcome = name, ImportImported
	return o, nil
}

// create creates the user of e, called name, with the membership m,
// linked to e, and audits it; it returns their id.
func (imp *importer) create(ctx context.Context, e importEntry, name gatehouse.UserName, m newMembership) (gatehouse.UserID, error) {
	now := imp.s.Now().UTC()
	// Imported users start inactive unless users.new_active says otherwise.
	u := gatehouse.User{Name: name, Inactive: !imp.settings.UsersNewActive, CreatedAt: now, UpdatedAt: now}
	if validatePersonName("first_name", e.FirstName) == nil {
		u.FirstName = e.FirstName
	}
	if validatePersonName("last_name", e.LastName) == nil {
		u.LastName = e.LastName
	}
	if validateEmail(e.Email) == nil {
		u.Email = e.Email
	}
	if validatePhone(e.Phone) == nil {
		u.Phone = e.Phone
	}
	extra := imp.src.link(e, &u, &m)
	ns, err := imp.s.createMember(ctx, imp.tx, imp.c, &u, m)
	if err != nil {
		return 0, err
	}
	imp.used[name] = true
	changes := map[string]any{
		"username": name, "tenant": m.Tenant.Name, "role": m.Role, "user_capabilities": m.Capabilities, "namespace": ns,
		"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email, "phone": u.Phone, "inactive": u.Inactive,
	}
	for k, v := range extra {
		changes[k] = v
	}
	r := gatehouse.AuditRecord{Action: string(ActUserAdd), ObjectType: "USER", ObjectID: string(name), Changes: changes}
	return u.ID, imp.s.record(ctx, imp.tx, imp.p, r)
}

// name returns the Gatehouse name for the source's username dir: dir
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
