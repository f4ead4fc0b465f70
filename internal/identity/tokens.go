package identity

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Issued tokens. Every login token is recorded (gatehouse.TokenStore) in
// the transaction that audits the login, with the address it came from.
// Authenticate notes when a token is used, writing at most once a minute
// per token and process, since every write also empties the principal
// cache. A user lists their live tokens and revokes one; a superadmin
// anyone's. Revocation goes through the RevocationStore that Authenticate
// reads, so it takes effect at once.

// ActTokenList lists a user's live tokens.
const ActTokenList Action = "token.list"

// touchEvery is how often, at most, a token's last use is written.
const touchEvery = time.Minute

// TokenView is an issued token as the token commands show it.
type TokenView struct {
	gatehouse.IssuedToken
	User    gatehouse.UserName
	Tenant  gatehouse.TenantName
	Current bool // the token of the caller who asked
}

// tokenTouches remembers when this process last wrote each token's last
// use.
type tokenTouches struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether the last use of token id should be written at now,
// and if so notes that it is.
func (t *tokenTouches) due(id string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if last, ok := t.last[id]; ok && now.Sub(last) < touchEvery {
		return false
	}
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	if len(t.last) >= 10_000 {
		for k, last := range t.last {
			if now.Sub(last) >= touchEvery {
				delete(t.last, k)
			}
		}
	}
	t.last[id] = now
	return true
}

// touchToken writes that the token of p was used now, unless this process
// did so less than a minute ago. A failure is logged: the request goes on.
func (s *Service) touchToken(ctx context.Context, p *Principal) {
	now := s.Now().UTC()
	if !s.touches.due(p.Claims.ID, now) {
		return
	}
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error { return tx.TouchToken(ctx, p.Claims.ID, now) })
	if err != nil && !errors.Is(err, gatehouse.ErrNotFound) { // not found: issued before tokens were recorded
		s.Logger.WarnContext(ctx, "note token use", "err", err)
	}
}

// ListTokens returns the live tokens of the user called name, or of p
// when name is empty, oldest first. Anyone lists their own; a superadmin
// anyone's.
func (s *Service) ListTokens(ctx context.Context, p *Principal, name gatehouse.UserName) ([]TokenView, error) {
	if name == "" {
		name = p.User.Name
	}
	var out []TokenView
	err := s.view(ctx, p, ActTokenList, "USER", string(name), func(tx gatehouse.Tx) error {
		u, t, err := loadTarget(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActTokenList, t); err != nil {
			return err
		}
		ts, err := tx.ListTokens(ctx, u.ID, s.Now())
		if err != nil {
			return err
		}
		tenants := map[gatehouse.TenantID]gatehouse.TenantName{}
		for _, x := range ts {
			tn, ok := tenants[x.TenantID]
			if !ok {
				t, err := tx.TenantByID(ctx, x.TenantID)
				if err != nil {
					return err
				}
				tn, tenants[x.TenantID] = t.Name, t.Name
			}
			out = append(out, TokenView{IssuedToken: x, User: u.Name, Tenant: tn, Current: x.ID == p.Claims.ID})
		}
		return nil
	})
	return out, err
}

// RevokeToken revokes the token with id; it stops working at once. When
// name is not empty the token must be that user's. Anyone revokes their
// own tokens; a superadmin anyone's, a tenantadmin those of users who
// belong to their tenant alone (as RevokeTokens).
func (s *Service) RevokeToken(ctx context.Context, p *Principal, name gatehouse.UserName, id string) (string, error) {
	if id == "" {
		return "", s.Reject(ctx, p, ActTokenRevoke, "TOKEN", id, gatehouse.Invalid("id", "is required"))
	}
	var owner gatehouse.UserName
	err := s.Change(ctx, p, ActTokenRevoke, "TOKEN", id, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		tok, err := tx.TokenByID(ctx, id)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "token %s does not exist: see 'gatehouse token list'", id)
		}
		if err != nil {
			return nil, err
		}
		u, err := tx.UserByID(ctx, tok.UserID)
		if err != nil {
			return nil, err
		}
		if u.Deleted {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "token %s does not exist: see 'gatehouse token list'", id)
		}
		if name != "" && u.Name != name {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s has no token %s: see 'gatehouse token list %s'", name, id, name)
		}
		_, t, err := loadTarget(ctx, tx, u.Name)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActTokenRevoke, t); err != nil {
			return nil, err
		}
		owner = u.Name
		if err := tx.RevokeToken(ctx, id, tok.ExpiresAt); err != nil {
			return nil, err
		}
		return map[string]any{"user": string(u.Name), "revoked": true}, nil
	})
	if err != nil {
		return "", err
	}
	s.Tokens.ForgetToken(id)
	return fmt.Sprintf("Revoked token %s of user %s", id, owner), nil
}
