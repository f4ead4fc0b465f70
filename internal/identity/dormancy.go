package identity

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ActUserDormant is the audit action of the server disabling a dormant
// user.
const ActUserDormant Action = "user.disable_dormant"

// dormantBatch is how many dormant users one transaction disables.
const dormantBatch = 500

// DisableDormant disables the users who have not been active (see
// gatehouse.User.LastActiveAt) for the users.dormant_after setting, and
// returns how many it disabled; it does nothing when the setting is 0.
// Each is audited with the server as the actor, and their tokens stop
// working at once. 'gatehouse user enable' reverses it, and dormancy then
// counts from the enabling. Superadmins of the Administrators tenant are
// never disabled this way, so a platform cannot lock out all its
// administrators by leaving them unused. The server runs it periodically.
func (s *Service) DisableDormant(ctx context.Context) (int, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return 0, fmt.Errorf("disable dormant users: %w", err)
	}
	if set.UsersDormantAfter == 0 {
		return 0, nil
	}
	now := s.Now().UTC()
	before := now.Add(-set.UsersDormantAfter)
	total := 0
	var after gatehouse.UserID
	for {
		var disabled []gatehouse.UserID
		var more bool
		err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
			disabled, more = disabled[:0], false
			admins, err := superadmins(ctx, tx)
			if err != nil {
				return err
			}
			us, err := tx.DormantUsers(ctx, before, after, dormantBatch)
			if err != nil {
				return err
			}
			more = len(us) == dormantBatch
			for _, u := range us {
				after = u.ID
				if admins[u.ID] {
					continue
				}
				last := u.LastActiveAt()
				disable(&u, gatehouse.DisabledDormant)
				u.UpdatedAt = now
				if err := tx.UpdateUser(ctx, u); err != nil {
					return err
				}
				changes := disabledChanges(&u)
				changes["last_active"] = last
				if err := s.record(ctx, tx, nil, gatehouse.AuditRecord{
					Action: string(ActUserDormant), ObjectType: "USER", ObjectID: string(u.Name), Changes: changes,
				}); err != nil {
					return err
				}
				disabled = append(disabled, u.ID)
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("disable dormant users: %w", err)
		}
		for _, id := range disabled {
			s.Tokens.Forget(id)
		}
		total += len(disabled)
		if !more {
			return total, nil
		}
	}
}

// superadmins returns the ids of the superadmins of the Administrators
// tenant.
func superadmins(ctx context.Context, tx gatehouse.Tx) (map[gatehouse.UserID]bool, error) {
	admins, err := tx.TenantByName(ctx, gatehouse.AdministratorsTenant)
	if err != nil {
		return nil, err
	}
	ms, err := tx.MembershipsOfTenant(ctx, admins.ID)
	if err != nil {
		return nil, err
	}
	ids := map[gatehouse.UserID]bool{}
	for _, m := range ms {
		if m.Role == gatehouse.RoleSuperadmin {
			ids[m.UserID] = true
		}
	}
	return ids, nil
}
