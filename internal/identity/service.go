package identity

import (
	"context"
	"log/slog"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// Tokens issues and verifies tokens; *token.Issuer implements it.
type Tokens interface {
	Issue(u gatehouse.UserID, t gatehouse.TenantID, generation int64) (string, token.Claims, error)
	Verify(tok string) (token.Claims, error)
	Forget(u gatehouse.UserID)
	ForgetToken(jti string)
	// Sign and VerifySignature sign messages with the token signing key,
	// and check them: the audit trail's checkpoints.
	Sign(msg []byte) (kid string, sig []byte)
	VerifySignature(kid string, msg, sig []byte) error
}

// Service runs the identity use cases.
type Service struct {
	Store  gatehouse.Store
	Tokens Tokens
	// Sync keeps the authorization index in step with committed changes;
	// every authorization decision reads that index.
	Sync   *authsync.Syncer
	Argon2 Argon2Params
	// Secrets seals secrets kept in the store: directory bind passwords.
	Secrets *secret.Key
	Logger  *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time

	dummyHash  string // hashed when a login names no user, to equalize timing
	writes     func() uint64
	principals principalCache
	settings   settingsCache
	rules      ruleSets
	throttle   tokenBuckets
	limiter    requestLimiter
	touches    tokenTouches
}

// New returns a Service over store and tokens with default settings. When
// store is a *gatehouse.CountingStore that every writer shares, principals
// are cached between writes; otherwise each request reads them.
func New(store gatehouse.Store, tokens Tokens, logger *slog.Logger) (*Service, error) {
	s := &Service{Store: store, Tokens: tokens, Argon2: DefaultArgon2, Logger: logger, Now: time.Now}
	if cs, ok := store.(*gatehouse.CountingStore); ok {
		s.writes = cs.Writes
	}
	h, err := HashPassword(s.Argon2, "gatehouse-dummy-password")
	if err != nil {
		return nil, err
	}
	s.dummyHash = h
	return s, nil
}

// record writes an audit record for a change made by p in tx.
func (s *Service) record(ctx context.Context, tx gatehouse.Tx, p *Principal, r gatehouse.AuditRecord) error {
	if p != nil {
		r.ActorID = p.User.ID
		r.ActorName = p.User.Name
		r.ActorTenant = p.Tenant.Name
	}
	return audit.Write(ctx, tx, s.Now(), r)
}

// recordOutcome writes, in its own transaction, that p's attempt at action
// on an object was refused (OutcomeDenied) or failed (OutcomeFailure), with
// the reason. Failing to write it is logged, not returned: the caller
// reports the refusal itself.
func (s *Service) recordOutcome(ctx context.Context, p *Principal, action, objType, objID, outcome string, reason error) {
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		return s.record(ctx, tx, p, gatehouse.AuditRecord{
			Action: action, ObjectType: objType, ObjectID: objID,
			Outcome: outcome, Reason: reason.Error(),
		})
	})
	if err != nil {
		s.Logger.ErrorContext(ctx, "write audit record", "action", action, "err", err)
	}
}
