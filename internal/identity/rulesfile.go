package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// ActRulesFile is the server applying a rule file it watches on disk
// (`serve --rules-file`), or refusing it.
const ActRulesFile Action = "rules.file"

// RulesFileStorer is who a version stored from a watched file is stored
// by: the server itself.
const RulesFileStorer gatehouse.UserName = "(rules file)"

// SetRulesFromFile stores document, read from the file path the server
// watches, as the next version of the rule set of service, unless it is
// the latest version already; it reports whether it stored one. The file
// is checked as SetRules checks one, all or nothing: if it has problems,
// nothing is stored and the *gatehouse.FieldError lists each with its
// line. Both outcomes are audited as the server's own (no actor).
func (s *Service) SetRulesFromFile(ctx context.Context, service, path string, document []byte) (gatehouse.RuleSet, bool, error) {
	rs := gatehouse.RuleSet{Service: service, Document: string(document), CreatedBy: RulesFileStorer, CreatedAt: s.Now().UTC()}
	err := checkService(service)
	if err == nil {
		_, err = rules.LoadFile(document)
		var fe *rules.FileError
		if errors.As(err, &fe) {
			err = gatehouse.Invalid("rules", "%s: %s", path, fe.Error())
		}
	}
	if err != nil {
		s.recordOutcome(ctx, nil, string(ActRulesFile), "RULES", service, gatehouse.OutcomeFailure, err)
		return gatehouse.RuleSet{}, false, err
	}
	stored := false
	err = s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		latest, err := tx.RuleSet(ctx, service, 0)
		if err == nil && latest.Document == rs.Document {
			rs = latest
			return nil
		}
		if err != nil && !errors.Is(err, gatehouse.ErrNotFound) {
			return err
		}
		if err := tx.AddRuleSet(ctx, &rs); err != nil {
			return err
		}
		stored = true
		return s.record(ctx, tx, nil, gatehouse.AuditRecord{Action: string(ActRulesFile), ObjectType: "RULES", ObjectID: service,
			Changes: map[string]any{"version": rs.Version, "file": path}})
	})
	if err != nil {
		return gatehouse.RuleSet{}, false, fmt.Errorf("store rules of %s from %s: %w", service, path, err)
	}
	return rs, stored, nil
}
