package gatehouse

import (
	"context"
	"time"
)

// PasswordHistoryStore keeps the password hashes users had before their
// current one.
type PasswordHistoryStore interface {
	// PasswordHistory returns the newest n hashes recorded for user u,
	// newest first; fewer if fewer were kept, none if n < 1.
	PasswordHistory(ctx context.Context, u UserID, n int) ([]string, error)
	// AddPasswordHistory records hash, which u gave up at t, then forgets
	// all but u's newest keep hashes (every one if keep < 1). It returns
	// ErrNotFound if no user has id u.
	AddPasswordHistory(ctx context.Context, u UserID, hash string, t time.Time, keep int) error
}
