package authsync

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// EnsureUsers loads into the index the memberships of those of users it
// does not hold yet, and returns the index to ask: the caller uses it, not
// a later Engine(), so that a Reload in between cannot lose what was
// loaded. Loading happens under the lock Apply takes, so it never puts an
// older state in place of a newer one. The index keeps users asked about
// for at least its limits' Idle (authz.Limits), so a request that ensures
// its users first finds them held while it runs for less than that.
func (s *Syncer) EnsureUsers(ctx context.Context, users ...gatehouse.UserID) (*authz.Engine, error) {
	eng := s.engine.Load()
	missing := users[:0:0]
	for _, u := range users {
		if !eng.HasUser(u) {
			missing = append(missing, u)
		}
	}
	if len(missing) == 0 {
		return eng, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	eng = s.engine.Load()
	err := s.store.View(ctx, func(tx gatehouse.Tx) error {
		ms, err := tx.MembershipsOfUsers(ctx, missing)
		if err != nil {
			return err
		}
		byUser := make(map[gatehouse.UserID][]gatehouse.Membership, len(missing))
		for _, m := range ms {
			byUser[m.UserID] = append(byUser[m.UserID], m)
		}
		for _, u := range missing {
			if !eng.HasUser(u) { // Apply may have loaded it meanwhile
				eng.SetMemberships(u, byUser[u])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load memberships into the authorization index: %w", err)
	}
	return eng, nil
}

// EnsureObjects loads into the index those of objs (with their shares) it
// does not hold yet, and returns the index to ask, as EnsureUsers does.
// Objects that do not exist are left out: the index answers no for them.
func (s *Syncer) EnsureObjects(ctx context.Context, objs ...ObjectRef) (*authz.Engine, error) {
	eng := s.engine.Load()
	missing := objs[:0:0]
	for _, o := range objs {
		if o.ID != "" && !eng.HasObject(o.Type, o.ID) {
			missing = append(missing, o)
		}
	}
	if len(missing) == 0 {
		return eng, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	eng = s.engine.Load()
	err := s.store.View(ctx, func(tx gatehouse.Tx) error {
		for _, ref := range missing {
			if eng.HasObject(ref.Type, ref.ID) {
				continue
			}
			if err := setObject(ctx, tx, eng, ref); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load objects into the authorization index: %w", err)
	}
	return eng, nil
}

// setObject reads the object ref and its shares from tx into eng, or
// removes it from eng if it does not exist.
func setObject(ctx context.Context, tx gatehouse.Tx, eng *authz.Engine, ref ObjectRef) error {
	o, err := loadObject(ctx, tx, ref)
	if errors.Is(err, gatehouse.ErrNotFound) {
		eng.RemoveObject(ref.Type, ref.ID)
		return nil
	}
	if err != nil {
		return err
	}
	shares, err := tx.ListShares(ctx, gatehouse.ShareQuery{ObjectType: ref.Type, ObjectID: ref.ID})
	if err != nil {
		return err
	}
	eng.SetObject(o, shares)
	return nil
}
