package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// Principal is an authenticated caller: a user logged into one tenant.
type Principal struct {
	User       gatehouse.User
	Tenant     gatehouse.Tenant
	Membership gatehouse.Membership
	Claims     token.Claims
	// Pending names the required agreements the user has not signed that
	// bind them (see Pending); while any remain they may only read.
	Pending []string

	operator bool // a read-only operator; see ReadOnlyOperator
	// rules is the identity rule set in force when p was authenticated,
	// nil if none (see operatorRules).
	rules *rules.Set
	// engine is the authorization index that held p's memberships when
	// p was authenticated (see indexed), which the request's checks read:
	// an index reloaded meanwhile (after a lost replica connection) may
	// not hold them yet. nil: the current one.
	engine *authz.Engine
}

// ReadOnlyOperator reports whether p is a read-only operator (Triton's
// operator level): logged into Administrators with the ReadOnlyOperator
// capability, so they see every user, tenant and object and change
// nothing that capability does not grant.
func (p *Principal) ReadOnlyOperator() bool { return p.operator }

// SeesAll reports whether p sees every tenant's users and namespaces: a
// superadmin or a read-only operator, both logged into Administrators.
func (p *Principal) SeesAll() bool { return p.IsSuperadmin() || p.operator }

// Role returns the caller's role in the tenant they are logged into.
func (p *Principal) Role() gatehouse.Role { return p.Membership.Role }

// IsSuperadmin reports whether p is a superadmin logged into Administrators.
func (p *Principal) IsSuperadmin() bool {
	return p.Membership.Role == gatehouse.RoleSuperadmin && p.Tenant.Name == gatehouse.AdministratorsTenant
}

// errInvalidToken is what every unusable token yields, whatever the cause.
var errInvalidToken = gatehouse.Errorf(gatehouse.ErrUnauthenticated, "Invalid token: log in again with 'gatehouse login <username>'")

// Authenticate turns a bearer token, a JWT from login or a service
// account's API key, into a Principal. It refuses (with an error matching
// gatehouse.ErrUnauthenticated) a token that is malformed, tampered with or
// expired, whose user was removed or disabled, whose membership in the
// tenant ended, or that was revoked.
func (s *Service) Authenticate(ctx context.Context, tok string) (*Principal, error) {
	if tok == "" {
		return nil, gatehouse.Errorf(gatehouse.ErrUnauthenticated, "missing token: log in with 'gatehouse login <username>' and send it as 'Authorization: Bearer <token>'")
	}
	if isAPIKey(tok) {
		p, err := s.cached(apiKeyCacheID(tok), nil, func() (*Principal, error) { return s.authenticateKey(ctx, tok) })
		if err != nil {
			return nil, err
		}
		return p, s.ready(ctx, p)
	}
	claims, err := s.Tokens.Verify(tok)
	if err != nil {
		s.Logger.DebugContext(ctx, "token refused", "err", err)
		return nil, errInvalidToken
	}
	p, err := s.cached(claims.ID, &claims, func() (*Principal, error) { return s.loadPrincipal(ctx, claims) })
	if err != nil {
		return nil, err
	}
	s.touchToken(ctx, p)
	return p, s.ready(ctx, p)
}

// ready prepares p for the authorization of its requests: the index holds
// its memberships and p has the identity rule set in force.
func (s *Service) ready(ctx context.Context, p *Principal) error {
	if err := s.indexed(ctx, p); err != nil {
		return err
	}
	return s.loadOperatorRules(ctx, p)
}

// indexed makes sure the authorization index holds p's memberships, which
// the capability checks of p's requests read.
func (s *Service) indexed(ctx context.Context, p *Principal) error {
	if s.Sync == nil {
		return nil
	}
	eng, err := s.Sync.EnsureUsers(ctx, p.User.ID)
	p.engine = eng
	return err
}

// EngineFor returns the authorization index p's capability checks read:
// the one that held p's memberships when p was authenticated, rather
// than the current index, which a reload may have replaced by one that
// does not hold them yet; the current one for a principal not
// authenticated here.
func (s *Service) EngineFor(p *Principal) *authz.Engine {
	if p.engine != nil {
		return p.engine
	}
	return s.Sync.Engine()
}

// cached returns the principal cached under id if no write has committed
// since it was loaded (and, for a JWT, it came from the same claims); else
// it loads the principal and caches it.
func (s *Service) cached(id string, claims *token.Claims, load func() (*Principal, error)) (*Principal, error) {
	if s.writes == nil {
		p, err := load()
		return s.withOperator(p), err
	}
	writes := s.writes()
	if p, ok := s.principals.get(id, writes, s.Now()); ok && (claims == nil || p.Claims == *claims) {
		return p, nil
	}
	p, err := load()
	if err != nil {
		return nil, err
	}
	s.withOperator(p)
	s.principals.put(p, writes)
	return p, nil
}

// withOperator marks p a read-only operator when it is one, for load
// functions to call before p is shared.
func (s *Service) withOperator(p *Principal) *Principal {
	if p != nil && s.Sync != nil && p.Tenant.Name == gatehouse.AdministratorsTenant {
		names := p.Membership.Capabilities
		p.operator = slices.Contains(s.Sync.Engine().Catalog().Expand(names), authz.ReadOnlyOperator)
	}
	return p
}

// loadPrincipal reads the principal of verified claims from the store.
func (s *Service) loadPrincipal(ctx context.Context, claims token.Claims) (*Principal, error) {
	p := &Principal{Claims: claims}
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
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
		if p.Pending, err = Pending(ctx, tx, &u); err != nil {
			return err
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
	return p, nil
}
