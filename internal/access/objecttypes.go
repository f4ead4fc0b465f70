package access

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// ActObjectTypeRegister registers an object type or adds operations to one.
const ActObjectTypeRegister identity.Action = "object_type.register"

// ObjectType is a type with its operations.
type ObjectType struct {
	Name       authz.ObjectType
	Operations []authz.Operation
	Builtin    bool // from the capability catalog, not registered
}

// ListObjectTypes returns every object type and its operations.
func (s *Service) ListObjectTypes(ctx context.Context, p *identity.Principal) ([]ObjectType, error) {
	if err := s.ruled(ctx, p, ActObjectTypeList, "OBJECT_TYPE", "", func() rules.Value { return fieldsTarget() }); err != nil {
		return nil, err
	}
	reg := s.engine().Catalog().Registry()
	builtin := authz.BuiltinRegistry()
	var out []ObjectType
	for _, t := range reg.Types() {
		out = append(out, ObjectType{Name: t, Operations: reg.Operations(t), Builtin: builtin.Operations(t) != nil})
	}
	return out, nil
}

// RegisterObjectType registers a platform's object type with its
// operations (view, create, update and delete always exist), or adds
// operations to a type. Superadmins only.
func (s *Service) RegisterObjectType(ctx context.Context, p *identity.Principal, name string, ops []string) (string, error) {
	err := s.Identity.Change(ctx, p, ActObjectTypeRegister, "OBJECT_TYPE", name, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if err := requireSuperadmin(p, ActObjectTypeRegister); err != nil {
			return nil, err
		}
		if err := s.Identity.OperatorRules(p, ActObjectTypeRegister, fieldsTarget("object_type", name)); err != nil {
			return nil, err
		}
		t := authz.ObjectType(name)
		if err := t.Validate(); err != nil {
			return nil, err
		}
		all := authz.StandardOperations()
		for _, o := range ops {
			op := authz.Operation(strings.TrimSpace(o))
			if err := op.Validate(); err != nil {
				return nil, err
			}
			if !slices.Contains(all, op) {
				all = append(all, op)
			}
		}
		for _, op := range s.engine().Catalog().Registry().Operations(t) {
			if !slices.Contains(all, op) {
				all = append(all, op)
			}
		}
		rec := gatehouse.ObjectTypeRecord{Name: name, CreatedAt: s.Now().UTC()}
		for _, op := range all {
			rec.Operations = append(rec.Operations, string(op))
		}
		if err := tx.PutObjectType(ctx, rec); err != nil {
			return nil, err
		}
		ch.Catalog = true
		return map[string]any{"operations": rec.Operations}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object type %s registered", name), nil
}
