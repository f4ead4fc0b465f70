package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// The actions of rule sets.
const (
	ActRulesView Action = "rules.view"
	ActRulesSet  Action = "rules.set"
)

// serviceName is what a rule set's service may be called.
var serviceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

func checkService(service string) error {
	if !serviceName.MatchString(service) {
		return gatehouse.Invalid("service", "%q is not a service name: use up to 64 lower-case letters, digits, '.', '-' and '_'", service)
	}
	return nil
}

// SetRules stores document, a rule file in OpenStack's policy language, as
// the next version of the rule set of service. The whole file is checked
// first: if it does not parse, or any rule has a problem (rules.LoadFile),
// nothing is stored and the *gatehouse.FieldError lists every problem with
// its line. Only a superadmin logged into Administrators may set rules.
func (s *Service) SetRules(ctx context.Context, p *Principal, service string, document []byte) (gatehouse.RuleSet, error) {
	if err := checkService(service); err != nil {
		return gatehouse.RuleSet{}, s.Reject(ctx, p, ActRulesSet, "RULES", service, err)
	}
	if _, err := rules.LoadFile(document); err != nil {
		var fe *rules.FileError
		if errors.As(err, &fe) {
			err = gatehouse.Invalid("rules", "%s", fe.Error())
		}
		return gatehouse.RuleSet{}, s.Reject(ctx, p, ActRulesSet, "RULES", service, err)
	}
	return s.addRuleSet(ctx, p, service, string(document), nil)
}

// RollbackRules stores version of the rule set of service again, as its
// next version.
func (s *Service) RollbackRules(ctx context.Context, p *Principal, service string, version int) (gatehouse.RuleSet, error) {
	if err := checkService(service); err != nil {
		return gatehouse.RuleSet{}, s.Reject(ctx, p, ActRulesSet, "RULES", service, err)
	}
	if version < 1 {
		return gatehouse.RuleSet{}, s.Reject(ctx, p, ActRulesSet, "RULES", service, gatehouse.Invalid("version", "must be 1 or more"))
	}
	return s.addRuleSet(ctx, p, service, "", &version)
}

// addRuleSet stores document, or the document of version rollback, as the
// next version of service, auditing the change.
func (s *Service) addRuleSet(ctx context.Context, p *Principal, service, document string, rollback *int) (gatehouse.RuleSet, error) {
	rs := gatehouse.RuleSet{Service: service, Document: document, CreatedBy: p.User.Name, CreatedAt: s.Now().UTC()}
	err := s.Change(ctx, p, ActRulesSet, "RULES", service, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorizeSystem(p, ActRulesSet); err != nil {
			return nil, err
		}
		changes := map[string]any{}
		if rollback != nil {
			old, err := tx.RuleSet(ctx, service, *rollback)
			if errors.Is(err, gatehouse.ErrNotFound) {
				return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "rule set %s has no version %d: see 'gatehouse rules history --service %s'", service, *rollback, service)
			}
			if err != nil {
				return nil, err
			}
			rs.Document = old.Document
			changes["rolled_back_to"] = *rollback
		}
		if err := tx.AddRuleSet(ctx, &rs); err != nil {
			return nil, err
		}
		changes["version"] = rs.Version
		return changes, nil
	})
	if err != nil {
		return gatehouse.RuleSet{}, err
	}
	return rs, nil
}

// RuleSet returns version of the rule set of service, its latest when
// version is 0. Only a superadmin logged into Administrators may read it.
func (s *Service) RuleSet(ctx context.Context, p *Principal, service string, version int) (gatehouse.RuleSet, error) {
	var rs gatehouse.RuleSet
	err := s.view(ctx, p, ActRulesView, "RULES", service, func(tx gatehouse.Tx) error {
		if err := s.authorizeSystem(p, ActRulesView); err != nil {
			return err
		}
		var err error
		rs, err = tx.RuleSet(ctx, service, version)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return noRuleSet(service, version)
		}
		return err
	})
	return rs, err
}

func noRuleSet(service string, version int) error {
	if version == 0 {
		return gatehouse.Errorf(gatehouse.ErrNotFound, "service %s has no rules: store them with 'gatehouse rules set <file> --service %s'", service, service)
	}
	return gatehouse.Errorf(gatehouse.ErrNotFound, "rule set %s has no version %d: see 'gatehouse rules history --service %s'", service, version, service)
}

// RuleSetHistory returns the versions of the rule set of service, newest
// first. Only a superadmin logged into Administrators may read it.
func (s *Service) RuleSetHistory(ctx context.Context, p *Principal, service string) ([]gatehouse.RuleSet, error) {
	var out []gatehouse.RuleSet
	err := s.view(ctx, p, ActRulesView, "RULES", service, func(tx gatehouse.Tx) error {
		if err := s.authorizeSystem(p, ActRulesView); err != nil {
			return err
		}
		var err error
		out, err = tx.RuleSetHistory(ctx, service)
		return err
	})
	return out, err
}

// CheckRule evaluates the rule called rule of the latest rule set of
// service against target, with the caller's credentials (Credentials), as
// oslo.policy would. Any authenticated caller may ask about themself. An
// error where oslo would raise is returned as a *rules.EvalError.
func (s *Service) CheckRule(ctx context.Context, p *Principal, service, rule string, target rules.Value) (bool, error) {
	set, err := s.ruleSet(ctx, service)
	if err != nil {
		return false, err
	}
	return set.Enforce(rule, target, Credentials(p))
}

// Credentials are what a rule sees of the caller: user_id, username,
// tenant_id (also as project_id), tenant_name, roles (the caller's role
// in the tenant they are logged into) and is_admin (a superadmin logged
// into Administrators).
func Credentials(p *Principal) rules.Value {
	return rules.ObjectValue(
		[]string{"user_id", "username", "tenant_id", "project_id", "tenant_name", "roles", "is_admin"},
		[]rules.Value{
			rules.IntValue(int64(p.User.ID)), rules.StringValue(string(p.User.Name)),
			rules.IntValue(int64(p.Tenant.ID)), rules.IntValue(int64(p.Tenant.ID)),
			rules.StringValue(string(p.Tenant.Name)),
			rules.ListValue(rules.StringValue(string(p.Role()))), rules.BoolValue(p.IsSuperadmin()),
		})
}

// ruleSets caches the parsed latest version of each service's rules.
type ruleSets struct {
	mu   sync.Mutex
	sets map[string]parsedRuleSet
}

type parsedRuleSet struct {
	version int
	set     *rules.Set
}

// ruleSet returns the parsed latest rule set of service.
func (s *Service) ruleSet(ctx context.Context, service string) (*rules.Set, error) {
	var rs gatehouse.RuleSet
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		rs, err = tx.RuleSet(ctx, service, 0)
		return err
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		return nil, noRuleSet(service, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("read rules of %s: %w", service, err)
	}
	s.rules.mu.Lock()
	defer s.rules.mu.Unlock()
	if c, ok := s.rules.sets[service]; ok && c.version == rs.Version {
		return c.set, nil
	}
	set, err := rules.LoadFile([]byte(rs.Document))
	if err != nil {
		return nil, fmt.Errorf("stored rules of %s version %d: %w", service, rs.Version, err)
	}
	if s.rules.sets == nil {
		s.rules.sets = map[string]parsedRuleSet{}
	}
	s.rules.sets[service] = parsedRuleSet{rs.Version, set}
	return set, nil
}
