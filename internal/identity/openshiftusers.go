package identity

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
)

// The actions that read the cluster.
const (
	ActOpenShiftListUsers  Action = "openshift.list_users"
	ActOpenShiftListGroups Action = "openshift.list_groups"
)

// OpenShiftUser is an OpenShift user with the groups they are in.
type OpenShiftUser struct {
	openshift.User
	Groups []string
}

// ListOpenShiftUsers calls fn for each OpenShift user, or each of those
// named (all of whom must exist), with their groups.
func (s *Service) ListOpenShiftUsers(ctx context.Context, p *Principal, names []string, fn func(OpenShiftUser) error) error {
	c, err := s.openCluster(ctx, p, ActOpenShiftListUsers, strings.Join(names, ","))
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	groups := map[string][]string{} // by user
	err = c.Groups(ctx, func(g openshift.Group) error {
		for _, u := range g.Users {
			groups[u] = append(groups[u], g.Name)
		}
		return nil
	})
	if err != nil {
		return clusterError(err)
	}
	emit := func(u openshift.User) error { return fn(OpenShiftUser{User: u, Groups: groups[u.Name]}) }
	if len(names) == 0 {
		if err := c.Users(ctx, emit); err != nil {
			return clusterError(err)
		}
		return nil
	}
	users, err := s.clusterUsers(ctx, c, names)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := emit(u); err != nil {
			return err
		}
	}
	return nil
}

// clusterUsers reads the users named, in order; ErrNotFound naming
// every one missing.
func (s *Service) clusterUsers(ctx context.Context, c *openshift.Client, names []string) ([]openshift.User, error) {
	var (
		users   []openshift.User
		missing []string
	)
	for _, name := range names {
		u, err := c.User(ctx, name)
		switch {
		case err == nil:
			users = append(users, u)
		case isClusterNotFound(err):
			missing = append(missing, name)
		default:
			return nil, clusterError(err)
		}
	}
	if len(missing) > 0 {
		return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "not OpenShift users: %s", strings.Join(missing, ", "))
	}
	return users, nil
}

// ListOpenShiftGroups calls fn for each OpenShift group, or each of those
// named (all of which must exist).
func (s *Service) ListOpenShiftGroups(ctx context.Context, p *Principal, names []string, fn func(openshift.Group) error) error {
	c, err := s.openCluster(ctx, p, ActOpenShiftListGroups, strings.Join(names, ","))
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	if len(names) == 0 {
		if err := c.Groups(ctx, fn); err != nil {
			return clusterError(err)
		}
		return nil
	}
	var groups []openshift.Group
	for _, name := range names {
		g, err := c.Group(ctx, name)
		if isClusterNotFound(err) {
			return gatehouse.Errorf(gatehouse.ErrNotFound, "openshift group %s does not exist: see 'gatehouse openshift list-groups'", name)
		}
		if err != nil {
			return clusterError(err)
		}
		groups = append(groups, g)
	}
	for _, g := range groups {
		if err := fn(g); err != nil {
			return err
		}
	}
	return nil
}

// isClusterNotFound reports whether err says the user or group asked
// for does not exist.
func isClusterNotFound(err error) bool { return errors.Is(err, openshift.ErrNotFound) }
