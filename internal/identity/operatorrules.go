package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// IdentityService is the name of the rule set that governs Gatehouse's own
// operations: `gatehouse rules set <file> --service identity`.
const IdentityService = "identity"

// RuleName returns the name of act's rule in the identity rule set:
// "identity:" and the action with its dots as colons, as
// identity:user:add.
func RuleName(act Action) string {
	return "identity:" + strings.ReplaceAll(string(act), ".", ":")
}

// operatorRules applies the operator's identity rule set, when there is
// one, in addition to the built-in checks: the rule of act (RuleName) must
// allow p to do act to t. The rule sees the caller's credentials (see
// credentials) and the target: tenant_id, user_id, username and role (the
// role being granted), those of them act has.
func (s *Service) operatorRules(p *Principal, act Action, t Target) error {
	if !p.RulesGovern(act) {
		return nil
	}
	return s.OperatorRules(p, act, ruleTarget(t))
}

// RulesGovern reports whether the identity rule set in force when p was
// authenticated has a say in act: there is one, and it names act's rule
// (RuleName) or has a default rule. The actions that read and set rules
// are exempt, so that a superadmin can always repair the rules.
func (p *Principal) RulesGovern(act Action) bool {
	return p.rules != nil && act != ActRulesSet && act != ActRulesView && p.rules.Resolves(RuleName(act))
}

// OperatorRules applies the operator's identity rule set to act, an
// operation whose built-in check has passed, with target as the rule's
// target: the rule of act (RuleName) must allow it, or the result matches
// gatehouse.ErrForbidden. A rule set that does not govern act
// (Principal.RulesGovern) adds nothing. The use cases of other packages
// (internal/access) call it with the targets of their operations.
func (s *Service) OperatorRules(p *Principal, act Action, target rules.Value) error {
	if !p.RulesGovern(act) {
		return nil
	}
	name := RuleName(act)
	creds, perms := s.credentials(p)
	ok, _, err := p.rules.Decide(name, target, creds, perms, false)
	if err != nil {
		return denied(act, "the rule %s of the identity rule set cannot be decided: %v", name, err)
	}
	if !ok {
		return denied(act, "the rule %s of the identity rule set denies it: see 'gatehouse rules show --service identity'", name)
	}
	return nil
}

// ruleTarget is the target an identity rule sees.
func ruleTarget(t Target) rules.Value {
	var keys []string
	var vals []rules.Value
	if t.Tenant != 0 {
		keys, vals = append(keys, "tenant_id"), append(vals, rules.IntValue(int64(t.Tenant)))
	}
	if t.User != nil {
		keys = append(keys, "user_id", "username")
		vals = append(vals, rules.IntValue(int64(t.User.ID)), rules.StringValue(string(t.User.Name)))
	}
	if t.Role != "" {
		keys, vals = append(keys, "role"), append(vals, rules.StringValue(string(t.Role)))
	}
	return rules.ObjectValue(keys, vals)
}

// denyAll is the identity rule set applied when the stored one cannot be
// loaded: it refuses everything the rules govern, which leaves a
// superadmin able to store a good one.
var denyAll, _ = rules.Load(rules.ObjectValue([]string{"default"}, []rules.Value{rules.StringValue("!")}), rules.StringValue("default"))

// loadOperatorRules gives p the identity rule set in force, if any. A
// stored set that no longer loads fails closed (denyAll), logged.
func (s *Service) loadOperatorRules(ctx context.Context, p *Principal) error {
	set, err := s.latestRules(ctx, IdentityService)
	var fe *rules.FileError
	if errors.As(err, &fe) {
		s.Logger.ErrorContext(ctx, "the identity rule set does not load; refusing what it governs until a good one is stored", "err", err)
		set, err = denyAll, nil
	}
	p.rules = set
	return err
}

// systemActions are decided by authorizeSystem: superadmins only.
var systemActions = map[Action]bool{
	ActSettingsView: true, ActSettingsSet: true, ActRulesView: true, ActRulesSet: true,
	ActAgreementAdd: true, ActAgreementRemove: true,
}

// openActions are what anyone may do, on what they see: listing the
// tenants they belong to.
var openActions = map[Action]bool{ActTenantList: true}

