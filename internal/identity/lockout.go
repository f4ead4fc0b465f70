package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Account lockout. A wrong password counts against the user in the store
// (User.FailedLogins), so that every server sharing the database counts
// together. When the count reaches lockout.threshold the user is locked
// for lockout.duration (User.LockedUntil) and the count starts again from
// zero; while locked even the right password is refused, with the same
// answer as a wrong one, and the audit record's reason says "locked". A
// successful login resets the count, and UnlockUser ends a lockout early.

// ActUserUnlock ends a user's lockout.
const ActUserUnlock Action = "user.unlock"

// badPassword records a failed login of u with a wrong password, or
// another failure that counts like one, for reason: it counts the
// failure, locks u at the threshold, and writes the audit record, all in
// one transaction. It returns the answer to every failed login.
func (s *Service) badPassword(ctx context.Context, in LoginInput, u *gatehouse.User, st *Settings, why string) error {
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		reason := why
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		if st.LockoutThreshold > 0 && !cur.LockedAt(now) {
			cur.FailedLogins++
			if cur.FailedLogins >= st.LockoutThreshold {
				cur.FailedLogins, cur.LockedUntil = 0, now.Add(st.LockoutDuration)
				reason = fmt.Sprintf("%s, %d in a row: locked until %s", why, st.LockoutThreshold, cur.LockedUntil.Format(time.RFC3339))
			}
			if err := tx.UpdateUser(ctx, cur); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, nil, failedLogin(in, u, reason))
	})
	if err != nil {
		s.Logger.ErrorContext(ctx, "count failed login", "user", in.Username, "err", err)
	}
	return errBadLogin
}

// UnlockUser ends the lockout of the user called name and clears their
// count of failed logins. A superadmin, or a tenantadmin of a tenant the
// user belongs to, may do it. Unlocking a user who is not locked is not an
// error.
func (s *Service) UnlockUser(ctx context.Context, p *Principal, name gatehouse.UserName) (string, error) {
	err := s.Change(ctx, p, ActUserUnlock, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActUserUnlock, t); err != nil {
			return nil, err
		}
		was := u.LockedUntil
		u.FailedLogins, u.LockedUntil = 0, time.Time{}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return nil, err
		}
		changes := map[string]any{"locked": false, "failed_logins": 0}
		if was.After(s.Now()) {
			changes["was_locked_until"] = was.UTC()
		}
		return changes, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Unlocked user %s", name), nil
}

// lockedUntil returns when u's lockout ends, or the zero time if u is not
// locked at now.
func lockedUntil(u *gatehouse.User, now time.Time) time.Time {
	if u.LockedAt(now) {
		return u.LockedUntil
	}
	return time.Time{}
}
