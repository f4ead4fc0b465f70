package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// Principal is an authenticated caller: a user logged into one tenant.
type Principal struct {
	User       gatehouse.User
	Tenant     gatehouse.Tenant
	Membership gatehouse.Membership
	Claims     token.Claims
}

// Role returns the caller's role in the tenant they are logged into.
func (p *Principal) Role() gatehouse.Role { return p.Membership.Role }

// IsSuperadmin reports whether p is a superadmin logged into Administrators.
func (p *Principal) IsSuperadmin() bool {
	return p.Membership.Role == gatehouse.RoleSuperadmin && p.Tenant.Name == gatehouse.AdministratorsTenant
}

// errInvalidToken is what every unusable token yields, whatever the cause.
var errInvalidToken = gatehouse.Errorf(gatehouse.ErrUnauthenticated, "Invalid token: log in again with 'gatehouse login <username>'")

// Authenticate turns a bearer token into a Principal. It refuses (with an
// error matching gatehouse.ErrUnauthenticated) a token that is malformed,
// tampered with or expired, whose user was removed or disabled, whose
// membership in the tenant ended, or that was revoked.
func (s *Service) Authenticate(ctx context.Context, tok string) (*Principal, error) {
	if tok == "" {
		return nil, gatehouse.Errorf(gatehouse.ErrUnauthenticated, "missing token: log in with 'gatehouse login <username>' and send it as 'Authorization: Bearer <token>'")
	}
	claims, err := s.Tokens.Verify(tok)
	if err != nil {
		s.Logger.DebugContext(ctx, "token refused", "err", err)
		return nil, errInvalidToken
	}
	var writes uint64
	if s.writes != nil {
		writes = s.writes()
		if p, ok := s.principals.get(claims.ID, writes, s.Now()); ok && p.Claims == claims {
			return p, nil
		}
	}
	p := &Principal{Claims: claims}
	err = s.Store.View(ctx, func(tx gatehouse.Tx) error {
		u, err := tx.UserByID(ctx, claims.UserID)
		if err != nil {
			return err
		}
		if !u.Active() || u.TokenGeneration != claims.Generation {
			return fmt.Errorf("user %d inactive or token generation %d != %d: %w", u.ID, claims.Generation, u.TokenGeneration, gatehouse.ErrNotFound)
		}
		m, err := tx.Membership(ctx, u.ID, claims.TenantID)
		if err != nil {
			return err
		}
		t, err := tx.TenantByID(ctx, claims.TenantID)
		if err != nil {
			return err
		}
		revoked, err := tx.TokenRevoked(ctx, claims.ID)
		if err != nil {
			return err
		}
		if revoked {
			return fmt.Errorf("token %s revoked: %w", claims.ID, gatehouse.ErrNotFound)
		}
		p.User, p.Membership, p.Tenant = u, m, t
		return nil
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		s.Logger.DebugContext(ctx, "token refused", "err", err)
		return nil, errInvalidToken
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if s.writes != nil {
		s.principals.put(p, writes)
	}
	return p, nil
}