// tenantadminActions are what a tenantadmin may do in the tenant they are
// logged into; authorize adds the limits of each (the members of that
// tenant, users who belong to it alone, never the superadmin role).
var tenantadminActions = map[Action]bool{
	ActUserList: true, ActMemberList: true, ActNamespaceList: true, ActTenantView: true, ActTenantUpdate: true,
	ActUserView: true, ActUserUnlock: true, ActSignatureList: true,
	ActUserAdd: true, ActMemberAdd: true, ActMemberUpdateRole: true, ActMemberRemove: true, ActMemberCapability: true,
	ActUserSetup: true, ActUserUpdate: true, ActTokenRevoke: true, ActUserRemove: true, ActUserDisable: true,
	ActUserEnable: true, ActKeyAdd: true, ActKeyList: true, ActKeyRemove: true,
	ActUserActivate: true, ActUserDeactivate: true, ActUserUnsetup: true,
	ActSubuserAdd: true, ActSubuserUpdate: true, ActSubuserRemove: true, ActSubuserList: true,
	ActPolicyAdd: true, ActPolicyUpdate: true, ActPolicyRemove: true, ActPolicyList: true,
	ActRoleAdd: true, ActRoleUpdate: true, ActRoleRemove: true, ActRoleList: true,
}

// ActionRule is an action with its rule in the default identity rule set.
type ActionRule struct {
	Action Action
	Rule   string
}

// otherRules are the default rules of the actions permissionOf does not
// list: those requireSuperadmin alone guards, and those anyone logged in
// may do, at all or on themself.
var otherRules = []ActionRule{
	{ActUserMerge, "rule:superadmin"}, {ActServiceAccount, "rule:superadmin"}, {actServiceAccountList, "rule:superadmin"},
	{ActKeyRevoke, "rule:superadmin"}, {ActRateLimitList, "rule:superadmin"},
	{ActAgreementList, "@"}, {ActAgreementSign, "@"},
	{ActPasswordChange, "rule:self"}, {ActRulesCheck, "@"},
}

// DefaultRules returns the built-in authorization of Gatehouse's own
// operations as an identity rule file an operator can edit: each action's
// rule requires its capability entry (perm:TYPE:op) and the roles that may
// do it, or that the caller acts on themself; more adds the rules of the
// actions other packages decide (access.DefaultRules). Set as it is, it
// changes nothing, since the built-in checks apply as well; it leaves to
// them the per-object limits of tenantadmins (the members of their own
// tenant, users who belong to it alone) and of read-only users.
func DefaultRules(more ...ActionRule) []byte {
	type rule struct{ name, text string }
	out := []rule{
		{"superadmin", "is_admin:True"},
		{"operator", "tenant_name:" + string(gatehouse.AdministratorsTenant) + " and capabilities:" + authz.ReadOnlyOperator},
		{"tenantadmin", "role:tenantadmin"},
		{"self", "user_id:%(user_id)s"},
		{"own_tenant", "tenant_id:%(tenant_id)s"},
	}
	var acts []ActionRule
	for act, e := range permissionOf {
		acts = append(acts, ActionRule{act, defaultRule(act, e)})
	}
	acts = append(append(acts, otherRules...), more...)
	slices.SortFunc(acts, func(a, b ActionRule) int { return strings.Compare(string(a.Action), string(b.Action)) })
	for _, a := range acts {
		out = append(out, rule{RuleName(a.Action), a.Rule})
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, r := range out {
		k, _ := json.Marshal(r.name)
		v, _ := json.Marshal(r.text)
		fmt.Fprintf(&b, "    %s: %s", k, v)
		if i < len(out)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// defaultRule is the default rule of act, whose capability entry is e.
func defaultRule(act Action, e authz.Entry) string {
	who := []string{"rule:superadmin"}
	if e.Op == authz.OpView && !systemActions[act] {
		who = append(who, "rule:operator")
	}
	if tenantadminActions[act] {
		who = append(who, "rule:tenantadmin")
	}
	text := fmt.Sprintf("perm:%s:%s and ", e.Type, e.Op)
	if len(who) == 1 {
		text += who[0]
	} else {
		text += "(" + strings.Join(who, " or ") + ")"
	}
	switch {
	case openActions[act]:
		return "@"
	case selfActions[act]:
		return "rule:self or " + text
	case act == ActTenantView:
		return "rule:own_tenant or " + text
	}
	return text
}
