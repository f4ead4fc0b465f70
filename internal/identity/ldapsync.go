package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// Synchronizing with a directory server: the directory is read first,
// with the service account, outside any transaction; any error of the
// directory (unreachable, refused, a listing cut short by a limit, a
// recorded group gone) stops the sync before anything changes. The plan
// is then made from what was read and the store, in one transaction:
// read-only for a dry run, else the same transaction applies it, each
// change audited as the use case it stands for would audit it, with a
// summary record.

// ActLDAPSync is the action of synchronizing with a directory server.
const ActLDAPSync Action = "ldap.sync"

// Kinds of sync change.
const (
	SyncUpdate  = "update"  // first name, last name, email, phone or DN refreshed
	SyncDisable = "disable" // no longer in the directory
	SyncEnable  = "enable"  // back in the directory after a sync disabled them
	SyncImport  = "import"  // a new member of an imported group, imported
	SyncJoin    = "join"    // a member of an imported group, added to its tenant
	SyncLeave   = "leave"   // left an imported group, removed from its tenant
	// SyncEntryChanged is reported, not applied: the user's entry has
	// another entry id than the linked one (deleted and created again), so
	// it is another person's and the account is left as it is.
	SyncEntryChanged = "entry_changed"
)

// SyncChange is one change of a sync.
type SyncChange struct {
	Kind     string
	Username gatehouse.UserName
	// Tenant and Group are those of import, join and leave.
	Tenant gatehouse.TenantName
	Group  string
	// Detail says what changes, in words.
	Detail string
}

// SyncReport is what a sync changed, or would change (DryRun).
type SyncReport struct {
	Server  string
	DryRun  bool
	Message string
	Changes []SyncChange
}

// notInDirectory is the reason a sync gives for disabling a user.
func notInDirectory(server string) string { return "not in directory " + server }

