package gatehouse

import (
	"context"
	"time"
)

// RuleSet is one version of a named set of policy rules in OpenStack's
// policy language (see internal/rules), as an operator stored it.
type RuleSet struct {
	// Service names the set: the platform service ("compute") that asks
	// Gatehouse for decisions with it.
	Service string
	// Version numbers the sets stored under Service, from 1.
	Version int
	// Document is the rule file as stored (a JSON object of rules).
	Document string
	// CreatedBy is the user who stored this version, at CreatedAt.
	CreatedBy UserName
	CreatedAt time.Time
}

// RuleSetStore keeps every version of every rule set. Versions are never
// changed or removed: a rollback stores an earlier document again.
type RuleSetStore interface {
	// AddRuleSet stores rs.Document as the next version of rs.Service
	// and sets rs.Version. It returns ErrInvalid if rs.Service is empty.
	AddRuleSet(ctx context.Context, rs *RuleSet) error
	// RuleSet returns the given version of service, or its latest when
	// version is 0. It returns ErrNotFound if there is no such version.
	RuleSet(ctx context.Context, service string, version int) (RuleSet, error)
	// RuleSetHistory returns the versions of service, newest first,
	// without their documents; none for a service never stored.
	RuleSetHistory(ctx context.Context, service string) ([]RuleSet, error)
}
