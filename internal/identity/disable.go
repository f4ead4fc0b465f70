package identity

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The actions that disable and enable users.
const (
	ActUserDisable Action = "user.disable"
	ActUserEnable  Action = "user.enable"
)

// DisableUser disables the user called name: they cannot log in, and
// their tokens stop working at once (their token generation is raised, so
// they stay refused after EnableUser). The rules of UpdateUser decide who
// may; nobody disables themself.
func (s *Service) DisableUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	var id gatehouse.UserID
	err := s.setDisabled(ctx, p, ActUserDisable, name, func(u *gatehouse.User) error {
		if u.ID == p.User.ID {
			return gatehouse.Invalid("username", "you cannot disable yourself: ask another administrator")
		}
		disable(u, gatehouse.DisabledByAdmin)
		id = u.ID
		return nil
	})
	if err != nil {
		return "", err
	}
	s.Tokens.Forget(id)
	return fmt.Sprintf("Disabled user %s", name), nil
}

// EnableUser lets the disabled user called name log in again, whether an
// administrator, dormancy or a merge disabled them; dormancy then counts
// from now. The rules of UpdateUser decide who may.
func (s *Service) EnableUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	err := s.setDisabled(ctx, p, ActUserEnable, name, func(u *gatehouse.User) error {
		u.Disabled, u.DisabledReason = false, ""
		u.EnabledAt = s.Now().UTC()
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Enabled user %s", name), nil
}

// disable marks u disabled for reason and raises their token generation,
// so that their tokens stop working at once; the caller writes u, audits
// the change as disabledChanges says, and forgets u's tokens after the
// commit.
func disable(u *gatehouse.User, reason string) {
	u.Disabled, u.DisabledReason = true, reason
	u.TokenGeneration++
}

// disabledChanges are the audited changes of disabling or enabling u.
func disabledChanges(u *gatehouse.User) map[string]any {
	changes := map[string]any{"disabled": u.Disabled}
	if u.DisabledReason != "" {
		changes["reason"] = u.DisabledReason
	}
	return changes
}

// setDisabled loads the user called name, authorizes act as an update of
// them, applies change and writes the user, auditing the new state.
func (s *Service) setDisabled(ctx context.Context, p *Principal, act Action, name gatehouse.UserName, change func(*gatehouse.User) error) error {
	return s.Change(ctx, p, act, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, act, t); err != nil {
			return nil, err
		}
		if err := change(&u); err != nil {
			return nil, err
		}
		u.UpdatedAt = s.Now().UTC()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return nil, err
		}
		return disabledChanges(&u), nil
	})
}