// SyncLDAP brings the users of the server called server (imported from
// it, or authenticating against it) in step with the directory: names,
// email and phone refreshed from their entry (found by DN, else by directory
// username), users no longer in the directory disabled (and enabled again
// when they come back), and the tenants of imported groups given the
// groups' new members and rid of those who left. A user whose entry has
// another entry id than the linked one (deleted and created again: another
// person) is reported and left alone. With dryRun it changes nothing and
// reports what it would change.
func (s *Service) SyncLDAP(ctx context.Context, p *Principal, server string, dryRun bool) (*SyncReport, error) {
	var (
		srv    gatehouse.LDAPServer
		attrs  []gatehouse.LDAPAttribute
		links  []gatehouse.LDAPLink
		groups []gatehouse.LDAPGroup
	)
	err := s.view(ctx, p, ActLDAPSync, "LDAP", server, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActLDAPSync, Target{}); err != nil {
			return err
		}
		var err error
		if srv, err = ldapServerByName(ctx, tx, server); err != nil {
			return err
		}
		if attrs, err = tx.LDAPAttributes(ctx); err != nil {
			return err
		}
		if links, err = liveLinks(ctx, tx, srv.ID); err != nil {
			return err
		}
		groups, err = tx.LDAPGroups(ctx, srv.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := s.dialServer(ctx, &srv, attrs)
	if err != nil {
		return nil, s.Reject(ctx, p, ActLDAPSync, "LDAP", server, unchanged(err))
	}
	dir, err := readDirectory(ctx, c, links, groups)
	c.Close()
	if err != nil {
		return nil, s.Reject(ctx, p, ActLDAPSync, "LDAP", server, unchanged(directoryError(server, err)))
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	rep := &SyncReport{Server: server, DryRun: dryRun}
	var forget []gatehouse.UserID
	if dryRun {
		err = s.view(ctx, p, ActLDAPSync, "LDAP", server, func(tx gatehouse.Tx) error {
			pl := &syncPlanner{s: s, tx: tx, srv: &srv, dir: dir, imp: &importer{s: s, tx: tx, p: p, src: ldapSource{srv: &srv}, settings: &st, used: map[gatehouse.UserName]bool{}}}
			if err := pl.plan(ctx); err != nil {
				return err
			}
			rep.Changes = pl.changes
			return nil
		})
	} else {
		err = s.Change(ctx, p, ActLDAPSync, "LDAP", server, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
			pl := &syncPlanner{s: s, tx: tx, srv: &srv, dir: dir, imp: &importer{s: s, tx: tx, c: ch, p: p, src: ldapSource{srv: &srv}, settings: &st, used: map[gatehouse.UserName]bool{}}}
			if err := pl.plan(ctx); err != nil {
				return nil, err
			}
			for _, step := range pl.steps {
				if err := step(ctx); err != nil {
					return nil, err
				}
			}
			rep.Changes, forget = pl.changes, pl.forget
			counts := map[string]int{}
			for _, c := range pl.changes {
				counts[c.Kind]++
			}
			return map[string]any{"changes": len(pl.changes), "updated": counts[SyncUpdate], "disabled": counts[SyncDisable],
				"enabled": counts[SyncEnable], "imported": counts[SyncImport], "joined": counts[SyncJoin], "left": counts[SyncLeave],
				"entry_changed": counts[SyncEntryChanged]}, nil
		})
	}
	if err != nil {
		return nil, err
	}
	for _, id := range forget {
		s.Tokens.Forget(id)
	}
	rep.Message = syncMessage(rep)
	return rep, nil
}

// unchanged adds to the message of err that the sync changed nothing,
// keeping its kind.
func unchanged(err error) error {
	var ke *gatehouse.KindError
	if errors.As(err, &ke) {
		return gatehouse.Errorf(ke.Kind, "%s (nothing was changed)", ke.Msg)
	}
	return err
}

func syncMessage(rep *SyncReport) string {
	n := len(rep.Changes)
	switch {
	case n == 0:
		return fmt.Sprintf("ldap server %s is in sync: no changes", rep.Server)
	case rep.DryRun:
		return fmt.Sprintf("Dry run: syncing ldap server %s would make %d changes (nothing was changed)", rep.Server, n)
	}
	return fmt.Sprintf("Synced ldap server %s: %d changes", rep.Server, n)
}

// liveLinks returns the links to server id of users not removed.
func liveLinks(ctx context.Context, tx gatehouse.Tx, id gatehouse.LDAPServerID) ([]gatehouse.LDAPLink, error) {
	links, err := tx.LDAPLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	live := links[:0]
	for _, l := range links {
		u, err := tx.UserByID(ctx, l.UserID)
		if err != nil {
			return nil, err
		}
		if !u.Deleted {
			live = append(live, l)
		}
	}
	return live, nil
}

// directory is what a sync read from the directory.
type directory struct {
	// users holds the entry of each linked user read, nil when the
	// directory has none.
	users map[gatehouse.UserID]*ldap.User
	// members holds the member users of each recorded group.
	members map[gatehouse.LDAPGroupID][]ldap.User
}

// readDirectory reads the entries of links, by DN, else by directory
// username, and the members of groups. Any error stops it.
func readDirectory(ctx context.Context, c *ldap.Conn, links []gatehouse.LDAPLink, groups []gatehouse.LDAPGroup) (*directory, error) {
	dir := &directory{users: map[gatehouse.UserID]*ldap.User{}, members: map[gatehouse.LDAPGroupID][]ldap.User{}}
	var lost []gatehouse.LDAPLink
	for _, l := range links {
		u, err := c.UserAt(ctx, l.DN)
		if err != nil {
			return nil, err
		}
		dir.users[l.UserID] = u
		if u == nil {
			lost = append(lost, l)
		}
	}
	if len(lost) > 0 {
		names := make([]string, len(lost))
		for i, l := range lost {
			names[i] = l.DirectoryName
		}
		found, _, err := c.FindUsers(ctx, names, "")
		if err != nil {
			return nil, err
		}
		for _, l := range lost {
			if u, ok := found[l.DirectoryName]; ok {
				dir.users[l.UserID] = &u
			}
		}
	}
	for _, g := range groups {
		m, err := c.GroupMembersAt(ctx, g.DN)
		if err != nil {
			return nil, fmt.Errorf("imported group %s: %w", g.Name, err)
		}
		dir.members[g.ID] = m.Users
	}
	return dir, nil
}

// syncPlanner plans a sync in a transaction: the changes to report, and
// the steps that make them, run in that transaction when not a dry run.
type syncPlanner struct {
	s       *Service
	tx      gatehouse.Tx
	srv     *gatehouse.LDAPServer
	dir     *directory
	imp     *importer
	changes []SyncChange
	steps   []func(context.Context) error
	forget  []gatehouse.UserID
	// otherEntry holds the users whose entry has another entry id than
	// the linked one: another person's, whose groups do not move them.
	otherEntry map[gatehouse.UserID]bool
}

func (pl *syncPlanner) add(c SyncChange, step func(context.Context) error) {
	pl.changes = append(pl.changes, c)
	pl.steps = append(pl.steps, step)
}

func (pl *syncPlanner) plan(ctx context.Context) error {
	links, err := liveLinks(ctx, pl.tx, pl.srv.ID)
	if err != nil {
		return err
	}
	linked := map[string]gatehouse.UserID{}
	for _, l := range links {
		linked[ldap.NormDN(l.DN)] = l.UserID
		e, read := pl.dir.users[l.UserID]
		if !read {
			continue // linked since the directory was read: next time
		}
		if err := pl.planUser(ctx, l, e); err != nil {
			return err
		}
		if e != nil {
			linked[ldap.NormDN(e.DN)] = l.UserID
		}
	}
	groups, err := pl.tx.LDAPGroups(ctx, pl.srv.ID)
	if err != nil {
		return err
	}
	pending := map[string]*pendingUser{} // users this sync imports, by DN
	for _, g := range groups {
		members, read := pl.dir.members[g.ID]
		if !read {
			continue
		}
		if err := pl.planGroup(ctx, g, members, linked, pending); err != nil {
			return err
		}
	}
	return nil
}

// planUser plans the changes of the user linked by l, whose entry is e
// (nil: none).
func (pl *syncPlanner) planUser(ctx context.Context, l gatehouse.LDAPLink, e *ldap.User) error {
	u, err := pl.tx.UserByID(ctx, l.UserID)
	if err != nil {
		return err
	}
	reason := notInDirectory(pl.srv.Name)
	if e != nil && l.EntryID != "" && e.EntryID != "" && !strings.EqualFold(e.EntryID, l.EntryID) {
		if pl.otherEntry == nil {
			pl.otherEntry = map[gatehouse.UserID]bool{}
		}
		pl.otherEntry[u.ID] = true
		pl.add(SyncChange{Kind: SyncEntryChanged, Username: u.Name, Detail: fmt.Sprintf("entry %s has entry id %s, not the linked %s: "+
			"not synced; re-link it with 'gatehouse ldap import-users %s %s <tenant> <role>' after checking it is the same person",
			e.DN, e.EntryID, l.EntryID, pl.srv.Name, cliArg(l.DirectoryName))}, func(context.Context) error { return nil })
		return nil
	}
	switch {
	case e == nil && u.Disabled:
		return nil
	case e == nil:
		pl.forget = append(pl.forget, u.ID)
		pl.add(SyncChange{Kind: SyncDisable, Username: u.Name, Detail: reason}, func(ctx context.Context) error {
			disable(&u, reason)
			return pl.writeUser(ctx, ActUserDisable, &u, disabledChanges(&u))
		})
		return nil
	}
	var diffs []string
	changes := map[string]any{}
	next := u
	for _, f := range []struct {
		name     string
		cur, dir *string
		valid    func(string) error
	}{
		{"first_name", &next.FirstName, &e.FirstName, func(v string) error { return validatePersonName("first_name", v) }},
		{"last_name", &next.LastName, &e.LastName, func(v string) error { return validatePersonName("last_name", v) }},
		{"email", &next.Email, &e.Email, validateEmail},
		{"phone", &next.Phone, &e.Phone, validatePhone},
	} {
		v := *f.dir
		if f.valid(v) != nil {
			v = ""
		}
		if v != *f.cur {
			diffs = append(diffs, fmt.Sprintf("%s %q -> %q", f.name, *f.cur, v))
			*f.cur, changes[f.name] = v, v
		}
	}
	link := l
	if ldap.NormDN(e.DN) != ldap.NormDN(l.DN) {
		diffs = append(diffs, fmt.Sprintf("dn %q -> %q", l.DN, e.DN))
		link.DN, changes["ldap_user_dn"] = e.DN, e.DN
	}
	if len(diffs) > 0 {
		pl.add(SyncChange{Kind: SyncUpdate, Username: u.Name, Detail: strings.Join(diffs, ", ")}, func(ctx context.Context) error {
			if link != l {
				if err := pl.tx.PutLDAPLink(ctx, link); err != nil {
					return err
				}
			}
			changes["ldap_server"] = pl.srv.Name
			return pl.writeUser(ctx, ActUserUpdate, &next, changes)
		})
	}
	if u.Disabled && u.DisabledReason == reason {
		pl.add(SyncChange{Kind: SyncEnable, Username: u.Name, Detail: "back in directory " + pl.srv.Name}, func(ctx context.Context) error {
			cur, err := pl.tx.UserByID(ctx, u.ID)
			if err != nil {
				return err
			}
			cur.Disabled, cur.DisabledReason, cur.EnabledAt = false, "", pl.s.Now().UTC()
			return pl.writeUser(ctx, ActUserEnable, &cur, disabledChanges(&cur))
		})
	}
	return nil
}

// writeUser writes u and audits act on them with changes.
func (pl *syncPlanner) writeUser(ctx context.Context, act Action, u *gatehouse.User, changes map[string]any) error {
	u.UpdatedAt = pl.s.Now().UTC()
	if err := pl.tx.UpdateUser(ctx, *u); err != nil {
		return err
	}
	return pl.record(ctx, act, "USER", string(u.Name), changes)
}

func (pl *syncPlanner) record(ctx context.Context, act Action, objType, objID string, changes map[string]any) error {
	changes["ldap_sync"] = pl.srv.Name
	return pl.s.record(ctx, pl.tx, pl.imp.p, gatehouse.AuditRecord{Action: string(act), ObjectType: objType, ObjectID: objID, Changes: changes})
}

// planGroup plans the changes of the imported group g, whose members the
// directory now has: members not yet in Gatehouse imported, others added
// to the tenant, and users the group brought who left it removed from the
// tenant. linked maps DNs to linked users, pending DNs to the users this
// sync imports (their ids set when imported).
func (pl *syncPlanner) planGroup(ctx context.Context, g gatehouse.LDAPGroup, members []ldap.User, linked map[string]gatehouse.UserID, pending map[string]*pendingUser) error {
	t, err := pl.tx.TenantByID(ctx, g.TenantID)
	if err != nil {
		return err
	}
	brought := map[gatehouse.UserID]bool{}
	for _, id := range g.Members {
		brought[id] = true
	}
	in := map[gatehouse.UserID]bool{}
	var added []*gatehouse.UserID // users this sync brings into the tenant
	m := newMembership{Tenant: t, Role: g.Role, Capabilities: g.Capabilities}
	for _, e := range members {
		if slices.ContainsFunc(g.Exclude, func(x string) bool { return strings.EqualFold(x, e.Username) }) {
			continue
		}
		dn := ldap.NormDN(e.DN)
		if id, ok := linked[dn]; ok {
			in[id] = true
			if pl.otherEntry[id] {
				continue // another person's entry: neither joins nor leaves
			}
			if _, err := pl.tx.Membership(ctx, id, t.ID); err == nil {
				continue
			} else if !errors.Is(err, gatehouse.ErrNotFound) {
				return err
			}
			u, err := pl.tx.UserByID(ctx, id)
			if err != nil {
				return err
			}
			added = append(added, &id)
			pl.planJoin(u.Name, &id, g, m)
			continue
		}
		if pu, ok := pending[dn]; ok {
			added = append(added, &pu.id)
			pl.planJoin(pu.name, &pu.id, g, m)
			continue
		}
		name, _, err := pl.imp.name(ctx, e.Username)
		if err != nil {
			return err
		}
		if name == "" {
			continue // a user of that name does not come from this server
		}
		pl.imp.used[name] = true
		pu := &pendingUser{name: name}
		pending[dn] = pu
		added = append(added, &pu.id)
		entry := e
		pl.add(SyncChange{Kind: SyncImport, Username: name, Tenant: t.Name, Group: g.Name,
			Detail: fmt.Sprintf("imported into %s as %s: new member of group %s", t.Name, g.Role, g.Name)}, func(ctx context.Context) error {
			var err error
			pu.id, err = pl.imp.create(ctx, ldapEntry(entry), name, m)
			return err
		})
	}
	var stay []gatehouse.UserID
	for _, id := range g.Members {
		if in[id] {
			stay = append(stay, id)
			continue
		}
		if _, err := pl.tx.Membership(ctx, id, t.ID); errors.Is(err, gatehouse.ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		u, err := pl.tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		pl.forget = append(pl.forget, id)
		pl.add(SyncChange{Kind: SyncLeave, Username: u.Name, Tenant: t.Name, Group: g.Name,
			Detail: fmt.Sprintf("removed from %s: left group %s", t.Name, g.Name)}, func(ctx context.Context) error {
			if t.Name == gatehouse.AdministratorsTenant {
				if err := checkSuperadminRemains(ctx, pl.tx, map[gatehouse.UserID]bool{id: true}); err != nil {
					return err
				}
			}
			// The namespaces stay: a directory change deletes no data.
			if err := pl.s.leave(ctx, pl.tx, pl.imp.c, t.ID, id, 0, true); err != nil {
				return err
			}
			return pl.record(ctx, ActMemberRemove, "TENANT", string(t.Name), map[string]any{"usernames": []gatehouse.UserName{u.Name},
				"ldap_group": g.DN, "keep_namespaces": true})
		})
	}
	if len(added) == 0 && len(stay) == len(g.Members) {
		return nil
	}
	pl.steps = append(pl.steps, func(ctx context.Context) error {
		next := g
		next.Members = stay
		for _, id := range added {
			if !slices.Contains(next.Members, *id) {
				next.Members = append(next.Members, *id)
			}
		}
		return pl.tx.PutLDAPGroup(ctx, &next)
	})
	return nil
}

// pendingUser is a user a sync imports: id is set when the step that
// imports them has run.
type pendingUser struct {
	id   gatehouse.UserID
	name gatehouse.UserName
}

// planJoin plans adding the user name, whose id is *id when the step
// runs, to the tenant of group g with the membership m.
func (pl *syncPlanner) planJoin(name gatehouse.UserName, id *gatehouse.UserID, g gatehouse.LDAPGroup, m newMembership) {
	pl.add(SyncChange{Kind: SyncJoin, Username: name, Tenant: m.Tenant.Name, Group: g.Name,
		Detail: fmt.Sprintf("added to %s as %s: member of group %s", m.Tenant.Name, m.Role, g.Name)}, func(ctx context.Context) error {
		if _, err := pl.s.join(ctx, pl.tx, pl.imp.c, m.Tenant, *id, m.Role, m.Capabilities); err != nil {
			return err
		}
		return pl.record(ctx, ActMemberAdd, "TENANT", string(m.Tenant.Name), map[string]any{"usernames": []gatehouse.UserName{name},
			"role": m.Role, "user_capabilities": m.Capabilities, "ldap_group": g.DN})
	})
}
