package identity

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// CheckPassword checks a new password against the password policy of s:
// its length (password.min_length, password.max_length), the list of
// common passwords (whatever the other rules say), and its quality
// (password.quality). It returns a *gatehouse.FieldError for field whose
// rule names what was broken.
func (s *Settings) CheckPassword(field, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return gatehouse.Invalid(field, "is required")
	case !utf8.ValidString(password):
		return gatehouse.Invalid(field, "must be valid UTF-8")
	case n < s.PasswordMinLength:
		return gatehouse.Invalid(field, "must be at least %d characters (password.min_length)", s.PasswordMinLength)
	case n > s.PasswordMaxLength || len(password) > MaxPasswordLen:
		return gatehouse.Invalid(field, "must be at most %d characters (password.max_length)", s.PasswordMaxLength)
	case IsCommonPassword(password):
		return gatehouse.Invalid(field, "is too common: it is one of the 10,000 most common passwords; choose another")
	case s.quality != nil && !s.quality.MatchString(password):
		if s.PasswordQuality == QualityLetterDigit {
			return gatehouse.Invalid(field, "must contain a letter and a digit (password.quality)")
		}
		return gatehouse.Invalid(field, "must match %s (password.quality)", s.PasswordQuality)
	}
	return nil
}

// errUsedRecently is the refusal of a password in the user's history.
func errUsedRecently(field string, n int) error {
	return gatehouse.Invalid(field, "was used recently: choose one other than your current password and the %d before it (password.history)", n)
}

// checkHistory refuses password if it is u's current password or one of
// the password.history passwords before it. Each is an argon2id hash to
// check, so it runs outside any write transaction.
func (s *Service) checkHistory(ctx context.Context, st *Settings, field string, u gatehouse.User, password string) error {
	if st.PasswordHistory < 1 {
		return nil
	}
	var old []string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		old, err = tx.PasswordHistory(ctx, u.ID, st.PasswordHistory)
		return err
	})
	if err != nil {
		return fmt.Errorf("check password history: %w", err)
	}
	if u.PasswordHash != "" {
		old = append([]string{u.PasswordHash}, old...)
	}
	for _, h := range old {
		ok, err := CheckPassword(h, password)
		if err != nil {
			return fmt.Errorf("check password history: %w", err)
		}
		if ok {
			return errUsedRecently(field, st.PasswordHistory)
		}
	}
	return nil
}

// setPassword gives u the password hashed as hash at now, keeping the
// old hash in u's history, and revokes u's tokens. The caller writes u.
func setPassword(ctx context.Context, tx gatehouse.Tx, st *Settings, u *gatehouse.User, hash string, now time.Time) error {
	if u.PasswordHash != "" && st.PasswordHistory > 0 {
		if err := tx.AddPasswordHistory(ctx, u.ID, u.PasswordHash, now, st.PasswordHistory); err != nil {
			return err
		}
	}
	u.PasswordHash, u.PasswordChangedAt = hash, now
	u.TokenGeneration++
	u.UpdatedAt = now
	return nil
}

// passwordExpired reports whether u's password is older than
// password.max_age at now. A password with no change time never expires.
func passwordExpired(st *Settings, u *gatehouse.User, now time.Time) bool {
	return st.PasswordMaxAge > 0 && !u.PasswordChangedAt.IsZero() && !now.Before(u.PasswordChangedAt.Add(st.PasswordMaxAge))
}

// checkMinAge refuses a user changing their own password before
// password.min_age has passed since the last change.
func checkMinAge(st *Settings, u *gatehouse.User, now time.Time) error {
	next := u.PasswordChangedAt.Add(st.PasswordMinAge)
	if st.PasswordMinAge > 0 && now.Before(next) {
		return gatehouse.Errorf(gatehouse.ErrForbidden, "password was changed less than %s ago: it can be changed again from %s (password.min_age)",
			FormatDuration(st.PasswordMinAge), next.UTC().Format(time.RFC3339))
	}
	return nil
}
