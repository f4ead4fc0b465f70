package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// AuthAPIKey is the authentication of service accounts: they have no
// password and present an API key as their bearer token.
const AuthAPIKey = "apikey"

// apiKeyPrefix starts every API key, so that it cannot be mistaken for a
// JWT: ghk_<id>_<secret>.
const apiKeyPrefix = "ghk_"

// Key lifetimes.
const (
	DefaultKeyTTL = 90 * 24 * time.Hour
	MaxKeyTTL     = 2 * 365 * 24 * time.Hour
)

// ActServiceAccount covers adding service accounts and their keys.
const ActServiceAccount Action = "service_account.add"

// ActKeyRevoke revokes an API key.
const ActKeyRevoke Action = "service_account.revoke_key"

// actServiceAccountList lists service accounts.
const actServiceAccountList Action = "service_account.list"

// ServiceAccountInput describes a service account: a hidden user that
// belongs to one tenant with a role and capabilities, like anyone.
type ServiceAccountInput struct {
	Name         gatehouse.UserName
	Tenant       gatehouse.TenantName
	Role         string
	Capabilities []string
	TTL          time.Duration // of the first key; 0: DefaultKeyTTL
}

// NewKey is a freshly made API key; Secret is shown once and never stored.
type NewKey struct {
	ID        string
	Secret    string // the whole bearer token: ghk_<id>_<secret>
	ExpiresAt time.Time
}

// ServiceAccount is a service account with its keys.
type ServiceAccount struct {
	View UserView
	Keys []gatehouse.APIKey
}

// AddServiceAccount creates a service account and its first API key.
// Superadmins only.
func (s *Service) AddServiceAccount(ctx context.Context, p *Principal, in ServiceAccountInput) (*NewKey, error) {
	cat := s.Sync.Engine().Catalog()
	role, err := gatehouse.ParseRole(in.Role)
	if err == nil {
		err = in.Name.Validate()
	}
	var caps []string
	if err == nil {
		caps, err = memberCapabilities(cat, role, in.Capabilities)
	}
	if err != nil {
		return nil, s.Reject(ctx, p, ActServiceAccount, "USER", string(in.Name), err)
	}
	var key *NewKey
	err = s.Change(ctx, p, ActServiceAccount, "USER", string(in.Name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActUserAdd, Target{Role: role}); err != nil {
			return nil, err
		}
		if err := s.superadminOnly(p, ActServiceAccount); err != nil {
			return nil, err
		}
		t, err := tenantByName(ctx, tx, in.Tenant)
		if err != nil {
			return nil, err
		}
		if err := checkRoleInTenant(role, t); err != nil {
			return nil, err
		}
		now := s.Now().UTC()
		u := gatehouse.User{Name: in.Name, Authentication: AuthAPIKey, Hidden: true, LastTenantID: t.ID, CreatedAt: now, UpdatedAt: now}
		if err := createUser(ctx, tx, &u, false); err != nil {
			return nil, err
		}
		ns, err := s.bindNamespace(ctx, tx, c, t, u.ID, "")
		if err != nil {
			return nil, err
		}
		m := gatehouse.Membership{UserID: u.ID, TenantID: t.ID, Role: role, Capabilities: caps, Namespace: ns, CreatedAt: now}
		if err := tx.AddMembership(ctx, m); err != nil {
			return nil, err
		}
		c.User(u.ID)
		if key, err = s.makeKey(ctx, tx, u.ID, t.ID, in.TTL); err != nil {
			return nil, err
		}
		return map[string]any{"tenant": t.Name, "role": role, "user_capabilities": caps, "key_id": key.ID, "key_expires_at": key.ExpiresAt}, nil
	})
	return key, err
}

// AddKey makes another API key for a service account.
func (s *Service) AddKey(ctx context.Context, p *Principal, name gatehouse.UserName, ttl time.Duration) (*NewKey, error) {
	var key *NewKey
	err := s.Change(ctx, p, ActServiceAccount, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.superadminOnly(p, ActServiceAccount); err != nil {
			return nil, err
		}
		u, err := serviceAccount(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		if key, err = s.makeKey(ctx, tx, u.ID, u.LastTenantID, ttl); err != nil {
			return nil, err
		}
		return map[string]any{"key_id": key.ID, "key_expires_at": key.ExpiresAt}, nil
	})
	return key, err
}

