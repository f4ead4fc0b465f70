package identity

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
)

// ActOpenShiftImport is the action of importing OpenShift users.
const ActOpenShiftImport Action = "openshift.import"

// ActOpenShiftRelink is the action of an import linking a user to the
// new uid of their OpenShift user, deleted and created again.
const ActOpenShiftRelink Action = "user.relink_openshift"

// OpenShiftImportInput says what to import from the cluster and where
// the users go.
type OpenShiftImportInput struct {
	// Users are the OpenShift users of import-users; Group the group of
	// import-group.
	Users        []string
	Group        string
	Exclude      []string
	Tenant       gatehouse.TenantName
	Role         string
	Capabilities []string
}

// ImportOpenShiftUsers imports the OpenShift users in.Users into
// in.Tenant with in.Role, full names along. Every named user must exist;
// an import is one transaction, so it imports all of them or none.
func (s *Service) ImportOpenShiftUsers(ctx context.Context, p *Principal, in OpenShiftImportInput) (*ImportReport, error) {
	return s.importOpenShift(ctx, p, in, false)
}

// ImportOpenShiftGroup imports the users of the OpenShift group in.Group
// but those in in.Exclude, in one transaction. A member who is not an
// OpenShift user is skipped, saying so.
func (s *Service) ImportOpenShiftGroup(ctx context.Context, p *Principal, in OpenShiftImportInput) (*ImportReport, error) {
	return s.importOpenShift(ctx, p, in, true)
}

func (s *Service) importOpenShift(ctx context.Context, p *Principal, in OpenShiftImportInput, group bool) (*ImportReport, error) {
	obj := strings.Join(in.Users, ",")
	if group {
		obj = in.Group
	}
	role, caps, err := s.validateImport(in.Tenant, in.Role, in.Capabilities, in.Users, in.Group, group)
	if err != nil {
		return nil, s.Reject(ctx, p, ActOpenShiftImport, "OPEN_SHIFT", obj, err)
	}
	c, err := s.openCluster(ctx, p, ActOpenShiftImport, obj)
	if err != nil {
		return nil, err
	}
	defer c.CloseIdleConnections()
	rep := &ImportReport{}
	var users []openshift.User
	if group {
		g, err := c.Group(ctx, in.Group)
		if isClusterNotFound(err) {
			err = gatehouse.Errorf(gatehouse.ErrNotFound, "openshift group %s does not exist: see 'gatehouse openshift list-groups' (nothing was imported)", in.Group)
		} else if err != nil {
			err = clusterError(err)
		}
		if err != nil {
			return nil, s.Reject(ctx, p, ActOpenShiftImport, "OPEN_SHIFT", obj, err)
		}
		for _, name := range g.Users {
			u, err := c.User(ctx, name)
			switch {
			case isClusterNotFound(err):
				rep.Outcomes = append(rep.Outcomes, ImportOutcome{Name: name, Outcome: ImportSkipped, Reason: "member not an OpenShift user"})
			case err != nil:
				return nil, s.Reject(ctx, p, ActOpenShiftImport, "OPEN_SHIFT", obj, clusterError(err))
			default:
				users = append(users, u)
			}
		}
	} else {
		if users, err = s.clusterUsers(ctx, c, in.Users); err != nil {
			return nil, s.Reject(ctx, p, ActOpenShiftImport, "OPEN_SHIFT", obj, gatehouse.Errorf(gatehouse.ErrNotFound, "%v (nothing was imported)", err))
		}
	}
	entries := make([]importEntry, len(users))
	for i, u := range users {
		first, last := splitFullName(u.FullName)
		entries[i] = importEntry{Name: u.Name, Key: u.Name, UID: u.UID, FirstName: first, LastName: last}
	}
	err = s.importUsers(ctx, p, ActOpenShiftImport, "OPEN_SHIFT", obj, in.Tenant, role, caps, in.Exclude, entries, openShiftSource{}, rep)
	if err != nil {
		return nil, err
	}
	rep.Message = importMessage(rep, group, openShiftSource{})
	return rep, nil
}

// splitFullName splits an OpenShift full name into a first name (every
// word but the last) and a last name.
func splitFullName(full string) (first, last string) {
	words := strings.Fields(full)
	if len(words) < 2 {
		return strings.Join(words, ""), ""
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}

// openShiftSource is the cluster users are imported from.
type openShiftSource struct{}

func (openShiftSource) kind() string     { return "OpenShift" }
func (openShiftSource) label() string    { return "OpenShift" }
func (openShiftSource) recorded() string { return "the OpenShift name" }

// imported is the seed's "Imported OpenShift users: 'user3, user4'".
func (openShiftSource) imported(names []string) string {
	return "Imported OpenShift users: '" + strings.Join(names, ", ") + "'"
}

// linked returns the users linked to OpenShift users, by OpenShift name
// (which is case-sensitive).
func (openShiftSource) linked(ctx context.Context, tx gatehouse.Tx) (map[string]gatehouse.UserID, error) {
	links, err := tx.OpenShiftLinks(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]gatehouse.UserID, len(links))
	for _, l := range links {
		out[l.Name] = l.UserID
	}
	return out, nil
}

func (openShiftSource) link(e importEntry, u *gatehouse.User, m *newMembership) map[string]any {
	u.Authentication = gatehouse.AuthOpenShift
	m.OpenShiftLink = &gatehouse.OpenShiftLink{Name: e.Name, UID: e.UID}
	return map[string]any{"openshift_user": e.Name, "openshift_uid": e.UID}
}

// relink links u to e's uid when their OpenShift user was deleted and
// created again under its name since it was linked, recording the old
// and new uid. The administrator importing the name again vouches that
// it is the same person.
func (openShiftSource) relink(ctx context.Context, tx gatehouse.Tx, e importEntry, u *gatehouse.User) (*relinked, error) {
	l, err := tx.OpenShiftLinkOf(ctx, u.ID)
	if err != nil || l.UID == e.UID {
		return nil, err
	}
	old := l.UID
	l.UID = e.UID
	if err := tx.PutOpenShiftLink(ctx, l); err != nil {
		return nil, err
	}
	return &relinked{act: ActOpenShiftRelink, reason: fmt.Sprintf("openshift user %s was created again: uid %s replaces %s", l.Name, l.UID, old),
		changes: map[string]any{"openshift_user": l.Name, "openshift_uid": l.UID, "old_openshift_uid": old}}, nil
}
