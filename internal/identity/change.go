package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Change runs fn in one transaction on behalf of p and, if fn succeeds,
// writes the audit record of act on the object in that same transaction.
// fn authorizes the change itself, notes in c which users' memberships and
// which namespaces it changed, and returns the changed fields; a nil map
// means fn wrote its own audit records. After the commit the authorization
// index is brought up to date with what c names. When fn
// is refused with ErrForbidden the refusal is audited on its own.
func (s *Service) Change(ctx context.Context, p *Principal, act Action, objType, objID string, fn func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error)) error {
	var c authsync.Changes
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		c = authsync.Changes{}
		changes, err := fn(tx, &c)
		if err != nil {
			return err
		}
		if changes != nil {
			err := s.record(ctx, tx, p, gatehouse.AuditRecord{Action: string(act), ObjectType: objType, ObjectID: objID, Changes: changes})
			if err != nil {
				return err
			}
		}
		// Servers sharing the store update their index as this one does.
		return authsync.Announce(tx, &c)
	})
	switch {
	case errors.Is(err, gatehouse.ErrForbidden):
		s.recordOutcome(ctx, p, string(act), objType, objID, gatehouse.OutcomeDenied, err)
	case errors.Is(err, gatehouse.ErrInvalid), errors.Is(err, gatehouse.ErrNotFound), errors.Is(err, gatehouse.ErrConflict):
		s.recordOutcome(ctx, p, string(act), objType, objID, gatehouse.OutcomeFailure, err)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", act, objID, err)
	}
	s.sync(ctx, &c)
	return nil
}

// sync brings the authorization index up to date with committed changes.
// The change stands even if this fails, so the failure is logged loudly.
func (s *Service) sync(ctx context.Context, c *authsync.Changes) {
	if s.Sync == nil {
		return
	}
	if err := s.Sync.Apply(ctx, c); err != nil {
		s.Logger.ErrorContext(ctx, "authorization index out of date: restart the server", "err", err)
	}
}

// Reject audits that p's attempt at act failed with err before any
// transaction began (bad input), and returns err.
func (s *Service) Reject(ctx context.Context, p *Principal, act Action, objType, objID string, err error) error {
	s.recordOutcome(ctx, p, string(act), objType, objID, gatehouse.OutcomeFailure, err)
	return err
}

// Refused audits that p was refused act (err, matching
// gatehouse.ErrForbidden) outside any transaction, and returns err.
func (s *Service) Refused(ctx context.Context, p *Principal, act Action, objType, objID string, err error) error {
	s.recordOutcome(ctx, p, string(act), objType, objID, gatehouse.OutcomeDenied, err)
	return err
}

// View runs fn in a read-only transaction on behalf of p and audits a
// refusal of act, for read use cases outside this package.
func (s *Service) View(ctx context.Context, p *Principal, act Action, objType, objID string, fn func(tx gatehouse.Tx) error) error {
	return s.view(ctx, p, act, objType, objID, fn)
}

// view runs fn in a read-only transaction, auditing a refusal.
func (s *Service) view(ctx context.Context, p *Principal, act Action, objType, objID string, fn func(tx gatehouse.Tx) error) error {
	err := s.Store.View(ctx, fn)
	if errors.Is(err, gatehouse.ErrForbidden) {
		s.recordOutcome(ctx, p, string(act), objType, objID, gatehouse.OutcomeDenied, err)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", act, objID, err)
	}
	return nil
}

// loadTarget returns the live user named name and a Target describing it.
func loadTarget(ctx context.Context, tx gatehouse.Tx, name gatehouse.UserName) (gatehouse.User, Target, error) {
	v, t, err := loadUserView(ctx, tx, name)
	return v.User, t, err
}

// loadUserView returns the live user named name with their memberships,
// and a Target describing them.
func loadUserView(ctx context.Context, tx gatehouse.Tx, name gatehouse.UserName) (UserView, Target, error) {
	u, err := userByName(ctx, tx, name)
	if err != nil {
		return UserView{}, Target{}, err
	}
	ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{u.ID})
	if err != nil {
		return UserView{}, Target{}, err
	}
	v := UserView{User: u, Memberships: ms}
	t := Target{User: &v.User, UserTenants: make(map[gatehouse.TenantID]gatehouse.Role, len(ms))}
	for _, m := range ms {
		t.UserTenants[m.TenantID] = m.Role
	}
	return v, t, nil
}

// userByName is tx.UserByName with a message fit for the client.
func userByName(ctx context.Context, tx gatehouse.Tx, name gatehouse.UserName) (gatehouse.User, error) {
	u, err := tx.UserByName(ctx, name)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return u, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s does not exist", name)
	}
	return u, err
}

// tenantByName is tx.TenantByName with a message fit for the client.
func tenantByName(ctx context.Context, tx gatehouse.Tx, name gatehouse.TenantName) (gatehouse.Tenant, error) {
	t, err := tx.TenantByName(ctx, name)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return t, gatehouse.Errorf(gatehouse.ErrNotFound, "tenant %s does not exist", name)
	}
	return t, err
}