// RevokeKey deletes an API key; requests with it fail at once.
func (s *Service) RevokeKey(ctx context.Context, p *Principal, name gatehouse.UserName, id string) (string, error) {
	err := s.Change(ctx, p, ActKeyRevoke, "USER", string(name), func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.superadminOnly(p, ActKeyRevoke); err != nil {
			return nil, err
		}
		u, err := serviceAccount(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		k, err := tx.APIKeyByID(ctx, id)
		if err != nil || k.UserID != u.ID {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "service account %s has no key %s", name, id)
		}
		return map[string]any{"key_id": id, "revoked": true}, tx.DeleteAPIKey(ctx, id)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Revoked key %s of service account %s", id, name), nil
}

// ListServiceAccounts returns every service account with its keys.
// Superadmins only.
func (s *Service) ListServiceAccounts(ctx context.Context, p *Principal) ([]ServiceAccount, error) {
	if err := s.superadminOnly(p, actServiceAccountList); err != nil {
		return nil, err
	}
	var out []ServiceAccount
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		keys, err := tx.ListAPIKeys(ctx, 0)
		if err != nil {
			return err
		}
		byUser := map[gatehouse.UserID][]gatehouse.APIKey{}
		var ids []gatehouse.UserID
		for _, k := range keys {
			if byUser[k.UserID] == nil {
				ids = append(ids, k.UserID)
			}
			byUser[k.UserID] = append(byUser[k.UserID], k)
		}
		users, err := tx.ListUsers(ctx, gatehouse.UserQuery{All: true})
		if err != nil {
			return err
		}
		var sas []gatehouse.User
		for _, u := range users {
			if u.Authentication == AuthAPIKey && !u.Deleted {
				sas = append(sas, u)
			}
		}
		views, err := withMemberships(ctx, tx, sas)
		if err != nil {
			return err
		}
		for _, v := range views {
			out = append(out, ServiceAccount{View: v, Keys: byUser[v.User.ID]})
		}
		return nil
	})
	return out, err
}

func serviceAccount(ctx context.Context, tx gatehouse.Tx, name gatehouse.UserName) (gatehouse.User, error) {
	u, err := userByName(ctx, tx, name)
	if err == nil && u.Authentication != AuthAPIKey {
		err = gatehouse.Errorf(gatehouse.ErrNotFound, "%s is not a service account", name)
	}
	return u, err
}

// makeKey stores a new key of user u acting in tenant t.
func (s *Service) makeKey(ctx context.Context, tx gatehouse.Tx, u gatehouse.UserID, t gatehouse.TenantID, ttl time.Duration) (*NewKey, error) {
	if ttl == 0 {
		ttl = DefaultKeyTTL
	}
	if ttl < time.Minute || ttl > MaxKeyTTL {
		return nil, gatehouse.Invalid("expires_in", "must be between 1m and %s", MaxKeyTTL)
	}
	var idb [8]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(idb[:])
	secret := rand.Text()
	now := s.Now().UTC()
	k := gatehouse.APIKey{ID: id, UserID: u, TenantID: t, Hash: hashSecret(secret), ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := tx.CreateAPIKey(ctx, k); err != nil {
		return nil, err
	}
	return &NewKey{ID: id, Secret: apiKeyPrefix + id + "_" + secret, ExpiresAt: k.ExpiresAt}, nil
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// errInvalidKey is what every unusable API key yields, whatever the cause.
var errInvalidKey = gatehouse.Errorf(gatehouse.ErrUnauthenticated, "Invalid token: the API key is unknown, revoked or expired; a superadmin can make a new one with 'gatehouse service-account add-key'")

// apiKeyCacheID is the principal cache's key for an API key: a hash of the
// whole key, so that only the exact key can hit the cache.
func apiKeyCacheID(tok string) string { return "k:" + hashSecret(tok) }

// isAPIKey reports whether a bearer token is an API key.
func isAPIKey(tok string) bool { return strings.HasPrefix(tok, apiKeyPrefix) }

// authenticateKey turns an API key into a Principal: the key must exist,
// match, not have expired, and belong to an active member.
func (s *Service) authenticateKey(ctx context.Context, tok string) (*Principal, error) {
	id, secret, ok := strings.Cut(strings.TrimPrefix(tok, apiKeyPrefix), "_")
	if !ok || id == "" || secret == "" {
		return nil, errInvalidKey
	}
	var p *Principal
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		k, err := tx.APIKeyByID(ctx, id)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(k.Hash)) != 1 || !s.Now().Before(k.ExpiresAt) {
			return fmt.Errorf("key %s: bad secret or expired: %w", id, gatehouse.ErrNotFound)
		}
		u, err := tx.UserByID(ctx, k.UserID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return fmt.Errorf("key %s: user inactive: %w", id, gatehouse.ErrNotFound)
		}
		m, err := tx.Membership(ctx, u.ID, k.TenantID)
		if err != nil {
			return err
		}
		t, err := tx.TenantByID(ctx, k.TenantID)
		if err != nil {
			return err
		}
		p = &Principal{User: u, Tenant: t, Membership: m, Claims: token.Claims{ID: apiKeyCacheID(tok),
			UserID: u.ID, TenantID: t.ID, Generation: u.TokenGeneration, IssuedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt}}
		return nil
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		s.Logger.DebugContext(ctx, "api key refused", "err", err)
		return nil, errInvalidKey
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate key: %w", err)
	}
	return p, nil
}

// superadminOnly is requireSuperadmin with the identity rule set applied
// (operatorRules).
func (s *Service) superadminOnly(p *Principal, act Action) error {
	if err := requireSuperadmin(p, act); err != nil {
		return err
	}
	return s.operatorRules(p, act, Target{})
}

// requireSuperadmin refuses anyone but a superadmin logged into
// Administrators, and a read-only one (ReadOnly) any change.
func requireSuperadmin(p *Principal, act Action) error {
	if !p.IsSuperadmin() {
		return denied(act, "only a superadmin logged into %s may do this", gatehouse.AdministratorsTenant)
	}
	if !readActions[act] {
		return p.CheckWrite(act)
	}
	return nil
}
