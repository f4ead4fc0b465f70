package access

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// The operations of this package have rule names in the identity rule set
// as identity's own do (identity.RuleName: identity:object:add,
// identity:check, ...). After an operation's built-in check passes, its
// rule must allow it too (identity.Service.OperatorRules); DefaultRules
// gives the rules that allow what the built-in checks allow.

// Actions of the reads that had no audited name of their own.
const (
	ActObjectList     identity.Action = "object.list"
	ActObjectTypeList identity.Action = "object_type.list"
	ActShareList      identity.Action = "object_share.list"
	ActCheck          identity.Action = "check"
	ActCheckOnBehalf  identity.Action = "check.on_behalf"
)

// objectRule is the default rule of the operations on one object: the
// capability entry of the operation on the object's type, or a sub-user,
// whom the Aperture rules of its roles decide for.
const objectRule = "perm:%(object_type)s:%(operation)s or is_subuser:True"

// ownTenantAdmin is a tenantadmin acting in the tenant they are logged into.
const ownTenantAdmin = "(rule:tenantadmin and rule:own_tenant)"

// DefaultRules returns the rules of this package's operations in the
// default identity rule file (identity.DefaultRules): each allows what the
// operation's built-in check allows.
func DefaultRules() []identity.ActionRule {
	return []identity.ActionRule{
		{Action: ActCapabilityList, Rule: "perm:USER_CAPABILITY:view"},
		{Action: ActCapabilityAdd, Rule: "perm:USER_CAPABILITY:create"},
		{Action: ActCapabilityUpdate, Rule: "perm:USER_CAPABILITY:update"},
		{Action: ActCapabilityRemove, Rule: "perm:USER_CAPABILITY:delete"},
		{Action: ActObjectAdd, Rule: objectRule},
		{Action: ActObjectRemove, Rule: objectRule},
		{Action: ActObjectChangeOwner, Rule: objectRule},
		{Action: ActObjectResize, Rule: objectRule},
		{Action: ActShareAdd, Rule: objectRule},
		{Action: ActShareRemove, Rule: objectRule},
		{Action: ActObjectList, Rule: "@"},
		{Action: ActShareList, Rule: "@"},
		{Action: ActObjectTypeList, Rule: "@"},
		{Action: ActObjectTypeRegister, Rule: "rule:superadmin"},
		{Action: ActRoleTagSet, Rule: "rule:superadmin or " + ownTenantAdmin},
		{Action: ActRoleTagView, Rule: "rule:superadmin or rule:operator or " + ownTenantAdmin},
		{Action: ActLimitAdd, Rule: "rule:superadmin"},
		{Action: ActLimitRemove, Rule: "rule:superadmin"},
		{Action: ActLimitList, Rule: "rule:superadmin or " + ownTenantAdmin},
		{Action: ActCheck, Rule: "@"},
		{Action: ActCheckOnBehalf, Rule: "perm:" + string(OnBehalf.Type) + ":" + string(OnBehalf.Op) + " and (rule:superadmin or " + ownTenantAdmin + ")"},
	}
}

// ruled applies the identity rule set to act on target outside any
// transaction of Identity.Change or Identity.View, auditing a refusal as
// they do, on the record's objType and objID.
func (s *Service) ruled(ctx context.Context, p *identity.Principal, act identity.Action, objType, objID string, target func() rules.Value) error {
	if !p.RulesGovern(act) {
		return nil
	}
	if err := s.Identity.OperatorRules(p, act, target()); err != nil {
		return s.Identity.Refused(ctx, p, act, objType, objID, err)
	}
	return nil
}

// objectTarget is what a rule sees of an operation op on object o:
// object_type, object_id, tenant_id and project_id (the object's tenant),
// owner_id and user_id (its owner), and operation (the capability
// operation the built-in check asked for; empty for none).
func objectTarget(o *gatehouse.Object, op authz.Operation) rules.Value {
	return rules.ObjectValue(
		[]string{"object_type", "object_id", "tenant_id", "project_id", "owner_id", "user_id", "operation"},
		[]rules.Value{rules.StringValue(o.Type), rules.StringValue(o.ID), rules.IntValue(int64(o.TenantID)), rules.IntValue(int64(o.TenantID)),
			rules.IntValue(int64(o.OwnerID)), rules.IntValue(int64(o.OwnerID)), rules.StringValue(string(op))})
}

// fieldsTarget is a target of string fields, given as key, value pairs;
// pairs with an empty value are left out, so that a rule naming them
// does not match.
func fieldsTarget(kv ...string) rules.Value {
	var keys []string
	var vals []rules.Value
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			keys, vals = append(keys, kv[i]), append(vals, rules.StringValue(kv[i+1]))
		}
	}
	return rules.ObjectValue(keys, vals)
}

// tenantTarget is what a rule sees of an operation on tenant t's
// settings (limits): tenant_id and project_id; nothing for every tenant
// (t zero).
func tenantTarget(t gatehouse.TenantID) rules.Value {
	if t == 0 {
		return rules.ObjectValue(nil, nil)
	}
	id := rules.IntValue(int64(t))
	return rules.ObjectValue([]string{"tenant_id", "project_id"}, []rules.Value{id, id})
}
