package access

import (
	"log/slog"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Service runs the authorization use cases.
type Service struct {
	Store    gatehouse.Store
	Sync     *authsync.Syncer
	Identity *identity.Service // for audited changes and capability checks
	Logger   *slog.Logger
	Now      func() time.Time

	rules ruleCache // sub-users' Aperture rules, parsed
}

// New returns a Service.
func New(store gatehouse.Store, sync *authsync.Syncer, id *identity.Service, logger *slog.Logger) *Service {
	return &Service{Store: store, Sync: sync, Identity: id, Logger: logger, Now: time.Now}
}

func (s *Service) engine() *authz.Engine { return s.Sync.Engine() }

// subject returns p's subject in the index.
func (s *Service) subject(p *identity.Principal) authz.Subject {
	subj, _ := s.Identity.EngineFor(p).Subject(p.User.ID, p.Tenant.ID)
	return subj
}

// permit checks that p's capabilities grant typ:op, and that p is not
// read-only (identity.Principal.ReadOnly) if op writes (authz.IsWrite),
// naming act in the refusal.
func (s *Service) permit(p *identity.Principal, act identity.Action, typ authz.ObjectType, op authz.Operation) error {
	if authz.IsWrite(op) && typ != OnBehalf.Type { // asking a check changes nothing
		if err := p.CheckWrite(act); err != nil {
			return err
		}
	}
	eng := s.Identity.EngineFor(p)
	subj, _ := eng.Subject(p.User.ID, p.Tenant.ID)
	if !eng.Allowed(&subj, typ, op) {
		return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: none of your capabilities in tenant %s grants %s:%s", act, p.Tenant.Name, typ, op)
	}
	return nil
}

// requireSuperadmin refuses anyone but a superadmin logged into
// Administrators, and a read-only one too: it guards changes.
func requireSuperadmin(p *identity.Principal, act identity.Action) error {
	if !p.IsSuperadmin() {
		return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: only a superadmin logged into %s may do this", act, gatehouse.AdministratorsTenant)
	}
	return p.CheckWrite(act)
}
