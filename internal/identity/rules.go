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
	// ActRulesCheck is asking a service's rule set for decisions.
	ActRulesCheck Action = "rules.check"
	ActRulesSet   Action = "rules.set"
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

// MaxRuleChecks is the most checks one request to a rule set may hold.
const MaxRuleChecks = 1000

// RuleQuery is one question to a service's rule set: does the rule called
// Rule allow the credentials to act on Target.
type RuleQuery struct {
	Rule   string
	Target rules.Value
}

// RuleDecision answers one RuleQuery.
type RuleDecision struct {
	Allowed bool
	// Err is set where oslo.policy would raise: the rule cannot decide.
	Err *rules.EvalError
	// Explanation is the evaluation tree, when asked for.
	Explanation *rules.Explanation
}

// RuleCheck is a request to a service's rule set.
type RuleCheck struct {
	Service string
	Queries []RuleQuery
	// Explain asks for each decision's evaluation tree.
	Explain bool
	// Creds, when not nil, are the credentials to decide with instead of
	// the caller's. Only service accounts may give them.
	Creds *rules.Value
}

// CheckRules evaluates each query of c against the latest rule set of
// c.Service, as oslo.policy would, and answers them in order. The
// credentials are the caller's (see credentials), or c.Creds when the
// caller is a service account deciding for its own users; anyone else
// giving credentials is refused, and the refusal audited. Checks
// "perm:TYPE:op" ask the capability engine whether the credentials' user
// holds TYPE:op in their tenant.
func (s *Service) CheckRules(ctx context.Context, p *Principal, c RuleCheck) ([]RuleDecision, error) {
	if len(c.Queries) == 0 || len(c.Queries) > MaxRuleChecks {
		return nil, gatehouse.Invalid("checks", "must hold 1 to %d checks (got %d)", MaxRuleChecks, len(c.Queries))
	}
	for i, q := range c.Queries {
		if q.Rule == "" {
			return nil, gatehouse.Invalid("rule", "check %d names no rule: give the rule to decide, as \"compute:start\"", i+1)
		}
	}
	if p.RulesGovern(ActRulesCheck) {
		err := s.OperatorRules(p, ActRulesCheck, rules.ObjectValue([]string{"service"}, []rules.Value{rules.StringValue(c.Service)}))
		if err != nil {
			s.recordOutcome(ctx, p, string(ActRulesCheck), "RULES", c.Service, gatehouse.OutcomeDenied, err)
			return nil, err
		}
	}
	creds, perms := s.credentials(p)
	if c.Creds != nil {
		var err error
		if creds, perms, err = s.givenCredentials(ctx, p, c.Service, *c.Creds); err != nil {
			return nil, err
		}
	}
	set, err := s.ruleSet(ctx, c.Service)
	if err != nil {
		return nil, err
	}
	out := make([]RuleDecision, len(c.Queries))
	for i, q := range c.Queries {
		d := &out[i]
		var err error
		d.Allowed, d.Explanation, err = set.Decide(q.Rule, q.Target, creds, perms, c.Explain)
		if err != nil && !errors.As(err, &d.Err) {
			return nil, fmt.Errorf("check rule %q of %s: %w", q.Rule, c.Service, err)
		}
	}
	return out, nil
}

// ruleSets caches the parsed latest version of each service's rules, with
// the store's write count when it was read: until the next committed write
// (here or, through NoteWrite, on another replica) decisions need no read
// of the store.
type ruleSets struct {
	mu   sync.RWMutex
	sets map[string]parsedRuleSet
}

type parsedRuleSet struct {
	version int // 0: the service has no rules
	writes  uint64
	set     *rules.Set
}

// ruleSet returns the parsed latest rule set of service.
func (s *Service) ruleSet(ctx context.Context, service string) (*rules.Set, error) {
	set, err := s.latestRules(ctx, service)
	if err == nil && set == nil {
		err = noRuleSet(service, 0)
	}
	return set, err
}

// latestRules returns the parsed latest rule set of service, nil if it has
// none.
func (s *Service) latestRules(ctx context.Context, service string) (*rules.Set, error) {
	var writes uint64
	if s.writes != nil {
		writes = s.writes()
		s.rules.mu.RLock()
		c, ok := s.rules.sets[service]
		s.rules.mu.RUnlock()
		if ok && c.writes == writes {
			return c.set, nil
		}
	}
	var rs gatehouse.RuleSet
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		rs, err = tx.RuleSet(ctx, service, 0)
		return err
	})
	if err != nil && !errors.Is(err, gatehouse.ErrNotFound) {
		return nil, fmt.Errorf("read rules of %s: %w", service, err)
	}
	s.rules.mu.Lock()
	defer s.rules.mu.Unlock()
	if c, ok := s.rules.sets[service]; ok && c.version == rs.Version {
		c.writes = max(c.writes, writes)
		s.rules.sets[service] = c
		return c.set, nil
	}
	var set *rules.Set
	if rs.Version > 0 {
		if set, err = rules.LoadFile([]byte(rs.Document)); err != nil {
			return nil, fmt.Errorf("stored rules of %s version %d: %w", service, rs.Version, err)
		}
	}
	if s.rules.sets == nil {
		s.rules.sets = map[string]parsedRuleSet{}
	}
	s.rules.sets[service] = parsedRuleSet{rs.Version, writes, set}
	return set, nil
}
