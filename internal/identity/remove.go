package identity

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// RemoveUsersInput names users to remove and who takes over what they own.
type RemoveUsersInput struct {
	Usernames []gatehouse.UserName
	// Replacements maps a tenant to the member who takes over the removed
	// users' namespaces there.
	Replacements map[gatehouse.TenantName]gatehouse.UserName
	// KeepNamespaces leaves namespaces without a replacement in place
	// instead of deleting them.
	KeepNamespaces bool
}

// RemoveUsers removes users: all of them in one transaction, or none. Their
// memberships end, their tokens stop working, their namespaces go to the
// replacement user of each tenant or are deleted (unless KeepNamespaces),
// their platform objects go to the replacement user (or stay theirs), and
// the user record is kept, marked deleted. The last local superadmin
// cannot be removed.
func (s *Service) RemoveUsers(ctx context.Context, p *Principal, in RemoveUsersInput) (string, error) {
	return s.removeUsers(ctx, p, ActUserRemove, in)
}

// removeUsers is RemoveUsers, authorized and audited as act.
func (s *Service) removeUsers(ctx context.Context, p *Principal, act Action, in RemoveUsersInput) (string, error) {
	objID := joinNames(in.Usernames)
	if len(in.Usernames) == 0 {
		return "", s.Reject(ctx, p, act, "USER", objID, gatehouse.Invalid("usernames", "name at least one user to remove"))
	}
	for _, n := range in.Usernames {
		if err := n.ValidateRef(); err != nil {
			return "", s.Reject(ctx, p, act, "USER", objID, err)
		}
	}
	var removed []gatehouse.User
	err := s.Change(ctx, p, act, "USER", objID, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		removed = removed[:0]
		gone := map[gatehouse.UserID]bool{}
		targets := map[gatehouse.UserID]Target{}
		for _, n := range in.Usernames {
			u, t, err := loadTarget(ctx, tx, n)
			if err != nil {
				return nil, err
			}
			if gone[u.ID] {
				continue
			}
			if err := s.authorize(p, act, t); err != nil {
				return nil, err
			}
			gone[u.ID] = true
			targets[u.ID] = t
			removed = append(removed, u)
		}
		heirs, err := resolveReplacements(ctx, tx, in.Replacements, gone)
		if err != nil {
			return nil, err
		}
		if err := checkSuperadminRemains(ctx, tx, gone); err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		for _, u := range removed {
			changes := map[string]any{"deleted": true}
			for tid := range targets[u.ID].UserTenants {
				names, err := releaseNamespaces(ctx, tx, c, tid, u.ID, heirs[tid], in.KeepNamespaces)
				if err != nil {
					return nil, err
				}
				if len(names) > 0 {
					if heirs[tid] != 0 {
						changes[fmt.Sprintf("namespaces_moved.%d", tid)] = names
					} else {
						changes[fmt.Sprintf("namespaces_deleted.%d", tid)] = names
					}
				}
				objs, err := moveObjects(ctx, tx, c, tid, u.ID, heirs[tid])
				if err != nil {
					return nil, err
				}
				if len(objs) > 0 {
					changes[fmt.Sprintf("objects_moved.%d", tid)] = objs
				}
				t, err := tx.TenantByID(ctx, tid)
				if err != nil {
					return nil, err
				}
				if t.AccountOwner == u.ID { // the store clears it with the membership
					changes[fmt.Sprintf("account_owner_of.%d", tid)] = t.Name
				}
				if err := tx.RemoveMembership(ctx, u.ID, tid); err != nil {
					return nil, err
				}
				c.User(u.ID)
			}
			if err := leaveRoles(ctx, tx, &u, now); err != nil {
				return nil, err
			}
			u.Deleted = true
			u.TokenGeneration++
			u.UpdatedAt = now
			if err := tx.UpdateUser(ctx, u); err != nil {
				return nil, err
			}
			if err := s.record(ctx, tx, p, gatehouse.AuditRecord{Action: string(act), ObjectType: "USER", ObjectID: string(u.Name), Changes: changes}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	if err != nil {
		return "", err
	}
	var msg strings.Builder
	for i, u := range removed {
		s.Tokens.Forget(u.ID)
		if i > 0 {
			msg.WriteByte('\n')
		}
		fmt.Fprintf(&msg, "Deleted user %s.", u.Name)
	}
	return msg.String(), nil
}

// resolveReplacements maps each named tenant to its replacement user, who
// must be a member of that tenant and not being removed.
func resolveReplacements(ctx context.Context, tx gatehouse.Tx, reps map[gatehouse.TenantName]gatehouse.UserName, gone map[gatehouse.UserID]bool) (map[gatehouse.TenantID]gatehouse.UserID, error) {
	heirs := map[gatehouse.TenantID]gatehouse.UserID{}
	for tn, un := range reps {
		t, err := tenantByName(ctx, tx, tn)
		if err != nil {
			return nil, err
		}
		u, err := userByName(ctx, tx, un)
		if err != nil {
			return nil, err
		}
		if gone[u.ID] {
			return nil, gatehouse.Invalid("replacement_users", "replacement user %s is being removed too", un)
		}
		if _, err := tx.Membership(ctx, u.ID, t.ID); err != nil {
			return nil, gatehouse.Invalid("replacement_users", "replacement user %s is not a member of tenant %s: add them to it first", un, tn)
		}
		heirs[t.ID] = u.ID
	}
	return heirs, nil
}

// checkSuperadminRemains refuses a change after which no active (neither
// disabled nor inactive) local superadmin would remain outside gone.
func checkSuperadminRemains(ctx context.Context, tx gatehouse.Tx, gone map[gatehouse.UserID]bool) error {
	admins, err := superadmins(ctx, tx)
	if err != nil {
		return err
	}
	var last gatehouse.UserName
	for id := range admins {
		u, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if u.Authentication != gatehouse.AuthLocal || !u.Active() {
			continue
		}
		if !gone[u.ID] {
			return nil
		}
		last = u.Name
	}
	return gatehouse.Errorf(gatehouse.ErrConflict, "cannot remove %s: the last local superadmin must remain; make another user superadmin first", last)
}

func joinNames[N ~string](names []N) string {
	ss := make([]string, len(names))
	for i, n := range names {
		ss[i] = string(n)
	}
	return strings.Join(ss, ",")
}
