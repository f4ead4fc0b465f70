package gatehouse

import (
	"context"
	"time"
)

// IssuedToken is the record of a login token: who it was issued to, when
// and from where, and when it was last used. The token itself is never
// stored; ID is its JWT id (jti).
type IssuedToken struct {
	ID         string
	UserID     UserID
	TenantID   TenantID
	Generation int64 // the user's token generation when it was issued
	IssuedAt   time.Time
	ExpiresAt  time.Time
	Source     string    // the address the login came from
	LastUsedAt time.Time // zero until first used; updated at most once a minute
}

// TokenStore keeps the records of issued login tokens.
type TokenStore interface {
	// AddToken records t. It returns ErrConflict if t.ID is taken and
	// ErrNotFound if t.UserID or t.TenantID does not exist.
	AddToken(ctx context.Context, t IssuedToken) error
	// TokenByID returns the token recorded with id, or ErrNotFound.
	TokenByID(ctx context.Context, id string) (IssuedToken, error)
	// ListTokens returns the live tokens of user u: those that expire
	// after now, are not revoked (RevocationStore) and carry u's current
	// token generation, oldest first (by IssuedAt, then in the order they
	// were added).
	ListTokens(ctx context.Context, u UserID, now time.Time) ([]IssuedToken, error)
	// TouchToken sets the LastUsedAt of the token with id to at, or
	// returns ErrNotFound.
	TouchToken(ctx context.Context, id string, at time.Time) error
	// PurgeTokens forgets the tokens that expired before t.
	PurgeTokens(ctx context.Context, t time.Time) error
}
